"""Receiving a resident's 近トレ inquiry and telling the staff who will take it up."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.services import coordinator_for, one_line
from coordinators.models import StaffProfile

logger = logging.getLogger("carenet.notifications")


def receive_start_request(form):
    """Stores the inquiry as a 相談-stage group for the area's coordinator, and tells them."""
    with transaction.atomic():
        group = form.to_group()
        group.assignee = coordinator_for(group.area)
        group.save()
        transaction.on_commit(lambda: notify_or_log(group))
    return group


def notify_or_log(group):
    try:
        return notify(group)
    except Exception:
        logger.exception("Could not send the notice of start-up inquiry %s", group.pk)
        type(group).objects.filter(pk=group.pk).update(notice_failed=True)
        return 0


def notify(group):
    """An e-mail with no personal data: only that an inquiry arrived, and where to read it."""
    recipients = StaffProfile.objects.supervisor_emails(group.municipality_id)
    if group.assignee and group.assignee.email:
        recipients.append(group.assignee.email)
    if not recipients:
        return 0
    area = one_line(group.area.name) if group.area else _("地域未選択")
    link = settings.SITE_URL + reverse("community_staff:group", args=[group.pk])
    return send_mail(
        subject=_("【近トレ】Webから立ち上げの相談が届きました（%(city)s・%(area)s）")
        % {"city": one_line(group.municipality.name), "area": area},
        message=_(
            "Webのフォームから、近トレを始めたいという相談が届きました。\n"
            "受付番号: %(number)s\n地域: %(area)s\n\n"
            "内容は、ログインしたうえで次のページでご確認ください。\n%(link)s\n"
        )
        % {"number": group.pk, "area": area, "link": link},
        from_email=None,
        recipient_list=sorted(set(recipients)),
    )
