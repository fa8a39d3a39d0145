from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coordinators.models import Coordinator, StaffProfile


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role_label", "municipality", "area_names", "order"]
    list_filter = ["municipality", "role", "layer"]
    list_select_related = ["municipality"]
    search_fields = ["family_name", "family_name_kana", "areas__name"]
    autocomplete_fields = ["areas", "organisation", "contact"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description=_("役割"))
    def role_label(self, coordinator):
        return coordinator.role_label

    @admin.display(description=_("担当地域"))
    def area_names(self, coordinator):
        return coordinator.area_names


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "scope", "coordinator"]
    list_filter = ["municipality", "scope"]
    list_select_related = ["user", "municipality", "coordinator"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    autocomplete_fields = ["user", "areas", "coordinator"]
