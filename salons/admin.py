from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from carenet.common.dates import month_start
from carenet.directory import access
from carenet.directory.admin_base import (
    CityAreaFilter,
    CityFilter,
    DirectoryAdmin,
    DirectoryInlineMixin,
)
from carenet.directory.models import Contact
from salons.admin_import import PlaceImportAdminMixin
from salons.admin_people import OrganiserAdmin, PlaceReportAdmin
from salons.forms import ScheduleForm
from salons.models import (
    Kind,
    Organiser,
    PlaceCheck,
    PlaceReport,
    Salon,
    SalonAlias,
    SalonVisit,
    Schedule,
    ScheduleException,
)
from salons.views import flyer_context


class ScheduleInline(DirectoryInlineMixin, admin.StackedInline):
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


class ScheduleExceptionInline(DirectoryInlineMixin, admin.TabularInline):
    model = ScheduleException
    extra = 0


class SalonAliasInline(admin.TabularInline):
    model = SalonAlias
    extra = 0
    readonly_fields = ["slug", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SalonVisitInline(admin.TabularInline):
    model = SalonVisit
    extra = 0
    fields = ["month", "source", "count"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("QRコードからの訪問（月ごと）")

    def has_add_permission(self, request, obj=None):
        return False


class PlaceCheckInline(admin.TabularInline):
    """When the listing was confirmed: recorded from the staff worklist (/staff/), never edited."""

    model = PlaceCheck
    extra = 0
    fields = ["confirmed_on", "method", "by_name", "note"]
    readonly_fields = fields
    can_delete = False
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Salon)
class SalonAdmin(PlaceImportAdminMixin, DirectoryAdmin):
    list_display = [
        "name",
        "flyer_link",
        "qr_visits",
        "municipality",
        "area",
        "kind",
        "schedule_summary",
        "status",
        "is_sample",
    ]
    list_filter = [
        ("municipality", CityFilter),
        "status",
        "kind",
        "is_sample",
        ("area", CityAreaFilter),
    ]
    list_select_related = ["municipality", "area__municipality", "kind"]
    search_fields = ["name", "name_kana", "slug", "venue__name", "description"]
    autocomplete_fields = ["area", "network", "venue", "contact", "organisers"]
    inlines = [
        ScheduleInline,
        ScheduleExceptionInline,
        PlaceCheckInline,
        SalonAliasInline,
        SalonVisitInline,
    ]
    actions = ["print_flyers", "export_csv"]
    readonly_fields = ["is_sample", "updated_at"]
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
        (_("世話人"), {"fields": ["organisers"]}),
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
        (
            _("記録"),
            {"fields": ["source", "source_date", "external_id", "is_sample", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        this_month = Q(visits__month=month_start())
        return (
            super()
            .get_queryset(request)
            .prefetch_related("schedules")
            .annotate(qr_visits_this_month=Sum("visits__count", filter=this_month))
            .order_by(*Salon._meta.ordering)  # a grouped query drops Meta.ordering
        )

    def get_urls(self):
        flyers = path(
            "flyers/",
            self.admin_site.admin_view(self.flyers_view),
            name="salons_salon_flyers",
        )
        return [flyers, *super().get_urls()]

    @admin.display(description=_("チラシ"))
    def flyer_link(self, salon):
        url = reverse("salons:salon-flyer", args=[salon.slug])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("チラシを印刷"))

    @admin.display(description=_("今月のQR訪問"), ordering="qr_visits_this_month")
    def qr_visits(self, salon):
        return salon.qr_visits_this_month or 0

    @admin.action(description=_("選んだ通いの場のチラシをまとめて印刷する"))
    def print_flyers(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return redirect(f"{reverse('admin:salons_salon_flyers')}?ids={ids}")

    def flyers_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.strip().isdecimal()]
        salons = access.viewable(request.user, Salon.objects.filter(pk__in=ids))
        salons = list(salons.with_details().order_by("name"))
        lines = Contact.objects.help_lines_by_city({salon.municipality_id for salon in salons})
        flyers = [flyer_context(salon, help_lines=lines[salon.municipality_id]) for salon in salons]
        return render(request, "salons/print/salon_flyers.html", {"flyers": flyers})

    @admin.display(description=_("日程"))
    def schedule_summary(self, salon):
        return " / ".join(salon.schedule_words()) or "—"


@admin.register(Kind)
class KindAdmin(DirectoryAdmin):
    list_display = ["name", "slug", "municipality", "order"]
    list_select_related = ["municipality"]  # may be empty, so not followed by default
    search_fields = ["name", "slug"]


admin.site.register(Organiser, OrganiserAdmin)
admin.site.register(PlaceReport, PlaceReportAdmin)
