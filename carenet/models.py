"""Municipalities, their areas, care networks and councils, organisations, venues and initiatives.

A city is data, never a branch in code: Mitaka's コミュニティ住区 and Tama's 日常生活圏域 are both
``Area`` rows, and a ケアネット, a 地域福祉推進委員会 and まるっと協議体 are all ``Network`` rows.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.access import DirectoryScope
from carenet.text import month_precision_label


class Municipality(models.Model):
    name = models.CharField(_("市区町村名"), max_length=50)
    name_kana = models.CharField(_("よみがな"), max_length=50, blank=True)
    slug = models.SlugField(_("URL名"), unique=True)
    code = models.CharField(_("全国地方公共団体コード"), max_length=6, unique=True)
    prefecture = models.CharField(_("都道府県名"), max_length=10)
    tagline = models.CharField(_("ひとこと"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    coordinator_intro = models.TextField(_("コーディネーターの紹介"), blank=True)
    consultation_examples = models.TextField(
        _("寄せられている相談の例"), blank=True, help_text=_("1行に1つ。")
    )
    area_note = models.TextField(
        _("地域区分についての注記"),
        blank=True,
        help_text=_("分かっていない地域名などを、推測せずに書きます。"),
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    directory_scope = DirectoryScope(city="pk", city_edits=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("市区町村")
        verbose_name_plural = _("市区町村")
        permissions = [("edit_all_cities", _("すべての市の名簿と共通データを編集できる"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("carenet:municipality-detail", kwargs={"slug": self.slug})

    @property
    def consultation_example_list(self):
        return [line.strip() for line in self.consultation_examples.splitlines() if line.strip()]


class ContactQuerySet(models.QuerySet):
    def help_lines(self):
        """The numbers residents are given wherever they are stuck: footer, 404, 500, flyers."""
        return self.filter(is_help_line=True).select_related("municipality")


class Contact(models.Model):
    """A way for a resident to reach someone: a phone line, a counter, an e-mail address."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("市区町村")
    )
    label = models.CharField(_("窓口名"), max_length=100)
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("団体・機関"),
    )
    purpose = models.CharField(_("こんなときに"), max_length=200, blank=True)
    phone = models.CharField(_("電話"), max_length=20, blank=True)
    fax = models.CharField(_("FAX"), max_length=20, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    note = models.TextField(_("備考"), blank=True)
    is_help_line = models.BooleanField(
        _("トップページの相談窓口に出す"),
        default=False,
        help_text=_("「困ったときは」に載せます。"),
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = ContactQuerySet.as_manager()

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "order", "pk"]
        verbose_name = _("連絡先")
        verbose_name_plural = _("連絡先")

    def __str__(self):
        return f"{self.municipality.name} {self.label}" if self.municipality_id else self.label

    @property
    def tel_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit())


class AreaQuerySet(models.QuerySet):
    def in_city(self, municipality):
        return self.filter(municipality=municipality)


class Area(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("コミュニティ住区")
        DAILY_LIVING = "daily_living", _("日常生活圏域（地域包括支援センター圏域）")
        COMMUNITY = "community", _("地域福祉推進委員会の地区")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="areas", verbose_name=_("市区町村")
    )
    kind = models.CharField(_("区分"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("地域名"), max_length=50)
    name_kana = models.CharField(_("よみがな"), max_length=50, blank=True)
    slug = models.SlugField(
        _("URL名"),
        unique=True,
        help_text=_("ローマ字。印刷物のQRコードに使うので変えないでください。"),
    )
    description = models.TextField(_("説明"), blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = AreaQuerySet.as_manager()

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "kind", "order", "pk"]
        verbose_name = _("地域")
        verbose_name_plural = _("地域")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="area_unique_name_in_city"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.municipality.name}）"

    def get_absolute_url(self):
        return reverse("carenet:area-detail", kwargs={"slug": self.slug})

    def printed_url(self, source="flyer"):
        return f"{settings.SITE_URL}{self.get_absolute_url()}?src={source}"


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


class Venue(models.Model):
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
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True)
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

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

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


class Network(models.Model):
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
    name_kana = models.CharField(_("よみがな"), max_length=100, blank=True)
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

    directory_scope = DirectoryScope()
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__order", "order", "pk"]
        verbose_name = _("ネットワーク・協議体")
        verbose_name_plural = _("ネットワーク・協議体")

    def __str__(self):
        return self.name

    @property
    def founded_label(self):
        return month_precision_label(self.founded_year, self.founded_month)


class Initiative(models.Model):
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

    directory_scope = DirectoryScope(area="area")
    history = HistoricalRecords()

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
