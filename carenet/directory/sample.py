"""Sample areas and points for load tests, and the bulk tools every app's sample module uses.

Sample rows are many (145,641 places, a million consultations) and made from a few strings:
they are written with plain bulk inserts and removed with set-based deletes, never row by row.
An area has no is_sample column: a sample one is named 【サンプル】, has a ``sample-`` slug and
the source ``make_sample_data``.
"""

import random
from decimal import Decimal

from django.db import connections, models, router
from django.db.models import CASCADE, DO_NOTHING, PROTECT, RESTRICT, SET_NULL, Exists, OuterRef
from django.db.models.deletion import ProtectedError

from carenet.common.readings import FillsReading
from carenet.common.search import SearchText
from carenet.directory.models import Area
from carenet.directory.prefectures import office_of

SAMPLE_PREFIX = "【サンプル】"
SOURCE = "make_sample_data"
BATCH = 5000

# The seed cities: near the middle of each, so that the demo map (/map/) has crowds to group.
CITY_MIDDLES = {"132047": (35.6836, 139.5597), "132241": (35.6369, 139.4463)}  # 三鷹市, 多摩市
# How far from its prefecture's office a city's sample middle may fall, in degrees either way;
# Hokkaido is five times the size of any other prefecture.
CITY_SPREAD = {"01": 1.2}
DEFAULT_CITY_SPREAD = 0.3
PLACE_SPREAD = 0.015  # degrees either way around a city's middle: about 1.5 km
JAPAN_MIDDLE = (36.2, 138.25)  # for a code no prefecture claims (a test's made-up city)


def sample_areas():
    return Area.objects.filter(source=SOURCE, slug__startswith="sample-")


def real_areas():
    return Area.objects.exclude(source=SOURCE, slug__startswith="sample-")


def city_middle(municipality, seed=0):
    """A made-up middle for a city's sample venues: near its prefecture's office, moved by an
    amount that depends only on the city's code and the seed (so every run agrees)."""
    code = municipality.code
    if code in CITY_MIDDLES:
        return CITY_MIDDLES[code]
    office = office_of(code) or JAPAN_MIDDLE
    spread = CITY_SPREAD.get(code[:2], DEFAULT_CITY_SPREAD)
    rng = random.Random(f"{seed}-{code}")
    return (
        # Narrower north-south: a degree of latitude is longer than one of longitude here.
        office[0] + rng.uniform(-spread, spread) * 0.7,
        office[1] + rng.uniform(-spread, spread),
    )


def point_near(middle, rng, spread=PLACE_SPREAD):
    """A sample point within ``spread`` degrees of ``middle``, as the Venue columns store it."""
    return {
        "latitude": Decimal(f"{middle[0] + rng.uniform(-spread, spread):.6f}"),
        "longitude": Decimal(f"{middle[1] + rng.uniform(-spread, spread):.6f}"),
    }


def add_areas(wanted):
    """Sample areas 「【サンプル】第n地区」 for cities that have none, so that every city has
    area pages; ``wanted`` maps each such city to how many. Returns {city pk: [areas]}."""
    areas = [
        Area(
            municipality=city,
            kind=Area.Kind.DAILY_LIVING,
            name=f"{SAMPLE_PREFIX}第{number}地区",
            slug=f"sample-{city.code}-{number}",
            description="負荷試験用の架空の地域です。実在しません。",
            source=SOURCE,
            order=number,
        )
        for city, count in wanted.items()
        for number in range(1, count + 1)
    ]
    insert(areas)
    made = {}
    for area in areas:
        made.setdefault(area.municipality_id, []).append(area)
    return made


def clear_areas():
    """Deletes the sample areas that nothing protects (a consultation, an issue); how many."""
    return delete_in_bulk(unprotected(sample_areas()))


def insert(objs, batch_size=BATCH):
    """Bulk-inserts rows of one model (a few thousand), doing what save() would do once per
    distinct text: the models' own bulk_create (SearchTextQuerySet) folds every row again."""
    if not objs:
        return objs
    for obj in objs:
        for name, value in filled_like(obj).items():
            setattr(obj, name, value)
    return models.QuerySet(type(objs[0])).bulk_create(objs, batch_size=batch_size)


_filled = {}


