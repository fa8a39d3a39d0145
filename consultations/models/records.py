"""What happens around a case: contact logs (対応記録) and referrals (つなぎ先)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.crypto import EncryptedCharField, EncryptedTextField
from carenet.directory.models import Organisation
from consultations.models.cases import Consultation
from salons.models import Salon


class ContactLog(models.Model):
    """Each call, visit or meeting about a consultation."""

    class Method(models.TextChoices):
        PHONE = "phone", _("電話")
        OFFICE = "office", _("来所")
        HOME_VISIT = "home_visit", _("訪問")
        EMAIL = "email", _("メール")
        ACCOMPANY = "accompany", _("同行")
        MEETING = "meeting", _("会議・連絡調整")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("相談")
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)
    method = models.CharField(_("方法"), max_length=12, choices=Method.choices)
    minutes = models.PositiveSmallIntegerField(_("時間（分）"), null=True, blank=True)
    what_happened = EncryptedTextField(_("内容"), max_length=4000)
    next_step = EncryptedCharField(_("次にすること"), max_length=200, blank=True)
    next_step_on = models.DateField(_("次にする日"), null=True, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応した職員"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("対応記録")
        verbose_name_plural = _("対応記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.get_method_display()}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.next_step_on:
                # The next step becomes the consultation's follow-up date; the version moves on,
                # so an editor holding an older copy is asked to reload rather than undo it.
                Consultation.objects.filter(pk=self.consultation_id).update(
                    follow_up_on=self.next_step_on, version=F("version") + 1
                )


class Referral(models.Model):
    """つなぎ先: a place in the directory, an organisation or a public service."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("確認中")
        CONNECTED = "connected", _("つながった")
        DECLINED = "declined", _("本人が希望しなかった")
        NOT_CONNECTED = "not_connected", _("つながらなかった")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("相談")
    )
    salon = models.ForeignKey(
        Salon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("通いの場"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("団体・機関"),
    )
    service = EncryptedCharField(_("公的サービス・その他"), max_length=100, blank=True)
    referred_on = models.DateField(_("つないだ日"), default=timezone.localdate)
    outcome = models.CharField(
        _("結果"), max_length=15, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = EncryptedCharField(_("結果の補足"), max_length=200, blank=True)
    follow_up_on = models.DateField(_("確認する日"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on"]
        verbose_name = _("つなぎ先")
        verbose_name_plural = _("つなぎ先")

    def __str__(self):
        return str(self.salon or self.organisation or self.service)

    def clean(self):
        targets = [bool(self.salon_id), bool(self.organisation_id), bool(self.service.strip())]
        if sum(targets) != 1:
            raise ValidationError(
                _("つなぎ先は、通いの場・団体・公的サービスのうち一つだけを入力してください。")
            )
