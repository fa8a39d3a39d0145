"""Schedules as people write them, read into engine rules; the rest is an error, never a guess."""

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from salons.models import Schedule
from salons.schedule_text import ScheduleRule, ScheduleTextError, parse_schedule_text
from salons.schedules import ALL_MONTHS, ODD_MONTHS

T = dt.time


def monthly(weekday, week, **fields):
    return ScheduleRule(frequency="monthly", weekday=weekday, week_of_month=week, **fields)


def weekly(weekday, **fields):
    return ScheduleRule(frequency="weekly", weekday=weekday, **fields)


ISSUE_EXAMPLES = {
    "毎月第2木曜日 14:00〜16:00": [monthly(4, 2, start_time=T(14), end_time=T(16))],
    "奇数月第1火曜日 午後1時30分～3時": [
        monthly(2, 1, months=ODD_MONTHS, start_time=T(13, 30), end_time=T(15))
    ],
    "第2・第4水曜日 午前10時〜": [monthly(3, 2, start_time=T(10)), monthly(3, 4, start_time=T(10))],
    "毎週月曜日": [weekly(1)],
    "隔週金曜日": [weekly(5, interval=2)],
    # Which ten months is not said: stored as the seed stores 駅前 風のサロン, months unknown.
    "年10回 第3木曜日": [monthly(4, 3, times_per_year=10)],
}


@pytest.mark.parametrize(("text", "rules"), ISSUE_EXAMPLES.items())
def test_every_example_in_the_issue_reads_as_its_rules(text, rules):
    assert parse_schedule_text(text) == rules


def test_ten_times_a_year_without_months_keeps_the_months_unknown():
    (rule,) = parse_schedule_text("年10回 第3木曜日")
    assert not rule.months_known
    assert rule.months_text == ""
    assert rule.pattern().dates_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


