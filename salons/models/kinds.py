"""Kinds of gathering place (サロン, 近トレ, 相談サロン …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.readings import READING_HELP, FillsReading
from carenet.common.search import SearchText, word_keys
from carenet.directory.access import DirectoryScope
from carenet.directory.models import Municipality


class Kind(FillsReading, SearchText):
    """A kind of gathering place; 近トレ carries its 3つの約束 and 5つの応援 here."""

    KINTORE = "kintore"  # Tama's 近トレ: its groups are started through carenet.community

    slug = models.SlugField(_("URL名"), unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salon_kinds",
        verbose_name=_("独自の取り組みをする市"),
        help_text=_("近トレのように、ある市が独自に進める種類のときに選びます。"),
    )
    name = models.CharField(_("名称"), max_length=50)
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True, help_text=READING_HELP)
    description = models.TextField(_("説明"), blank=True)
    promises = models.TextField(_("始めるための約束"), blank=True, help_text=_("1行に1つ。"))
    supports = models.TextField(_("応援の内容"), blank=True, help_text=_("1行に1つ。"))
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    # 「体操」 and 「たいそう」 find every 近トレ group: its kind is 介護予防体操.
    folded_fields = ("name", "name_kana", "description")

    directory_scope = DirectoryScope(shared_when_empty=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("通いの場の種類")
        verbose_name_plural = _("通いの場の種類")

    def __str__(self):
        return self.name

    @property
    def is_kintore(self):
        return self.slug == self.KINTORE

    @property
    def promise_list(self):
        return [line.strip() for line in self.promises.splitlines() if line.strip()]

    @property
    def support_list(self):
        return [line.strip() for line in self.supports.splitlines() if line.strip()]


def kinds_found_by(words):
    """{word: ids of the kinds it finds} for each word of a search, from one read of the kinds.

    Matched here, not in SQL: there are a handful of kinds. Given their ids PostgreSQL knows how
    many places they hold; given a subquery it guesses ten ids, which for a column of ten kinds
    is every place, and it then reads every place instead of using the search indexes (0018).
    """
    kinds = list(Kind._base_manager.order_by().values_list("pk", "search_text"))
    return {
        word: {pk for pk, text in kinds if any(key in text for key in keys)}
        for word, keys in zip(words.split(), word_keys(words), strict=True)
    }
