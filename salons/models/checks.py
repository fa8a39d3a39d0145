"""When staff last made sure a place's listing is still true, how, and who did it."""

import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from carenet.common.dates import local_today
from carenet.directory.access import DirectoryScope
from salons.models.schedule import Schedule

STALE_AFTER_DAYS = 180  # a listing not confirmed for this long goes on the staff worklist

# The 要確認 gaps a place's page shows, as annotations: (name, what the worklist calls it).
GAPS = [
    ("gap_schedule", _("日程が未登録")),
    ("gap_months", _("開催月が不明")),
    ("gap_weekday", _("曜日が不明")),
    ("gap_time", _("時刻が不明")),
    ("gap_contact", _("問い合わせ先なし")),
    ("gap_venue", _("会場なし")),
]


class CheckMethod(models.TextChoices):
    PHONE = "phone", _("電話")
    VISIT = "visit", _("訪問")
    POST = "post", _("郵送")
    ORGANISER = "organiser", _("本人から")
    DOCUMENT = "document", _("資料")


class PlaceCheck(models.Model):
    """One confirmation of a place's listing. Written once, never changed: the list is its history.

    The place keeps a copy of the latest date and method (Salon.last_confirmed_on), so that pages
    and the staff worklist read it without another query.
    """

    Method = CheckMethod

    # PROTECT: a place that was ever confirmed is ended (状態: 終了), never deleted with its trail.
    salon = models.ForeignKey(
        "Salon", on_delete=models.PROTECT, related_name="checks", verbose_name=_("通いの場")
    )
    confirmed_on = models.DateField(_("確認した日"))
    method = models.CharField(_("確認の方法"), max_length=10, choices=CheckMethod.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した職員"),
    )
    # The name stays when the account is removed.
    by_name = models.CharField(_("確認した職員の名前"), max_length=150, blank=True)
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    directory_scope = DirectoryScope(city="salon__municipality", area="salon__area")
    append_only = True  # the database role may insert and read, never update or delete

    class Meta:
        ordering = ["-confirmed_on", "-pk"]
        verbose_name = _("掲載内容の確認")
        verbose_name_plural = _("掲載内容の確認")
        indexes = [models.Index(fields=["salon", "-confirmed_on"])]

    def __str__(self):
        return f"{self.confirmed_on:%Y-%m-%d} {self.get_method_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("A PlaceCheck is never changed: record a new one.")
        super().save(*args, **kwargs)

    @classmethod
    def record(cls, salon, method, by=None, note="", on=None):
        """Records a confirmation and brings the place's latest date up to it, together.

        A 未確認 place (imported from an old source) is published by its first confirmation.
        """
        from salons.models.places import Salon

        on = on or local_today()
        name = ""
        if by is not None:
            name = by.get_full_name() or by.get_username()
        with transaction.atomic():
            check = cls.objects.create(
                salon=salon, confirmed_on=on, method=method, by=by, by_name=name, note=note
            )
            # update(), not save(): confirming changes nothing residents read, so no history row
            # and no new 更新日時; an older date recorded late does not replace a newer one.
            Salon.objects.filter(pk=salon.pk).filter(
                Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lte=on)
            ).update(last_confirmed_on=on, last_confirmed_method=method)
            salon.refresh_from_db(fields=["last_confirmed_on", "last_confirmed_method", "status"])
            if salon.status == Salon.Status.UNCONFIRMED:
                salon.status = Salon.Status.ACTIVE
                salon.save(update_fields=["status", "updated_at"])  # residents see it: in history
        return check


def stale_condition(today, days=STALE_AFTER_DAYS):
    """Never confirmed, or last confirmed more than `days` before today."""
    since = today - dt.timedelta(days=days)
    return Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lt=since)


def any_gap_condition():
    condition = Q()
    for name, _label in GAPS:
        condition |= Q(**{name: True})
    return condition


class ConfirmationQuerySetMixin:
    """SalonQuerySet's words for the staff worklist: stale listings and 要確認 gaps."""

    def stale(self, today=None, days=STALE_AFTER_DAYS):
        return self.filter(stale_condition(today or local_today(), days))

    def with_gap_flags(self):
        """Each 要確認 gap of a place as a True/False column, read in the same query."""
        schedules = Schedule.objects.filter(salon=OuterRef("pk"))
        # 「年10回」 with no months listed: the rule of Pattern.months_known.
        months_unknown = schedules.filter(times_per_year__gt=0, times_per_year__lt=12, months="")
        return self.annotate(
            gap_schedule=~Exists(schedules),
            gap_months=Exists(months_unknown),
            gap_weekday=Exists(schedules.filter(weekday__isnull=True)),
            gap_time=Exists(schedules.filter(start_time__isnull=True)),
            gap_contact=ExpressionWrapper(Q(contact__isnull=True), output_field=BooleanField()),
            gap_venue=ExpressionWrapper(
                Q(venue__isnull=True, venue_note=""), output_field=BooleanField()
            ),
        )

    def with_gaps(self):
        """Places whose page says 要確認 somewhere (the flags annotated)."""
        return self.with_gap_flags().filter(any_gap_condition())

    def worklist(self, today=None, days=STALE_AFTER_DAYS):
        """Places to confirm, stale or with a gap, 未確認 ones included: never confirmed first,
        then oldest. Ended places are left alone."""
        stale = stale_condition(today or local_today(), days)
        return (
            self.exclude(status="ended")
            .with_gap_flags()
            .annotate(is_stale=ExpressionWrapper(stale, output_field=BooleanField()))
            .filter(stale | any_gap_condition())
            .select_related("municipality", "area")
            .order_by(F("last_confirmed_on").asc(nulls_first=True), "name", "pk")
        )
