"""The first of 近トレ's three promises, computed from the session log: 週1回以上・3か月続ける.

A pure function of dates, so that its rule can be tested on its own: the promise is met once the
group has met at least once in each of 12 consecutive weeks (Monday to Sunday).
"""

import datetime as dt
from dataclasses import dataclass

WEEKS_NEEDED = 12


def week_of(day):
    """The Monday of the week a day falls in."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeeklyPromise:
    met: bool
    met_on: dt.date | None  # the last day of the first 12-week run
    run_weeks: int  # the longest run of consecutive weeks so far
    current_run: int  # weeks in a row up to the last finished week (or this week, if met)
    missing: tuple  # Mondays of past weeks with no session, from the first session's week on
    # (up to the promise's being met, once it is)

    @property
    def weeks_to_go(self):
        return 0 if self.met else WEEKS_NEEDED - self.current_run


def weekly_promise(dates, today):
    """What the session log says of the first promise, as of `today`.

    A week still going on is not missing yet; sessions after today are ignored (a typo in the
    future must not fulfil a promise).
    """
    weeks = sorted({week_of(day) for day in dates if day <= today})
    if not weeks:
        return WeeklyPromise(False, None, 0, 0, ())
    present = set(weeks)
    this_week = week_of(today)
    week = dt.timedelta(weeks=1)
    missing, met_on, run, best = [], None, 0, 0
    monday = weeks[0]
    while monday <= this_week:
        if monday in present:
            run += 1
            best = max(best, run)
            if run == WEEKS_NEEDED and met_on is None:
                met_on = max(day for day in dates if week_of(day) == monday and day <= today)
        elif monday < this_week:
            missing.append(monday)
            run = 0
        monday += week
    if met_on is not None:
        # Once kept, the promise is kept: only the gaps on the way there are its story.
        missing = [gap for gap in missing if gap < week_of(met_on)]
    return WeeklyPromise(met_on is not None, met_on, best, run, tuple(missing))