@pytest.mark.parametrize(
    "text",
    [
        "毎月第2木曜日 14:00〜16:00",
        "毎月第２木曜日　１４：００～１６：００",
        "毎月第2木曜日14:00~16:00",
        "毎月 第2木曜 14:00－16:00",
        "毎月第2木曜日 14:00-16:00",
        "毎月第2木 14時〜16時",
        "毎月第2木曜日 午後2時から午後4時まで",
        "毎月第２木曜日 午後２時～４時",
    ],
)
def test_full_width_and_every_range_mark_read_the_same(text):
    assert parse_schedule_text(text) == [monthly(4, 2, start_time=T(14), end_time=T(16))]


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        # The seed's own lines (/work/shared/seeds/mitaka-carenet.txt) against fixtures/salons.json.
        (
            "毎月第4木曜日午後1時30分～3時30分",
            [monthly(4, 4, start_time=T(13, 30), end_time=T(15, 30))],
        ),
        (
            "年10回第3木曜日午後1時30分～3時",
            [monthly(4, 3, times_per_year=10, start_time=T(13, 30), end_time=T(15))],
        ),
        ("第3木曜 13:30–16:00", [monthly(4, 3, start_time=T(13, 30), end_time=T(16))]),
        ("1・4・7・10月 最終金曜", [monthly(5, -1, months=frozenset({1, 4, 7, 10}))]),
        ("1月・7月の第1月曜", [monthly(1, 1, months=frozenset({1, 7}))]),
        (
            "偶数月 第4水曜 午前10時半〜正午",
            [
                monthly(
                    3, 4, months=frozenset(range(2, 13, 2)), start_time=T(10, 30), end_time=T(12)
                )
            ],
        ),
        (
            "第2・4土 1時半〜3時",
            [
                monthly(6, 2, start_time=T(1, 30), end_time=T(3)),
                monthly(6, 4, start_time=T(1, 30), end_time=T(3)),
            ],
        ),
        ("毎週火・金曜日 9:00〜", [weekly(2, start_time=T(9)), weekly(5, start_time=T(9))]),
        ("毎週日 午後1時～15時", [weekly(7, start_time=T(13), end_time=T(15))]),
        (
            "隔週 水曜 午前10時～午後0時30分",
            [weekly(3, interval=2, start_time=T(10), end_time=T(12, 30))],
        ),
        ("3週ごと 土曜日", [weekly(6, interval=3)]),
        ("年6回（奇数月） 第1火曜日", [monthly(2, 1, months=ODD_MONTHS, times_per_year=6)]),
        ("毎月 日時は要確認", [ScheduleRule(frequency="monthly")]),
    ],
)
def test_other_ways_people_write_schedules(text, rules):
    assert parse_schedule_text(text) == rules


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "書かれていません"),
        ("   ", "書かれていません"),
        ("\u3000\u200b", "書かれていません"),
        (None, "書かれていません"),
        ("不定期", "不定期"),
        ("第5金曜日の翌日", "の翌日"),
        ("毎月第2木曜日 25:00", "25:00"),
        ("毎月第2木曜日 14:75", "14:75"),
        ("毎月第2木曜日 午後13時", "午後13時"),
        ("毎月第2木曜日 午前12時〜", "正午"),
        ("毎月第2木曜日 16:00〜14:00", "より前"),
        ("毎週月曜 午前11時～1時", "より前"),
        ("毎月第2木曜日 〜16:00", "開始時刻"),
        ("毎月第4水曜 午後", "午後"),
        ("月曜日", "第何週"),
        ("毎月水曜日", "第何週"),
        ("毎週第2水曜日", "第何週"),
        ("奇数月 毎週月曜日", "開催月"),
        ("年10回 隔週金曜日", "開催月"),
        ("第6水曜日", "第6週"),
        ("13月 第1月曜日", "13月"),
        ("年0回 第1月曜日", "年0回"),
        ("年10回（春） 第1月曜日", "かっこ"),
        ("10月", "曜日"),
        ("第2", "曜日"),
        ("月1回", "月1回"),
        ("日時は要確認", "毎月か毎週か"),
        ("金・土曜", "第何週"),
        ("第2木曜日 (8月・2月を除く)", "除く"),
        # The unread part is quoted as written, full width and spaces kept.
        ("毎月第２木曜日　１４：００～　（祝日はお休み）", "「（祝日はお休み）」"),
        ("毎月 季節ごとのコンサート", "「季節ごとのコンサート」"),
    ],
)
def test_what_cannot_be_read_is_an_error_saying_which_part(text, says):
    with pytest.raises(ScheduleTextError) as raised:
        parse_schedule_text(text)
    assert says in str(raised.value)
    assert raised.value.text == text


def test_fortnightly_rules_say_they_need_a_first_date():
    (rule,) = parse_schedule_text("隔週金曜日 10:00〜11:30")
    assert rule.needs_start_date
    with pytest.raises(ValidationError) as raised:
        Schedule.from_rule(rule).clean()
    assert "valid_from" in raised.value.message_dict
    Schedule.from_rule(rule, valid_from=dt.date(2026, 4, 3)).clean()
    assert not parse_schedule_text("毎週金曜日")[0].needs_start_date


def test_a_rule_becomes_an_unsaved_schedule_that_describes_itself_the_same():
    text = "奇数月 第1火曜日 13:30〜15:00"
    (rule,) = parse_schedule_text(text)
    schedule = Schedule.from_rule(rule, skip_holidays=False)
    assert schedule.pk is None
    assert schedule.months == "1,3,5,7,9,11"
    assert not schedule.skip_holidays
    assert schedule.describe(clock=True) == text
    assert schedule.describe() == "奇数月 第1火曜日 午後1時30分〜3時"


# --- Property tests --------------------------------------------------------------------------

JAPANESE = set("のがはをでかにりませんくださいあ")

fragments = st.sampled_from(
    [
        "毎月",
        "毎週",
        "隔週",
        "奇数月",
        "偶数月",
        "年",
        "回",
        "第",
        "最終",
        "・",
        "、",
        "(",
        ")",
        "月",
        "火",
        "水",
        "木",
        "金",
        "土",
        "日",
        "曜",
        "曜日",
        "週",
        "ごと",
        "の",
        "午前",
        "午後",
        "時",
        "分",
        "半",
        "正午",
        "〜",
        "～",
        "-",
        "から",
        "まで",
        ":",
        " ",
        "　",
        "日時は要確認",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "9",
        "12",
        "13",
        "24",
        "30",
        "59",
        "60",
        "99999",
        "１",
        "：",
    ]
)
texts = st.text() | st.lists(fragments, max_size=14).map("".join)


