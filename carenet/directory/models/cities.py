"""Cities, their areas, and the contacts residents are given."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.readings import READING_HELP, FillsReading
from carenet.common.search import SearchText, SearchTextQuerySet
from carenet.directory.access import DirectoryScope


def code_check_digit(first_five):
    """The sixth digit of a 全国地方公共団体コード, from the first five (三鷹市 13204 → 7)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_five, (6, 5, 4, 3, 2), strict=True)
    )
    return (11 - total % 11) % 10


def is_valid_local_government_code(code):
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and code_check_digit(code[:5]) == int(code[5])
    )


class MunicipalityQuerySet(models.QuerySet):
    def taking_part(self):
        """The cities whose own staff keep their network here: the header's and home's cities."""
        return self.filter(takes_part=True)

    def offered(self, chosen=""):
        """The cities a list's form offers: those taking part, and the one already chosen (a
        link from any city's page), rather than all 1,741 in one menu."""
        return self.filter(Q(takes_part=True) | Q(slug=chosen))


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
    # What the city or its council says about all of its places, of which the directory holds
    # only some: the pages give the directory's count, then say there are more and where to ask.
    places_stated_total = models.PositiveIntegerField(
        _("公表されている通いの場の数"),
        null=True,
        blank=True,
        help_text=_(
            "市や社会福祉協議会が公表している、市全体の通いの場の数。分からなければ空にします。"
        ),
    )
    places_stated_total_is_minimum = models.BooleanField(
        _("「この数を超える」と公表"),
        default=False,
        help_text=_("出典が「100カ所を超える」のように、数を超えるとだけ書いているとき。"),
    )
    places_stated_source = models.CharField(_("通いの場の数の出典"), max_length=300, blank=True)
    places_contact = models.ForeignKey(
        "Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ほかの通いの場の問い合わせ先"),
        help_text=_("ここに載っていない通いの場をたずねられる窓口。この市の連絡先から選びます。"),
    )
    # Every municipality of Japan is a row (load_municipalities); most only have places from
    # public lists. A city that takes part runs its care network here: staff, areas, help lines.
    takes_part = models.BooleanField(
        _("ポータルに参加している"),
        default=False,
        help_text=_(
            "市や社会福祉協議会が、このポータルで地域の情報を載せ、相談を受けているとき。"
            "ヘッダーとトップページに市として出ます。"
        ),
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = MunicipalityQuerySet.as_manager()
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

    def clean(self):
        super().clean()
        # In clean(), not as a field validator: no migration for a rule that only forms apply.
        if self.code and not is_valid_local_government_code(self.code):
            raise ValidationError(
                {"code": _("6桁の全国地方公共団体コード（最後の1桁は検査数字）を入れてください。")}
            )
        if self.places_contact_id and self.places_contact.municipality_id != self.pk:
            raise ValidationError({"places_contact": _("この市の連絡先を選んでください。")})
        if self.places_stated_total is None and (
            self.places_stated_total_is_minimum or self.places_stated_source
        ):
            raise ValidationError({"places_stated_total": _("公表されている数を入れてください。")})

    @property
    def consultation_example_list(self):
        return [line.strip() for line in self.consultation_examples.splitlines() if line.strip()]


class ContactQuerySet(models.QuerySet):
    def help_lines(self):
        """The numbers residents are given wherever they are stuck: footer, 404, 500, flyers."""
        return self.filter(is_help_line=True).select_related("municipality")

    def help_lines_by_city(self, city_ids):
        """{city id: [help line, …]}, in one query for any number of cities."""
        by_city = defaultdict(list)
        for line in self.help_lines().filter(municipality__in=city_ids):
            by_city[line.municipality_id].append(line)
        return by_city


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
        return self.name_with_city

    @property
    def name_with_city(self):
        """The label with its city named once: 「三鷹市 地域福祉課」, not 「三鷹市 三鷹市 …」."""
        if not self.municipality_id:
            return self.label
        city = self.municipality.name
        return self.label if self.label.startswith(city) else f"{city} {self.label}"


class AreaQuerySet(SearchTextQuerySet):
    def by_filter_key(self, key):
        """The area a ?area=… value names (see Area.filter_key), or None."""
        return self.filter(Area.filter_key_condition(key)).first()

    def offered(self, city_slug="", chosen=""):
        """The areas a list's form offers: the chosen city's, else those of the cities taking part
        (not every area in the country), and always the one already chosen."""
        where = Q(municipality__slug=city_slug) if city_slug else Q(municipality__takes_part=True)
        return self.filter(where | Area.filter_key_condition(chosen))

    def family_of(self, area):
        """The area itself and the districts it holds (a 圏域 and its committee districts)."""
        return self.filter(Q(pk=area.pk) | Q(parent_id=area.pk))

    def unassigned_districts(self, city):
        """Committee districts whose 圏域 is not known yet (要確認): staff link them by hand."""
        return self.filter(municipality=city, kind=Area.Kind.COMMUNITY, parent__isnull=True)


class AreaManager(models.Manager.from_queryset(AreaQuerySet)):
    def get_queryset(self):
        # An area is named with its city (__str__): every list of areas (filters, choices,
        # autocomplete) brings the city in the same query. Meta.ordering joins it anyway.
        return super().get_queryset().select_related("municipality")


class Area(FillsReading, SearchText):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("コミュニティ住区")
        DAILY_LIVING = "daily_living", _("日常生活圏域（地域包括支援センター圏域）")
        COMMUNITY = "community", _("地域福祉推進委員会の地区")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="areas", verbose_name=_("市区町村")
    )
    kind = models.CharField(_("区分"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("地域名"), max_length=50)
    name_kana = models.CharField(_("よみがな"), max_length=50, blank=True, help_text=READING_HELP)
    slug = models.SlugField(
        _("URL名"),
        help_text=_(
            "ローマ字。市の中で重ならない名前にします。印刷物のQRコードに使うので変えないでください。"
        ),
    )
    # The /areas/<slug>/ address printed before areas were named within their city
    # (docs/decisions/0017): it answers for ever, as a redirect. New areas have none.
    legacy_slug = models.SlugField(
        _("以前のURL名"), unique=True, null=True, blank=True, editable=False
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="districts",
        verbose_name=_("含まれる圏域"),
        help_text=_(
            "この地区を含む日常生活圏域。公的な資料で確かめられたときだけ選び、"
            "分からなければ空のままにします（要確認）。"
        ),
    )
    description = models.TextField(_("説明"), blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    folded_fields = ("name", "name_kana")  # a place is found by its area's name
    short_pieces_columns = ("search_text",)  # on PostgreSQL (ShortPieceIndexes): 体操, 茶
    objects = AreaManager()

    directory_scope = DirectoryScope()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["municipality__order", "kind", "order", "pk"]
        verbose_name = _("地域")
        verbose_name_plural = _("地域")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="area_unique_name_in_city"
            ),
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                name="area_unique_slug_in_city",
                violation_error_message=_("この市には同じURL名の地域がもうあります。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.municipality.name}）"

    def get_absolute_url(self):
        return self.url_for("area-detail")

    def url_for(self, name):
        """The area's pages live under its city: /mitaka/areas/inokashira/flyer/."""
        return reverse(
            f"carenet:{name}", kwargs={"city": self.municipality.slug, "slug": self.slug}
        )

    @staticmethod
    def filter_key_condition(key):
        """The area named by a filter_key, as a condition (none for an empty key)."""
        city, _slash, slug = str(key).rpartition("/")
        if city:
            return Q(municipality__slug=city, slug=slug)
        return Q(legacy_slug=key) if key else Q(pk__in=[])

    @property
    def filter_key(self):
        """How lists are filtered by this area (?area=…): its old slug where it had one, so that
        links made before stay the same, else city/slug, which is unique in the country."""
        return self.legacy_slug or f"{self.municipality.slug}/{self.slug}"

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk is not None and (parent.pk == self.pk or parent.parent_id == self.pk):
            raise ValidationError(
                {"parent": _("地域を、それ自身やその中の地区の中に入れることはできません。")}
            )
        if parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("ほかの市の地域の中には入れられません。")})
        # Two levels only (圏域 ⊃ 地区): the pages then gather a family in one query, and no
        # longer chain can ever loop back on itself.
        if parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": _(
                        "「%(name)s」はほかの圏域の中の地区なので、その中には入れられません。"
                    )
                    % {"name": parent.name}
                }
            )
        if self.pk is not None and self.districts.exists():
            raise ValidationError(
                {"parent": _("この地域には地区が入っているので、ほかの中には入れられません。")}
            )

    def with_districts(self):
        """This area and the districts it holds, for gathering their places and initiatives."""
        return Area.objects.family_of(self)

    @property
    def holds_districts(self):
        """A 日常生活圏域 is where committee districts are gathered."""
        return self.kind == self.Kind.DAILY_LIVING

    def printed_url(self, source="flyer"):
        return f"{settings.SITE_URL}{self.get_absolute_url()}?src={source}"
