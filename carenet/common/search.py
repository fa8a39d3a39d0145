"""Searching in Japanese: text folded once when a row is saved, and words folded the same way.

Folding (``carenet.common.text.search_key``) cannot run in SQL, so each searchable model keeps
its folded text in a column; a search is then a plain ``contains`` on every database. Text with
kanji is kept with its reading too, so that 「たいそう」 finds 体操 and 「にんちしょう」 認知症.
"""

import hashlib
import hmac
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import migrations, models
from django.db.models import BooleanField, F, Func, Q, Subquery
from django.db.models.lookups import Contains
from django.db.models.signals import pre_save
from django.dispatch import receiver

from carenet.common.readings import has_kanji, reading_of
from carenet.common.text import search_key, sound_key

# Whitespace, which search_key strips from every word: no word can match across two fields.
FIELD_SEPARATOR = "\n"
# The SQL function of ShortPieceIndexes (PostgreSQL).
SHORT_PIECES = "carenet_short_pieces"


def keys_of(text):
    """The keys text is found by: as written and as it sounds (long vowels folded), and the same
    for its reading where it has kanji. 「体操」 gives 体操 and たいそう."""
    spellings = [text, reading_of(text)] if has_kanji(text) else [text]
    keys = []
    for spelling in spellings:
        for key in (search_key(spelling), sound_key(spelling)):
            if key not in keys:
                keys.append(key)
    return keys


def folded(*parts):
    return FIELD_SEPARATOR.join(key for part in parts for key in keys_of(part))


def is_short(key):
    """Too short for a trigram: a word of one or two characters."""
    return isinstance(key, str) and 1 <= len(key) <= 2


def word_keys(words):
    """Each word of a search with its keys: any one of them found is the word found."""
    return [keys_of(word) for word in words.split()]


def matching(words, *columns, related=(), also=()):
    """Every word, folded, in one of the folded ``columns``: さろん, ｻﾛﾝ and サロン alike.

    ``related`` are functions of a folded word giving a Q of their own (an Exists over a
    many-to-many, say), for what a join would repeat rows for; ``also`` are Qs that find a row
    whatever the word (a place found through its venue).
    """
    query = Q()
    for keys in word_keys(words):
        long_keys = [key for key in keys if not is_short(key)]
        short_keys = [key for key in keys if is_short(key)]
        # Short words last: PostgreSQL checks a row it found against the whole OR, in order, and
        # a short word's test makes the text's pieces (ShortPieceIndexes), a hundred times
        # dearer than a LIKE; a row that has 会館 nearly always has かいかん, found first.
        query &= reduce(
            or_,
            [Q(**{f"{column}__folded_contains": key}) for key in long_keys for column in columns]
            + [Q(match(key)) for key in keys for match in related]
            + list(also)
            + [
                Q(**{f"{column}__folded_contains": key}) for key in short_keys for column in columns
            ],
        )
    return query


class InSubquery(Func):
    """``column IN (subquery)``, written ``column = ANY(ARRAY(subquery))`` on PostgreSQL.

    There the subquery runs once (an InitPlan) and its ids become an index condition, so that
    an OR of several of these (a place found by its venue, its area or its kind) is a union of
    index scans; an IN inside an OR is checked row by row over the whole table.
    """

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, column, queryset):
        super().__init__(F(column), Subquery(queryset.order_by().values("pk")))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, arg_joiner=" = ANY(ARRAY", template="%(expressions)s)"
        )


def found_through(column, model, word):
    """The rows whose ``column`` points at a ``model`` row whose folded text holds ``word``."""
    return Q(InSubquery(column, model._base_manager.filter(matching(word, "search_text"))))


class SearchTextQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create calls neither save() nor pre_save: fold here, or the rows are unfindable.
        objs = list(objs)
        for obj in objs:
            obj.fold_search_text()
        return super().bulk_create(objs, *args, **kwargs)


class SearchText(models.Model):
    """A model whose ``folded_fields`` are searched through one folded column, ``search_text``."""

    folded_fields = ()
    folded_columns = ("search_text",)  # what fold_search_text() writes

    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fold_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.folded_columns}
        super().save(*args, **kwargs)

    def fold_search_text(self):
        self.search_text = folded(*(getattr(self, name) for name in self.folded_fields))


