"""One row of the file → what it asks for: values for a place, its venue, contact and schedules.

No matching here beyond looking names up (kinds, areas, venues, contacts, networks); the import
(salons.importing.plan) decides which place the row is and what changes.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from salons.importing import cells
from salons.importing.cells import CellError
from salons.models import Schedule

# Plain text columns: column → (Salon field, longest allowed; None = no limit).
TEXT_COLUMNS = {
    "管理番号": ("external_id", 64),
    "名称": ("name", 100),
    "よみがな": ("name_kana", 200),
    "参加費": ("fee", 50),
    "内容": ("description", None),
    "出典": ("source", 300),
}


@dataclass
class VenueWish:
    """The 会場 a row names, and what it says about it (empty cells say nothing)."""

    name: str
    details: dict  # Venue field → value, only the cells that are not empty
    columns: dict  # Venue field → the column it came from


@dataclass
class ContactWish:
    label: str
    phone: str | None  # None: the file has no 電話 column


@dataclass
class ParsedRow:
    number: int
    name: str = ""
    fields: dict = field(default_factory=dict)  # Salon field → value (present columns only)
    kind_text: str | None = None
    area_text: str | None = None
    organiser_text: str | None = None
    venue: VenueWish | None = None
    has_venue_column: bool = False
    contact: ContactWish | None = None
    has_contact_column: bool = False
    status: str | None = None  # a Salon.Status value, or None: the importer decides
    schedules: list | None = None  # unsaved Schedules, or None when the file has no 日程
    errors: list = field(default_factory=list)  # (column, message)

    def errors_columns(self):
        return {column for column, _message in self.errors}


class RowReader:
    """Reads one record's cells; every unreadable cell is an error for its column."""

    def __init__(self, record):
        self.cells = record.cells
        self.row = ParsedRow(record.number)

    def read(self):
        row = self.row
        for column, (name, limit) in TEXT_COLUMNS.items():
            if column in self.cells:
                value = self.cells[column]
                if name == "name_kana" and not value:
                    continue  # keep the reading staff corrected; a new place gets a guess
                row.fields[name] = self._cell(column, cells.text, value, limit or len(value))
        row.name = row.fields.get("name") or ""
        if "名称" in self.cells and not self.cells["名称"]:
            row.errors.append(("名称", _("名称を書いてください。")))
        if "URL名" in self.cells:
            row.fields["slug"] = self._cell("URL名", cells.slug, self.cells["URL名"])
        if "定員" in self.cells:
            row.fields["capacity"] = self._cell("定員", cells.capacity, self.cells["定員"])
        if "出典の日付" in self.cells:
            value = self.cells["出典の日付"]
            row.fields["source_date"] = self._cell("出典の日付", cells.source_date, value)
        if "状態" in self.cells:
            row.status = self._cell("状態", cells.status, self.cells["状態"])
        if "種類" in self.cells:
            row.kind_text = self.cells["種類"]
        if "地域" in self.cells:
            row.area_text = self.cells["地域"]
        if "運営" in self.cells:
            row.organiser_text = self._cell("運営", cells.text, self.cells["運営"], 100)
        self._venue()
        self._contact()
        self._schedules()
        return row

    def _cell(self, column, parse, *args):
        try:
            return parse(*args)
        except CellError as error:
            self.row.errors.append((column, error.message))
            return None

    def _venue(self):
        row = self.row
        row.has_venue_column = "会場" in self.cells
        name = self._cell("会場", cells.text, self.cells.get("会場", ""), 100) or ""
        details, columns = {}, {}
        parts = [
            ("住所", "address", lambda v: cells.text(v, 200)),
            ("緯度", "latitude", lambda v: cells.decimal(v, -90, 90)),
            ("経度", "longitude", lambda v: cells.decimal(v, -180, 180)),
        ]
        for column, venue_field, parse in parts:
            value = self.cells.get(column, "")
            if not value:
                continue
            if not name:
                row.errors.append(
                    (
                        column,
                        _("会場の名前がないので、%(column)sは登録できません。")
                        % {"column": column},
                    )
                )
                continue
            parsed = self._cell(column, parse, value)
            if parsed is not None:
                details[venue_field], columns[venue_field] = parsed, column
        if name:
            row.venue = VenueWish(name, details, columns)

    def _contact(self):
        row = self.row
        row.has_contact_column = "問い合わせ先" in self.cells
        if not row.has_contact_column:
            return
        label = self._cell("問い合わせ先", cells.text, self.cells["問い合わせ先"], 100) or ""
        phone = None
        if "電話" in self.cells:
            phone = self._cell("電話", cells.phone, self.cells["電話"]) or ""
        if phone and not label:
            row.errors.append(
                (
                    "問い合わせ先",
                    _("電話番号だけでは登録できません。問い合わせ先の名前も書いてください。"),
                )
            )
        elif label:
            row.contact = ContactWish(label, phone)

    def _schedules(self):
        row = self.row
        if "日程" not in self.cells:
            return
        rules = self._cell("日程", cells.schedule_rules, self.cells["日程"])
        start = self._cell("開始日", cells.start_date, self.cells.get("開始日", ""))
        if rules is None:
            return
        if any(rule.needs_start_date for rule in rules) and start is None:
            if "開始日" not in row.errors_columns():
                row.errors.append(
                    ("開始日", _("隔週などの日程には、初回の日付を「開始日」に書いてください。"))
                )
            return
        schedules = [Schedule.from_rule(rule, valid_from=start) for rule in rules]
        for schedule in schedules:
            try:
                schedule.clean()
            except ValidationError as error:
                row.errors.append(("日程", " ".join(error.messages)))
                return
        row.schedules = schedules
