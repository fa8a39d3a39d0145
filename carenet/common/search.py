"""Searching in Japanese: text folded once when a row is saved, and words folded the same way.

Folding (``carenet.common.text.search_key``) cannot run in SQL, so each searchable model keeps
its folded text in a column; a search is then a plain ``contains`` on every database. Text with
kanji is kept with its reading too, so that 「たいそう」 finds 体操 and 「にんちしょう」 認知症.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver

from carenet.common.readings import has_kanji, reading_of
from carenet.common.text import search_key, sound_key

# Whitespace, which search_key strips from every word: no word can match across two fields.
FIELD_SEPARATOR = "\n"


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


def word_keys(words):
    """Each word of a search with its keys: any one of them found is the word found."""
    return [keys_of(word) for word in words.split()]


def matching(words, *columns, related=()):
    """Every word, folded, in one of the folded ``columns``: さろん, ｻﾛﾝ and サロン alike.

    ``related`` are functions of a folded word giving a Q of their own (an Exists over a
    many-to-many, say), for what a join would repeat rows for.
    """
    query = Q()
    for keys in word_keys(words):
        query &= reduce(
            or_,
            [Q(**{f"{column}__contains": key}) for key in keys for column in columns]
            + [Q(match(key)) for key in keys for match in related],
        )
    return query


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
