"""「情報の誤りを知らせる」: residents tell the staff of a place's area what its page gets wrong."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.directory.access import DirectoryScope


class PlaceReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class PlaceReport(models.Model):
    """What a resident says is wrong. It changes nothing on the page by itself: the staff of the
    place's area read it, correct the listing if need be, and close it with a note."""

    salon = models.ForeignKey(
        "Salon", on_delete=models.PROTECT, related_name="reports", verbose_name=_("通いの場")
    )
    what = models.TextField(_("まちがっているところ"), max_length=1000)
    contact = models.CharField(_("連絡先（任意）"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("受付日時"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("対応した日時"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("対応した職員"),
    )
    resolved_by_name = models.CharField(
        _("対応した職員の名前"), max_length=150, blank=True, editable=False
    )
    resolution = models.TextField(_("対応のメモ"), max_length=1000, blank=True)

    objects = PlaceReportQuerySet.as_manager()

    directory_scope = DirectoryScope(city="salon__municipality", area="salon__area")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("情報の誤りの知らせ")
        verbose_name_plural = _("情報の誤りの知らせ")
        indexes = [models.Index(fields=["salon", "resolved_at"])]

    def __str__(self):
        return f"{self.salon}（{self.received_at:%Y-%m-%d}）"

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    def resolve(self, by, note):
        """Closes the report with what was done, once: False if someone closed it first."""
        with transaction.atomic():
            report = PlaceReport.objects.select_for_update().get(pk=self.pk)
            if report.is_resolved:
                return False
            report.resolved_at = timezone.now()
            report.resolved_by = by
            report.resolved_by_name = by.get_full_name() or by.get_username()
            report.resolution = note
            report.save()  # a history row: who closed it and with what note
        self.refresh_from_db()
        return True
