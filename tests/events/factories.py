"""Events for the tests, made as staff make them in the admin."""

import datetime as dt

from carenet.directory.models import Area
from carenet.events.models import Event, Session


def make_event(
    area_slug="inokashira", slug="bousai-kouza", *, days_ahead=(10,), capacity=10, **fields
):
    area = Area.objects.select_related("municipality").get(slug=area_slug)
    defaults = {
        "municipality": area.municipality,
        "area": area,
        "kind": Event.Kind.COURSE,
        "title": "防災講座",
        "title_kana": "ぼうさいこうざ",
        "capacity": capacity,
        "takes_online_signups": True,
        "how_to_apply": "このページから、または地域福祉課へお電話で",
    }
    event = Event.objects.create(slug=slug, **{**defaults, **fields})
    today = dt.date(2026, 11, 22)  # tests.conftest.today
    for days in days_ahead:
        Session.objects.create(
            event=event,
            date=today + dt.timedelta(days=days),
            start_time=dt.time(13, 30),
            end_time=dt.time(15, 0),
        )
    return event
