"""Supervisors are told when a staff sign-in is locked out (django-axes' user_locked_out)."""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from coordinators.models import StaffProfile

log = logging.getLogger(__name__)


def tell_supervisors(sender, request, username, ip_address, **kwargs):
    when = timezone.localtime()
    log.warning("Sign-in locked out: username=%r address=%s", username, ip_address)
    user = (
        get_user_model()
        .objects.filter(**{get_user_model().USERNAME_FIELD: username or ""})
        .select_related("staff_profile")
        .first()
    )
    profile = getattr(user, "staff_profile", None) if user else None
    if profile is None:
        return  # Unknown name (or no city): the log only; a mail would confirm who exists.
    # Every further attempt while locked fires the signal again: one mail per cool-off.
    key = "lockout-mail:" + hashlib.sha256(username.encode()).hexdigest()
    if not cache.add(key, True, settings.AXES_COOLOFF_TIME.total_seconds()):
        return
    recipients = StaffProfile.objects.supervisor_emails(profile.municipality_id)
    if not recipients:
        return
    try:
        send_mail(
            subject=_("【ログイン停止】%(username)s のログインを一時停止しました")
            % {"username": username},
            message=_(
                "職員アカウント %(username)s で、パスワードの誤りが続いたため、"
                "ログインを一時停止しました。\n\n"
                "日時: %(when)s\n接続元アドレス: %(address)s\n\n"
                "本人でなければ、パスワードの変更とアクセス記録の確認をお願いします。"
            )
            % {
                "username": username,
                "when": when.strftime("%Y-%m-%d %H:%M:%S %Z"),
                "address": ip_address,
            },
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        log.exception("Could not tell supervisors of the lockout of %r", username)
