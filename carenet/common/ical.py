"""iCalendar (RFC 5545) files that every calendar app reads: one VEVENT per date, Tokyo time.

Apps build their entries (salons: a place's meetings; events: an event's sessions) and hand them
here, so that every feed has the same shape::

    return calendar_response("salon.ics", salon.name, entries)

Each date is its own VEVENT (not an RRULE): the schedule engine has already skipped holidays and
cancellations, and calendar apps disagree on RRULE with EXDATE (decision 0009).
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

TOKYO = ZoneInfo("Asia/Tokyo")
PRODID = "-//carenet//地域の支え合いポータル//JA"


@dataclass(frozen=True)
class CalendarEntry:
    """One date of something, as a calendar shows it. No start time: an all-day entry."""

    uid: str
    summary: str
    date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    tentative: bool = False
    # When the source row last changed: a stable DTSTAMP, so that an unchanged feed is
    # byte-for-byte the same on the next request.
    stamp: dt.datetime | None = None


def site_host():
    """The host of SITE_URL, for UIDs: stable whatever Host header a request came with."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def make_uid(*parts):
    """salon-12-20261203@example.jp: unique and the same in every download."""
    return "-".join(str(part) for part in parts) + "@" + site_host()


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def _vevent(entry):
    event = icalendar.Event()
    event.add("uid", entry.uid)
    stamp = entry.stamp or timezone.now()
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("summary", entry.summary)
    if entry.start_time is None:
        # All-day: DTEND is exclusive, the next day (RFC 5545 3.6.1).
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
    else:
        event.add("dtstart", dt.datetime.combine(entry.date, entry.start_time, TOKYO))
        if entry.end_time and entry.end_time > entry.start_time:
            event.add("dtend", dt.datetime.combine(entry.date, entry.end_time, TOKYO))
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    if entry.cancelled:
        event.add("status", "CANCELLED")
    elif entry.tentative:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def build_calendar(name, entries):
    """A VCALENDAR with a VTIMEZONE for Asia/Tokyo (when any entry has a time) and the entries."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    # Subscribed calendars fetch again after this (Apple, Outlook); Google keeps its own pace.
    calendar.add("x-published-ttl", "PT12H")
    for entry in entries:
        calendar.add_component(_vevent(entry))
    calendar.add_missing_timezones()
    return calendar


def calendar_response(filename, name, entries):
    """A .ics download, shown inline so that phones offer to add it to their calendar."""
    body = build_calendar(name, entries).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