@receiver(pre_save, dispatch_uid="carenet.common.search.fold_loaded_rows")
def fold_loaded_rows(sender, instance, raw, **kwargs):
    # loaddata (the seed fixtures) saves rows without calling save().
    if raw and isinstance(instance, SearchText):
        instance.fold_search_text()


def refold(model, fields, column="search_text", batch=500):
    """Fold ``fields`` into ``column`` again for every row: for migrations that change what is
    folded or how (historical models have no fold_search_text())."""
    rows = []
    for row in model.objects.only("pk", *fields).iterator(chunk_size=batch):
        setattr(row, column, folded(*(getattr(row, name) for name in fields)))
        rows.append(row)
    model.objects.bulk_update(rows, [column], batch_size=batch)


# --- Finding people in encrypted records: a keyed index, never a decryption of every row ---

PHONE_PUNCTUATION = str.maketrans("", "", "-‐－ー()（） +")


def _phone_digits(text):
    digits = search_key(text).translate(PHONE_PUNCTUATION)
    return digits if len(digits) >= 4 and digits.isascii() and digits.isdigit() else ""


def person_keys(word):
    """What one word of a search may be: a name or reading (kana- and width-blind, with the
    reading of kanji), a phone number in any punctuation, or an e-mail address."""
    keys = [f"name:{key}" for key in keys_of(word) if key]
    if digits := _phone_digits(word):
        keys.append(f"tel:{digits}")
    if "@" in word:
        keys.append(f"mail:{search_key(word)}")
    return keys


def blind(key):
    """A keyed hash (HMAC-SHA256 under SEARCH_INDEX_KEY): equal for equal keys, and without
    the key no guess can be checked against the index. 64 bits are plenty to tell names apart."""
    secret = settings.SEARCH_INDEX_KEY.encode()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:16]


def person_index(names=(), phones=(), emails=()):
    """The index of a record: each name whole and word by word, each phone, each e-mail.

    Whole words only: a prefix index would make the names far easier to guess back.
    """
    keys = set()
    for name in filter(None, names):
        for part in (name, *name.split()):
            keys.update(person_keys(part))
    keys.update(f"tel:{digits}" for digits in map(_phone_digits, phones) if digits)
    keys.update(f"mail:{search_key(email)}" for email in emails if email)
    return f" {' '.join(sorted(blind(key) for key in keys))} " if keys else ""


@models.TextField.register_lookup
class HoldsPersonKey(models.Lookup):
    """``person_index__holds_key=[hash, …]``: the index holds at least one of the hashes.

    A ``LIKE '% hash %'`` for each hash, which reads every row; on PostgreSQL the index split
    into an array overlaps the hashes, which a GIN index over that same expression answers
    (``string_to_array(person_index, ' ')``, made by the models' migrations on PostgreSQL).
    """

    lookup_name = "holds_key"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        like = " OR ".join(f"{lhs} LIKE %s" for _ in self.rhs)
        return f"({like})", [param for key in self.rhs for param in (*lhs_params, f"% {key} %")]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"string_to_array({lhs}, ' ') && %s::text[]", [*lhs_params, list(self.rhs)]


def matching_person(words, column="person_index"):
    """Every word found among a record's indexed keys (any of the word's readings will do)."""
    query = Q()
    for word in words.split():
        keys = tuple(blind(key) for key in person_keys(word))
        query &= Q(**{f"{column}__holds_key": keys}) if keys else Q(pk__in=[])
    return query


class PersonIndexQuerySet(models.QuerySet):
    def matching_name(self, words):
        """Records whose person's name, reading, phone or e-mail is each of ``words``."""
        if not words.split():
            return self.none()
        return self.filter(matching_person(words))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.index_person()
        return super().bulk_create(objs, *args, **kwargs)


class PersonIndexed(models.Model):
    """A record about a person whose contact fields are encrypted: found by ``person_index``."""

    person_names = ()
    person_phones = ()
    person_emails = ()

    person_index = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.index_person()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "person_index"}
        super().save(*args, **kwargs)

    def index_person(self):
        self.person_index = person_index(
            names=[getattr(self, name) for name in self.person_names],
            phones=[getattr(self, name) for name in self.person_phones],
            emails=[getattr(self, name) for name in self.person_emails],
        )


