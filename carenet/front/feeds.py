"""What a city or an area publishes for machines: calendar feeds of its places and events
together (/<city>/areas/<slug>/calendar.ics, /<city>/calendar.ics) and its events as open data
(/<city>/events.csv). Thin: the entries and rows come from salons and carenet.events."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from carenet.common.ical import calendar_response
from carenet.directory.models import Area, Municipality
from carenet.events import ical as event_ical
from carenet.events.models import Event
from carenet.events.opendata import events_csv_response
from salons import ical as place_ical
from salons.models import Salon


def _entries(salons, events):
    """Places' meetings for the next six months and events' sessions from today, by time."""
    start, end = place_ical.feed_range()
    places = place_ical.feed_queryset(salons.filter(is_sample=False))
    entries = place_ical.places_entries(places, start, end)
    entries += event_ical.events_entries(event_ical.public_feed_events(events, start), start)
    return sorted(entries, key=lambda e: (e.date, e.start_time is not None, e.start_time, e.uid))


@require_safe
def area_calendar(request, city, slug):
    area = get_object_or_404(Area, municipality__slug=city, slug=slug)
    entries = _entries(Salon.objects.listed().in_area(area), Event.objects.in_area(area))
    name = _("%(area)s（%(city)s）の通いの場とイベント") % {
        "area": area.name,
        "city": area.municipality.name,
    }
    return calendar_response(f"{area.slug}.ics", name, entries)


@require_safe
def municipality_calendar(request, slug):
    city = get_object_or_404(Municipality, slug=slug)
    entries = _entries(
        Salon.objects.listed().filter(municipality=city), Event.objects.filter(municipality=city)
    )
    name = _("%(city)sの通いの場とイベント") % {"city": city.name}
    return calendar_response(f"{city.slug}.ics", name, entries)


@require_safe
def municipality_events_csv(request, slug):
    """The city's published events in the current イベント一覧 columns, a row per session."""
    city = get_object_or_404(Municipality, slug=slug)
    events = Event.objects.published().filter(municipality=city, is_sample=False)
    return events_csv_response(f"{city.slug}-events.csv", events)
