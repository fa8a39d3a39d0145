"""Admins for the records around cases: contact logs, referrals, the access log, topics."""

from django.contrib import admin

from carenet.directory.admin_base import DirectoryAdmin
from consultations.access import ConsultationAccessMixin
from consultations.models import (
    AccessLog,
    ContactLog,
    PurposeNotice,
    Referral,
    Topic,
)
from coordinators.models import staff_profile_of


@admin.register(ContactLog)
class ContactLogAdmin(ConsultationAccessMixin, admin.ModelAdmin):
    """対応記録 across consultations: the calls and visits, and the next step of each."""

    consultation_path = "consultation"
    list_display = ["at", "consultation", "method", "next_step", "next_step_on", "staff"]
    list_filter = ["method", "next_step_on"]
    list_select_related = ["consultation", "staff"]
    autocomplete_fields = ["consultation"]
    fields = [
        "consultation",
        ("at", "method", "minutes"),
        "what_happened",
        ("next_step", "next_step_on"),
        "staff",
    ]
    readonly_fields = ["staff"]
    date_hierarchy = "at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.staff = request.user
        super().save_model(request, obj, form, change)


@admin.register(Referral)
class ReferralAdmin(ConsultationAccessMixin, admin.ModelAdmin):
    """つなぎ先 across consultations: what to check on, and when."""

    consultation_path = "consultation"
    list_display = ["consultation", "__str__", "referred_on", "outcome", "follow_up_on"]
    list_filter = ["outcome"]
    list_select_related = ["consultation", "salon", "organisation"]
    autocomplete_fields = ["consultation", "salon", "organisation"]
    date_hierarchy = "referred_on"


@admin.register(AccessLog)
class AccessLogAdmin(ConsultationAccessMixin, admin.ModelAdmin):
    """Who opened what: readable by supervisors, writable by nobody."""

    consultation_path = "consultation"
    list_display = ["at", "user", "consultation", "via", "purpose"]
    list_filter = ["via", ("user", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "consultation"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        profile = staff_profile_of(request.user)
        return profile is not None and profile.sees_whole_city

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(DirectoryAdmin):
    """Shared by every city: kept by the central role, retired rather than deleted."""

    list_display = ["name", "example", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["name", "example"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PurposeNotice)
class PurposeNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "effective_from"]

    def has_change_permission(self, request, obj=None):
        # A version residents agreed to never changes; publish a new version instead.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