@receiver(pre_save, dispatch_uid="carenet.common.search.index_loaded_people")
def index_loaded_people(sender, instance, raw, **kwargs):
    if raw and isinstance(instance, PersonIndexed):
        instance.index_person()


def reindex_people(model, names=(), phones=(), emails=(), batch=500):
    """Build ``person_index`` again for every row: for migrations (historical models have no
    index_person()) and for ``manage.py reencrypt`` after SEARCH_INDEX_KEY changed."""
    rows = []
    for row in model._default_manager.iterator(chunk_size=batch):
        row.person_index = person_index(
            names=[getattr(row, name) for name in names],
            phones=[getattr(row, name) for name in phones],
            emails=[getattr(row, name) for name in emails],
        )
        rows.append(row)
    model._default_manager.bulk_update(rows, ["person_index"], batch_size=batch)
    return len(rows)


# --- Indexes for `LIKE '%word%'` on folded columns, made on PostgreSQL only (decision 0018) ---


class PostgresSearchIndexes(migrations.operations.base.Operation):
    """GIN indexes on folded columns, made only on PostgreSQL.

    A search is a plain `contains` on every database; PostgreSQL serves it from these indexes
    and SQLite scans, as it always did. ``indexes`` are (index name, table, column).
    """

    reversible = True
    reduces_to_sql = True
    setup_sql = ()
    index_sql = ""

    def __init__(self, indexes):
        self.indexes = indexes

    def state_forwards(self, app_label, state):
        pass  # no model state: the index is not in any Meta, so no backend but PostgreSQL sees it

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in self.setup_sql:
            schema_editor.execute(sql)
        for name, table, column in self.indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
                + self.index_sql.format(column=column)
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in self.indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    def describe(self):
        return f"{self.__class__.__name__} (PostgreSQL only): " + ", ".join(
            n for n, _, _ in self.indexes
        )

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"indexes": self.indexes})


class TrigramIndexes(PostgresSearchIndexes):
    """pg_trgm indexes: they serve `LIKE '%…%'` as it is, for words of three characters or more."""

    setup_sql = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",)
    index_sql = "({column} gin_trgm_ops)"


class ShortPieceIndexes(PostgresSearchIndexes):
    """Indexes of every piece of one and two characters of a text: for the short words that
    trigrams cannot serve (体操, 会館, 茶), which Japanese is full of.

    The text is split once and paired by position: ``substr`` in a loop reads UTF-8 from the
    start every time, ten times slower. The function's high COST keeps the planner from
    calling it row by row where the index can answer. It stays when the indexes are dropped
    (other tables' indexes may use it).
    """

    setup_sql = (
        f"""CREATE OR REPLACE FUNCTION {SHORT_PIECES}(t text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 10000 AS $$
          SELECT array_agg(ch) || array_agg(ch || next) FROM (
            SELECT ch, lead(ch, 1, '') OVER (ORDER BY n) AS next
            FROM unnest(string_to_array(t, NULL)) WITH ORDINALITY AS chars(ch, n)
          ) AS pairs
        $$""",
    )
    index_sql = f"({SHORT_PIECES}({{column}}))"


@models.TextField.register_lookup
class FoldedContains(models.Lookup):
    """``search_text__folded_contains=key``: ``contains``, served on PostgreSQL by an index
    whatever the key's length: pg_trgm's for three characters or more, and for one or two the
    index of short pieces, for the columns that have one (a model's ``short_pieces_columns``)."""

    lookup_name = "folded_contains"

    def as_postgresql(self, compiler, connection):
        target = getattr(self.lhs, "target", None)
        if (
            is_short(self.rhs)
            and target is not None
            and target.name in getattr(target.model, "short_pieces_columns", ())
        ):
            # strpos() first: where the index is not used (a list walked in its own order, the
            # re-check of a row found otherwise) it rules a row out without making its pieces.
            # Not LIKE, which the trigram index would offer to serve by reading itself whole.
            lhs, lhs_params = self.process_lhs(compiler, connection)
            test = f"(strpos({lhs}, %s) > 0 AND {SHORT_PIECES}({lhs}) @> ARRAY[%s]::text[])"
            return test, [*lhs_params, self.rhs, *lhs_params, self.rhs]
        return self.as_sql(compiler, connection)

    def as_sql(self, compiler, connection):
        return compiler.compile(Contains(self.lhs, self.rhs))
