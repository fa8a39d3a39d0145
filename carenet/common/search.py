"""Searching in Japanese: text folded once when a row is saved, and words folded the same way.

Folding (``carenet.common.text.search_key``) cannot run in SQL, so each searchable model keeps
its folded text in a column; a search is then a plain ``contains`` on every database.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver

from carenet.common.text import search_key

# Whitespace, which search_key strips from every word: no word can match across two fields.
FIELD_SEPARATOR = "\n"


def folded(*parts):
    return FIELD_SEPARATOR.join(search_key(part) for part in parts)


def matching(words, *columns):
    """Every word, folded, in one of the folded ``columns``: さろん, ｻﾛﾝ and サロン alike."""
    query = Q()
    for word in words.split():
        key = search_key(word)
        query &= reduce(or_, (Q(**{f"{column}__contains": key}) for column in columns))
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

    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fold_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def fold_search_text(self):
        self.search_text = folded(*(getattr(self, name) for name in self.folded_fields))


@receiver(pre_save, dispatch_uid="carenet.common.search.fold_loaded_rows")
def fold_loaded_rows(sender, instance, raw, **kwargs):
    # loaddata (the seed fixtures) saves rows without calling save().
    if raw and isinstance(instance, SearchText):
        instance.fold_search_text()
