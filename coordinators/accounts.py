"""Changes to staff accounts and their access: recorded, and told to the city's supervisors."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinators.models import AccountEvent, StaffProfile

logger = logging.getLogger("carenet.accounts")


def record(actor, target, action, details=""):
    """Write the event and, once it is committed, mail the supervisors of the target's city."""
    event = AccountEvent.objects.create(actor=actor, target=target, action=action, details=details)
    transaction.on_commit(lambda: _notify(event))
    return event


def _city_of(user):
    profile = StaffProfile.objects.filter(user=user).only("municipality_id").first()
    return profile.municipality_id if profile else None


def _notify(event):
    # A central account belongs to no city: every city's supervisors hear of it.
    recipients = StaffProfile.objects.supervisor_emails(_city_of(event.target))
    if not recipients:
        return
    subject = _("【アカウント】%(user)s: %(action)s") % {
        "user": event.target.get_username(),
        "action": event.get_action_display(),
    }
    body = _(
        "職員アカウントが変更されました。心当たりがない場合は、すぐに確認してください。\n\n"
        "対象: %(user)s\n内容: %(action)s\n操作した人: %(actor)s\n日時: %(at)s\n\n%(details)s\n"
    ) % {
        "user": event.target.get_username(),
        "action": event.get_action_display(),
        "actor": event.actor.get_username(),
        "at": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"),
        "details": event.details,
    }
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the change stands; the mail must not undo it
        logger.exception("could not mail account event %s", event.pk)
