"""The consultation admin: the case, its contact logs and referrals, its actions."""

import datetime as dt
from calendar import monthrange

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from carenet.directory import access as directory
from carenet.directory.admin_base import ChoicesFromTheirTable
from carenet.directory.models import Area
from consultations.access import ConsultationAccessMixin, ConsultationInlineMixin, can_see
from consultations.admin.export import can_export, export_csv
from consultations.forms import ConsultationAdminForm
from consultations.models import (
    AccessLog,
    Consultation,
    ContactLog,
    InvalidTransition,
    Referral,
    StaleEdit,
    Topic,
)
from coordinators.models import staff_profile_of


def correction_reason(request):
    """「訂正請求 No.n」 from a link on a resident's request, kept in the history as the reason."""
    words = " ".join(request.GET.get("change_reason", "").split())[:100]
    return words if words.isprintable() else ""


class DueFilter(admin.SimpleListFilter):
    title = _("対応日")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("today", _("今日が対応日")),
            ("overdue", _("期限切れ")),
            ("due", _("今日まで（期限切れを含む）")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "today":
            return queryset.due_on(today)
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "due":
            return queryset.due_by(today)
        return queryset


def same_city_staff(request):
    profile = staff_profile_of(request.user)
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    if profile is None:
        return users.none()
    return users.filter(staff_profile__municipality=profile.municipality_id).order_by("username")


class TopicFilter(admin.SimpleListFilter):
    """The topics, retired ones included (old cases have them). Django's filter over a
    many-to-many made the list DISTINCT over every column; this one finds each case once.
    The parameter keeps Django's name, so that saved links to a topic's list still work."""

    title = _("相談の種類")
    parameter_name = "topics__id__exact"

    def lookups(self, request, model_admin):
        return [(str(topic.pk), str(topic)) for topic in Topic.objects.all()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in dict(self.lookup_choices):
            raise IncorrectLookupParameters(self.value())  # the admin's 「誤り」 message
        return queryset.about_topic(int(self.value()))


class OwnCityAreaFilter(ChoicesFromTheirTable):
    # The whole city's areas, for area staff too: area names are public, and a case assigned
    # to them from another area can be found by its area.
    def choices_for(self, request):
        profile = staff_profile_of(request.user)
        city = profile.municipality_id if profile is not None else None
        return Area.objects.filter(municipality_id=city).select_related("municipality")


class CityStaffFilter(ChoicesFromTheirTable):
    def choices_for(self, request):
        return same_city_staff(request)


class CityCalendar:
    """Stands in for the list's queryset in Django's date_hierarchy tag (our change_list.html
    calls it through consultations/templatetags/consultation_admin.py).

    Django offers only the years (months, days) that the filtered cases fall in, found with a
    DISTINCT over all of them: a scan of the whole city on every page. This offers each year,
    month and day between the city's first and last case, from two index lookups; a link may
    lead to an empty list, never to a case the user may not see (the list applies the rule).
    """

    def __init__(self, city_cases, params):
        self.cases = city_cases
        self.params = params

    def aggregate(self, **aggregates):
        return self.cases.aggregate(**aggregates)

    def datetimes(self, field_name, kind):
        bounds = self.cases.aggregate(first=Min(field_name), last=Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[end]).date() for end in ("first", "last"))
        # Without them in the URL, the tag took the year and month from the first case.
        year = int(self.params.get(f"{field_name}__year", first.year))
        month = int(self.params.get(f"{field_name}__month", first.month))
        if kind == "year":
            days = [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)]
        elif kind == "month":
            days = [
                dt.date(year, m, 1)
                for m in range(1, 13)
                if (first.year, first.month) <= (year, m) <= (last.year, last.month)
            ]
        else:
            days = [
                dt.date(year, month, d)
                for d in range(1, monthrange(year, month)[1] + 1)
                if first <= dt.date(year, month, d) <= last
            ]
        zone = timezone.get_current_timezone()
        return [dt.datetime.combine(day, dt.time(), tzinfo=zone) for day in days]


class ConsultationChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        profile = staff_profile_of(request.user)
        city = Consultation.objects.filter(municipality_id=profile.municipality_id)
        self.calendar = CityCalendar(city, self.params)


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(
        label=_("割り当て先"),
        queryset=get_user_model().objects.filter(is_active=True, staff_profile__isnull=False),
        required=False,
    )