@given(text=texts)
@example(text="年" + "9" * 5000 + "回 第1月曜日")
@example(text="\x00毎月第1月曜日")
def test_any_text_gives_rules_or_a_japanese_error_and_nothing_else(text):
    try:
        rules = parse_schedule_text(text)
    except ScheduleTextError as error:
        assert set(str(error)) & JAPANESE
        return
    assert rules
    for rule in rules:
        assert rule.frequency in ("weekly", "monthly")
        assert rule.weekday is None or 1 <= rule.weekday <= 7
        assert rule.months and rule.months <= ALL_MONTHS
        assert rule.end_time is None or rule.start_time < rule.end_time


clocks = st.integers(0, 23 * 60 + 59)


@st.composite
def times(draw):
    start = draw(st.none() | clocks)
    if start is None:
        return None, None
    end = draw(st.none() | st.integers(start + 1, 23 * 60 + 59)) if start < 23 * 60 + 59 else None
    return _time(start), _time(end)


def _time(minutes):
    return None if minutes is None else dt.time(minutes // 60, minutes % 60)


@st.composite
def months_fields(draw):
    """The months field as an editor may type it: any order; empty = every month."""
    months = sorted(draw(st.frozensets(st.integers(1, 12), min_size=1)))
    if frozenset(months) == ALL_MONTHS and draw(st.booleans()):
        return ""
    random.Random(draw(st.integers())).shuffle(months)
    return ",".join(str(month) for month in months)


@st.composite
def schedules(draw):
    """Every unsaved Schedule the engine can describe (and Schedule.clean accepts)."""
    start_time, end_time = draw(times())
    if draw(st.booleans()):
        fields = {"frequency": "weekly", "interval": draw(st.integers(1, 52))}
        fields["weekday"] = draw(st.none() | st.integers(1, 7))
    else:
        fields = {
            "frequency": "monthly",
            "months": draw(months_fields()),
            "times_per_year": draw(st.none() | st.integers(1, 366)),
        }
        if draw(st.booleans()):
            fields["weekday"] = draw(st.integers(1, 7))
            fields["week_of_month"] = draw(st.sampled_from([1, 2, 3, 4, 5, -1]))
    return Schedule(start_time=start_time, end_time=end_time, **fields)


@given(schedule=schedules())
@example(schedule=Schedule(frequency="monthly", weekday=4, week_of_month=3, times_per_year=10))
@example(schedule=Schedule(frequency="weekly", weekday=5, interval=2))
def test_every_described_schedule_reads_back_to_the_same_rule(schedule):
    # describe() is what the place page shows (Salon.schedule_words).
    assert [rule.pattern() for rule in parse_schedule_text(schedule.describe())] == [
        schedule.pattern
    ]


@given(schedule=schedules())
def test_every_schedule_in_the_export_form_reads_back_to_the_same_rule(schedule):
    # describe(clock=True) (13:30〜15:00) is what the CSV export writes (salons.exporting).
    assert [rule.pattern() for rule in parse_schedule_text(schedule.describe(clock=True))] == [
        schedule.pattern
    ]


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("毎月第1火曜日 午後1時30分〜3時", T(13, 30), T(15)),
        ("毎月第1火曜日 午前10時〜正午", T(10), T(12)),
        ("毎月第1火曜日 正午〜午後2時", T(12), T(14)),
        ("毎月第1火曜日 午前10時〜午後1時", T(10), T(13)),
        ("毎月第1火曜日 午後0時30分〜1時", T(12, 30), T(13)),
        ("毎月第1火曜日 午前0時〜11時59分", T(0), T(11, 59)),
        ("毎月第1火曜日 午後11時59分〜", T(23, 59), None),
    ],
)
def test_the_pages_words_for_times_are_read_back(words, start, end):
    (rule,) = parse_schedule_text(words)
    assert (rule.start_time, rule.end_time) == (start, end)
    assert Schedule.from_rule(rule).describe() == words.replace("毎月第1", "毎月 第1")
