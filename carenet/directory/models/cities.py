"""Cities, their areas, and the contacts residents are given."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.directory.access import DirectoryScope


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


class AreaManager(models.Manager):
    def get_queryset(self):
        # An area is named with its city (__str__): every list of areas (filters, choices,
        # autocomplete) brings the city in the same query. Meta.ordering joins it anyway.
        return super().get_queryset().select_related("municipality")


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

    objects = AreaManager()

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
