"""Small formatting helpers shared by every app: dates and times in plain Japanese."""

import unicodedata

import jpholiday

WEEKDAY_NAMES = "月火水木金土日"  # ISO order: 1 = 月曜


def month_precision_label(year, month):
    if not year:
        return ""
    return f"{year}年{month}月" if month else f"{year}年"


def long_date(day):
    """2026年11月20日: a full date in plain Japanese, for what is printed and kept."""
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day):
    """12月2日(火), or 5月4日(火・祝) so that nobody is surprised by a closed building."""
    holiday = "・祝" if jpholiday.is_holiday(day) else ""
    return f"{day.month}月{day.day}日({WEEKDAY_NAMES[day.weekday()]}{holiday})"


def hm(value):
    return f"{value.hour}:{value.minute:02d}"


def tel_href(phone):
    """tel:0422761271 for 0422-76-1271: digits only, whatever the number is written with."""
    return "tel:" + "".join(ch for ch in phone if ch.isdigit())


def search_key(text):
    """Fold a name for searching: full/half width (NFKC), katakana to hiragana, no spaces and no
    invisible format characters (zero-width space, bidi marks).

    「ﾊﾏﾀﾞ」, 「ハマダ」, 「は\u200bまだ」 and 「はまだ」 all become 「はまだ」.
    """
    folded = unicodedata.normalize("NFKC", text or "").lower()
    folded = "".join(
        chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch
        for ch in folded
        if not ch.isspace() and unicodedata.category(ch) != "Cf"
    )
    return folded