class ContactLogInline(ConsultationInlineMixin, admin.StackedInline):
    model = ContactLog
    extra = 0
    fields = [("at", "method", "minutes"), "what_happened", ("next_step", "next_step_on")]
    ordering = ["at"]


class ReferralInline(ConsultationInlineMixin, admin.TabularInline):
    model = Referral
    extra = 0
    autocomplete_fields = ["salon", "organisation"]


class VisibleCountPaginator(Paginator):
    """Counts the page's cases with ConsultationQuerySet.count_visible (an area coordinator's
    in two index-only parts), the one count a page makes."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    @cached_property
    def count(self):
        return self.object_list.count_visible(self.user)


@admin.register(Consultation)
class ConsultationAdmin(ConsultationAccessMixin, SimpleHistoryAdmin):
    form = ConsultationAdminForm
    action_form = AssignForm
    list_display = [
        "number",
        "received_at",
        "display_name",
        "area",
        "channel",
        "status",
        "urgent",
        "assignee",
        "follow_up_on",
    ]
    list_display_links = ["number", "display_name"]
    list_filter = [
        "status",
        DueFilter,
        ("area", OwnCityAreaFilter),
        TopicFilter,
        "channel",
        ("assignee", CityStaffFilter),
        "urgent",
        "is_sample",
    ]
    # With a million cases every count is a scan: one count a page (the filtered one, which
    # the paginator needs), and no per-choice counts (facets), whatever the URL asks.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # Half Django's 100: each row's nine columns took about 1 ms to render, the most of a page.
    list_per_page = 50
    list_select_related = ["area__municipality", "assignee"]  # an area is named with its city
    search_fields = ["person_index"]  # see get_search_results: names are encrypted
    search_help_text = _(
        "氏名・よみがな・電話番号で検索（ひらがな・カタカナ、全角・半角を区別しません）。"
        "姓や名は一語ずつ、全部で入れてください。番号でも探せます。"
    )
    date_hierarchy = "received_at"
    inlines = [ContactLogInline, ReferralInline]
    readonly_fields = [
        "status",
        "consent_notice",
        "consented_at",
        "created_by",
        "created_at",
        "updated_at",
        "is_sample",  # set by the sample command only: staff cannot make a real case disposable
    ]
    autocomplete_fields = ["area"]
    filter_horizontal = ["topics"]
    actions = ["assign", "start", "refer", "monitor", "close", "reopen", export_csv]
    fieldsets = [
        (
            _("相談者"),
            {
                "fields": [
                    ("requester", "requester_name"),
                    ("name", "name_kana"),
                    ("age_band", "household"),
                    ("area", "town"),
                    "municipality",
                ]
            },
        ),
        (_("連絡先"), {"fields": [("contact_preference", "phone", "email")]}),
        (
            _("相談"),
            {"fields": [("channel", "received_at"), "topics", "summary", ("urgent", "status")]},
        ),
        (_("担当と次の対応"), {"fields": [("assignee", "follow_up_on"), "outcome"]}),
        (
            _("同意と記録"),
            {
                "fields": [
                    ("consent_notice", "consented_at"),
                    ("created_by", "created_at"),
                    "updated_at",
                    "is_sample",
                    "seen_version",
                ]
            },
        ),
    ]

    @admin.display(description=_("番号"), ordering="pk")
    def number(self, consultation):
        return f"No.{consultation.pk}"

    @admin.display(description=_("本人"))
    def display_name(self, consultation):
        return consultation.display_name

    def get_changelist(self, request, **kwargs):
        return ConsultationChangeList

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        action_form = getattr(response, "context_data", {}).get("action_form")
        if action_form is not None:
            action_form.fields["assignee"].queryset = same_city_staff(request)
        return response

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        profile = staff_profile_of(request.user)
        fields = form.base_fields
        if profile is not None and "municipality" in fields:
            fields["municipality"].initial = profile.municipality_id
        if profile is not None and "area" in fields:
            # Area staff write in their own areas; a case assigned to them elsewhere keeps its area.
            fields["area"].required = not profile.sees_whole_city
            if obj is not None and obj.area_id:
                fields["area"].queryset = fields["area"].queryset | Area.objects.filter(
                    pk=obj.area_id
                )
        return form

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_export(request.user):
            actions.pop("export_csv", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = same_city_staff(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return VisibleCountPaginator(
            queryset, per_page, orphans, allow_empty_first_page, user=request.user
        )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip().lstrip("No.").strip()
        if not term:
            return queryset, False
        if term.isdecimal() and term.isascii():
            return queryset.filter(pk=int(term)) | queryset.matching_name(term), False
        return queryset.matching_name(search_term), False

    def save_model(self, request, obj, form, change):
        # Checked on the saved values, whatever the form offered.
        profile = staff_profile_of(request.user)
        if profile is None or obj.municipality_id != profile.municipality_id:
            raise PermissionDenied
        if not change or "area" in form.changed_data:
            if obj.area_id:
                allowed = Area.objects.filter(pk=obj.area_id)
                allowed = directory.areas_for(request.user, allowed).exists()
            else:
                allowed = profile.sees_whole_city
            if not allowed:
                raise PermissionDenied(_("担当していない地域の相談は登録できません。"))
        if not change:
            obj.created_by = request.user
        elif reason := correction_reason(request):
            obj._change_reason = reason  # the history says which request the edit answers
        try:
            super().save_model(request, obj, form, change)
        except StaleEdit as error:
            # The form's own check caught nearly every case; this is the race between two saves.
            raise PermissionDenied(str(error)) from error

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, ContactLog) and not instance.staff_id:
                instance.staff = request.user
            instance.save()
        formset.save_m2m()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_queryset(request).filter(pk=object_id).first()
            if obj is not None:
                AccessLog.record(request.user, [obj], AccessLog.Via.ADMIN)
        return response

    # The trail: supervisors (whole-city staff) read it; nobody rewrites it.
    def has_view_history_permission(self, request, obj=None):
        profile = staff_profile_of(request.user)
        if profile is None or not profile.sees_whole_city:
            return False
        return obj is None or can_see(request.user, obj)

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a POSTed old version even with reverting switched off.
        if request.method != "GET":
            raise PermissionDenied
        if not (str(object_id).isdecimal() and str(version_id).isdecimal()):
            raise Http404
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:
            # An old version shows the whole record: it is a read like any other.
            obj = self.get_queryset(request).filter(pk=object_id).first()
            if obj is not None:
                AccessLog.record(request.user, [obj], AccessLog.Via.HISTORY)
        return response

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return self.has_view_history_permission(request, obj)

    def _transition(self, request, queryset, method, done):
        moved = 0
        for consultation in queryset:
            try:
                getattr(consultation, method)(by=request.user)
                moved += 1
            except (InvalidTransition, StaleEdit) as error:
                self.message_user(request, f"{consultation}: {error}", messages.WARNING)
        if moved:
            self.message_user(
                request, _("%(n)d件を「%(state)s」にしました。") % {"n": moved, "state": done}
            )

    @admin.action(description=_("選んだ相談を割り当てる（下で割り当て先を選ぶ）"))
    def assign(self, request, queryset):
        assignee = same_city_staff(request).filter(pk=request.POST.get("assignee") or None).first()
        if assignee is None:
            self.message_user(request, _("割り当て先を選んでください。"), messages.ERROR)
            return
        assigned = 0
        for consultation in queryset:
            try:
                consultation.assign(assignee, by=request.user)
                assigned += 1
            except (InvalidTransition, StaleEdit) as error:
                self.message_user(request, f"{consultation}: {error}", messages.WARNING)
        if assigned:
            self.message_user(
                request,
                _("%(n)d件を %(user)s に割り当てました。") % {"n": assigned, "user": assignee},
            )

    @admin.action(description=_("対応中にする"))
    def start(self, request, queryset):
        self._transition(request, queryset, "start", _("対応中"))

    @admin.action(description=_("つなぎ済みにする"))
    def refer(self, request, queryset):
        self._transition(request, queryset, "refer", _("つなぎ済み"))

    @admin.action(description=_("見守りにする"))
    def monitor(self, request, queryset):
        self._transition(request, queryset, "monitor", _("見守り"))

    @admin.action(description=_("終結にする"))
    def close(self, request, queryset):
        self._transition(request, queryset, "close", _("終結"))

    @admin.action(description=_("再開する"))
    def reopen(self, request, queryset):
        self._transition(request, queryset, "reopen", _("対応中"))
