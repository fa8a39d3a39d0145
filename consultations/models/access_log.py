"""Who opened which consultation, how and why: the append-only trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.cases import Consultation


class AccessLog(models.Model):
    """Who opened which consultation, when, and how. Written by the code, never edited."""

    class Via(models.TextChoices):
        ADMIN = "admin", _("管理画面")
        HISTORY = "history", _("変更履歴")
        STAFF = "staff", _("職員ページ")
        EXPORT = "export", _("書き出し")
        RIGHTS = "rights", _("開示等の請求")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="access_logs", verbose_name=_("相談")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("職員")
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    via = models.CharField(_("経路"), max_length=10, choices=Via.choices)
    purpose = models.CharField(_("目的"), max_length=200, blank=True)

    append_only = True  # the database role may insert and read, never update or delete

    class Meta:
        ordering = ["-at"]
        verbose_name = _("閲覧記録")
        verbose_name_plural = _("閲覧記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.consultation}"

    @classmethod
    def record(cls, user, consultations, via, purpose=""):
        cls.objects.bulk_create(
            cls(user=user, consultation=c, via=via, purpose=purpose) for c in consultations
        )
