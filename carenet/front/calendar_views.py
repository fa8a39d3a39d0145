"""/calendar/: a month of places and events; /calendar/YYYY/MM/DD/: one whole day of it."""

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from carenet.common.dates import local_today
from carenet.front.calendar import build_month, days_with_entries, month_end, month_or_none
from carenet.front.calendar_filters import CalendarFilterForm


class CalendarMixin:
    def filter_form(self):
        # Unbound without a query, so that an empty form shows no error banner.
        return CalendarFilterForm(self.request.GET or None)

    def query(self):
        """The filters, carried over to the previous and next month and to a day."""
        return self.request.GET.urlencode()


class MonthCalendarView(CalendarMixin, TemplateView):
    """A month grid on wide screens, a list of the days with something on small ones, one A4
    sheet on paper: the same markup, three stylesheets (static/css/calendar.css)."""

    template_name = "carenet/calendar.html"

    def get_context_data(self, **kwargs):
        today = local_today()
        if "year" in self.kwargs:
            first = month_or_none(self.kwargs["year"], self.kwargs["month"], today)
            if first is None:
                raise Http404(_("この月のカレンダーはありません。"))
        else:
            first = today.replace(day=1)
        # Not the URL's year and month (kwargs): the page names its own month.
        form = self.filter_form()
        end = month_end(first)
        month = build_month(first, form.places(first, end), form.sessions(first, end), today)
        return super().get_context_data(month=month, form=form, query=self.query(), as_of=today)


class DayCalendarView(CalendarMixin, TemplateView):
    """Everything on one day, uncapped: where a crowded day's 「ほか N件」 leads."""

    template_name = "carenet/calendar_day.html"

    def get_context_data(self, **kwargs):
        today = local_today()
        first = month_or_none(self.kwargs["year"], self.kwargs["month"], today)
        try:
            day = dt.date(self.kwargs["year"], self.kwargs["month"], self.kwargs["day"])
        except (ValueError, OverflowError):
            day = None
        if first is None or day is None:
            raise Http404(_("この日のカレンダーはありません。"))
        form = self.filter_form()
        places = form.places(day, day).meeting_on(day)  # narrowed in SQL; the engine decides
        [entries] = days_with_entries(
            day, day, places, form.sessions(day, day), today, per_day=None
        )
        month_url = reverse("carenet:calendar-month", args=[first.year, first.month])
        if query := self.query():
            month_url = f"{month_url}?{query}"
        return super().get_context_data(
            day=entries,
            month_first=first,
            month_url=month_url,
            trail=[(_("カレンダー"), month_url)],
            form=form,
        )
