"""One cell of a place CSV → a value, or a CellError whose message says what is wrong in Japanese.

Pure: no database. Cells are read the way people type them (全角 digits, 「20人」, 「2024/5/25」).
"""

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.validators import slug_re
from django.utils.translation import gettext as _

from salons.schedule_text import ScheduleTextError, parse_schedule_text

MAX_CAPACITY = 99_999
# Several rules in one cell: one a line, or separated by 「／」 or 「/」.
RULE_SEPARATORS = re.compile(r"[\r\n／/]+")
_DATE = re.compile(r"^(\d{4})(?:(?:[-/.]|年)(\d{1,2})(?:(?:[-/.]|月)(\d{1,2})日?|月)?)?年?$")

STATUS_WORDS = {
    "開催中": "active",
    "休止中": "suspended",
    "休止": "suspended",
    "終了": "ended",
    "未確認": "unconfirmed",
    "未確認（非公開）": "unconfirmed",
    "未確認(非公開)": "unconfirmed",
}
# What the export writes: the short words, which read back above.
STATUS_LABELS = {code: word for word, code in reversed(STATUS_WORDS.items())}


class CellError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def fold(text):
    """The key two names are compared by: 全角/半角 and case folded, spaces at the ends gone."""
    return unicodedata.normalize("NFKC", text or "").strip().casefold()


def text(value, limit):
    if len(value) > limit:
        raise CellError(
            _("長すぎます（%(limit)s文字まで、いまは%(length)s文字）。")
            % {"limit": limit, "length": len(value)}
        )
    return value


def required(value):
    if not value:
        raise CellError(_("空にはできません。"))
    return value


def decimal(value, low, high):
    """緯度・経度: a decimal number within [low, high], kept to 6 places as the Venue stores it."""
    if not value:
        return None
    try:
        number = Decimal(unicodedata.normalize("NFKC", value).replace(",", ""))
    except InvalidOperation:
        raise CellError(_("「%(value)s」は数として読めません。") % {"value": value}) from None
    if not number.is_finite() or not low <= number <= high:
        raise CellError(
            _("%(low)sから%(high)sまでの数にしてください。") % {"low": low, "high": high}
        )
    return number.quantize(Decimal("0.000001"))


def capacity(value):
    """定員: 「20」「２０」「20人」「20名」."""
    folded = unicodedata.normalize("NFKC", value).strip()
    if not folded:
        return None
    digits = re.sub(r"\s*[人名]$", "", folded)
    if not re.fullmatch(r"[0-9]{1,9}", digits):
        raise CellError(_("「%(value)s」は人数として読めません（例: 20）。") % {"value": value})
    number = int(digits)
    if number > MAX_CAPACITY:
        raise CellError(_("%(max)s人までにしてください。") % {"max": f"{MAX_CAPACITY:,}"})
    return number


def _date_parts(value):
    match = _DATE.match(unicodedata.normalize("NFKC", value).replace(" ", ""))
    if not match:
        raise CellError(
            _("「%(value)s」は日付として読めません（例: 2024-05-25）。") % {"value": value}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise CellError(_("%(month)s月という月はありません。") % {"month": month})
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise CellError(_("「%(value)s」という日はありません。") % {"value": value}) from None
    return year, month, day


def source_date(value):
    """出典の日付: 「2024」「2024-05」「2024-05-25」 (also 2024/5/25, 2024年5月) → as stored."""
    if not value:
        return ""
    year, month, day = _date_parts(value)
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def start_date(value):
    """開始日: a whole date."""
    if not value:
        return None
    year, month, day = _date_parts(value)
    if day is None:
        raise CellError(_("開始日は年・月・日まで書いてください（例: 2024-05-25）。"))
    return dt.date(year, month, day)


def source_is_stale(stored, today):
    """More than two years before today. A date given as a year or a month counts from its last
    day: a source that says only 「2024」 may be from December, so it is not called old early."""
    if not stored:
        return False
    parts = [int(part) for part in stored.split("-")]
    year, month, day = parts + [None] * (3 - len(parts))
    month = month or 12
    day = day or calendar.monthrange(year, month)[1]
    try:
        limit = today.replace(year=today.year - 2)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - 2, day=28)
    return dt.date(year, month, day) < limit


def status(value):
    """状態 → Salon.Status value; None for an empty cell (the importer decides)."""
    if not value:
        return None
    code = STATUS_WORDS.get(unicodedata.normalize("NFKC", value).strip())
    code = code or STATUS_WORDS.get(value.strip())
    if code is None:
        raise CellError(
            _("「%(value)s」は使えません（開催中・休止中・終了・未確認のどれか）。")
            % {"value": value}
        )
    return code


def schedule_rules(value):
    """日程 → [ScheduleRule, …]; empty → [] (the page then says 要確認)."""
    rules = []
    for part in RULE_SEPARATORS.split(value):
        if part.strip():
            try:
                rules.extend(parse_schedule_text(part))
            except ScheduleTextError as error:
                raise CellError(error.message) from None
    return rules


def slug(value):
    if not value:
        return ""
    folded = unicodedata.normalize("NFKC", value).strip()
    if not slug_re.match(folded):
        raise CellError(
            _("URL名は半角の英数字・ハイフン・下線だけで書いてください（例: fureai-salon）。")
        )
    return text(folded, 100)


def phone(value):
    return text(unicodedata.normalize("NFKC", value).strip(), 20)
