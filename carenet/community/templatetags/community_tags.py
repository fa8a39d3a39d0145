"""The community work's part of other apps' pages (the staff home), without their importing it."""

from django import template

from carenet.community.models import StartupGroup

register = template.Library()

LIMIT = 50


@register.inclusion_tag("community/staff/_home_panel.html", takes_context=True)
def startup_panel(context):
    """New 近トレ inquiries, and the groups on their way that I may see."""
    groups = StartupGroup.objects.visible_to(context["request"].user).select_related("area")
    return {
        "new_groups": groups.new_requests()[:LIMIT],
        "starting": groups.starting().exclude(stage=StartupGroup.Stage.INQUIRY)[:LIMIT],
        "unannounced": groups.filter(notice_failed=True, stage=StartupGroup.Stage.INQUIRY)[:LIMIT],
    }
