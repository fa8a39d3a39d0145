"""Reading a place CSV: bytes → a header and rows of text. Pure: no models, no database.

Every way a file can be wrong ends in a Problem with a Japanese message, never an exception:
staff upload what Excel, LibreOffice or a city's old system wrote, and sometimes the wrong file.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from carenet.common.spreadsheet import safe_cell

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Cells longer than this are not place data (the longest field, 内容, is a few paragraphs).
MAX_CELL = 20_000

COLUMNS = (
    "管理番号",
    "名称",
    "よみがな",
    "種類",
    "地域",
    "会場",
    "住所",
    "緯度",
    "経度",
    "日程",
    "開始日",
    "問い合わせ先",
    "電話",
    "参加費",
    "定員",
    "状態",
    "運営",
    "内容",
    "出典",
    "出典の日付",
    "URL名",
)
REQUIRED_COLUMNS = ("名称",)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (row as the spreadsheet numbers it, column) and what."""

    row: int | None
    column: str
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if not self.column:
            return _("%(row)s行目: %(message)s") % {"row": self.row, "message": self.message}
        return _("%(row)s行目「%(column)s」: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class FileProblem(Exception):
    def __init__(self, message, row=None, column=""):
        super().__init__(message)
        self.problem = Problem(row, column, message)


@dataclass(frozen=True)
class Record:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict  # column name → text, unneutralised and stripped


def decode(data):
    """UTF-8 (with or without BOM), else Shift_JIS as Windows writes it (cp932)."""
    if not isinstance(data, bytes | bytearray):
        raise FileProblem(_("ファイルを読めませんでした。"))
    if not data.strip():
        raise FileProblem(_("ファイルが空です。"))
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("ファイルが大きすぎます（%(mb)sMBまで）。いくつかに分けて取り込んでください。")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return bytes(data).decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(
        _(
            "文字コードが読めません。CSVを「UTF-8」か「Shift_JIS（CSV（コンマ区切り））」で"
            "保存してください。"
        )
    )


def unneutralise(text):
    """Undo what safe_cell did for Excel: 「'=1+1」 → 「=1+1」, but a real 「'quoted」 stays."""
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]
    return text


def header_name(text):
    return unicodedata.normalize("NFKC", unneutralise(text)).strip()


def read_table(data):
    """(columns, records): the header's column names and each non-blank row's cells by name."""
    text = decode(data)
    if "\x00" in text:
        raise FileProblem(_("CSVファイルではないようです（文字でないデータが入っています）。"))
    try:
        lines = list(_rows(text))
    except csv.Error as error:
        raise FileProblem(_("CSVとして読めません（%(error)s）。") % {"error": error}) from error
    if not lines:
        raise FileProblem(_("ファイルが空です。"))
    columns = _header(lines[0])
    records = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines that spreadsheets leave at the end
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise FileProblem(_("見出しより多くの列に値があります。"), row=number)
        if any(not name and cell.strip() for name, cell in zip(columns, cells, strict=False)):
            raise FileProblem(_("見出しのない列に値があります。"), row=number)
        if len(records) >= MAX_ROWS:
            raise FileProblem(
                _("行が多すぎます（%(max)s行まで）。いくつかに分けて取り込んでください。")
                % {"max": f"{MAX_ROWS:,}"}
            )
        values = {
            name: unneutralise(cell).strip()
            for name, cell in zip(columns, cells, strict=False)
            if name
        }
        records.append(Record(number, values))
    if not records:
        raise FileProblem(_("見出しの行のほかに、取り込む行がありません。"))
    return [name for name in columns if name], records


def _rows(text):
    for cells in csv.reader(io.StringIO(text, newline="")):
        if any(len(cell) > MAX_CELL for cell in cells):
            raise FileProblem(
                _("長すぎる値があります（1つの欄は%(max)s文字まで）。") % {"max": MAX_CELL}
            )
        yield cells


def _header(cells):
    names = [header_name(cell) for cell in cells]
    seen = set()
    for name in names:
        if not name:
            continue
        if name not in COLUMNS:
            raise FileProblem(
                _("「%(name)s」という列は使えません。使える列: %(columns)s")
                % {"name": name, "columns": "、".join(COLUMNS)},
                row=1,
            )
        if name in seen:
            raise FileProblem(_("「%(name)s」の列が2つあります。") % {"name": name}, row=1)
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            raise FileProblem(
                _("見出しの行に「%(name)s」の列がありません（1行目は列の名前にします）。")
                % {"name": name},
                row=1,
            )
    if "電話" in seen and "問い合わせ先" not in seen:
        raise FileProblem(_("「電話」の列は「問い合わせ先」の列と一緒に使ってください。"), row=1)
    if "開始日" in seen and "日程" not in seen:
        raise FileProblem(_("「開始日」の列は「日程」の列と一緒に使ってください。"), row=1)
    return names
