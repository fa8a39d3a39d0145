"""Receiving a resident's request and telling the council: work that spans apps and the outside."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from coordinators.models import StaffProfile

logger = logging.getLogger("carenet.notifications")


def coordinator_for(area):
    """The staff account of the area's coordinator, if there is one."""
    if area is None:
        return None
    profile = (
        StaffProfile.objects.filter(
            scope=StaffProfile.Scope.AREAS, areas=area, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return profile.user if profile else None


def receive_request(form):
    """Store a resident's request as a 受付 consultation and tell the council, atomically."""
    with transaction.atomic():
        consultation = form.to_consultation()
        consultation.assignee = coordinator_for(consultation.area)
        consultation.save()
        consultation.topics.set(form.cleaned_data["topics"])
        transaction.on_commit(lambda: notify_council_or_log(consultation))
    return consultation


def notify_council_or_log(consultation):
    """The request is stored by now: a mail failure is for the operators' log, not the resident."""
    try:
        return notify_council(consultation)
    except Exception:
        logger.exception("Could not send the notice of consultation %s", consultation.pk)
        # Not a staff edit: the version stays, and the staff page lists the request instead.
        type(consultation).objects.filter(pk=consultation.pk).update(notice_failed=True)
        return 0


def one_line(text):
    """Directory names go into the mail subject: line breaks there would break the header."""
    return " ".join(str(text).split())


def notify_council(consultation):
    """An e-mail with no personal data: only that a request arrived, and where to read it."""
    recipients = StaffProfile.objects.supervisor_emails(consultation.municipality_id)
    if consultation.assignee and consultation.assignee.email:
        recipients.append(consultation.assignee.email)
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse(
        "admin:consultations_consultation_change", args=[consultation.pk]
    )
    area = one_line(consultation.area.name) if consultation.area else _("地域未選択")
    return send_mail(
        subject=_("【相談依頼】Webから新しい相談が届きました（%(city)s・%(area)s）")
        % {"city": one_line(consultation.municipality.name), "area": area},
        message=_(
            "Webの相談フォームから新しい相談依頼が届きました。\n"
            "受付番号: %(number)s\n地域: %(area)s\n\n"
            "内容は、ログインしたうえで次のページでご確認ください。\n%(link)s\n"
        )
        % {"number": consultation.pk, "area": area, "link": link},
        from_email=None,
        recipient_list=sorted(set(recipients)),
    )
