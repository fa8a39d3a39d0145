"""Visits counted through printed QR codes, by month, without knowing who."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from carenet.common.dates import month_start


class SalonVisit(models.Model):
    """Visits from a printed QR code, per place, month and source: no cookie, no person."""

    class Source(models.TextChoices):
        FLYER = "flyer", _("チラシ")
        LIST = "list", _("地域活動・支えあいリスト")

    salon = models.ForeignKey(
        "Salon", on_delete=models.CASCADE, related_name="visits", verbose_name=_("通いの場")
    )
    month = models.DateField(_("月"))
    source = models.CharField(_("どこから"), max_length=10, choices=Source.choices)
    count = models.PositiveIntegerField(_("回数"), default=0)

    class Meta:
        ordering = ["-month", "source"]
        verbose_name = _("QRコードからの訪問")
        verbose_name_plural = _("QRコードからの訪問")
        constraints = [
            models.UniqueConstraint(
                fields=["salon", "month", "source"], name="one_visit_row_a_month"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.get_source_display()} {self.count}"

    @classmethod
    def record(cls, salon, source):
        """Counts one visit; an unknown source tag counts nothing."""
        if source not in cls.Source.values:
            return
        month = month_start()
        with transaction.atomic():
            row, _ = cls.objects.get_or_create(salon=salon, month=month, source=source)
            cls.objects.filter(pk=row.pk).update(count=models.F("count") + 1)
