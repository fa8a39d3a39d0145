"""Gathering places (サロン・通いの場) and their schedules."""

import datetime as dt
import heapq
from itertools import islice
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.access import DirectoryScope
from carenet.models import Area, Contact, Municipality, Network, Venue
from salons.schedules import ALL_MONTHS, Occurrence, Pattern, parse_months

UPCOMING_HORIZON_DAYS = 400


def local_today():
    return timezone.localdate()


class Kind(models.Model):
    """A kind of gathering place; 近トレ carries its 3つの約束 and 5つの応援 here."""

    slug = models.SlugField(_("URL名"), unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salon_kinds",
        verbose_name=_("独自の取り組みをする市"),
        help_text=_("近トレのように、ある市が独自に進める種類のときに選びます。"),
    )
    name = models.CharField(_("名称"), max_length=50)
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True)
    description = models.TextField(_("説明"), blank=True)
    promises = models.TextField(_("始めるための約束"), blank=True, help_text=_("1行に1つ。"))
    supports = models.TextField(_("応援の内容"), blank=True, help_text=_("1行に1つ。"))
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    directory_scope = DirectoryScope(shared_when_empty=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("通いの場の種類")
        verbose_name_plural = _("通いの場の種類")

    def __str__(self):
        return self.name

    @property
    def promise_list(self):
        return [line.strip() for line in self.promises.splitlines() if line.strip()]

    @property
    def support_list(self):
        return [line.strip() for line in self.supports.splitlines() if line.strip()]


class SalonQuerySet(models.QuerySet):
    def listed(self):
        """What residents see: everything but ended places. 休止中 stays, marked."""
        return self.exclude(status=Salon.Status.ENDED)

    def active(self):
        return self.filter(status=Salon.Status.ACTIVE)

    def in_city(self, municipality):
        return self.filter(municipality=municipality)

    def in_area(self, area):
        return self.filter(area=area)

    def meeting_on_weekday(self, iso_weekday):
        return self.filter(schedules__weekday=iso_weekday).distinct()

    def search(self, words):
        query = Q()
        for word in words.split():
            query &= (
                Q(name__icontains=word)
                | Q(name_kana__icontains=word)
                | Q(description__icontains=word)
                | Q(venue__name__icontains=word)
                | Q(venue__address__icontains=word)
            )
        return self.filter(query)

    def with_details(self):
        """Everything a list or a page of places shows, in a fixed number of queries."""
        return self.select_related(
            "municipality", "area", "kind", "venue", "network", "contact"
        ).prefetch_related("schedules", "exceptions")

    def meeting_on(self, day):
        """Places whose schedule can fall on this day, narrowed in SQL so that it scales.

        The schedule's own calendar (holidays, 隔週, cancellations) has the last word.
        """
        weeks = [(day.day - 1) // 7 + 1]
        if (day + dt.timedelta(days=7)).month != day.month:
            weeks.append(-1)
        in_listed_month = Q(schedules__months="") | Q(
            schedules__months__regex=rf"(^|,){day.month}(,|$)"
        )
        by_schedule = Q(schedules__weekday=day.isoweekday()) & (
            Q(schedules__frequency=Schedule.Frequency.WEEKLY)
            | (
                Q(
                    schedules__frequency=Schedule.Frequency.MONTHLY,
                    schedules__week_of_month__in=weeks,
                )
                & in_listed_month
            )
        )
        extra = Q(exceptions__date=day, exceptions__kind=ScheduleException.Kind.EXTRA)
        return self.filter(by_schedule | extra).distinct()

    def day_by_day(self, start=None, days=7, per_day=10):
        """[(date, [(occurrence, salon), …]), …] from today: at most per_day places a day, by name.

        One narrow query a day for the ids, then one query (and its prefetches) for the places.
        """
        start = start or local_today()
        dates = [start + dt.timedelta(days=offset) for offset in range(days)]
        ids = {
            day: list(
                self.active()
                .meeting_on(day)
                .order_by("name")
                .values_list("pk", flat=True)[:per_day]
            )
            for day in dates
        }
        places = self.filter(
            pk__in={pk for day_ids in ids.values() for pk in day_ids}
        ).with_details()
        by_pk = {salon.pk: salon for salon in places}
        return [
            (
                day,
                [
                    (occ, by_pk[pk])
                    for pk in ids[day]
                    for occ in by_pk[pk].occurrences_between(day, day)
                ],
            )
            for day in dates
        ]


class Salon(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("開催中")
        SUSPENDED = "suspended", _("休止中")
        ENDED = "ended", _("終了")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="salons", verbose_name=_("市区町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("地域"),
    )
    kind = models.ForeignKey(
        Kind, on_delete=models.PROTECT, related_name="salons", verbose_name=_("種類")
    )
    name = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    slug = models.SlugField(
        _("URL名"),
        max_length=100,
        unique=True,
        help_text=_("ローマ字。変えても古いURLは新しいURLへ転送されます。"),
    )
    description = models.TextField(_("内容"), blank=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("運営するネットワーク"),
    )
    organiser = models.CharField(_("運営（ネットワーク以外）"), max_length=100, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("会場"),
    )
    venue_note = models.CharField(_("会場についての補足"), max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("問い合わせ先"),
    )
    fee = models.CharField(_("参加費"), max_length=50, blank=True)
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_note = models.CharField(_("状態についての補足"), max_length=200, blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)
    is_sample = models.BooleanField(
        _("サンプル"), default=False, help_text=_("試験用に作った架空のデータです。")
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = SalonQuerySet.as_manager()

    directory_scope = DirectoryScope(area="area")
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "area__order", "name"]
        verbose_name = _("通いの場")
        verbose_name_plural = _("通いの場")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["area", "status"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A printed QR code lives for years: keep every slug this place ever had.
        with transaction.atomic():
            if self.pk:
                old_slug = Salon.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
                if old_slug and old_slug != self.slug:
                    SalonAlias.objects.update_or_create(slug=old_slug, defaults={"salon": self})
            super().save(*args, **kwargs)
            SalonAlias.objects.filter(slug=self.slug).delete()

    def get_absolute_url(self):
        return reverse("salons:salon-detail", kwargs={"slug": self.slug})

    def printed_url(self, source="flyer"):
        """The permanent absolute URL a QR code carries: SITE_URL, never the Host header."""
        return f"{settings.SITE_URL}{self.get_absolute_url()}?src={source}"

    @property
    def is_suspended(self):
        return self.status == self.Status.SUSPENDED

    @property
    def organiser_name(self):
        return self.network.name if self.network_id else self.organiser

    def schedule_words(self):
        return [schedule.describe() for schedule in self.schedules.all()]

    @property
    def months_unknown(self):
        return any(not s.pattern.months_known for s in self.schedules.all())

    def iter_occurrences(self, start, end):
        """Meeting dates in order: schedules merged, cancellations out, extra dates in."""
        if self.status != self.Status.ACTIVE:
            return
        exceptions = self.exceptions.all()
        cancelled = {e.date for e in exceptions if e.kind == ScheduleException.Kind.CANCEL}
        regular = (
            (
                Occurrence(day, schedule.start_time, schedule.end_time)
                for day in schedule.pattern.iter_dates(start, end)
                if day not in cancelled
            )
            for schedule in self.schedules.all()
        )
        extras = sorted(
            (
                Occurrence(e.date, e.start_time, e.end_time, e.note)
                for e in exceptions
                if e.kind == ScheduleException.Kind.EXTRA and start <= e.date <= end
            ),
            key=attrgetter("sort_key"),
        )
        previous = None
        for occurrence in heapq.merge(*regular, extras, key=attrgetter("sort_key")):
            if occurrence == previous:
                continue
            previous = occurrence
            yield occurrence

    def occurrences_between(self, start, end):
        return list(self.iter_occurrences(start, end))

    def upcoming(self, count=3, today=None):
        today = today or local_today()
        horizon = today + dt.timedelta(days=UPCOMING_HORIZON_DAYS)
        return list(islice(self.iter_occurrences(today, horizon), count))

    @property
    def next_occurrence(self):
        return next(iter(self.upcoming(count=1)), None)


class SalonAlias(models.Model):
    """An old slug of a renamed place, so that old flyers still lead somewhere."""

    slug = models.SlugField(_("古いURL名"), max_length=100, unique=True)
    salon = models.ForeignKey(
        Salon, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("通いの場")
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("古いURL")
        verbose_name_plural = _("古いURL")

    def __str__(self):
        return self.slug


def validate_months(value):
    try:
        parse_months(value)
    except ValueError as error:
        raise ValidationError(_("月は1〜12の数字をカンマで区切って入力してください。")) from error


class Schedule(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("毎週・隔週")
        MONTHLY = "monthly", _("月ごと（第n曜日）")

    WEEKDAYS = [(i, name + "曜日") for i, name in enumerate("月火水木金土日", start=1)]
    WEEKS = [
        (1, _("第1")),
        (2, _("第2")),
        (3, _("第3")),
        (4, _("第4")),
        (5, _("第5")),
        (-1, _("最終")),
    ]

    salon = models.ForeignKey(
        Salon, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("通いの場")
    )
    frequency = models.CharField(_("くり返し"), max_length=10, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        _("何週ごと"), default=1, help_text=_("毎週は1、隔週は2。隔週のときは開始日が必要です。")
    )
    weekday = models.PositiveSmallIntegerField(
        _("曜日"),
        choices=WEEKDAYS,
        null=True,
        blank=True,
        help_text=_("分からないときは空にします。"),
    )
    week_of_month = models.SmallIntegerField(_("第何週"), choices=WEEKS, null=True, blank=True)
    months = models.CharField(
        _("開催月"),
        max_length=40,
        blank=True,
        validators=[validate_months],
        help_text=_("例: 1,3,5,7,9,11（奇数月）。空なら毎月。"),
    )
    times_per_year = models.PositiveSmallIntegerField(
        _("年間の回数"),
        null=True,
        blank=True,
        help_text=_("「年10回」など。開催月が分からなければ月は空にします。"),
    )
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    skip_holidays = models.BooleanField(_("祝日は休み"), default=True)
    skip_year_end = models.BooleanField(_("年末年始（12/29〜1/3）は休み"), default=True)
    valid_from = models.DateField(_("開始日"), null=True, blank=True)
    valid_until = models.DateField(_("終了日"), null=True, blank=True)

    directory_scope = DirectoryScope(city="salon__municipality", area="salon__area")
    history = HistoricalRecords()

    class Meta:
        ordering = ["salon", "pk"]
        verbose_name = _("開催日程")
        verbose_name_plural = _("開催日程")

    def __str__(self):
        return self.describe()

    def clean(self):
        errors = {}
        if self.frequency == self.Frequency.MONTHLY and self.weekday and not self.week_of_month:
            errors["week_of_month"] = _("月ごとの開催では、第何週かを選んでください。")
        if self.frequency == self.Frequency.WEEKLY and self.week_of_month:
            errors["week_of_month"] = _("毎週・隔週の開催では、第何週は空にしてください。")
        if self.frequency == self.Frequency.WEEKLY and self.interval > 1 and not self.valid_from:
            errors["valid_from"] = _("隔週などの開催では、初回の日付を開始日に入れてください。")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("終了時刻は開始時刻より後にしてください。")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("終了日は開始日より後にしてください。")
        if errors:
            raise ValidationError(errors)

    @property
    def pattern(self):
        return Pattern(
            frequency=self.frequency,
            weekday=self.weekday,
            week_of_month=self.week_of_month,
            interval=self.interval or 1,
            months=parse_months(self.months) if self.months else ALL_MONTHS,
            times_per_year=self.times_per_year,
            start_time=self.start_time,
            end_time=self.end_time,
            skip_holidays=self.skip_holidays,
            skip_year_end=self.skip_year_end,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
        )

    def describe(self):
        return self.pattern.describe()


class ScheduleException(models.Model):
    class Kind(models.TextChoices):
        CANCEL = "cancel", _("休み")
        EXTRA = "extra", _("臨時開催")

    salon = models.ForeignKey(
        Salon, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("通いの場")
    )
    date = models.DateField(_("日付"))
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    note = models.CharField(_("備考"), max_length=200, blank=True)

    directory_scope = DirectoryScope(city="salon__municipality", area="salon__area")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("休み・臨時開催")
        verbose_name_plural = _("休み・臨時開催")
        constraints = [
            models.UniqueConstraint(
                fields=["salon", "date", "kind"], name="one_exception_per_day_and_kind"
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class SalonVisitQuerySet(models.QuerySet):
    def this_month(self):
        return self.filter(month=local_today().replace(day=1))


class SalonVisit(models.Model):
    """Visits from a printed QR code, per place, month and source: no cookie, no person."""

    class Source(models.TextChoices):
        FLYER = "flyer", _("チラシ")
        LIST = "list", _("地域活動・支えあいリスト")

    salon = models.ForeignKey(
        Salon, on_delete=models.CASCADE, related_name="visits", verbose_name=_("通いの場")
    )
    month = models.DateField(_("月"))
    source = models.CharField(_("どこから"), max_length=10, choices=Source.choices)
    count = models.PositiveIntegerField(_("回数"), default=0)

    objects = SalonVisitQuerySet.as_manager()

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
        month = local_today().replace(day=1)
        with transaction.atomic():
            row, _ = cls.objects.get_or_create(salon=salon, month=month, source=source)
            cls.objects.filter(pk=row.pk).update(count=models.F("count") + 1)
