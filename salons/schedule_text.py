"""Read a schedule as people write it (「奇数月第1火曜日 午後1時30分～3時」) into engine rules.

Pure: no models and no database, so the bulk import and the property tests call it directly. What it
cannot read raises ScheduleTextError naming the part it did not understand — it never guesses.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from carenet.common.text import WEEKDAY_NAMES
from salons.schedules import ALL_MONTHS, EVEN_MONTHS, ODD_MONTHS, Pattern

WEEKLY, MONTHLY = "weekly", "monthly"
MAX_TIMES_PER_YEAR = 366  # once a day at most; anything above is a typo, not a schedule


_GAP = re.compile(r"[、,/。]*")
_TIMES_PER_YEAR = re.compile(r"年([0-9]{1,5})回")
_MONTH_NAMES = re.compile(r"毎月|奇数月|偶数月|(?:[0-9]{1,3}月?[・、,と])*[0-9]{1,3}月")
_OPEN, _CLOSE = re.compile(r"\("), re.compile(r"\)")
_CADENCE = re.compile(r"毎週|隔週|([0-9]{1,3})週間?ごと")
_UNKNOWN_DAY = re.compile(r"日時は要確認")  # the engine's own words for "no weekday known"
_FIRST_WEEK = re.compile(r"第([0-9]{1,2})(?:週目?)?|最終(?:週)?")
_NEXT_WEEK = re.compile(r"[・、,と](?:第?([0-9]{1,2})(?:週目?)?|最終(?:週)?)")
_OF = re.compile(r"の")
_FIRST_WEEKDAY = re.compile(r"([月火水木金土日])(?:曜日?)?")
_NEXT_WEEKDAY = re.compile(r"[・、,と]([月火水木金土日])(?:曜日?)?")
_CLOCK = re.compile(
    r"(午前|午後)?(?:([0-9]{1,2}):([0-9]{2})|([0-9]{1,2})時(?:([0-9]{1,2})分|(半))?)|正午"
)
# Every way people draw a range after a time (～ is ~ and － is - after NFKC; ー by mistake).
_UNTIL = re.compile(r"[〜~\-‐‑–—―−ー]|から")
_END = re.compile(r"まで")


class ScheduleTextError(ValueError):
    """A schedule text that cannot be read; the message says in plain Japanese which part."""

    def __init__(self, message, text=""):
        super().__init__(message)
        self.message = message
        self.text = text


@dataclass(frozen=True)
class ScheduleRule:
    """One repeating rule, in the fields of Schedule: 奇数月 第1火曜日 13:30〜15:00."""

    frequency: str  # WEEKLY or MONTHLY
    weekday: int | None = None  # ISO 1 = 月曜 … 7 = 日曜; None for 「日時は要確認」
    week_of_month: int | None = None  # 1–5, or -1 for 最終
    interval: int = 1  # weeks between meetings: 隔週 = 2
    months: frozenset = ALL_MONTHS
    times_per_year: int | None = None  # 「年10回」 with every month = which months is unknown
    start_time: dt.time | None = None
    end_time: dt.time | None = None

    @property
    def months_text(self):
        """As Schedule.months stores it: empty for every month, else 「1,3,5」."""
        return "" if self.months == ALL_MONTHS else ",".join(str(m) for m in sorted(self.months))

    @property
    def needs_start_date(self):
        # 隔週 has two possible weeks; only a first date (Schedule.valid_from) says which.
        return self.frequency == WEEKLY and self.interval > 1

    @property
    def months_known(self):
        return self.pattern().months_known

    def pattern(self, **extra):
        """The engine's Pattern; extra sets what text does not say (skip_holidays, valid_from …)."""
        return Pattern(
            frequency=self.frequency,
            weekday=self.weekday,
            week_of_month=self.week_of_month,
            interval=self.interval,
            months=self.months,
            times_per_year=self.times_per_year,
            start_time=self.start_time,
            end_time=self.end_time,
            **extra,
        )


class _Reader:
    """The text and how far it has been read."""

    def __init__(self, original):
        self.original = original
        self.text = normalise(original)
        self.pos = 0

    def take(self, regex):
        match = regex.match(self.text, self.pos)
        if match:
            self.pos = match.end()
        return match

    def peek(self, regex):
        return regex.match(self.text, self.pos)

    @property
    def rest(self):
        return self.text[self.pos :]


