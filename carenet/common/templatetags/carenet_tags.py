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


@register.filter(name="long_date")
def long_date_filter(day):
    return text.long_date(day) if day else ""
