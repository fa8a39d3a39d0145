"""Organisations (包括支援センター, 社協 …) and the venues where things happen."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.readings import READING_HELP, FillsReading
from carenet.common.search import SearchText, SearchTextQuerySet
from carenet.directory.access import DirectoryScope
from carenet.directory.models.cities import Area, Municipality


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("行政")
        SOCIAL_WELFARE_COUNCIL = "shakyo", _("社会福祉協議会")
        SOCIAL_WELFARE_CORP = "swc", _("社会福祉法人")
        NPO = "npo", _("NPO")
        ASSOCIATION = "association", _("一般社団法人")
        COMPANY = "company", _("民間企業")
        SCHOOL = "school", _("学校")
        RESIDENTS = "residents", _("住民団体・市民団体")
        CARE_CENTRE = "care_centre", _("地域包括支援センター")
        OTHER = "other", _("その他")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("市区町村"),
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("説明"), blank=True)
    url = models.URLField(_("ホームページ"), blank=True)
    phone = models.CharField(_("電話"), max_length=20, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "name"]
        verbose_name = _("団体・機関")
        verbose_name_plural = _("団体・機関")

    def __str__(self):
        return self.name


class Venue(FillsReading, SearchText):
    """A building where things happen: a community centre, a meeting hall, a café."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="venues", verbose_name=_("市区町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("地域"),
    )
    name = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True, help_text=READING_HELP)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    phone = models.CharField(_("電話"), max_length=20, blank=True)
    opening_hours = models.CharField(_("開館時間"), max_length=200, blank=True)
    access = models.CharField(_("行き方"), max_length=200, blank=True)
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("経度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)

    folded_fields = (
        "name",
        "name_kana",
        "address",
    )  # what the place search looks at (SalonQuerySet.search)
    short_pieces_columns = ("search_text",)  # on PostgreSQL (ShortPieceIndexes): 会館
    objects = SearchTextQuerySet.as_manager()

    directory_scope = DirectoryScope()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["municipality__order", "name"]
        verbose_name = _("会場・施設")
        verbose_name_plural = _("会場・施設")

    def __str__(self):
        return self.name

    @property
    def full_address(self):
        if not self.address:
            return ""
        return f"{self.municipality.prefecture}{self.municipality.name}{self.address}"

    @property
    def map_query(self):
        if self.latitude is not None and self.longitude is not None:
            return f"{self.latitude},{self.longitude}"
        return self.full_address or self.name
