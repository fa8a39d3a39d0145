from django import template

from carenet.events.json_ld import event_json_ld_script

register = template.Library()


@register.simple_tag
def event_json_ld(event):
    """{% event_json_ld event %}: the event's coming sessions as schema.org JSON-LD, XSS-safe."""
    return event_json_ld_script(event)
