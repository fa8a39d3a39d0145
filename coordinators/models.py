"""The people residents can turn to: 地域福祉コーディネーター and 生活支援コーディネーター."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from carenet.models import Area, Contact, Municipality, Organisation


class CoordinatorQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related("municipality", "contact", "organisation").prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("order"))
        )


class Coordinator(models.Model):
    class Role(models.TextChoices):
        COMMUNITY_WELFARE = "community_welfare", _("地域福祉コーディネーター")
        LIFE_SUPPORT = "life_support", _("生活支援コーディネーター")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="coordinators",
        verbose_name=_("市区町村"),
    )
    family_name = models.CharField(
        _("姓"), max_length=30, blank=True, help_text=_("公開されていない場合は空にします。")
    )
    family_name_kana = models.CharField(_("姓のよみがな"), max_length=30, blank=True)
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    layer = models.PositiveSmallIntegerField(
        _("層"), null=True, blank=True, choices=[(1, _("第1層")), (2, _("第2層"))]
    )
    also_community_welfare = models.BooleanField(_("地域福祉コーディネーターを兼務"), default=False)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="coordinators", verbose_name=_("担当地域")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinators",
        verbose_name=_("所属"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinators",
        verbose_name=_("連絡先"),
    )
    description = models.TextField(_("役割の説明"), blank=True)
    message = models.TextField(_("ひとこと"), blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    objects = CoordinatorQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__order", "order", "pk"]
        verbose_name = _("コーディネーター")
        verbose_name_plural = _("コーディネーター")

    def __str__(self):
        return f"{self.family_name or self.role_label}（{self.municipality.name}）"

    @property
    def role_label(self):
        if self.layer:
            return f"第{self.layer}層{self.get_role_display()}"
        return self.get_role_display()

    @property
    def area_names(self):
        return "・".join(area.name for area in self.areas.all())


class StaffProfile(models.Model):
    """What a member of staff may see: their city, and either the whole city or some areas.

    Deny by default: a user without a profile, a superuser included, sees no consultation.
    """

    class Scope(models.TextChoices):
        AREAS = "areas", _("担当地域のみ（地域福祉コーディネーター・第2層）")
        CITY = "city", _("市全体（スーパーバイザー・第1層）")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("ユーザー"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="staff", verbose_name=_("市区町村")
    )
    scope = models.CharField(_("見られる範囲"), max_length=10, choices=Scope.choices)
    areas = models.ManyToManyField(
        Area, blank=True, related_name="staff", verbose_name=_("担当地域")
    )
    coordinator = models.OneToOneField(
        Coordinator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_profile",
        verbose_name=_("名簿上のコーディネーター"),
    )

    class Meta:
        verbose_name = _("職員の担当")
        verbose_name_plural = _("職員の担当")

    def __str__(self):
        return f"{self.user.get_username()}（{self.municipality.name}・{self.get_scope_display()}）"

    @property
    def sees_whole_city(self):
        return self.scope == self.Scope.CITY


def staff_profile_of(user):
    """The profile of an active staff user, or None."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None
