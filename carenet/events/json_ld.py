"""An event as schema.org Events (one per coming session), for its page."""

from carenet.common.dates import local_today
from carenet.common.ical import absolute_url
from carenet.common.json_ld import (
    CANCELLED,
    OFFLINE,
    ONLINE,
    POSTPONED,
    SCHEDULED,
    SCHEMA,
    compact,
    date_range,
    json_ld_script,
    offers,
    organization,
    venue_place,
)
from carenet.events.models import Event


def event_location(event, url):
    if event.venue_id:
        return venue_place(event.venue)
    if event.place_name or event.place_address:
        place = {"@type": "Place", "name": event.place_name or event.place_address}
        if event.place_address:
            # An imported hall: its whole address is one string, not split into parts.
            place["address"] = {
                "@type": "PostalAddress",
                "addressCountry": "JP",
                "streetAddress": event.place_address,
            }
        return place
    if event.is_online:
        return {"@type": "VirtualLocation", "url": event.url or url}
    return None


def session_status(event, session):
    if session.is_cancelled:
        return CANCELLED
    if event.status == Event.Status.POSTPONED:
        return POSTPONED
    return SCHEDULED


def organizer(event):
    name = event.organiser or (event.contact.label if event.contact_id else event.contact_name)
    return organization(name)


def event_json_ld(event, today=None):
    """{"@context", "@graph": [Event per session from today]}; cancelled sessions stay, marked
    EventCancelled. None when nothing is coming."""
    today = today or local_today()
    url = absolute_url(event.get_absolute_url())
    shared = compact(
        {
            "@type": "Event",
            "name": event.title,
            "description": event.summary or event.description,
            "url": url,
            "eventAttendanceMode": ONLINE if event.is_online and not event.venue_id else OFFLINE,
            "location": event_location(event, url),
            "organizer": organizer(event),
            "offers": offers(event.fee, url),
            "maximumAttendeeCapacity": event.capacity,
            "audience": {"@type": "Audience", "audienceType": event.target}
            if event.target
            else None,
        }
    )
    sessions = [s for s in event.sessions.all() if s.date >= today]
    if not sessions:
        return None
    graph = [
        shared
        | {"eventStatus": session_status(event, session)}
        | date_range(session.date, session.start_time, session.end_time)
        for session in sessions
    ]
    return {"@context": SCHEMA, "@graph": graph}


def event_json_ld_script(event, today=None):
    data = event_json_ld(event, today)
    return json_ld_script(data) if data else ""
