"""Residents' requests about their records (開示・訂正・利用停止) and what the retention purge took.

A request is itself a record with a history: who asked (encrypted, like every personal field),
when, which member of staff handled it, which records it concerned and what was done. What was
erased is counted per city in a `PurgeRecord`, never named.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.crypto import EncryptedCharField, EncryptedTextField
from carenet.community.models import StartupGroup
from carenet.directory.models import Municipality
from carenet.events.models import Application
from consultations.models import Consultation
from coordinators.models import staff_profile_of


class RightsRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A city's requests, for its whole-city staff (supervisors) only."""
        profile = staff_profile_of(user)
        if profile is None or not profile.sees_whole_city:
            return self.none()
        return self.filter(municipality_id=profile.municipality_id)

    def open(self):
        return self.filter(status=RightsRequest.Status.RECEIVED)


class RightsRequest(models.Model):
    """One request from a resident (or their agent) about the records held on them."""

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", _("開示")
        CORRECTION = "correction", _("訂正")
        SUSPENSION = "suspension", _("利用停止・削除")

    class Status(models.TextChoices):
        RECEIVED = "received", _("対応中")
        DONE = "done", _("対応済み")
        DECLINED = "declined", _("対応しない（理由を記録）")

    class Requester(models.TextChoices):
        SELF = "self", _("本人")
        AGENT = "agent", _("代理人")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("市区町村")
    )
    kind = models.CharField(_("請求の種類"), max_length=12, choices=Kind.choices)
    requester = models.CharField(
        _("請求した人"), max_length=10, choices=Requester.choices, default=Requester.SELF
    )
    requester_name = EncryptedCharField(_("請求した人の氏名"), max_length=50)
    subject_name = EncryptedCharField(
        _("本人の氏名"), max_length=50, blank=True, help_text=_("代理人からの請求のとき")
    )
    received_on = models.DateField(_("受付日"), default=timezone.localdate)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("対応した職員"),
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    response = EncryptedTextField(_("対応の内容"), max_length=2000, blank=True)
    closed_on = models.DateField(_("完了日"), null=True, blank=True)
    consultations = models.ManyToManyField(
        Consultation, blank=True, related_name="+", verbose_name=_("該当する相談")
    )
    applications = models.ManyToManyField(
        Application, blank=True, related_name="+", verbose_name=_("該当する申込")
    )
    startup_groups = models.ManyToManyField(
        StartupGroup, blank=True, related_name="+", verbose_name=_("該当する近トレの立ち上げ")
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = RightsRequestQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[consultations, applications, startup_groups])

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("開示等の請求")
        verbose_name_plural = _("開示等の請求")
        permissions = [("view_access_report", _("閲覧記録の報告を見る"))]

    def __str__(self):
        return _("開示等の請求 No.%(number)s") % {"number": self.pk}

    @property
    def is_open(self):
        return self.status == self.Status.RECEIVED

    @property
    def purpose(self):
        """What the access log says when a record is opened for this request."""
        return f"{self.get_kind_display()}請求 No.{self.pk}"


class PurgeRecord(models.Model):
    """What one run of the purge (or one 利用停止) removed in one city: counts, never names."""

    class Source(models.TextChoices):
        RETENTION = "retention", _("保存期間の経過")
        REQUEST = "request", _("利用停止・削除の請求")

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    source = models.CharField(_("理由"), max_length=10, choices=Source.choices)
    command = models.CharField(_("コマンド"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("職員"),
    )
    rights_request = models.ForeignKey(
        RightsRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purges",
        verbose_name=_("請求"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("市区町村")
    )
    retention_years = models.PositiveSmallIntegerField(_("保存期間（年）"), null=True, blank=True)
    consultations = models.PositiveIntegerField(_("匿名化した相談"), default=0)
    contact_logs = models.PositiveIntegerField(_("削除した対応記録"), default=0)
    referrals = models.PositiveIntegerField(_("削除したつなぎ先"), default=0)
    history_rows = models.PositiveIntegerField(_("削除した変更履歴"), default=0)
    applications = models.PositiveIntegerField(_("個人情報を削除した申込"), default=0)
    startup_groups = models.PositiveIntegerField(_("個人情報を削除した近トレの立ち上げ"), default=0)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("個人情報の削除記録")
        verbose_name_plural = _("個人情報の削除記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.municipality} {self.get_source_display()}"


class ErasedConsultation(models.Model):
    """Marks a consultation whose personal data is gone: what makes the purge idempotent."""

    consultation = models.OneToOneField(
        Consultation,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="+",
        verbose_name=_("相談"),
    )
    record = models.ForeignKey(
        PurgeRecord, on_delete=models.PROTECT, related_name="+", verbose_name=_("削除記録")
    )

    class Meta:
        verbose_name = _("匿名化した相談")
        verbose_name_plural = _("匿名化した相談")

    def __str__(self):
        return str(self.consultation_id)
