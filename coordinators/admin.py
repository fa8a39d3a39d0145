from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from carenet.directory.admin_base import DirectoryAdmin
from coordinators import accounts, second_factor
from coordinators.models import AccountEvent, Coordinator, StaffProfile
from coordinators.roles import ROLES

User = get_user_model()


@admin.register(Coordinator)
class CoordinatorAdmin(DirectoryAdmin):
    list_display = ["__str__", "role_label", "municipality", "area_names", "order"]
    list_filter = ["municipality", "role", "layer"]
    list_select_related = ["municipality"]
    search_fields = ["family_name", "family_name_kana", "areas__name"]
    autocomplete_fields = ["areas", "organisation", "activity_site", "contact"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description=_("役割"))
    def role_label(self, coordinator):
        return coordinator.role_label

    @admin.display(description=_("担当地域"))
    def area_names(self, coordinator):
        return coordinator.area_names


class NotSelfMixin:
    """An access administrator manages other people's access, never their own."""

    def owner_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self.may_manage(request, self.owner_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not self.may_manage(request, self.owner_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    @staticmethod
    def may_manage(request, user):
        if user is None:
            return True
        if user.pk == request.user.pk:
            return False
        return request.user.is_superuser or not user.is_superuser


def managed_users(request):
    users = User.objects.exclude(pk=request.user.pk)
    return users if request.user.is_superuser else users.exclude(is_superuser=True)


class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["user", "municipality", "scope", "areas", "coordinator"]

    def clean(self):
        cleaned = super().clean()
        city, areas = cleaned.get("municipality"), cleaned.get("areas")
        if city and areas and any(area.municipality_id != city.pk for area in areas):
            self.add_error("areas", _("担当地域は、選んだ市の地域から選んでください。"))
        coordinator = cleaned.get("coordinator")
        if city and coordinator and coordinator.municipality_id != city.pk:
            self.add_error("coordinator", _("同じ市のコーディネーターを選んでください。"))
        return cleaned


@admin.register(StaffProfile)
class StaffProfileAdmin(NotSelfMixin, SimpleHistoryAdmin):
    form = StaffProfileForm
    list_display = ["user", "municipality", "scope", "coordinator"]
    list_filter = ["municipality", "scope"]
    list_select_related = ["user", "municipality", "coordinator__municipality"]  # in its name
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    autocomplete_fields = ["user", "coordinator"]
    filter_horizontal = ["areas"]

    def owner_of(self, obj):
        return obj.user

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = managed_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.may_manage(request, obj.user):
            raise PermissionDenied(_("自分自身の担当は変更できません。"))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = form.instance
        areas = "・".join(area.name for area in profile.areas.all()) or "—"
        details = _("市: %(city)s\n範囲: %(scope)s\n担当地域: %(areas)s") % {
            "city": profile.municipality.name,
            "scope": profile.get_scope_display(),
            "areas": areas,
        }
        accounts.record(request.user, profile.user, AccountEvent.Action.PROFILE, details)

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        accounts.record(request.user, user, AccountEvent.Action.PROFILE_REMOVED)

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            self.delete_model(request, profile)


admin.site.unregister(User)
# A device's page shows its secret key: nobody reads it; the access administrator resets instead.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(User)
class StaffUserAdmin(NotSelfMixin, UserAdmin):
    """Accounts by role groups only: no superuser flag and no single permissions here."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("氏名・連絡先"), {"fields": [("last_name", "first_name"), "email"]}),
        (_("権限"), {"fields": ["is_active", "is_staff", "groups"]}),
        (_("記録"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "last_name", "first_name", "is_active", "role_names", "otp"]
    list_filter = ["is_active", "is_staff", "groups"]
    filter_horizontal = ["groups"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        users = super().get_queryset(request).prefetch_related("groups")
        users = users.annotate(has_app=Exists(app))
        return users if request.user.is_superuser else users.exclude(is_superuser=True)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            # Making more access administrators is for the break-glass account only.
            kwargs["queryset"] = Group.objects.exclude(name=str(ROLES["access_admin"].name))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("役割"))
    def role_names(self, user):
        return "・".join(group.name for group in user.groups.all()) or "—"

    @admin.display(description=_("2段階認証"), boolean=True, ordering="has_app")
    def otp(self, user):
        return user.has_app

    def save_model(self, request, obj, form, change):
        if change and not self.may_manage(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not change:
            accounts.record(request.user, user, AccountEvent.Action.CREATED)
        elif form.changed_data:
            groups = "・".join(group.name for group in user.groups.all()) or "—"
            details = _("変更した項目: %(fields)s\n役割: %(groups)s\n有効: %(active)s") % {
                "fields": ", ".join(form.changed_data),
                "groups": groups,
                "active": _("はい") if user.is_active else _("いいえ"),
            }
            accounts.record(request.user, user, AccountEvent.Action.CHANGED, details)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and not self.may_manage(request, user):
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and user is not None:
            accounts.record(request.user, user, AccountEvent.Action.PASSWORD)
        return response

    @admin.action(description=_("2段階認証をリセットする（スマートフォンをなくしたとき）"))
    def reset_second_factor(self, request, queryset):
        users = [u for u in queryset if self.may_manage(request, u)]
        for user in users:
            second_factor.reset_devices(user)
            accounts.record(request.user, user, AccountEvent.Action.DEVICE_RESET)
        self.message_user(
            request,
            _("%(n)d人の2段階認証をリセットしました。次のログインで登録し直します。")
            % {"n": len(users)},
            messages.SUCCESS,
        )


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "target", "actor"]
    list_filter = ["action"]
    search_fields = ["target__username", "actor__username"]
    list_select_related = ["target", "actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
