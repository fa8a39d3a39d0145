from django.contrib import admin
from django.db.models import Min
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from carenet.directory import access
from carenet.directory.admin_base import DirectoryAdmin, DirectoryInlineMixin, FindsPeopleMixin
from carenet.events.models import Application, Event, Session


class SessionInline(DirectoryInlineMixin, admin.TabularInline):
    model = Session
    extra = 1
    fields = ["date", "start_time", "end_time", "time_note", "status"]


@admin.register(Event)
class EventAdmin(DirectoryAdmin):
    list_display = [
        "title",
        "first_date",
        "municipality",
        "area",
        "kind",
        "status",
        "takes_online_signups",
        "roster_link",
        "is_published",
    ]
    list_filter = ["municipality", "status", "kind", "takes_online_signups", "is_sample", "area"]
    list_select_related = ["municipality", "area__municipality"]
    search_fields = ["title", "title_kana", "slug", "summary", "place_name"]
    autocomplete_fields = ["area", "network", "initiative", "salon", "venue", "contact"]
    inlines = [SessionInline]
    readonly_fields = ["is_sample", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "area",
                    "kind",
                    "title",
                    "title_kana",
                    "slug",
                    "summary",
                    "description",
                    "status",
                    "is_published",
                ]
            },
        ),
        (_("つながり"), {"fields": ["network", "initiative", "salon"]}),
        (
            _("会場"),
            {"fields": ["venue", "place_name", "place_address", "is_online"]},
        ),
        (
            _("参加・申込"),
            {
                "fields": [
                    "target",
                    "capacity",
                    "fee",
                    "how_to_apply",
                    "takes_online_signups",
                    ("apply_by", "apply_by_time"),
                ]
            },
        ),
        (
            _("主催・問い合わせ"),
            {"fields": ["organiser", "contact", "contact_name", "contact_phone", "url"]},
        ),
        (_("記録"), {"fields": ["source", "is_sample", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(first_day=Min("sessions__date"))

    @admin.display(description=_("最初の日"), ordering="first_day")
    def first_date(self, event):
        return event.first_day

    @admin.display(description=_("申込者名簿"))
    def roster_link(self, event):
        if not event.takes_online_signups:
            return "—"
        url = reverse("staff:event-roster", args=[event.slug])
        return format_html('<a href="{}">{}</a>', url, _("名簿"))


@admin.register(Application)
class ApplicationAdmin(FindsPeopleMixin, DirectoryAdmin):
    """Sign-ups hold personal data: the event's own staff only; added through the roster page
    (seats counted there), never deleted (taken back with 取消; erased after the event)."""

    list_display = ["reference", "event", "status", "channel", "party_size", "created_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["event"]
    search_fields = ["reference", "event__title"]  # and the applicant: get_search_results
    search_help_text = _("受付番号・イベント名の一部、または申込者の氏名・電話番号（一語ずつ全部）")
    fields = [
        "event",
        "reference",
        "status",
        "channel",
        "name",
        "name_kana",
        "phone",
        "email",
        "party_size",
        "note",
        "attended",
        "created_at",
        "cancelled_at",
        "erased_at",
    ]
    readonly_fields = [f for f in fields if f != "attended"]

    def get_queryset(self, request):
        return access.editable(request.user, super().get_queryset(request))

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
