"""Reading an イベント一覧 file: bytes → one ParsedRow per row, or the reasons it cannot be read.

No guessing: a cell that does not say plainly what it means (a date, a time, a number, a state) is
a Problem with the row, the column and the reason in Japanese. Decoding (UTF-8 with or without
BOM, else cp932) and the Problem type are the place import's (salons.importing.reading).
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from carenet.events.models import Event
from carenet.events.opendata.columns import (
    CODE_COLUMN,
    column_name,
    join_address,
    split_address,
)
from salons.importing.reading import (
    MAX_CELL,
    MAX_ROWS,
    FileProblem,
    decode,
    header_name,
    unneutralise,
)

DATE = re.compile(r"^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?$")
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
TIME = re.compile(r"^(\d{1,2})\s*[:時]\s*(\d{2})?\s*(?::\s*\d{2}|分)?$")
CAPACITY = re.compile(r"^(?:先着|各回|各)?\s*(\d{1,5})\s*(?:人|名)?$")
NO_CAPACITY = {"なし", "無し", "定員なし", "制限なし", "不要", "-", "－"}
STATUSES = {
    "": Event.Status.PLANNED,
    "予定": Event.Status.PLANNED,
    "開催予定": Event.Status.PLANNED,
    "開催": Event.Status.PLANNED,
    "開催中": Event.Status.PLANNED,
    "終了": Event.Status.PLANNED,  # it took place: not cancelled
    "開催済": Event.Status.PLANNED,
    "開催済み": Event.Status.PLANNED,
    "中止": Event.Status.CANCELLED,
    "延期": Event.Status.POSTPONED,
}
# Words in イベント種類 → our kinds; the first that appears wins, anything else is その他.
KIND_WORDS = (
    ("説明会", Event.Kind.BRIEFING),
    ("相談", Event.Kind.CONSULTATION),
    ("測定", Event.Kind.MEASUREMENT),
    ("体操", Event.Kind.HEALTH),
    ("講座", Event.Kind.COURSE),
    ("講習", Event.Kind.COURSE),
    ("教室", Event.Kind.COURSE),
    ("セミナー", Event.Kind.COURSE),
    ("研修", Event.Kind.COURSE),
    ("講演", Event.Kind.COURSE),
    ("健康", Event.Kind.HEALTH),
    ("運動", Event.Kind.HEALTH),
    ("スポーツ", Event.Kind.HEALTH),
    ("ウォーク", Event.Kind.WALK),
    ("見学", Event.Kind.WALK),
    ("散策", Event.Kind.WALK),
    ("交流", Event.Kind.GATHERING),
    ("サロン", Event.Kind.GATHERING),
    ("カフェ", Event.Kind.GATHERING),
    ("まつり", Event.Kind.GATHERING),
    ("祭", Event.Kind.GATHERING),
)
LIMITS = {  # Event and Session field lengths, checked here so that a save never fails
    "名称": 200,
    "名称(カナ)": 300,
    "概要": 300,
    "主催団体": 200,
    "対象者": 200,
    "日時備考": 200,
    "場所名称": 200,
    "連絡先名称": 200,
    "連絡先電話番号": 30,
    "URL": 200,
}
FEE_LIMIT = 100
ADDRESS_LIMIT = 300


class RowProblem(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Place:
    """Where a row happens: a hall's name and whole address, its city's name if the file says."""

    name: str
    address: str
    city_name: str
    is_online: bool


@dataclass
class ParsedRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    code: str
    title: str
    title_kana: str
    summary: str
    description: str
    kind: str
    url: str
    status: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    time_note: str
    place: Place
    organiser: str
    target: str
    capacity: int | None
    fee: str
    apply_by: dt.date | None
    apply_by_time: dt.time | None
    how_to_apply: str
    contact_name: str
    contact_phone: str


def read_rows(data):
    """(rows, problems): every row read, and every row that could not be, with its reason.

    A whole-file problem (encoding, no 名称 column) raises FileProblem."""
    text = decode(data)
    if "\x00" in text:
        raise FileProblem(_("CSVファイルではないようです（文字でないデータが入っています）。"))
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileProblem(_("CSVとして読めません（%(error)s）。") % {"error": error}) from error
    if not lines:
        raise FileProblem(_("ファイルが空です。"))
    columns = _header(lines[0])
    rows, problems = [], []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines that spreadsheets leave at the end
        if len(rows) + len(problems) >= MAX_ROWS:
            raise FileProblem(_("行が多すぎます（%(max)s行まで）。") % {"max": f"{MAX_ROWS:,}"})
        values = {}
        for name, cell in zip(columns, cells, strict=False):
            if name:
                values[name] = unneutralise(cell).strip()
        try:
            if any(len(cell) > MAX_CELL for cell in cells):
                raise RowProblem(
                    "", _("長すぎる値があります（%(max)s文字まで）。") % {"max": MAX_CELL}
                )
            rows.append(parse_row(number, values))
        except RowProblem as problem:
            problems.append((number, problem.column, problem.message))
    if not rows and not problems:
        raise FileProblem(_("見出しの行のほかに、取り込む行がありません。"))
    return rows, problems


def _header(cells):
    names = [column_name(header_name(cell).lstrip("\ufeff")) for cell in cells]
    seen = set()
    for name in names:
        if name and name in seen:
            raise FileProblem(_("「%(name)s」の列が2つあります。") % {"name": name}, row=1)
        seen.add(name)
    for required, old in (("名称", "イベント名"), ("開始日", "開始日")):
        if required not in seen:
            raise FileProblem(
                _("見出しの行に「%(name)s」（古い形式では「%(old)s」）の列がありません。")
                % {"name": required, "old": old},
                row=1,
            )
    return names


def parse_row(number, cells):
    def cell(name):
        value = cells.get(name, "")
        limit = LIMITS.get(name)
        if limit and len(value) > limit:
            raise RowProblem(name, _("長すぎます（%(max)s文字まで）。") % {"max": limit})
        return value

    title = cell("名称")
    if not title:
        raise RowProblem("名称", _("名称が空です。"))
    day = parse_date(cell("開始日"), "開始日", required=True)
    last_day = parse_date(cell("終了日"), "終了日")
    if last_day and last_day != day:
        raise RowProblem(
            "終了日",
            _("開始日と終了日が違います。期間の催しは日ごとの行に分けてください。"),
        )
    start_time = parse_time(cell("開始時刻"), "開始時刻")
    end_time = parse_time(cell("終了時刻"), "終了時刻")
    if end_time and not start_time:
        raise RowProblem("開始時刻", _("終了時刻だけがあり、開始時刻がありません。"))
    if start_time and end_time and end_time <= start_time:
        raise RowProblem("終了時刻", _("終了時刻が開始時刻より前です。"))
    status_text = folded(cell("状態"))
    if status_text not in STATUSES:
        raise RowProblem(
            "状態", _("「%(value)s」が読めません（予定・中止・延期）。") % {"value": status_text}
        )
    description = cell("説明")
    if note := cell("備考"):
        description = "\n\n".join(filter(None, [description, _("備考: %(note)s") % {"note": note}]))
    return ParsedRow(
        number=number,
        code=folded(cells.get(CODE_COLUMN, "")),
        title=title,
        title_kana=folded(cell("名称(カナ)")),  # ｾｲｶﾂ → セイカツ
        summary=cell("概要"),
        description=description,
        kind=parse_kind(cell("イベント種類")),
        url=parse_url(cell("URL")),
        status=STATUSES[status_text],
        date=day,
        start_time=start_time,
        end_time=end_time,
        time_note=cell("日時備考"),
        place=parse_place(cells, cell("場所名称")),
        organiser=cell("主催団体"),
        target=cell("対象者"),
        capacity=parse_capacity(cell("定員")),
        fee=parse_fee(cell("料金(基本)"), cell("料金(詳細)")),
        apply_by=parse_date(cell("申込期限日"), "申込期限日"),
        apply_by_time=parse_time(cell("申込期限時刻"), "申込期限時刻"),
        how_to_apply=cell("申込方法"),
        contact_name=cell("連絡先名称"),
        contact_phone=cell("連絡先電話番号"),
    )


def folded(text):
    """Full-width digits and colons as ASCII: for cells read as dates, times and numbers only
    (text cells keep what the city wrote)."""
    return unicodedata.normalize("NFKC", text).strip()


def parse_date(text, column, required=False):
    text = folded(text)
    if not text:
        if required:
            raise RowProblem(column, _("日付が空です。"))
        return None
    match = DATE.match(text) or COMPACT_DATE.match(text)
    try:
        if match:
            return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    raise RowProblem(
        column, _("「%(value)s」は日付として読めません（例: 2026-12-03）。") % {"value": text}
    )


def parse_time(text, column):
    text = folded(text)
    if not text:
        return None
    match = TIME.match(text)
    try:
        if match:
            return dt.time(int(match.group(1)), int(match.group(2) or 0))
    except ValueError:
        pass
    raise RowProblem(
        column,
        _(
            "「%(value)s」は時刻として読めません（例: 13:30）。時刻が決まった形で書けないときは、"
            "空にして日時備考に書いてください。"
        )
        % {"value": text},
    )


def parse_kind(text):
    for kind in Event.Kind:
        if text == kind.label:
            return kind
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return Event.Kind.OTHER


def parse_url(text):
    if not text:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as error:
        raise RowProblem(
            "URL", _("「%(value)s」はURLとして読めません。") % {"value": text}
        ) from error
    return text


def parse_capacity(text):
    text = folded(text)
    if not text or text in NO_CAPACITY:
        return None
    if match := CAPACITY.match(text):
        return int(match.group(1))
    raise RowProblem("定員", _("「%(value)s」は人数として読めません（例: 20）。") % {"value": text})


def parse_fee(basic, detail):
    fee = f"{basic}（{detail}）" if basic and detail else basic or detail
    if len(fee) > FEE_LIMIT:
        raise RowProblem(
            "料金(詳細)", _("料金が長すぎます（合わせて%(max)s文字まで）。") % {"max": FEE_LIMIT}
        )
    return fee


def parse_place(cells, name):
    if "住所" in cells and not any(
        cells.get(part) for part in ("住所都道府県", "住所市区町村", "住所町名", "住所丁目以下")
    ):
        # The old format: one whole address and 方書 (here 建物名等).
        whole = cells.get("住所", "")
        address = join_address(whole, "", "", "", cells.get("建物名等", ""))
        city_name = split_address(whole)[1]
    else:
        city_name = cells.get("住所市区町村", "")
        address = join_address(
            cells.get("住所都道府県", ""),
            city_name,
            cells.get("住所町名", ""),
            cells.get("住所丁目以下", ""),
            cells.get("建物名等", ""),
        )
    if len(address) > ADDRESS_LIMIT:
        raise RowProblem("住所", _("長すぎます（%(max)s文字まで）。") % {"max": ADDRESS_LIMIT})
    online = name in {"オンライン", "online", "Online", "ONLINE"} and not address
    return Place(
        name="" if online else name, address=address, city_name=city_name, is_online=online
    )
