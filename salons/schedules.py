"""The calendar engine behind every schedule: dateutil's rrule for the pattern, jpholiday for 祝日.

Kept free of the ORM so that the property tests can drive it directly.
"""

import datetime as dt
from dataclasses import dataclass

import jpholiday
from dateutil import rrule

from carenet.common.text import WEEKDAY_NAMES, hm_range, short_date, time_range_words

ALL_MONTHS = frozenset(range(1, 13))
ODD_MONTHS = frozenset(range(1, 13, 2))
EVEN_MONTHS = frozenset(range(2, 13, 2))
RRULE_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


@dataclass(frozen=True)
class Pattern:
    """What a schedule says, in the terms of the seeds: 奇数月 第1火曜日 午後1時30分〜3時."""

    frequency: str  # "weekly" or "monthly"
    weekday: int | None = None  # ISO: 1 = 月曜 … 7 = 日曜; None = not known
    week_of_month: int | None = None  # 1–5, or -1 for the last one
    interval: int = 1  # weeks between meetings (2 = 隔週)
    months: frozenset = ALL_MONTHS
    times_per_year: int | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    skip_holidays: bool = True
    skip_year_end: bool = True
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @property
    def months_known(self):
        # 「年10回」 with no months listed: which months is not known, so no date may be shown.
        return not (self.times_per_year and self.months == ALL_MONTHS and self.times_per_year < 12)

    @property
    def week_known(self):
        # A monthly rule needs its week: without one, rrule would give every such weekday.
        return self.frequency == "weekly" or self.week_of_month is not None

    @property
    def computable(self):
        return (
            self.weekday is not None and self.week_known and self.months_known and bool(self.months)
        )

    def describe(self, clock=False):
        """The schedule as residents read it; clock=True writes 13:30〜15:00 for files (CSV)."""
        times = hm_range if clock else time_range_words
        parts = [self.days_words(), times(self.start_time, self.end_time)]
        return " ".join(part for part in parts if part)

    def days_words(self):
        """「奇数月 第1火曜日」: describe() without the times, which pages mark up as <time>."""
        return " ".join(part for part in (self._months_words(), self._day_words()) if part)

    def _months_words(self):
        if self.frequency == "weekly":
            return {1: "毎週", 2: "隔週"}.get(self.interval, f"{self.interval}週ごと")
        prefix = f"年{self.times_per_year}回" if self.times_per_year else ""
        if self.months == ALL_MONTHS:
            return prefix or "毎月"
        if self.months == ODD_MONTHS:
            named = "奇数月"
        elif self.months == EVEN_MONTHS:
            named = "偶数月"
        else:
            named = "・".join(str(m) for m in sorted(self.months)) + "月"
        return f"{prefix}（{named}）" if prefix else named

    def _day_words(self):
        if self.weekday is None:
            return "日時は要確認"
        day = f"{WEEKDAY_NAMES[self.weekday - 1]}曜日"
        if self.frequency == "weekly":
            return day
        if self.week_of_month == -1:
            return f"最終{day}"
        if self.week_of_month is None:
            return f"{day}（第何週かは要確認）"
        return f"第{self.week_of_month}{day}"

    def rule(self, start):
        weekday = RRULE_WEEKDAYS[self.weekday - 1]
        if self.frequency == "weekly":
            # 隔週 needs a fixed first date, or the two possible weeks are a guess.
            dtstart = self.valid_from if self.interval > 1 and self.valid_from else start
            return rrule.rrule(
                rrule.WEEKLY, interval=self.interval, byweekday=weekday, dtstart=_midnight(dtstart)
            )
        return rrule.rrule(
            rrule.MONTHLY,
            byweekday=weekday(self.week_of_month),
            bymonth=sorted(self.months),
            dtstart=_midnight(start),
        )

    def dates_between(self, start, end):
        """Meeting dates from start to end inclusive, holidays and year-end skipped as stated."""
        return list(self.iter_dates(start, end))

    def iter_dates(self, start, end):
        """The same dates, lazily: 'the next three' stops after three."""
        if not self.computable:
            return
        if self.valid_from:
            start = max(start, self.valid_from)
        if self.valid_until:
            end = min(end, self.valid_until)
        if start > end:
            return
        for moment in self.rule(start).xafter(_midnight(start), inc=True):
            day = moment.date()
            if day > end:
                return
            if not self.skips(day):
                yield day

    def skips(self, day):
        if self.skip_year_end and is_year_end(day):
            return True
        return self.skip_holidays and jpholiday.is_holiday(day)


def is_year_end(day):
    """12月29日〜1月3日, when public buildings close."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def _midnight(day):
    return dt.datetime.combine(day, dt.time())


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    note: str = ""

    @property
    def sort_key(self):
        return (self.date, self.start_time or dt.time.min)

    @property
    def label(self):
        return short_date(self.date)


def parse_months(text):
    """'1,3,5' → frozenset({1, 3, 5}); empty means every month."""
    if not text or not text.strip():
        return ALL_MONTHS
    months = frozenset(int(part) for part in text.replace("、", ",").split(",") if part.strip())
    if not months <= ALL_MONTHS:
        raise ValueError("months must be 1–12")
    return months
