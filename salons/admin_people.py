"""Admin for the people around a place: 世話人 accounts and residents' corrections."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from carenet.common.forms import CleanTextMixin
from carenet.directory import access
from carenet.directory.admin_base import DirectoryAdmin
from salons.models import Organiser


class OrganiserCreationForm(CleanTextMixin, forms.ModelForm):
    """A new 世話人 with a sign-in of their own: not staff, so no admin and no consultation."""

    username = forms.CharField(
        label=_("ログイン名"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("半角英数字。例: yamada-salon"),
    )
    password1 = forms.CharField(label=_("パスワード"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(
        label=_("パスワード（確認）"), strip=False, widget=forms.PasswordInput
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("このログイン名はすでに使われています。"))
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and password != cleaned.get("password2"):
            self.add_error("password2", _("確認のパスワードが一致しません。"))
        elif password:
            user = get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class OrganiserAdmin(DirectoryAdmin):
    list_display = ["name", "login_name", "municipality", "place_names", "is_active"]
    list_filter = ["municipality"]
    list_select_related = ["user", "municipality"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["login_name", "place_names", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("places")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = OrganiserCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["municipality", "name", "username", "password1", "password2", "note"]
        return ["municipality", "name", "login_name", "note", "place_names", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "municipality"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if not access.can_edit(request.user, obj):
            raise PermissionDenied(_("この市の世話人は登録できません。"))
        if change:
            super().save_model(request, obj, form, change)
            return
        created = Organiser.objects.create_with_account(
            form.cleaned_data["username"],
            form.cleaned_data["password1"],
            obj.municipality,
            obj.name,
            obj.note,
        )
        obj.pk, obj.user = created.pk, created.user
        obj._state.adding = False

    @admin.display(description=_("ログイン名"), ordering="user__username")
    def login_name(self, organiser):
        return organiser.user.get_username()

    @admin.display(description=_("担当している通いの場"))
    def place_names(self, organiser):
        names = [salon.name for salon in organiser.places.all()]
        return "・".join(names) or _("（通いの場の画面で、世話人として選んでください）")

    @admin.display(description=_("ログインできる"), boolean=True)
    def is_active(self, organiser):
        return organiser.user.is_active


class ReportStateFilter(admin.SimpleListFilter):
    title = _("対応")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("未対応")), ("resolved", _("対応済み"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


class PlaceReportAdmin(DirectoryAdmin):
    """Residents write these; staff only close them with a note. Never added or deleted here."""

    list_display = ["salon", "received_at", "summary", "is_resolved", "resolved_by_name"]
    list_filter = [ReportStateFilter, "salon__municipality"]
    list_select_related = ["salon"]
    search_fields = ["salon__name", "what"]
    fields = [
        "salon",
        "what",
        "contact",
        "received_at",
        "resolution",
        "resolved_at",
        "resolved_by_name",
    ]
    date_hierarchy = "received_at"

    def get_queryset(self, request):
        # A report may carry a resident's contact: the place's own staff only, not the whole
        # city's directory readers.
        return access.editable(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fields = ["salon", "what", "contact", "received_at", "resolved_at", "resolved_by_name"]
        if obj is not None and obj.is_resolved:
            fields.append("resolution")
        return fields

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.resolution and not obj.is_resolved:
            obj.resolved_at = timezone.now()
            obj.resolved_by = request.user
            obj.resolved_by_name = request.user.get_full_name() or request.user.get_username()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("まちがっているところ"))
    def summary(self, report):
        return Truncator(report.what).chars(60)

    @admin.display(description=_("対応済み"), boolean=True)
    def is_resolved(self, report):
        return report.is_resolved
