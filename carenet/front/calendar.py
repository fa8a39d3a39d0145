"""A month of places and events, day by day: what /calendar/ shows.

Places meet on the dates the schedule engine gives (holidays, year-end, cancellations and extra
dates as each place keeps them); events on their sessions, cancelled ones kept and marked 中止.
The builder takes places and sessions already fetched, so the page's query count does not grow
with them: it only walks rows in Python.
"""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import jpholiday

from carenet.common.text import short_date

# 日曜始まり: the wall calendars and 広報 calendars residents read every day start on Sunday.
FIRST_WEEKDAY = calendar.SUNDAY
# A grid cell stays readable (and the month fits one A4 sheet) with four lines; a busier day
# shows three and 「ほか N件」, which opens the whole day.
PER_DAY = 4
MONTHS_BACK = 12
MONTHS_AHEAD = 24


@dataclass(frozen=True)
class Entry:
    """One line of a day: a place's meeting or an event's session."""

    date: dt.date
    title: str
    url: str
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    is_event: bool = False
    kind_label: str = ""
    where: str = ""
    note: str = ""
    is_cancelled: bool = False

    @property
    def sort_key(self):
        # Untimed entries (「時間は要確認」) after the timed ones.
        return (self.start_time or dt.time.max, self.title)


def place_entry(salon, occurrence):
    return Entry(
        date=occurrence.date,
        title=salon.name,
        url=salon.get_absolute_url(),
        start_time=occurrence.start_time,
        end_time=occurrence.end_time,
        kind_label=salon.kind.name,
        where=salon.area.name if salon.area_id else salon.municipality.name,
        note=occurrence.note,
    )


def session_entry(session):
    event = session.event
    return Entry(
        date=session.date,
        title=event.title,
        url=event.get_absolute_url(),
        start_time=session.start_time,
        end_time=session.end_time,
        is_event=True,
        kind_label=event.get_kind_display(),
        where=event.area.name if event.area_id else event.municipality.name,
        note=session.time_note,
        is_cancelled=session.is_cancelled,
    )


def pick(entries, per_day):
    """What a crowded day shows: events before places (an event is on this date only, a place
    meets again next week), then in time order."""
    if len(entries) <= per_day:
        return sorted(entries, key=lambda e: e.sort_key)
    chosen = sorted(entries, key=lambda e: (not e.is_event, e.sort_key))[: per_day - 1]
    return sorted(chosen, key=lambda e: e.sort_key)


@dataclass
class Day:
    date: dt.date
    entries: list = field(default_factory=list)
    today: dt.date | None = None
    per_day: int | None = PER_DAY

    @property
    def shown(self):
        if self.per_day is None:
            return sorted(self.entries, key=lambda e: e.sort_key)
        return pick(self.entries, self.per_day)

    @property
    def more(self):
        return len(self.entries) - len(self.shown)

    @property
    def label(self):
        return short_date(self.date)

    @property
    def weekday_name(self):
        """「月・祝」 as short_date writes it, for the heading pieces the grid hides."""
        name = "月火水木金土日"[self.date.weekday()]
        return f"{name}・祝" if self.holiday else name

    @property
    def holiday(self):
        return jpholiday.is_holiday_name(self.date) or ""

    @property
    def is_today(self):
        return self.date == self.today

    @property
    def tone(self):
        """Sunday and holidays red, Saturday blue: the colours of a Japanese wall calendar."""
        if self.holiday or self.date.isoweekday() == 7:
            return "sun"
        return "sat" if self.date.isoweekday() == 6 else ""


def days_with_entries(start, end, salons, sessions, today=None, per_day=PER_DAY):
    """[Day, …] from start to end: every place's meetings from the engine, every session."""
    by_day = defaultdict(list)
    for salon in salons:
        for occurrence in salon.iter_occurrences(start, end):
            by_day[occurrence.date].append(place_entry(salon, occurrence))
    for session in sessions:
        if start <= session.date <= end:
            by_day[session.date].append(session_entry(session))
    count = (end - start).days + 1
    dates = [start + dt.timedelta(days=offset) for offset in range(count)]
    return [Day(day, by_day[day], today, per_day) for day in dates]


def add_months(first, months):
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first):
    return add_months(first, 1) - dt.timedelta(days=1)


def month_in_range(first, today):
    """A year back to two years ahead: older or further months are not pages (404)."""
    this_month = today.replace(day=1)
    return add_months(this_month, -MONTHS_BACK) <= first <= add_months(this_month, MONTHS_AHEAD)


def month_or_none(year, month, today):
    try:
        first = dt.date(year, month, 1)
    except (ValueError, OverflowError):  # month 13, year 99999999999
        return None
    return first if month_in_range(first, today) else None


@dataclass
class Month:
    first: dt.date
    days: list
    today: dt.date

    @property
    def offset(self):
        """Empty cells before the 1st in a 日曜始まり week (a CSS class places it, no markup)."""
        return (self.first.isoweekday() - FIRST_WEEKDAY - 1) % 7

    @property
    def weekday_names(self):
        names = "月火水木金土日"
        return [names[(FIRST_WEEKDAY + i) % 7] for i in range(7)]

    @property
    def previous(self):
        first = add_months(self.first, -1)
        return first if month_in_range(first, self.today) else None

    @property
    def next(self):
        first = add_months(self.first, 1)
        return first if month_in_range(first, self.today) else None

    @property
    def is_this_month(self):
        return self.first == self.today.replace(day=1)

    @property
    def is_empty(self):
        return not any(day.entries for day in self.days)


def build_month(first, salons, sessions, today, per_day=PER_DAY):
    days = days_with_entries(first, month_end(first), salons, sessions, today, per_day)
    return Month(first, days, today)
