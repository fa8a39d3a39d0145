"""Small formatting helpers shared by every app: dates and times in plain Japanese."""

import unicodedata

import jpholiday

from carenet.common.dates import local_today  # dates.py imports only django: no cycle

WEEKDAY_NAMES = "月火水木金土日"  # ISO order: 1 = 月曜


def month_precision_label(year, month):
    if not year:
        return ""
    return f"{year}年{month}月" if month else f"{year}年"


def long_date(day):
    """2026年11月20日: a full date in plain Japanese, for what is printed and kept."""
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day, today=None):
    """12月2日(火), or 5月4日(火・祝) so that nobody is surprised by a closed building.

    A day in another year than today's (a January date seen in December) says its year:
    2027年1月5日(火).
    """
    holiday = "・祝" if jpholiday.is_holiday(day) else ""
    year = "" if day.year == (today or local_today()).year else f"{day.year}年"
    return f"{year}{day.month}月{day.day}日({WEEKDAY_NAMES[day.weekday()]}{holiday})"


def hm(value):
    """13:30: the machine form, for files, feeds and structured data."""
    return f"{value.hour}:{value.minute:02d}"


def hm_range(start, end=None):
    """13:30〜15:00, or 13:30〜 with no end: the machine form of a range."""
    if not start:
        return ""
    return f"{hm(start)}〜{hm(end) if end else ''}"


NOON = "正午"


def _half_of_day(value):
    """午前, 正午 or 午後: which half a time is in, noon being neither."""
    if (value.hour, value.minute) == (12, 0):
        return NOON
    return "午前" if value.hour < 12 else "午後"


def time_words(value, with_half=True):
    """A time as the cities write it: 午前10時, 午後1時30分, 正午; 12:30 is 午後0時30分.

    with_half=False leaves out 午前/午後, for the end of a range in the same half of the day.
    """
    half = _half_of_day(value)
    if half == NOON:
        return NOON
    hour = value.hour if half == "午前" else value.hour - 12
    minutes = f"{value.minute}分" if value.minute else ""
    return f"{half if with_half else ''}{hour}時{minutes}"


def time_range_parts(start, end=None):
    """(start words, end words) of a range; the end is "" when not known.

    The end drops its 午前/午後 only when the start already said it and the end is later in the
    same half: 「午後1時30分〜3時」. Across noon, or an end not after the start (bad data, shown
    rather than hidden), both halves are written so nothing has to be guessed.
    """
    first = time_words(start)
    if not end:
        return first, ""
    same_half = _half_of_day(start) == _half_of_day(end) != NOON
    return first, time_words(end, with_half=not (same_half and end > start))


def time_range_words(start, end=None):
    """「午後1時30分〜3時」「午前10時〜正午」, or 「午後1時30分〜」 with no end; "" if no start."""
    if not start:
        return ""
    first, last = time_range_parts(start, end)
    return f"{first}〜{last}"


def tel_href(phone):
    """tel:0422761271 for 0422-76-1271: digits only, whatever the number is written with."""
    return "tel:" + "".join(ch for ch in phone if ch.isdigit())


# Small kana read as their large form: ゃ in きゃ, っ in がっこう, ゖ in 桜ヶ丘's reading.
_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOWEL_ROWS = {
    "あ": "あかがさざただなはばぱまやらわ",
    "い": "いきぎしじちぢにひびぴみり",
    "う": "うくぐすずつづぬふぶぷむゆるゔ",
    "え": "えけげせぜてでねへべぺめれ",
    "お": "おこごそぞとどのほぼぽもよろを",
}
_VOWEL_OF = {kana: vowel for vowel, row in _VOWEL_ROWS.items() for kana in row}
# The vowels that lengthen a kana of each row: こう and こお and こー are one sound, as are
# けい and けー. 「こーひー」 and 「こうひい」 both fold to 「こひ」.
_LENGTHENERS = {"あ": "あ", "い": "い", "う": "う", "え": "いえ", "お": "うお"}


def search_key(text):
    """Fold text for searching, so that a resident finds what they meant however they typed it.

    Full and half width (NFKC), katakana and hiragana, small and large kana fold together;
    spaces and invisible format characters (zero-width space, bidi marks) go. 「ｲﾉｶｼﾗ」,
    「イノカシラ」 and 「いのかしら」 become one key, as do 「ﾊﾏﾀﾞ」, 「は\u200bまだ」 and
    「はまだ」.
    """
    # NFKC again once lowered and once spaces are gone: either can leave a letter and its
    # combining mark apart (Ŗ → r + cedilla), which the next fold would join.
    normal = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").lower())
    normal = unicodedata.normalize(
        "NFKC",
        "".join(ch for ch in normal if not ch.isspace() and unicodedata.category(ch) != "Cf"),
    )
    kana = "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in normal)
    return kana.translate(_SMALL_KANA)


def sound_key(text):
    """search_key with long vowels folded too: ー, or a vowel that only lengthens the kana
    before it. 「コーヒー」 and 「こうひい」 both become 「こひ」.

    Kept beside search_key, not instead of it: a part of a word that starts inside a long
    vowel (「ィ・センター」 in 「コミュニティ・センター」) must still be found.
    """
    kept = []
    for ch in search_key(text):
        vowel = _VOWEL_OF.get(kept[-1]) if kept else None
        if vowel and (ch == "ー" or ch in _LENGTHENERS[vowel]):
            continue
        kept.append(ch)
    return "".join(kept)
