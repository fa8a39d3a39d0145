"""A place's meetings as iCalendar entries, and its feed (/salons/<slug>/calendar.ics).

The dates come from the schedule engine (Salon.iter_occurrences): holidays and cancellations are
already out and extra dates in, so each date is written as its own entry (decision 0009).
"""

import datetime as dt

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from carenet.common.dates import local_today
from carenet.common.ical import CalendarEntry, absolute_url, calendar_response, make_uid
from salons.models import Salon, SalonAlias

FEED_DAYS = 183  # about six months: far enough for planning, near enough to stay true


def feed_range(today=None):
    today = today or local_today()
    return today, today + dt.timedelta(days=FEED_DAYS)


def place_location(salon):
    """「井の頭コミュニティ・センター 東京都三鷹市井の頭2-32-30」, or the note on the venue."""
    if salon.venue_id:
        parts = [salon.venue.name, salon.venue.full_address]
    else:
        parts = [salon.venue_note]
    return " ".join(part for part in parts if part)


def place_description(salon, occurrence, url):
    # Feeds keep the machine form 13:30〜15:00: the words are for pages, flyers and lists.
    lines = [occurrence.note, *salon.schedule_words(clock=True)]
    if salon.fee:
        lines.append(_("参加費: %(fee)s") % {"fee": salon.fee})
    if salon.contact_id and salon.contact.phone:
        lines.append(
            _("問い合わせ: %(name)s %(phone)s")
            % {"name": salon.contact.label, "phone": salon.contact.phone}
        )
    lines.append(_("日程の変更は問い合わせ先にご確認ください。"))
    lines.append(url)
    return "\n".join(line for line in lines if line)


def place_entries(salon, start, end):
    """One entry per meeting between start and end. A date's first meeting is
    salon-<pk>-<YYYYMMDD>@host, a second one the same day gets -2: the UID stays when a time
    changes, so a calendar moves the entry instead of showing it twice."""
    url = absolute_url(salon.get_absolute_url())
    location = place_location(salon)
    entries, seen = [], {}
    for occurrence in salon.iter_occurrences(start, end):
        day = occurrence.date
        seen[day] = seen.get(day, 0) + 1
        suffix = [seen[day]] if seen[day] > 1 else []
        entries.append(
            CalendarEntry(
                uid=make_uid("salon", salon.pk, f"{day:%Y%m%d}", *suffix),
                summary=salon.name,
                date=day,
                start_time=occurrence.start_time,
                end_time=occurrence.end_time,
                location=location,
                description=place_description(salon, occurrence, url),
                url=url,
                stamp=salon.updated_at,
            )
        )
    return entries


def places_entries(salons, start, end):
    return [entry for salon in salons for entry in place_entries(salon, start, end)]


def feed_queryset(queryset):
    """What a feed reads of places, in a fixed number of queries (3, however many places)."""
    return queryset.with_details().select_related("venue__municipality")


@require_safe
def place_calendar(request, slug):
    """/salons/<slug>/calendar.ics: the next six months of the place's meetings."""
    salon = feed_queryset(Salon.objects.published()).filter(slug=slug).first()
    if salon is None:
        # A renamed place: a subscribed calendar keeps the old address for years.
        alias = get_object_or_404(SalonAlias.objects.select_related("salon"), slug=slug)
        return redirect(
            reverse("salons:salon-calendar", kwargs={"slug": alias.salon.slug}), permanent=True
        )
    start, end = feed_range()
    return calendar_response(f"{salon.slug}.ics", salon.name, place_entries(salon, start, end))
