"""What a consultation is about, and the purpose notice residents agree to."""

from django.db import models
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.directory.access import DirectoryScope


class Topic(models.Model):
    """A kind of consultation, shared by every city: retired (is_active), never deleted."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    example = models.CharField(_("例"), max_length=200, blank=True)
    is_active = models.BooleanField(_("使用中"), default=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    directory_scope = DirectoryScope(city=None)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("相談の種類")
        verbose_name_plural = _("相談の種類")

    def __str__(self):
        return self.name


@receiver(pre_delete, sender=Topic)
def refuse_topic_deletion(sender, instance, **kwargs):
    # A delete would silently drop the topic from every city's cases, bypassing their history.
    raise ProtectedError(
        _("相談の種類は削除できません。使わなくなったら「使用中」を外します。"), [instance]
    )


class PurposeNotice(models.Model):
    """A version of the notice of purpose (利用目的) that residents agree to."""

    version = models.CharField(_("版"), max_length=20, unique=True)
    text = models.TextField(_("本文"))
    effective_from = models.DateField(_("適用開始日"))

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("利用目的の通知")
        verbose_name_plural = _("利用目的の通知")

    def __str__(self):
        return f"{self.version}（{self.effective_from:%Y-%m-%d}〜）"

    @classmethod
    def current(cls):
        return cls.objects.filter(effective_from__lte=timezone.localdate()).first()
