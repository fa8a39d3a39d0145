"""A place import for one city: check every row first, then apply all of it or nothing.

    plan = PlaceImport(data, city).check()
    plan.errors  # [Problem(row, column, message), …]; nothing may be applied while there are any
    plan.rows    # [RowPlan(number, name, action, changed), …]
    plan.apply()  # one transaction; returns plan.counts

Matching keeps imports idempotent: a row with 管理番号 is the city's place with that external_id,
else a row with URL名 is the city's place with that slug, else it is new. Only the columns in the
file are compared and changed; a second import of the same file saves nothing at all.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carenet.common.dates import local_today
from salons.importing import cells
from salons.importing.city_data import CityData
from salons.importing.reading import FileProblem, Problem, read_table
from salons.importing.resolving import NameResolver
from salons.importing.rows import RowReader
from salons.models import Salon

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
ACTIONS = {
    NEW: gettext_lazy("新規"),
    CHANGED: gettext_lazy("変更"),
    UNCHANGED: gettext_lazy("変更なし"),
}
# Columns that name a plain Salon field, for saying what changed.
FIELD_COLUMNS = {
    "external_id": "管理番号",
    "name": "名称",
    "name_kana": "よみがな",
    "fee": "参加費",
    "description": "内容",
    "source": "出典",
    "capacity": "定員",
    "source_date": "出典の日付",
    "slug": "URL名",
    "kind": "種類",
    "area": "地域",
    "status": "状態",
    "network": "運営",
    "organiser": "運営",
}
SCHEDULE_FIELDS = (
    "frequency",
    "interval",
    "weekday",
    "week_of_month",
    "months",
    "times_per_year",
    "start_time",
    "end_time",
    "valid_from",
)


def schedule_key(schedule):
    """What makes two schedules the same for an import (months in one spelling)."""
    values = [getattr(schedule, name) for name in SCHEDULE_FIELDS]
    values[4] = schedule.pattern.months  # "" and "1,…,12" both mean every month
    values[1] = schedule.interval or 1
    return tuple(values)


@dataclass
class RowPlan:
    number: int
    name: str
    action: str = NEW
    changed: list = field(default_factory=list)  # column names, in file order
    salon: Salon | None = None  # the matched place; None for a new one
    updates: dict = field(default_factory=dict)  # Salon field → new value
    venue: object = None  # a Venue, a new venue's key (str), or None
    contact: object = None  # a Contact, a new contact's key (tuple), or None
    keep_schedules: list = field(default_factory=list)
    drop_schedules: list = field(default_factory=list)
    add_schedules: list = field(default_factory=list)

    @property
    def action_label(self):
        return ACTIONS[self.action]


class PlaceImport(NameResolver):
    def __init__(self, data, city):
        self.data = data
        self.city = city
        self.errors = []
        self.rows = []
        self.checked = False

    # --- checking ---

    def check(self):
        self.checked = True
        try:
            columns, records = read_table(self.data)
        except FileProblem as problem:
            self.errors = [problem.problem]
            return self
        self.columns = columns
        parsed = [RowReader(record).read() for record in records]
        file_slugs = {row.fields["slug"] for row in parsed if row.fields.get("slug")}
        self.city_data = CityData(self.city, file_slugs)
        self.today = local_today()
        self.new_venues = {}  # folded name → unsaved Venue
        self.new_venue_areas = {}  # folded name → the area of the first row naming it
        self.venue_claims = {}  # venue pk or new key → {field: (value, row number)}
        self.new_contacts = {}  # (folded label, phone) → Contact
        self.seen = {"external_id": {}, "slug": {}, "place": {}}
        for row in parsed:
            plan = self._plan(row)
            self.errors.extend(
                Problem(row.number, column, message) for column, message in row.errors
            )
            if not row.errors:
                self.rows.append(plan)
        if not self.errors:
            self._give_new_slugs()
        return self

    @property
    def is_valid(self):
        return self.checked and not self.errors

    @property
    def counts(self):
        counted = Counter(row.action for row in self.rows)
        return {action: counted.get(action, 0) for action in ACTIONS}

    def counts_text(self):
        return "・".join(f"{ACTIONS[a]} {n}" for a, n in self.counts.items())

    def _error(self, row, column, message):
        row.errors.append((column, message))

    def _plan(self, row):
        salon = self._match(row)
        plan = RowPlan(row.number, row.name or (salon.name if salon else ""), salon=salon)
        values = dict(row.fields)
        if not values.get("slug"):
            values.pop("slug", None)  # an empty URL名 keeps the slug (or makes one)
        self._resolve_kind(row, salon, values)
        self._resolve_area(row, values)
        self._resolve_organiser(row, salon, values)
        values["status"] = self._status(row, salon, values)
        plan.venue = self._resolve_venue(row, salon)
        plan.contact = self._resolve_contact(row, salon)
        if row.errors:
            return plan
        if salon is None:
            plan.updates = values
            plan.add_schedules = row.schedules or []
            return plan
        changed = {
            FIELD_COLUMNS[name]
            for name, value in values.items()
            if _differs(getattr(salon, name), value)
        }
        plan.updates = {n: v for n, v in values.items() if _differs(getattr(salon, n), v)}
        if row.has_venue_column and not _is(plan.venue, salon.venue_id):
            changed.add("会場")
            plan.updates["venue"] = plan.venue
        changed |= self._venue_detail_changes(row, plan.venue)
        if row.has_contact_column and not _is(plan.contact, salon.contact_id):
            changed |= self._contact_changes(row, salon.contact)
            plan.updates["contact"] = plan.contact
        if row.schedules is not None:
            changed |= self._schedule_changes(plan, salon, row.schedules)
        plan.changed = [column for column in self.columns if column in changed]
        plan.action = CHANGED if plan.changed else UNCHANGED
        return plan

    def _match(self, row):
        data, fields = self.city_data, row.fields
        external_id, slug = fields.get("external_id"), fields.get("slug")
        salon = data.by_external_id.get(external_id) if external_id else None
        if external_id:
            self._once(row, "external_id", external_id, "管理番号")
        if salon is None and slug:
            salon = data.by_slug.get(slug)
            if salon is not None and external_id and salon.external_id:
                self._error(
                    row,
                    "管理番号",
                    _("URL名「%(slug)s」の通いの場には、別の管理番号「%(id)s」が付いています。")
                    % {"slug": slug, "id": salon.external_id},
                )
        if slug:
            self._check_slug(row, slug, salon)
        if salon is None and not (external_id or slug) and row.name:
            self._no_silent_twin(row)
        if salon is not None:
            self._once(row, "place", salon.pk, "管理番号" if external_id else "URL名")
        return salon

    def _no_silent_twin(self, row):
        """A row without 管理番号 or URL名 that has the name of a place is not made twice: which
        one it means is for staff to say, not for the import to guess."""
        twin = next(
            (p for p in self.city_data.places if cells.fold(p.name) == cells.fold(row.name)), None
        )
        if twin is not None:
            self._error(
                row,
                "名称",
                _(
                    "同じ名称の通いの場がすでにあります（URL名「%(slug)s」）。同じ場所なら"
                    "「URL名」を、別の場所なら「管理番号」を書いてください。"
                )
                % {"slug": twin.slug},
            )

    def _once(self, row, what, value, column):
        first = self.seen[what].setdefault(value, row.number)
        if first != row.number:
            message = {
                "external_id": _("管理番号「%(value)s」は%(first)s行目にもあります。"),
                "slug": _("URL名「%(value)s」は%(first)s行目にもあります。"),
                "place": _("%(first)s行目と同じ通いの場を指しています。"),
            }[what]
            self._error(row, column, message % {"value": value, "first": first})

    def _check_slug(self, row, slug, salon):
        self._once(row, "slug", slug, "URL名")
        owner_city = self.city_data.slug_owners.get(slug)
        if owner_city is not None and (salon is None or salon.slug != slug):
            self._error(
                row,
                "URL名",
                _("URL名「%(slug)s」はほかの通いの場が使っています。") % {"slug": slug},
            )
        alias_of = self.city_data.alias_owners.get(slug)
        if alias_of is not None and (salon is None or alias_of != salon.pk):
            self._error(
                row,
                "URL名",
                _(
                    "URL名「%(slug)s」は、ほかの通いの場の以前のURLです（古いチラシが指しています）。"
                )
                % {"slug": slug},
            )

    def _schedule_changes(self, plan, salon, wanted):
        remaining = list(salon.schedules.all())
        for schedule in wanted:
            same = next((s for s in remaining if schedule_key(s) == schedule_key(schedule)), None)
            if same is None:
                plan.add_schedules.append(schedule)
            else:
                remaining.remove(same)
                plan.keep_schedules.append(same)
        plan.drop_schedules = remaining
        if not (plan.add_schedules or plan.drop_schedules):
            return set()
        without_start = Counter(schedule_key(s)[:-1] for s in salon.schedules.all())
        if without_start == Counter(schedule_key(s)[:-1] for s in wanted):
            return {"開始日"}
        return {"日程"}

    def _give_new_slugs(self):
        """A new place without URL名: the city's slug and its 管理番号 (mitaka-m01), else a
        number (mitaka-place-3). Stable for a 管理番号, and never an old slug of another place."""
        taken = set(self.city_data.slug_owners) | set(self.city_data.alias_owners)
        taken |= {row.updates["slug"] for row in self.rows if row.updates.get("slug")}
        number = 0
        for row in self.rows:
            if row.action != NEW or row.updates.get("slug"):
                continue
            code = slugify(row.updates.get("external_id") or "")[:60]
            base = f"{self.city.slug}-{code or 'place'}"
            slug = base if code else None
            while slug is None or slug in taken:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
            row.updates["slug"] = slug

    # --- applying ---

    def apply(self):
        """Saves every row's changes in one transaction; nothing unless the check found none."""
        if not self.is_valid:
            raise ValueError("apply() needs a check() without errors")
        with transaction.atomic():
            venues = self._save_venues()
            contacts = {}
            for key, contact in self.new_contacts.items():
                contact.save()
                contacts[key] = contact
            for row in self.rows:
                if row.action != UNCHANGED:
                    self._apply_row(row, venues, contacts)
        return self.counts

    def _save_venues(self):
        """New venues, and the cells that change existing ones; returns new venues by key."""
        existing = {v.pk: v for found in self.city_data.venues.values() for v in found}
        for target, claims in self.venue_claims.items():
            venue = self.new_venues.get(target) or existing[target]
            changed = [
                name for name, (value, _n) in claims.items() if getattr(venue, name) != value
            ]
            for name in changed:
                setattr(venue, name, claims[name][0])
            if venue.pk is None:
                venue.area = self.new_venue_areas[target]
                venue.save()
            elif changed:
                venue.save(update_fields=changed)
        return self.new_venues

    def _apply_row(self, row, venues, contacts):
        salon = row.salon or Salon(municipality=self.city)
        updates = dict(row.updates)
        if row.salon is None:
            updates["venue"], updates["contact"] = row.venue, row.contact
        for name in ("venue", "contact"):
            if name in updates:
                value = updates[name]
                lookup = venues if name == "venue" else contacts
                updates[name] = lookup[value] if isinstance(value, str | tuple) else value
        for name, value in updates.items():
            setattr(salon, name, value)
        if updates:
            salon.save()
        for schedule in row.drop_schedules:
            schedule.delete()
        for schedule in row.add_schedules:
            schedule.salon = salon
            schedule.save()


def _is(ref, current_id):
    """Whether a resolved venue or contact (a row, a new one's key, or None) is the current."""
    return getattr(ref, "pk", ref) == current_id and not isinstance(ref, str | tuple)


def _differs(current, value):
    if hasattr(current, "pk") or hasattr(value, "pk"):
        return getattr(current, "pk", None) != getattr(value, "pk", None)
    return current != value
