from django import template
from django.utils.html import format_html

from carenet.common import text

register = template.Library()


@register.simple_tag
def ruby(text, reading):
    """Text with its reading above it, or plain text when no reading is known."""
    if not reading:
        return text
    return format_html("<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>", text, reading)


@register.filter
def paragraphs(text):
    """Split stored text on blank lines, for one <p> each."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


@register.simple_tag
def tel(phone, css_class="tel"):
    """A phone number as a link a resident can tap; ``css_class=""`` for a plain one."""
    if css_class:
        return format_html('<a class="{}" href="{}">{}</a>', css_class, text.tel_href(phone), phone)
    return format_html('<a href="{}">{}</a>', text.tel_href(phone), phone)


@register.filter
def short_date(day):
    return text.short_date(day)


@register.filter
def date_tag(day):
    """<time datetime="2027-01-05">2027年1月5日(火)</time>: the words, and the date for machines."""
    if not day:
        return ""
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), text.short_date(day))


def _time_element(value, words):
    # HH:MM (09:30, not 9:30) is what HTML accepts as a time.
    return format_html('<time datetime="{}">{}</time>', value.strftime("%H:%M"), words)


@register.filter
def time_tag(value):
    """One time (a deadline): <time datetime="17:00">午後5時</time>."""
    return _time_element(value, text.time_words(value)) if value else ""


@register.filter
def time_range(start, end=None):
    """{{ start|time_range:end }} → <time>午後1時30分</time>〜<time>3時</time>; "" with no start."""
    if not start:
        return ""
    first, last = text.time_range_parts(start, end)
    until = _time_element(end, last) if end else ""
    # The pieces are already escaped SafeStrings, so format_html does not escape them twice.
    return format_html("{}〜{}", _time_element(start, first), until)


@register.filter
def schedule_html(schedule):
    """A place's schedule (anything with .pattern and times) with its times as <time>:

    奇数月 第1火曜日 <time datetime="13:30">午後1時30分</time>〜<time datetime="15:00">3時</time>
    """
    days = schedule.pattern.days_words()
    times = time_range(schedule.start_time, schedule.end_time)
    return format_html("{} {}", days, times) if times else days


@register.filter
def time_words(value):
    """One time in words as plain text (mails): 午後5時."""
    return text.time_words(value) if value else ""


@register.filter
def time_range_words(start, end=None):
    """A range in words as plain text (mails, titles): 午後1時30分〜3時."""
    return text.time_range_words(start, end) if start else ""


@register.filter(name="long_date")
def long_date_filter(day):
    return text.long_date(day) if day else ""
