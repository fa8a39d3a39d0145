"""Small factories for the feed, JSON-LD and open-data tests."""

import datetime as dt
import itertools

from carenet.directory.models import Area, Municipality, Venue
from carenet.events.models import Event, Session

_numbers = itertools.count(1)


def make_event(
    city="mitaka", area=None, sessions=((dt.date(2026, 12, 3), "13:30", "15:00"),), **fields
):
    """A published event with sessions given as (date, start, end[, status])."""
    number = next(_numbers)
    values = {
        "municipality": Municipality.objects.get(slug=city),
        "area": Area.objects.get(slug=area) if area else None,
        "title": f"テストの講座 {number}",
        "slug": f"test-event-{number}",
        "kind": Event.Kind.COURSE,
    }
    values.update(fields)
    event = Event.objects.create(**values)
    for date, start, end, *status in sessions:
        Session.objects.create(
            event=event,
            date=date,
            start_time=dt.time.fromisoformat(start) if start else None,
            end_time=dt.time.fromisoformat(end) if end else None,
            status=status[0] if status else Session.Status.PLANNED,
        )
    return event


def venue(name="井の頭コミュニティ・センター"):
    return Venue.objects.select_related("municipality").get(name=name)
