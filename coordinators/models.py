"""The people residents can turn to: 地域福祉コーディネーター and 生活支援コーディネーター."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.directory.access import DirectoryScope, staff_profile_of
from carenet.directory.models import Area, Contact, Municipality, Organisation

__all__ = ["Coordinator", "StaffProfile", "staff_profile_of"]


class CoordinatorQuerySet(models.QuerySet):
    def with_details(self):
        return self.select_related(
            "municipality", "contact", "organisation", "activity_site"
        ).prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("order")))


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
        help_text=_("所属が公表されているときだけ選びます。"),
    )
    activity_site = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("活動状況を載せているホームページ"),
        help_text=_("活動のようすを自分のホームページに載せている団体。所属とは限りません。"),
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

    directory_scope = DirectoryScope()
    history = HistoricalRecords(m2m_fields=[areas])

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


class StaffProfileQuerySet(models.QuerySet):
    def supervisor_emails(self, municipality_id=None):
        """Where news about a city's staff goes: its whole-city staff (every city's if None)."""
        profiles = self.filter(scope=StaffProfile.Scope.CITY, user__is_active=True)
        if municipality_id is not None:
            profiles = profiles.filter(municipality_id=municipality_id)
        emails = profiles.exclude(user__email="").values_list("user__email", flat=True)
        return sorted(set(emails))


class StaffProfile(models.Model):
    """What a member of staff may see: their city, and either the whole city or some areas.

    Deny by default: a user without a profile, a superuser included, sees no consultation.
    """

    class Scope(models.TextChoices):
        # Neutral words: 第1層/第2層 are Tama's layers of 生活支援コーディネーター, and Mitaka's
        # staff are 地域福祉コーディネーター and supervisors. Both cities use both scopes.
        AREAS = "areas", _("担当地域のみ")
        CITY = "city", _("市全体")

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

    objects = StaffProfileQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[areas])

    class Meta:
        verbose_name = _("職員の担当")
        verbose_name_plural = _("職員の担当")

    def __str__(self):
        return f"{self.user.get_username()}（{self.municipality.name}・{self.get_scope_display()}）"

    @property
    def sees_whole_city(self):
        return self.scope == self.Scope.CITY


class AccountEvent(models.Model):
    """A change to a staff account or its access, made by an access administrator.

    Written by the admin, never edited: who granted what to whom, and when. Each one is also
    mailed to the city's supervisors.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("アカウント作成")
        CHANGED = "changed", _("アカウント変更")
        PASSWORD = "password", _("パスワード再設定")
        PROFILE = "profile", _("担当の変更")
        PROFILE_REMOVED = "profile_removed", _("担当の削除")
        DEVICE_RESET = "device_reset", _("2段階認証のリセット")

    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作した人"),
    )
    target = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="account_events",
        verbose_name=_("対象のアカウント"),
    )
    action = models.CharField(_("内容"), max_length=20, choices=Action.choices)
    details = models.TextField(_("詳細"), blank=True)

    append_only = True  # the database role may insert and read, never update or delete

    class Meta:
        ordering = ["-at"]
        verbose_name = _("アカウントの操作記録")
        verbose_name_plural = _("アカウントの操作記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target}"
