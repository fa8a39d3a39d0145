from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from salons.forms import ScheduleForm
from salons.models import Kind, Salon, SalonAlias, Schedule, ScheduleException


class ScheduleInline(admin.StackedInline):
    model = Schedule
    form = ScheduleForm
    extra = 0
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("frequency", "interval"),
                    ("week_of_month", "weekday"),
                    ("start_time", "end_time"),
                ]
            },
        ),
        (_("開催月・回数"), {"fields": ["months", "times_per_year"]}),
        (
            _("休み・期間"),
            {"fields": [("skip_holidays", "skip_year_end"), ("valid_from", "valid_until")]},
        ),
    ]


class ScheduleExceptionInline(admin.TabularInline):
    model = ScheduleException
    extra = 0


class SalonAliasInline(admin.TabularInline):
    model = SalonAlias
    extra = 0
    readonly_fields = ["slug", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Salon)
class SalonAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "municipality",
        "area",
        "kind",
        "schedule_summary",
        "status",
        "is_sample",
    ]
    list_filter = ["municipality", "status", "kind", "is_sample", "area"]
    list_select_related = ["municipality", "area", "kind"]
    search_fields = ["name", "name_kana", "slug", "venue__name", "description"]
    autocomplete_fields = ["area", "network", "venue", "contact"]
    inlines = [ScheduleInline, ScheduleExceptionInline, SalonAliasInline]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "area",
                    "kind",
                    "name",
                    "name_kana",
                    "slug",
                    "description",
                ]
            },
        ),
        (_("状態"), {"fields": ["status", "status_note"]}),
        (
            _("運営・会場"),
            {
                "fields": [
                    "network",
                    "organiser",
                    "venue",
                    "venue_note",
                    "contact",
                    "fee",
                    "capacity",
                ]
            },
        ),
        (_("記録"), {"fields": ["source", "is_sample", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("schedules")

    @admin.display(description=_("日程"))
    def schedule_summary(self, salon):
        return " / ".join(salon.schedule_words()) or "—"


@admin.register(Kind)
class KindAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "municipality", "order"]
    search_fields = ["name", "slug"]
