"""The calendar engine: property tests over many dates, and the seed's own patterns."""

import datetime as dt
from itertools import pairwise

import jpholiday
from hypothesis import given, settings
from hypothesis import strategies as st

from salons.schedules import ALL_MONTHS, EVEN_MONTHS, ODD_MONTHS, Pattern, is_year_end

starts = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
spans = st.integers(min_value=1, max_value=730)
weekdays = st.integers(min_value=1, max_value=7)
weeks = st.sampled_from([1, 2, 3, 4, 5, -1])
month_sets = st.frozensets(st.integers(min_value=1, max_value=12), min_size=1)


def monthly(weekday, week, **kwargs):
    return Pattern(frequency="monthly", weekday=weekday, week_of_month=week, **kwargs)


@given(start=starts, span=spans)
def test_every_fourth_thursday_is_a_thursday_between_the_22nd_and_28th(start, span):
    dates = monthly(4, 4, skip_holidays=False, skip_year_end=False).dates_between(
        start, start + dt.timedelta(days=span)
    )
    for day in dates:
        assert day.isoweekday() == 4
        assert 22 <= day.day <= 28


@given(start=starts, span=spans, weekday=weekdays, week=weeks)
def test_nth_weekday_lands_in_its_week_of_the_month(start, span, weekday, week):
    for day in monthly(weekday, week, skip_holidays=False).dates_between(
        start, start + dt.timedelta(days=span)
    ):
        assert day.isoweekday() == weekday
        if week == -1:
            assert (day + dt.timedelta(days=7)).month != day.month
        else:
            assert (day.day - 1) // 7 + 1 == week


@given(start=starts, span=spans, weekday=weekdays, week=weeks)
def test_odd_months_never_yield_an_even_month(start, span, weekday, week):
    dates = monthly(weekday, week, months=ODD_MONTHS).dates_between(
        start, start + dt.timedelta(days=span)
    )
    assert all(day.month % 2 == 1 for day in dates)


@given(start=starts, span=spans, weekday=weekdays, week=weeks, months=month_sets)
def test_only_listed_months_appear(start, span, weekday, week, months):
    dates = monthly(weekday, week, months=months).dates_between(
        start, start + dt.timedelta(days=span)
    )
    assert {day.month for day in dates} <= months


@given(start=starts, span=spans, weekday=weekdays, week=weeks, interval=st.integers(1, 3))
def test_a_skipped_holiday_never_appears(start, span, weekday, week, interval):
    end = start + dt.timedelta(days=span)
    for pattern in (
        monthly(weekday, week, skip_holidays=True),
        Pattern(frequency="weekly", weekday=weekday, interval=interval, valid_from=start),
    ):
        for day in pattern.dates_between(start, end):
            assert not jpholiday.is_holiday(day)
            assert not is_year_end(day)


@given(start=starts, span=spans, weekday=weekdays, week=weeks)
def test_dates_stay_inside_the_asked_range_and_are_sorted(start, span, weekday, week):
    end = start + dt.timedelta(days=span)
    dates = monthly(weekday, week).dates_between(start, end)
    assert dates == sorted(dates)
    assert all(start <= day <= end for day in dates)


@settings(max_examples=50)
@given(start=starts, weekday=weekdays)
def test_fortnightly_meetings_are_fourteen_days_apart(start, weekday):
    pattern = Pattern(
        frequency="weekly",
        weekday=weekday,
        interval=2,
        valid_from=start,
        skip_holidays=False,
        skip_year_end=False,
    )
    dates = pattern.dates_between(start, start + dt.timedelta(days=120))
    assert len(dates) >= 8
    assert all((b - a).days == 14 for a, b in pairwise(dates))


def test_unknown_months_yield_no_date():
    # 駅前 風のサロン: 年10回 第3木曜日, which ten months is not published.
    pattern = monthly(4, 3, times_per_year=10)
    assert not pattern.months_known
    assert pattern.dates_between(dt.date(2026, 1, 1), dt.date(2027, 12, 31)) == []


def test_unknown_weekday_yields_no_date():
    pattern = Pattern(frequency="monthly")
    assert pattern.dates_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


def test_a_monthly_weekday_without_its_week_yields_no_date_and_says_so():
    # Not every Tuesday: which Tuesday of the month is unknown.
    pattern = Pattern(frequency="monthly", weekday=2)
    assert pattern.dates_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []
    assert pattern.describe() == "毎月 火曜日（第何週かは要確認）"


def test_first_tuesday_of_odd_months_from_the_seed():
    pattern = monthly(2, 1, months=ODD_MONTHS, skip_holidays=False, skip_year_end=False)
    assert pattern.dates_between(dt.date(2026, 11, 22), dt.date(2027, 5, 31)) == [
        dt.date(2027, 1, 5),
        dt.date(2027, 3, 2),
        dt.date(2027, 5, 4),
    ]


def test_holiday_skipping_drops_a_national_holiday():
    # 2027-05-04 (みどりの日) is the first Tuesday of May.
    pattern = monthly(2, 1, months=frozenset({5}), skip_holidays=True)
    assert pattern.dates_between(dt.date(2027, 5, 1), dt.date(2027, 5, 31)) == []


def test_year_end_skipping_drops_january_the_second():
    # 2027-01-02 is the first Saturday of January, inside 12/29–1/3.
    keep = monthly(6, 1, skip_holidays=False, skip_year_end=False)
    skip = monthly(6, 1, skip_holidays=False, skip_year_end=True)
    january = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert keep.dates_between(*january) == [dt.date(2027, 1, 2)]
    assert skip.dates_between(*january) == []


def test_validity_window_bounds_the_dates():
    pattern = monthly(
        3, 1, valid_from=dt.date(2027, 3, 1), valid_until=dt.date(2027, 5, 31), skip_holidays=False
    )
    assert pattern.dates_between(dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == [
        dt.date(2027, 3, 3),
        dt.date(2027, 4, 7),
        dt.date(2027, 5, 5),
    ]


def test_month_sets_are_named_as_residents_say_them():
    assert monthly(2, 1, months=ODD_MONTHS).describe() == "奇数月 第1火曜日"
    assert monthly(2, 1, months=EVEN_MONTHS).describe() == "偶数月 第1火曜日"
    assert monthly(2, 1, months=ALL_MONTHS).describe() == "毎月 第1火曜日"
    assert monthly(2, 1, months=frozenset({4, 10})).describe() == "4・10月 第1火曜日"
    assert monthly(1, -1).describe() == "毎月 最終月曜日"


def test_seed_schedules_read_as_plain_japanese():
    assert (
        monthly(
            2, 1, months=ODD_MONTHS, start_time=dt.time(13, 30), end_time=dt.time(15)
        ).describe()
        == "奇数月 第1火曜日 午後1時30分〜3時"
    )
    assert (
        monthly(
            4, 3, times_per_year=10, start_time=dt.time(13, 30), end_time=dt.time(15)
        ).describe()
        == "年10回 第3木曜日 午後1時30分〜3時"
    )
    assert Pattern(frequency="weekly", weekday=5).describe() == "毎週 金曜日"
    assert Pattern(frequency="weekly", weekday=5, interval=2).describe() == "隔週 金曜日"
    assert Pattern(frequency="monthly").describe() == "毎月 日時は要確認"