def normalise(text):
    """NFKC (全角 digits, colons and brackets), no spaces, no invisible characters."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(
        ch for ch in folded if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    )


def parse_schedule_text(text):
    """「第2・第4水曜日 午前10時〜」 → two rules; what cannot be read raises ScheduleTextError."""
    if text is not None and not isinstance(text, str):
        raise ScheduleTextError(_("日程は文字で書いてください。"))
    reader = _Reader(text or "")
    if not reader.text:
        raise ScheduleTextError(_("日程が書かれていません。"), text)
    try:
        return _read_rules(reader)
    except ScheduleTextError as error:
        error.text = text
        raise


def _read_rules(reader):
    months, times_per_year = _read_months(reader)
    reader.take(_OF if months else _GAP)  # 「1月・7月の第1月曜」
    interval = _read_cadence(reader)
    if interval and (months or times_per_year):
        raise ScheduleTextError(_("毎週・隔週の開催には、開催月や年間の回数は付けられません。"))
    reader.take(_GAP)
    said_how_often = bool(months or times_per_year)
    weeks, weekdays = _read_days(reader, weekly=bool(interval), said_how_often=said_how_often)
    reader.take(_GAP)
    start_time, end_time = _read_times(reader)
    reader.take(_GAP)
    if reader.rest:
        raise _not_understood(reader)
    common = {
        "frequency": WEEKLY if interval else MONTHLY,
        "interval": interval or 1,
        "months": months or ALL_MONTHS,
        "times_per_year": times_per_year,
        "start_time": start_time,
        "end_time": end_time,
    }
    return [
        ScheduleRule(weekday=weekday, week_of_month=week, **common)
        for week in weeks
        for weekday in weekdays
    ]


def _not_understood(reader, pos=None):
    part = _as_written(reader.original, reader.text[reader.pos if pos is None else pos :])
    return ScheduleTextError(_("「%(part)s」の部分が読めません。") % {"part": part})


def _as_written(original, normalised_tail):
    """Quote the unread part as the row wrote it (spaces, full width), not as normalised."""
    if len(original) <= 500:  # quadratic; long junk is quoted normalised
        for start in range(len(original)):
            if normalise(original[start:]) == normalised_tail:
                return original[start:].strip()
    return normalised_tail


def _read_months(reader):
    """「年10回」「奇数月」「1・4・7・10月」「年6回（奇数月）」 → (months, times_per_year)."""
    times_per_year = None
    if match := reader.take(_TIMES_PER_YEAR):
        times_per_year = _times_per_year(match.group(1))
        reader.take(_GAP)
        if reader.take(_OPEN):
            months = _read_month_names(reader)
            if months is None or not reader.take(_CLOSE):
                raise ScheduleTextError(
                    _("「年%(n)s回」のあとのかっこの中が読めません。") % {"n": times_per_year}
                )
            return months, times_per_year
    return _read_month_names(reader), times_per_year


def _times_per_year(digits):
    count = int(digits)
    if not 1 <= count <= MAX_TIMES_PER_YEAR:
        raise ScheduleTextError(_("「年%(n)s回」という回数はありえません。") % {"n": count})
    return count


def _read_month_names(reader):
    match = reader.take(_MONTH_NAMES)
    if not match:
        return None
    named = {"毎月": ALL_MONTHS, "奇数月": ODD_MONTHS, "偶数月": EVEN_MONTHS}
    if match.group() in named:
        return named[match.group()]
    months = frozenset(int(number) for number in re.findall(r"[0-9]+", match.group()))
    if not months <= ALL_MONTHS:
        wrong = min(months - ALL_MONTHS)
        raise ScheduleTextError(_("%(month)s月という月はありません。") % {"month": wrong})
    return months


def _read_cadence(reader):
    """「毎週」 = 1, 「隔週」 = 2, 「3週ごと」 = 3; None when the text does not say weekly."""
    match = reader.take(_CADENCE)
    if not match:
        return None
    if match.group() == "毎週":
        return 1
    if match.group() == "隔週":
        return 2
    weeks = int(match.group(1))
    if weeks < 1:
        raise ScheduleTextError(
            _("「%(part)s」という間隔はありえません。") % {"part": match.group()}
        )
    return weeks


def _read_days(reader, weekly, said_how_often):
    """(weeks, weekdays): 「第2・第4水曜日」 → ([2, 4], [3]); weekly rules have weeks [None]."""
    if reader.take(_UNKNOWN_DAY):
        if not (weekly or said_how_often):
            raise ScheduleTextError(_("毎月か毎週かが書かれていません。"))
        return [None], [None]
    weeks = _read_weeks(reader)
    if weekly and weeks:
        raise ScheduleTextError(_("毎週・隔週の開催に「第何週」は付けられません。"))
    reader.take(_OF)
    before = reader.pos
    weekdays = _read_weekdays(reader)
    if not weekdays:
        if weeks or weekly or not reader.rest:
            raise ScheduleTextError(_("曜日が読めません（「水曜日」のように書いてください）。"))
        raise _not_understood(reader)
    if not (weeks or weekly) and "曜" not in reader.text[before : reader.pos]:
        raise _not_understood(reader, before)  # 「月1回」: 月 is not Monday here
    if not (weeks or weekly):
        raise ScheduleTextError(
            _("毎週か隔週か、第何週かが書かれていません（「毎週水曜日」「第2水曜日」など）。")
        )
    return (weeks or [None]), weekdays


def _read_weeks(reader):
    first = reader.take(_FIRST_WEEK)
    if not first:
        return []
    found = [_week(first)]
    while match := reader.take(_NEXT_WEEK):
        found.append(_week(match))
    return _unique(found)


def _week(match):
    if match.group(1) is None:
        return -1  # 最終
    week = int(match.group(1))
    if not 1 <= week <= 5:
        raise ScheduleTextError(_("第%(week)s週という週はありません。") % {"week": week})
    return week


def _read_weekdays(reader):
    first = reader.take(_FIRST_WEEKDAY)
    if not first:
        return []
    found = [first.group(1)]
    while match := reader.take(_NEXT_WEEKDAY):
        found.append(match.group(1))
    return _unique(WEEKDAY_NAMES.index(name) + 1 for name in found)


def _unique(items):
    return list(dict.fromkeys(items))


def _read_times(reader):
    """「午後1時30分～3時」 → (13:30, 15:00); 「午前10時〜」 → (10:00, None); none → Nones."""
    start = reader.take(_CLOCK)
    if not start:
        if reader.peek(_UNTIL):
            raise ScheduleTextError(_("開始時刻が読めません。"))
        return None, None
    start_time = _clock(start)
    if not reader.take(_UNTIL):
        return start_time, None
    end = reader.take(_CLOCK)
    reader.take(_END)
    if not end:
        return start_time, None
    end_time = _clock(end, inherited=start.group(1))
    if end_time <= start_time:
        raise ScheduleTextError(
            _("終了時刻（%(end)s）が開始時刻（%(start)s）より前です。")
            % {"end": end.group(), "start": start.group()}
        )
    return start_time, end_time


def _clock(match, inherited=None):
    """One clock time. An end with no 午前/午後 takes the start's: 「午後1時～3時」 ends at 15時."""
    if match.group() == "正午":
        return dt.time(12)
    meridiem, hour, minute = _clock_parts(match)
    if meridiem is None and inherited and hour < 12:
        meridiem = inherited
    if meridiem and hour > 11:
        # 「午前12時」 is noon to some and midnight to others: ask, never guess.
        raise ScheduleTextError(
            _("「%(time)s」は読み方が分かれます（「正午」や「12:00」と書いてください）。")
            % {"time": match.group()}
        )
    if meridiem == "午後":
        hour += 12
    if hour > 23 or minute > 59:
        raise ScheduleTextError(_("「%(time)s」という時刻はありません。") % {"time": match.group()})
    return dt.time(hour, minute)


def _clock_parts(match):
    meridiem, colon_hour, colon_minute, hour, minute, half = match.groups()
    if colon_hour is not None:
        return meridiem, int(colon_hour), int(colon_minute)
    return meridiem, int(hour), 30 if half else int(minute or 0)
