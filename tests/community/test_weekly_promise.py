"""The first promise (週1回以上・3か月続ける), computed from the session log."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from carenet.community.weekly import WEEKS_NEEDED, week_of, weekly_promise

MONDAY = dt.date(2026, 6, 1)  # a Monday
TODAY = dt.date(2026, 11, 22)  # a Sunday


def weekly_dates(weeks, start=MONDAY, weekday=2, skip=()):
    return [start + dt.timedelta(weeks=n, days=weekday) for n in range(weeks) if n not in skip]


def test_twelve_weeks_in_a_row_meet_the_promise_on_the_twelfth_session():
    # Long after: the weeks since (no sessions logged) do not undo a kept promise.
    dates = weekly_dates(12)
    result = weekly_promise(dates, TODAY)
    assert result.met
    assert result.met_on == dates[-1]
    assert result.missing == ()
    assert result.weeks_to_go == 0


def test_eleven_weeks_are_one_short():
    result = weekly_promise(weekly_dates(11, start=TODAY - dt.timedelta(weeks=11)), TODAY)
    assert not result.met
    assert result.weeks_to_go == 1


def test_a_missed_week_restarts_the_count_and_is_named():
    dates = weekly_dates(14, skip={5})
    result = weekly_promise(dates, dt.date(2026, 9, 6))
    assert not result.met
    assert result.missing == (MONDAY + dt.timedelta(weeks=5),)
    assert result.current_run == 8  # weeks 6..13
    assert result.run_weeks == 8


def test_two_sessions_in_one_week_count_once():
    dates = weekly_dates(6) + [d + dt.timedelta(days=2) for d in weekly_dates(6)]
    result = weekly_promise(dates, dt.date(2026, 7, 12))
    assert result.current_run == 6
    assert not result.met


def test_the_week_still_going_on_is_not_missing_yet():
    # Sessions in each of the last 3 weeks; today is Wednesday of a week with no session yet.
    wednesday = dt.date(2026, 11, 18)
    dates = [wednesday - dt.timedelta(weeks=n, days=1) for n in range(1, 4)]
    result = weekly_promise(dates, wednesday)
    assert result.missing == ()
    assert result.current_run == 3


def test_sessions_after_today_do_not_count():
    dates = weekly_dates(12)
    result = weekly_promise(dates, dates[10])
    assert not result.met


def test_no_sessions_no_promise():
    result = weekly_promise([], TODAY)
    assert (result.met, result.missing, result.weeks_to_go) == (False, (), WEEKS_NEEDED)


@given(
    offsets=st.sets(st.integers(min_value=0, max_value=40), max_size=40),
    today_offset=st.integers(min_value=0, max_value=45),
)
def test_met_exactly_when_some_twelve_consecutive_weeks_all_have_a_session(offsets, today_offset):
    today = MONDAY + dt.timedelta(weeks=today_offset, days=6)
    dates = [MONDAY + dt.timedelta(weeks=n, days=3) for n in offsets]
    result = weekly_promise(dates, today)
    held = {n for n in offsets if MONDAY + dt.timedelta(weeks=n, days=3) <= today}
    expected = any(all(n + k in held for k in range(WEEKS_NEEDED)) for n in held)
    assert result.met == expected
    # The missing weeks are exactly the past weeks since the first session without one.
    if held:
        # Past weeks without a session since the first one; once met, only those before.
        until = week_of(result.met_on) if result.met else week_of(today)
        expected_missing = [
            MONDAY + dt.timedelta(weeks=n)
            for n in range(min(held), today_offset + 1)
            if n not in held and MONDAY + dt.timedelta(weeks=n) < until
        ]
        assert list(result.missing) == expected_missing
        assert not set(result.missing) & {week_of(d) for d in dates}
    if result.met:
        assert result.met_on <= today
        assert result.weeks_to_go == 0


def test_gaps_before_the_promise_was_met_stay_named():
    dates = weekly_dates(15, skip={1})
    result = weekly_promise(dates, TODAY)
    assert result.met
    assert result.missing == (MONDAY + dt.timedelta(weeks=1),)
