"""An イベント一覧 import: check every row first, then save all of it or nothing.

    plan = EventImport(data, city=None).check()
    plan.errors   # [Problem(row, column, message), …]; nothing may be applied while there are any
    plan.events   # [EventPlan(…)]: one per event (a course's rows are one event)
    plan.apply()  # one transaction

Rows with the same city, 名称 and URL are one event, a row per date. The event is found again by
external_id (city code + a digest of 名称 and URL), so a second import of the same file saves
nothing, and a changed row changes its event. Events the file does not name are left alone: a
city's file may cover only some months.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carenet.directory.models import Municipality, Venue
from carenet.events.models import Event, Session
from carenet.events.opendata.reading import read_rows
from salons.importing.reading import FileProblem, Problem

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
ACTIONS = {
    NEW: gettext_lazy("新規"),
    CHANGED: gettext_lazy("変更"),
    UNCHANGED: gettext_lazy("変更なし"),
}
EVENT_FIELDS = (
    "title",
    "title_kana",
    "summary",
    "description",
    "kind",
    "url",
    "status",
    "venue",
    "place_name",
    "place_address",
    "is_online",
    "organiser",
    "target",
    "capacity",
    "fee",
    "apply_by",
    "apply_by_time",
    "how_to_apply",
    "contact_name",
    "contact_phone",
    "source",
)


def event_key(city, title, url):
    """132047-3f2a…: the same for the same city, 名称 and URL in every file."""
    digest = hashlib.sha256(f"{title}\n{url}".encode()).hexdigest()[:16]
    return f"{city.code}-{digest}"


def session_key(session):
    return (session.date, session.start_time, session.end_time, session.time_note, session.status)


@dataclass
class EventPlan:
    city: Municipality
    key: str
    rows: list
    fields: dict
    sessions: list  # [(date, start_time, end_time, time_note, status)], in date order
    event: Event | None = None
    action: str = NEW
    changed: list = field(default_factory=list)  # Event field names, and "sessions"

    @property
    def title(self):
        return self.fields["title"]

    @property
    def row_numbers(self):
        return [row.number for row in self.rows]

    @property
    def action_label(self):
        return ACTIONS[self.action]

    @property
    def changed_labels(self):
        return [
            _("開催日") if name == "sessions" else str(Event._meta.get_field(name).verbose_name)
            for name in self.changed
        ]


class EventImport:
    def __init__(self, data, city=None):
        self.data = data
        self.city = city
        self.errors = []
        self.events = []
        self.own_rows = []  # rows naming this site's own event pages: already here

    def check(self):
        try:
            rows, problems = read_rows(self.data)
        except FileProblem as error:
            self.errors = [error.problem]
            return self
        self.errors = [Problem(number, column, message) for number, column, message in problems]
        # A city may republish our /<city>/events.csv: its rows point at our pages. Importing
        # them would make a second copy of events that staff keep here.
        own = f"{settings.SITE_URL}/events/"
        self.own_rows = [row.number for row in rows if row.url.startswith(own)]
        rows = [row for row in rows if not row.url.startswith(own)]
        by_event = {}
        for row, city in self._with_cities(rows):
            key = event_key(city, row.title, row.url)
            by_event.setdefault(key, (city, []))[1].append(row)
        venues = self._venues({city.pk for city, _rows in by_event.values()})
        for key, (city, group) in by_event.items():
            plan = self._plan(city, key, group, venues)
            if plan is not None:
                self.events.append(plan)
        self._compare()
        self.errors.sort(key=lambda problem: problem.row or 0)
        return self

    def _with_cities(self, rows):
        cities = list(Municipality.objects.all())
        by_code = {city.code: city for city in cities} | {city.code[:5]: city for city in cities}
        for row in rows:
            city = by_code.get(row.code) if row.code else self.city
            if row.code and city is None:
                self._error(
                    row,
                    "都道府県コード又は市区町村コード",
                    _("「%(code)s」の市区町村はこのサイトにありません。") % {"code": row.code},
                )
            elif city is None:
                self._error(
                    row,
                    "都道府県コード又は市区町村コード",
                    _("市区町村コードが空です（--city で市を指定してください）。"),
                )
            elif self.city is not None and city != self.city:
                self._error(
                    row,
                    "都道府県コード又は市区町村コード",
                    _("%(other)sの行です（取り込み先は%(city)s）。")
                    % {"other": city.name, "city": self.city.name},
                )
            else:
                yield row, city

    def _venues(self, city_ids):
        venues = {}
        for venue in Venue.objects.filter(municipality__in=city_ids).select_related("municipality"):
            venues.setdefault((venue.municipality_id, venue.name), []).append(venue)
        return venues

    def _error(self, row, column, message):
        self.errors.append(Problem(row.number, column, message))

    def _place_fields(self, city, place, venues):
        """A hall of the directory when the name is one venue of the city; else the name and
        address as written (another city's hall stays an address, never a new venue)."""
        elsewhere = place.city_name and place.city_name != city.name
        matches = [] if elsewhere else venues.get((city.pk, place.name), [])
        if len(matches) == 1:
            return {"venue": matches[0], "place_name": "", "place_address": "", "is_online": False}
        return {
            "venue": None,
            "place_name": place.name,
            "place_address": place.address,
            "is_online": place.is_online,
        }

    def _plan(self, city, key, rows, venues):
        first = rows[0]
        place = self._place_fields(city, first.place, venues)
        ok = True
        for row in rows[1:]:
            if self._place_fields(city, row.place, venues) != place:
                self._error(
                    row,
                    "場所名称",
                    _(
                        "同じ名称・URLの%(row)s行目と会場が違います（1つのイベントは1つの会場です）。"
                    )
                    % {"row": first.number},
                )
                ok = False
        statuses = {row.status for row in rows}
        event_status = Event.Status.PLANNED
        if len(statuses) == 1 and statuses != {Event.Status.PLANNED}:
            event_status = statuses.pop()  # every date 中止 (or 延期): the event itself
        elif Event.Status.POSTPONED in statuses:
            for row in rows:
                if row.status == Event.Status.POSTPONED:
                    self._error(
                        row,
                        "状態",
                        _(
                            "講座の一部の日だけの「延期」は読み取れません。延期後の日付の行に直してください。"
                        ),
                    )
            ok = False
        sessions = {}
        for row in rows:
            cancelled = (
                row.status == Event.Status.CANCELLED and event_status == Event.Status.PLANNED
            )
            status = Session.Status.CANCELLED if cancelled else Session.Status.PLANNED
            session = (row.date, row.start_time, row.end_time, row.time_note, status)
            earlier = sessions.setdefault((row.date, row.start_time), session)
            if earlier != session:
                self._error(
                    row, "開始日", _("同じ名称・URL・日付・開始時刻の行が2つあり、内容が違います。")
                )
                ok = False
        if not ok:
            return None
        fields = {
            "title": first.title,
            "title_kana": first.title_kana,
            "summary": first.summary,
            "description": first.description,
            "kind": first.kind,
            "url": first.url,
            "status": event_status,
            "organiser": first.organiser,
            "target": first.target,
            "capacity": first.capacity,
            "fee": first.fee,
            "apply_by": first.apply_by,
            "apply_by_time": first.apply_by_time,
            "how_to_apply": first.how_to_apply,
            "contact_name": first.contact_name,
            "contact_phone": first.contact_phone,
            "source": _("%(city)sのイベント一覧（オープンデータ）") % {"city": city.name},
            **place,
        }
        if not fields["title_kana"]:
            del fields["title_kana"]  # no reading: keep the one staff corrected, or guess one
        return EventPlan(city, key, rows, fields, sorted(sessions.values(), key=_session_order))

    def _compare(self):
        keys = [plan.key for plan in self.events]
        existing = {
            (event.municipality_id, event.external_id): event
            for event in Event.objects.filter(external_id__in=keys)
            .select_related("venue")
            .prefetch_related("sessions")
        }
        for plan in self.events:
            event = existing.get((plan.city.pk, plan.key))
            if event is None:
                continue
            plan.event = event
            plan.changed = [
                name for name, value in plan.fields.items() if getattr(event, name) != value
            ]
            if sorted(map(session_key, event.sessions.all()), key=_session_order) != plan.sessions:
                plan.changed.append("sessions")
            plan.action = CHANGED if plan.changed else UNCHANGED

    @property
    def counts(self):
        return Counter(plan.action for plan in self.events)

    def counts_text(self):
        counts = self.counts
        text = _(
            "イベント %(total)s件（新規 %(new)s・変更 %(changed)s・変更なし %(same)s）、"
            "開催日 %(sessions)s件"
        ) % {
            "total": len(self.events),
            "new": counts[NEW],
            "changed": counts[CHANGED],
            "same": counts[UNCHANGED],
            "sessions": sum(len(plan.sessions) for plan in self.events),
        }
        if self.own_rows:
            text += _("。このサイトのイベントの行 %(count)s件は取り込みません") % {
                "count": len(self.own_rows)
            }
        return text

    @transaction.atomic
    def apply(self):
        if self.errors:
            raise ValueError("an import with errors cannot be applied")
        for plan in self.events:
            if plan.action == NEW:
                _create(plan)
            elif plan.action == CHANGED:
                _update(plan)
        return self.counts


def _session_order(session):
    return (session[0], session[1] is not None, session[1] or 0)


def _unique_slug(city, key):
    base = f"ev-{city.slug}-{key.rsplit('-', 1)[1][:10]}"
    slug, number = base, 1
    while Event.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _create(plan):
    event = Event(
        municipality=plan.city,
        slug=_unique_slug(plan.city, plan.key),
        external_id=plan.key,
        is_published=True,
        takes_online_signups=False,
        **plan.fields,
    )
    event.save()
    _save_sessions(event, plan.sessions, existing=[])
    plan.event = event


def _update(plan):
    event = plan.event
    fields = [name for name in plan.changed if name != "sessions"]
    for name in fields:
        setattr(event, name, plan.fields[name])
    # updated_at too, also for new dates only: the feeds' DTSTAMP says the event changed.
    event.save(update_fields=[*fields, "updated_at"])
    if "sessions" in plan.changed:
        _save_sessions(event, plan.sessions, existing=list(event.sessions.all()))


def _save_sessions(event, wanted, existing):
    """Make the event's sessions the wanted ones; a date and start time kept is the same row
    (its id, and so its calendar UID, stays)."""
    by_start = {(s.date, s.start_time): s for s in existing}
    for date, start, end, note, status in wanted:
        session = by_start.pop((date, start), None) or Session(
            event=event, date=date, start_time=start
        )
        if session.pk and session_key(session) == (date, start, end, note, status):
            continue
        session.end_time, session.time_note, session.status = end, note, status
        session.save()
    for session in by_start.values():
        session.delete()
