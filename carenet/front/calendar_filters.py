"""The calendar's filters: the place list's city, area and words, and one 「種類」 for both.

A FilterSet filters one model; the calendar filters places and events with the same choices,
so it is a plain form whose two methods give the filtered places and sessions.
"""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from carenet.directory.filters import offer_places
from carenet.directory.forms import AreaChoiceField
from carenet.directory.models import Area, Municipality
from carenet.events.models import Event, Session
from salons.models import Kind, Salon, Schedule, ScheduleException

PLACES = "places"
EVENTS = "events"
PLACE_KIND = "place-"  # + a place kind's slug: place-salon, place-kintore
EVENT_KIND = "event-"  # + an event kind: event-course, event-health


class CalendarFilterForm(forms.Form):
    q = forms.CharField(
        label=_("ことばで探す"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例: 体操、防災")}),
    )
    city = forms.ModelChoiceField(
        label=_("市"),
        to_field_name="slug",
        queryset=Municipality.objects.all(),
        empty_label=_("すべての市"),
        required=False,
    )
    area = AreaChoiceField(
        label=_("地域"),
        queryset=Area.objects.select_related("municipality"),
        empty_label=_("すべての地域"),
        required=False,
        help_text=_("圏域は、その地区の予定も出します。"),
    )
    kind = forms.ChoiceField(label=_("種類"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_places(self.fields, self.data)
        self.fields["kind"].choices = [
            ("", _("通いの場とイベント")),
            (
                _("通いの場"),
                [(PLACES, _("通いの場（すべて）"))]
                + [(PLACE_KIND + kind.slug, kind.name) for kind in Kind.objects.all()],
            ),
            (
                _("イベント・講座"),
                [(EVENTS, _("イベント・講座（すべて）"))]
                + [(EVENT_KIND + value, label) for value, label in Event.Kind.choices],
            ),
        ]

    def value(self, name):
        """A field's clean value, or None: a wrong value drops that filter, not the others."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def summary(self):
        """「三鷹市・井の頭・講座・「体操」」: what the printed sheet is filtered by."""
        parts = [str(getattr(self.value(name), "name", "")) for name in ("city", "area")]
        kind = self.value("kind")
        if kind:
            labels = dict(
                choice for _group, choices in self.fields["kind"].choices[1:] for choice in choices
            )
            parts.append(str(labels[kind]))
        if self.value("q"):
            parts.append(f"「{self.value('q')}」")
        return "・".join(part for part in parts if part)

    def places(self, start, end):
        """Active places that can meet between start and end, with what the engine needs."""
        kind = self.value("kind") or ""
        if kind.startswith(EVENT_KIND) or kind == EVENTS:
            return Salon.objects.none()
        known_day = Schedule.objects.filter(salon=OuterRef("pk"), weekday__isnull=False)
        extra = ScheduleException.objects.filter(
            salon=OuterRef("pk"),
            kind=ScheduleException.Kind.EXTRA,
            date__range=(start, end),
        )
        places = Salon.objects.active().filter(Q(Exists(known_day)) | Q(Exists(extra)))
        if kind.startswith(PLACE_KIND):
            places = places.filter(kind__slug=kind.removeprefix(PLACE_KIND))
        return self._narrow(places).with_details().order_by("name", "pk")

    def sessions(self, start, end):
        """The sessions of published events between start and end, cancelled ones included."""
        kind = self.value("kind") or ""
        if kind.startswith(PLACE_KIND) or kind == PLACES:
            return Session.objects.none()
        events = Event.objects.published()
        if kind.startswith(EVENT_KIND):
            events = events.filter(kind=kind.removeprefix(EVENT_KIND))
        return (
            Session.objects.filter(date__range=(start, end), event__in=self._narrow(events))
            .select_related("event__municipality", "event__area")
            .order_by("date", "start_time", "pk")
        )

    def _narrow(self, queryset):
        if city := self.value("city"):
            queryset = queryset.filter(municipality=city)
        if area := self.value("area"):
            queryset = queryset.in_area(area)
        if words := self.value("q"):
            queryset = queryset.search(words)
        return queryset
