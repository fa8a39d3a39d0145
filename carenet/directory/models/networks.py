"""Care networks and councils, their member kinds, initiatives and published resources."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.readings import READING_HELP, FillsReading
from carenet.common.search import SearchText, SearchTextQuerySet
from carenet.common.text import month_precision_label
from carenet.directory.access import DirectoryScope
from carenet.directory.models.cities import Area, Municipality
from carenet.directory.models.organisations import Organisation, Venue


class MemberKind(models.Model):
    """A kind of member in a network (住民団体, 行政 …): the seeds name kinds, not members."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    directory_scope = DirectoryScope(city=None)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("構成団体・機関の種類")
        verbose_name_plural = _("構成団体・機関の種類")

    def __str__(self):
        return self.name


class NetworkQuerySet(models.QuerySet):
    def top_level(self):
        """Networks and councils in their own right, not a council's subcommittees."""
        return self.filter(parent__isnull=True)


class Network(FillsReading, models.Model):
    """A care network, a community committee or a city-wide council, and their subcommittees."""

    class Kind(models.TextChoices):
        CARE_NETWORK = "care_network", _("地域ケアネットワーク")
        COMMITTEE = "committee", _("地域福祉推進委員会")
        COUNCIL = "council", _("協議体")
        SUBCOMMITTEE = "subcommittee", _("分科会")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="networks", verbose_name=_("市区町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("地域"),
        help_text=_("市全域の協議体では空にします。"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subcommittees",
        verbose_name=_("親の協議体"),
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    layer = models.PositiveSmallIntegerField(
        _("層"), null=True, blank=True, choices=[(1, _("第1層")), (2, _("第2層"))]
    )
    name = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True, help_text=READING_HELP)
    slug = models.SlugField(
        _("URL名"),
        max_length=100,
        unique=True,
        help_text=_("ローマ字。公開ページのURLになります。"),
    )
    description = models.TextField(_("説明"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("設立年"), null=True, blank=True)
    founded_month = models.PositiveSmallIntegerField(_("設立月"), null=True, blank=True)
    founded_note = models.CharField(_("設立についての注記"), max_length=200, blank=True)
    base = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("活動拠点"),
    )
    member_kinds = models.ManyToManyField(
        MemberKind, blank=True, verbose_name=_("構成団体・機関の種類")
    )
    representative = models.CharField(_("代表者"), max_length=100, blank=True)
    message = models.TextField(_("代表者のことば"), blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = NetworkQuerySet.as_manager()

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "order", "pk"]
        verbose_name = _("ネットワーク・協議体")
        verbose_name_plural = _("ネットワーク・協議体")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:network-detail", kwargs={"slug": self.slug})

    @property
    def founded_label(self):
        return month_precision_label(self.founded_year, self.founded_month)


class InitiativeQuerySet(SearchTextQuerySet):
    def in_areas(self, area_ids):
        """Initiatives of these areas, named by their area or carried by one of their networks,
        with what a card shows (its area, its partners) in a fixed number of queries."""
        return (
            self.filter(Q(area__in=area_ids) | Q(networks__area__in=area_ids))
            .select_related("area")
            .prefetch_related("partners")
            .distinct()
        )


class Initiative(SearchText):
    """Something a network does: 見守り, 講座, 多世代交流, a transport or shopping scheme …"""

    class Kind(models.TextChoices):
        PLACE = "place", _("居場所づくり")
        HEALTH = "health", _("健康づくり")
        COURSE = "course", _("講座・イベント")
        INTERGENERATIONAL = "intergenerational", _("多世代交流")
        WATCHING = "watching", _("見守り・支え合い")
        DAILY_HELP = "daily_help", _("生活支援")
        TRANSPORT = "transport", _("移動支援")
        SHOPPING = "shopping", _("買い物支援")
        TRAINING = "training", _("担い手づくり")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("市区町村"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("地域"),
        help_text=_("市全域の取り組みでは空にします。"),
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="initiatives", verbose_name=_("実施するネットワーク")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="initiatives", verbose_name=_("連携先")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100)
    summary = models.CharField(_("ひとこと"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    examples = models.CharField(
        _("例"), max_length=200, blank=True, help_text=_("読点（、）で区切ります。")
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    # A place is found by what its network does: 「買い物」 finds the salons of a network that runs
    # a shopping service.
    folded_fields = ("name", "summary", "description", "examples")
    objects = InitiativeQuerySet.as_manager()

    directory_scope = DirectoryScope(area="area")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["municipality__order", "order", "pk"]
        verbose_name = _("取り組み")
        verbose_name_plural = _("取り組み")

    def __str__(self):
        return self.name

    @property
    def example_list(self):
        return [part.strip() for part in self.examples.split("、") if part.strip()]


class Resource(models.Model):
    """A printed or online publication residents can pick up: lists, maps, handbooks."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="resources", verbose_name=_("市区町村")
    )
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("説明"), blank=True)
    where_to_get = models.CharField(_("入手できる場所"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "order", "pk"]
        verbose_name = _("配布物・資料")
        verbose_name_plural = _("配布物・資料")

    def __str__(self):
        return self.name
