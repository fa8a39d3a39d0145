"""The admin of the community work.

Start-up groups hold a representative's name and contact, so they follow the consultations' rule
(`StartupGroup.objects.visible_to`); meetings and issues are public records under the directory
rule, like places and initiatives. Stages and an issue's status move only through their model
methods: never by editing the field.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from carenet.common.dates import local_today
from carenet.common.forms import CleanTextMixin
from carenet.community.models import (
    Evidence,
    GroupMeeting,
    Issue,
    IssueStep,
    Meeting,
    PromiseCheck,
    StartupGroup,
    Support,
)
from carenet.directory.access import own_areas
from carenet.directory.admin_base import (
    DirectoryAdmin,
    DirectoryInlineMixin,
    FindsPeopleMixin,
    ScopedChoicesMixin,
)
from coordinators.models import staff_profile_of


def can_see(user, group):
    return StartupGroup.objects.visible_to(user).filter(pk=group.pk).exists()


class GroupAccessMixin(ScopedChoicesMixin):
    """Whoever may see the group may work on it and its records; nothing is deleted."""

    def _allowed(self, request, obj, action):
        if staff_profile_of(request.user) is None:
            return False
        if not request.user.has_perm(f"community.{action}_startupgroup"):
            return False
        return obj is None or can_see(request.user, obj)

    def has_module_permission(self, request):
        return self._allowed(request, None, "view")

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj, "view")

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj, "change")

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj, "add")

    def has_delete_permission(self, request, obj=None):
        return False


class PromiseCheckInline(GroupAccessMixin, admin.TabularInline):
    model = PromiseCheck
    extra = 0
    fields = ["promise", "met_on", "how", "checked_by"]
    readonly_fields = ["checked_by"]


class SupportInline(GroupAccessMixin, admin.TabularInline):
    model = Support
    extra = 0
    fields = ["kind", "given_on", "given_by", "event", "note"]
    autocomplete_fields = ["event"]


class GroupMeetingInline(GroupAccessMixin, admin.TabularInline):
    model = GroupMeeting
    extra = 0
    fields = ["date", "head_count"]


class StartupGroupForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = StartupGroup
        fields = [
            "area",
            "town",
            "name",
            "name_kana",
            "representative",
            "phone",
            "email",
            "people",
            "venue_idea",
            "preferred_time",
            "message",
            "channel",
            "received_at",
        ]


@admin.register(StartupGroup)
class StartupGroupAdmin(FindsPeopleMixin, GroupAccessMixin, SimpleHistoryAdmin):
    form = StartupGroupForm
    list_display = ["__str__", "representative", "area", "stage", "people", "received_at"]
    list_filter = ["stage", ("area", admin.RelatedOnlyFieldListFilter), "channel", "is_sample"]
    list_select_related = ["area__municipality"]
    search_fields = ["name", "name_kana", "town"]  # and the representative: get_search_results
    search_help_text = _(
        "グループ名・町名の一部、または代表者の氏名・電話番号（一語ずつ全部）で検索します。"
    )
    date_hierarchy = "received_at"
    autocomplete_fields = ["area"]
    inlines = [PromiseCheckInline, SupportInline, GroupMeetingInline]
    readonly_fields = [
        "stage",
        "salon",
        "insured_from",
        "consent_notice",
        "consented_at",
        "is_sample",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        profile = staff_profile_of(request.user)
        if not change:
            obj.municipality_id = profile.municipality_id
            obj.assignee = request.user
        # Checked on the saved values: an area staff member cannot move a group out of reach.
        within = profile.sees_whole_city or obj.assignee_id == request.user.pk
        within = within or own_areas(profile).filter(pk=obj.area_id).exists()
        if obj.municipality_id != profile.municipality_id or not within:
            raise PermissionDenied(_("この地域の立ち上げは記録できません。"))
        super().save_model(request, obj, form, change)


@admin.register(Meeting)
class MeetingAdmin(DirectoryAdmin):
    list_display = ["date", "network", "venue_label", "is_published"]
    list_filter = ["network__municipality", "network__kind", "is_published"]
    list_select_related = ["network__municipality", "venue"]
    search_fields = ["agenda", "summary", "decisions"]
    date_hierarchy = "date"
    autocomplete_fields = ["network", "venue"]
    filter_horizontal = ["attendees"]

    @admin.display(description=_("会場"))
    def venue_label(self, meeting):
        return meeting.venue_label


class IssueStepInline(DirectoryInlineMixin, admin.TabularInline):
    """The dated steps: written by a status change, their public wording may be corrected."""

    model = IssueStep
    extra = 0
    fields = ["status", "on", "note", "recorded_by"]
    readonly_fields = ["status", "recorded_by"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvidenceInline(DirectoryInlineMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["topic", "area", "start", "end", "count_label"]
    readonly_fields = ["count_label"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("件数（公開の表示）"))
    def count_label(self, evidence):
        if evidence.pk is None or not hasattr(evidence, "area_count"):
            return "—"
        return evidence.count_label


class IssueForm(CleanTextMixin, forms.ModelForm):
    """The status is moved by a dated step, chosen here, never typed into the field."""

    next_status = forms.ChoiceField(label=_("状況を進める"), required=False)
    step_on = forms.DateField(
        label=_("その日付"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("空なら今日"),
        error_messages={"invalid": _("日付は 2026-12-10 のように入力してください。")},
    )
    step_note = forms.CharField(
        label=_("経過の内容（公開）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Issue
        fields = [
            "municipality",
            "area",
            "title",
            "title_kana",
            "slug",
            "observed",
            "source",
            "is_published",
            "raised_by_network",
            "raised_by_coordinator",
            "routed_to",
            "initiatives",
            "places",
            "events",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        moves = self.instance.next_statuses() if self.instance.pk else []
        self.fields["next_status"].choices = [("", _("変えない"))] + [
            (status.value, Issue.Status(status).label) for status in moves
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_status") and not cleaned.get("step_note"):
            self.add_error("step_note", _("状況を進めるときは、経過の内容を書いてください。"))
        return cleaned


@admin.register(Issue)
class IssueAdmin(DirectoryAdmin):
    form = IssueForm
    list_display = ["title", "municipality", "area", "status", "routed_to", "is_published"]
    list_filter = ["municipality", "status", "is_published"]
    list_select_related = ["municipality", "area__municipality", "routed_to"]
    search_fields = ["title", "title_kana", "observed"]
    autocomplete_fields = [
        "area",
        "raised_by_network",
        "raised_by_coordinator",
        "routed_to",
        "initiatives",
        "places",
        "events",
    ]
    readonly_fields = ["status"]
    inlines = [EvidenceInline, IssueStepInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "area",
                    "title",
                    "title_kana",
                    "slug",
                    "observed",
                    "source",
                    "is_published",
                ]
            },
        ),
        (_("提起と検討"), {"fields": ["raised_by_network", "raised_by_coordinator", "routed_to"]}),
        (_("状況"), {"fields": ["status", "next_status", "step_on", "step_note"]}),
        (_("生まれたもの"), {"fields": ["initiatives", "places", "events"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            obj.steps.create(
                status=Issue.Status.RAISED,
                on=form.cleaned_data.get("step_on") or local_today(),
                note=form.cleaned_data.get("step_note") or "",
                recorded_by=request.user,
            )
        elif form.cleaned_data.get("next_status"):
            obj.move_to(
                form.cleaned_data["next_status"],
                request.user,
                note=form.cleaned_data["step_note"],
                on=form.cleaned_data.get("step_on"),
            )
