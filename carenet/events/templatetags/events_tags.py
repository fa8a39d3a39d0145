from django import template

from carenet.common.dates import local_today
from carenet.events.json_ld import event_json_ld_script
from carenet.events.models import Event

PLACE_EVENTS_LIMIT = 5

register = template.Library()


@register.simple_tag
def event_json_ld(event):
    """{% event_json_ld event %}: the event's coming sessions as schema.org JSON-LD, XSS-safe."""
    return event_json_ld_script(event)


@register.inclusion_tag("events/includes/_place_events.html")
def place_events(salon):
    """{% place_events salon %}: the place's own coming events (courses, 測定会 …) on its page."""
    today = local_today()
    events = Event.objects.coming(today).filter(salon=salon)[:PLACE_EVENTS_LIMIT]
    return {"events": events, "today": today}
