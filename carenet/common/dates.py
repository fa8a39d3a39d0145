"""Days as the portal counts them: the local date, months, 年度 (April to March)."""

import datetime as dt

from django.utils import timezone


def local_today():
    """Today in the portal's time zone (Asia/Tokyo), which nothing overrides per visitor: the
    default zone directly, not Django's per-request lookup of an active one, which cost the
    page cache a twentieth of a hit."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def month_start(day=None):
    """The first day of the month that ``day`` (default: today) falls in."""
    return (day or local_today()).replace(day=1)


def fiscal_year_of(day):
    """年度: April to March. 2027-03-31 belongs to 年度 2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(year):
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