def filled_like(obj):
    """What save() fills in before writing ``obj`` (its reading, its folded search text), worked
    out once per distinct text and kept for the run: sample rows are made from a few strings,
    and pykakasi takes about a millisecond a text. {attribute: value}."""
    if not isinstance(obj, SearchText):
        return {}
    names = list(obj.folded_fields)
    filled = list(obj.folded_columns)
    if isinstance(obj, FillsReading):
        names += [obj.reading_from, obj.reading_field]
        filled.append(obj.reading_field)
    key = (type(obj), *(getattr(obj, name) for name in names))
    if key not in _filled:
        if isinstance(obj, FillsReading):
            obj.fill_reading()
        obj.fold_search_text()
        _filled[key] = {name: getattr(obj, name) for name in filled}
    return _filled[key]


# --- Writing many rows at once ----------------------------------------------------------------


class Rows:
    """Rows of one model written straight to the database: a million in a few minutes.

    No model instance is made per row, and each value goes to the database as its field would
    write it (``db_value``): an encrypted field's token, say, worked out once per distinct
    value by the caller. Every column not given keeps what a new row would get (defaults,
    auto_now). PostgreSQL takes the rows by COPY, other databases by executemany.
    """

    def __init__(self, model, columns):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        new = model()
        self.defaults = {
            field.attname: field.get_db_prep_save(field.pre_save(new, True), self.connection)
            for field in fields
        }
        self.columns = ["id", *columns]
        self.rest = [name for name in self.defaults if name not in self.columns]
        self.fixed = tuple(self.defaults[name] for name in self.rest)

    def db_value(self, name, value):
        """``value`` as the field ``name`` writes it (an encrypted field: a fresh token)."""
        return self.model._meta.get_field(name).get_db_prep_save(value, self.connection)

    def reserve_ids(self, count):
        """``count`` new primary keys, taken before the rows are written (their links need
        them, and COPY returns none)."""
        table = self.model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite: past every id used (AUTOINCREMENT remembers deleted ones), so that no new
            # row takes a deleted one's id, and its history.
            cursor.execute(f"SELECT MAX(id) FROM {self.connection.ops.quote_name(table)}")
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            remembered = cursor.fetchone()
            first = max(highest, remembered[0] if remembered else 0) + 1
            return list(range(first, first + count))

    def write(self, rows):
        """Writes ``rows``: tuples of (id, *columns) in database form; how many."""
        rows = [(*row, *self.fixed) for row in rows]
        quote = self.connection.ops.quote_name
        meta = self.model._meta
        names = ", ".join(quote(meta.get_field(name).column) for name in self.columns + self.rest)
        table = quote(meta.db_table)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * (len(self.columns) + len(self.rest)))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        return len(rows)


# --- Deleting many rows at once ---------------------------------------------------------------


def _pointing_at(model):
    """Every foreign key to ``model``, the many-to-many link tables' included (as Django's
    deletion collector sees them)."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_one or field.one_to_many)
    ]


def _referring(relation, queryset):
    return relation.related_model._base_manager.filter(
        **{f"{relation.field.name}__in": queryset.values(relation.field.target_field.attname)}
    )


def unprotected(queryset, along=()):
    """The rows of ``queryset`` that no PROTECT key points at, but for keys of the models in
    ``along``, whose rows are to go with them (a sample consultation's contact logs)."""
    for relation in _pointing_at(queryset.model):
        if relation.on_delete in (PROTECT, RESTRICT) and relation.related_model not in along:
            refers = relation.related_model._base_manager.filter(
                **{relation.field.name: OuterRef(relation.field.target_field.attname)}
            )
            queryset = queryset.exclude(Exists(refers))
    return queryset


def delete_in_bulk(queryset, along=()):
    """Deletes the rows of ``queryset`` with a few set-based statements; how many went.

    Django's delete() fetches every row and sends signals for it (minutes for a million): here
    rows pointing at them follow their on_delete in bulk (CASCADE and the models in ``along``
    are deleted the same way, SET_NULL is set to null) and DO_NOTHING (the history tables) is
    left alone. No signal is sent, so no history row is written. The queryset must not depend
    on what is deleted here; a row still PROTECTed raises ProtectedError (see unprotected()).
    """
    queryset = queryset.order_by()
    for relation in _pointing_at(queryset.model):
        referring = _referring(relation, queryset)
        if relation.on_delete is CASCADE or relation.related_model in along:
            delete_in_bulk(referring, along)
        elif relation.on_delete is SET_NULL:
            referring.update(**{relation.field.name: None})
        elif relation.on_delete is not DO_NOTHING and referring.exists():
            raise ProtectedError(
                f"{queryset.model.__name__} rows are referred to by "
                f"{relation.related_model.__name__}",
                set(),
            )
    return queryset._raw_delete(queryset.db)
