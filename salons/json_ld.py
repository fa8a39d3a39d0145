"""A place's next meetings as schema.org Events, for its page (search engines, maps)."""

from carenet.common.ical import absolute_url
from carenet.common.json_ld import (
    OFFLINE,
    SCHEDULED,
    SCHEMA,
    compact,
    date_range,
    json_ld_script,
    offers,
    organization,
    venue_place,
)


def place_location(salon):
    if salon.venue_id:
        return venue_place(salon.venue)
    if salon.venue_note:
        return {"@type": "Place", "name": salon.venue_note}
    return None


def place_events(salon, occurrences):
    """One Event per coming meeting, the place as its location. Only meetings the engine gives
    (holidays and cancellations already out): nothing here is a guessed date."""
    url = absolute_url(salon.get_absolute_url())
    shared = compact(
        {
            "@type": "Event",
            "name": salon.name,
            "description": salon.description,
            "url": url,
            "eventStatus": SCHEDULED,
            "eventAttendanceMode": OFFLINE,
            "location": place_location(salon),
            "organizer": organization(salon.organiser_name),
            "offers": offers(salon.fee, url),
            "maximumAttendeeCapacity": salon.capacity,
        }
    )
    return [shared | date_range(occ.date, occ.start_time, occ.end_time) for occ in occurrences]


def place_json_ld(salon, occurrences):
    """The <script> for the place page, or "" when it has no coming meeting."""
    events = place_events(salon, occurrences)
    if not events:
        return ""
    return json_ld_script({"@context": SCHEMA, "@graph": events})
