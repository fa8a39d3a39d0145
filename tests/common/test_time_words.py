"""Times and dates in words as the cities write them (issue #12): 「午後1時30分〜3時」, 「正午」,
and the year on a date that is not in this year."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from carenet.common.templatetags.carenet_tags import date_tag, time_range, time_tag
from carenet.common.text import hm, hm_range, short_date, time_range_words, time_words

T = dt.time
clocks = st.builds(T, st.integers(0, 23), st.integers(0, 59))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (T(0, 0), "午前0時"),
        (T(9, 5), "午前9時5分"),
        (T(10, 0), "午前10時"),
        (T(11, 59), "午前11時59分"),
        (T(12, 0), "正午"),
        (T(12, 1), "午後0時1分"),
        (T(12, 30), "午後0時30分"),
        (T(13, 30), "午後1時30分"),
        (T(23, 59), "午後11時59分"),
    ],
)
def test_one_time_in_words(value, words):
    assert time_words(value) == words


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (T(13, 30), T(15), "午後1時30分〜3時"),  # same half: the end drops 午後
        (T(10), T(11, 30), "午前10時〜11時30分"),
        (T(10), T(13), "午前10時〜午後1時"),  # across noon: both halves said
        (T(11), T(12, 30), "午前11時〜午後0時30分"),
        (T(10), T(12), "午前10時〜正午"),  # ending at noon
        (T(12), T(14), "正午〜午後2時"),  # from noon: the end still says 午後
        (T(12, 30), T(13), "午後0時30分〜1時"),
        (T(0), T(11, 59), "午前0時〜11時59分"),
        (T(13, 30), None, "午後1時30分〜"),  # start only
        (T(12), None, "正午〜"),
    ],
)
def test_a_range_in_words(start, end, words):
    assert time_range_words(start, end) == words


def test_an_end_not_after_the_start_is_written_in_full_not_crashed_on():
    # Bad data is shown as it is, both halves said, so that nobody reads 「午後3時〜1時」 as 13時.
    assert time_range_words(T(15), T(13)) == "午後3時〜午後1時"
    assert time_range_words(T(14), T(14)) == "午後2時〜午後2時"
    assert time_range_words(T(13), T(9)) == "午後1時〜午前9時"


def test_no_start_is_no_words():
    assert time_range_words(None, None) == ""
    assert time_range_words(None, T(15)) == ""


def test_the_machine_forms_stay_as_they_were():
    assert hm(T(9, 5)) == "9:05"
    assert hm_range(T(13, 30), T(15)) == "13:30〜15:00"
    assert hm_range(T(13, 30)) == "13:30〜"
    assert hm_range(None) == ""


# --- An independent reader, to check the words say the time they were made from ---

_WORDS = re.compile(r"(?:(午前|午後)?([0-9]{1,2})時(?:([0-9]{1,2})分)?|正午)")


def read_time(words, half=None):
    """「午後1時30分」 → 13:30; an end with no 午前/午後 takes the start's (half)."""
    match = _WORDS.fullmatch(words)
    assert match, words
    if words == "正午":
        return T(12), "正午"
    said, hour, minute = match.groups()
    said = said or half
    assert said in ("午前", "午後"), words
    hour = int(hour)
    assert 0 <= hour <= 11, words  # never 「午後12時」: noon is 正午
    return T(hour + (12 if said == "午後" else 0), int(minute or 0)), said


@given(clocks)
def test_every_time_in_words_reads_back_to_the_same_time(value):
    assert read_time(time_words(value))[0] == value


@given(clocks, clocks)
def test_every_range_reads_back_to_the_same_times(start, end):
    first, last = time_range_words(start, end).split("〜")
    read_start, half = read_time(first)
    assert read_start == start
    assert read_time(last, half)[0] == end


@given(clocks, clocks)
def test_the_end_drops_its_half_only_when_the_start_said_the_same_one(start, end):
    last = time_range_words(start, end).split("〜")[1]
    dropped = not last.startswith(("午前", "午後", "正午"))
    same_half = (start < T(12) and end < T(12)) or (start > T(12) and end > T(12))
    assert dropped == (same_half and end > start)


# --- Dates: the year is said when it is not this year ---


def test_a_date_in_this_year_has_no_year(fixed_today):
    assert fixed_today == dt.date(2026, 11, 22)
    assert short_date(dt.date(2026, 12, 2)) == "12月2日(水)"


def test_a_date_in_the_next_year_says_its_year(fixed_today):
    assert short_date(dt.date(2027, 1, 5)) == "2027年1月5日(火)"


def test_a_date_in_an_earlier_year_says_its_year_too(fixed_today):
    assert short_date(dt.date(2025, 12, 24)) == "2025年12月24日(水)"


def test_holidays_keep_their_mark_with_or_without_the_year(fixed_today):
    assert short_date(dt.date(2026, 5, 4)) == "5月4日(月・祝)"
    assert short_date(dt.date(2027, 5, 4)) == "2027年5月4日(火・祝)"


def test_the_year_follows_the_given_today():
    assert short_date(dt.date(2027, 1, 5), today=dt.date(2027, 1, 1)) == "1月5日(火)"
    assert short_date(dt.date(2027, 1, 5), today=dt.date(2026, 12, 31)) == "2027年1月5日(火)"


# --- Template filters: words for people, <time datetime> for machines ---


def test_a_range_as_html_has_machine_times_alongside_the_words():
    assert time_range(T(13, 30), T(15)) == (
        '<time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>'
    )


def test_a_morning_time_in_html_has_two_digit_hours():
    assert time_range(T(9), None) == '<time datetime="09:00">午前9時</time>〜'
    assert time_tag(T(17)) == '<time datetime="17:00">午後5時</time>'


def test_a_date_as_html(fixed_today):
    assert date_tag(dt.date(2027, 1, 5)) == '<time datetime="2027-01-05">2027年1月5日(火)</time>'
    assert date_tag(None) == ""


def test_filters_in_a_template_are_not_escaped_twice(fixed_today):
    template = Template(
        "{% load carenet_tags %}{{ day|date_tag }} {{ start|time_range:end }}"
        "{{ none|time_range:end }}|{{ start|time_range_words:end }}"
    )
    rendered = template.render(
        Context({"day": dt.date(2026, 12, 1), "start": T(10), "end": T(12), "none": None})
    )
    assert rendered == (
        '<time datetime="2026-12-01">12月1日(火)</time> '
        '<time datetime="10:00">午前10時</time>〜<time datetime="12:00">正午</time>|午前10時〜正午'
    )


def test_an_empty_end_in_a_template_is_a_start_only_range():
    rendered = Template("{% load carenet_tags %}{{ start|time_range:end }}").render(
        Context({"start": T(13, 30), "end": ""})
    )
    assert rendered == '<time datetime="13:30">午後1時30分</time>〜'
