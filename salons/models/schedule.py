"""When a place meets: repeating rules, and the cancellations and extra dates around them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.directory.access import DirectoryScope
from salons.schedules import ALL_MONTHS, Pattern, parse_months


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
        "Salon", on_delete=models.CASCADE, related_name="schedules", verbose_name=_("通いの場")
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
        indexes = [
            # Salon.objects.meeting_on(day): every column it tests, so the day's schedules are
            # read from the index alone (「今週ひらかれる」, seven days on the home page).
            models.Index(
                fields=["weekday", "frequency", "week_of_month", "months", "salon"],
                name="schedule_by_day",
            )
        ]
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

    def describe(self, clock=False):
        return self.pattern.describe(clock=clock)

    @classmethod
    def from_rule(cls, rule, **fields):
        """An unsaved schedule for a rule read from text (salons.schedule_text.ScheduleRule).

        fields sets what the text does not say: salon, valid_from (needed for 隔週), skip_holidays.
        """
        return cls(
            frequency=rule.frequency,
            interval=rule.interval,
            weekday=rule.weekday,
            week_of_month=rule.week_of_month,
            months=rule.months_text,
            times_per_year=rule.times_per_year,
            start_time=rule.start_time,
            end_time=rule.end_time,
            **fields,
        )


class ScheduleException(models.Model):
    class Kind(models.TextChoices):
        CANCEL = "cancel", _("休み")
        EXTRA = "extra", _("臨時開催")

    salon = models.ForeignKey(
        "Salon", on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("通いの場")
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
