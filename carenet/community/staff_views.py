"""Staff pages of the community work: the 近トレ start-ups (/staff/kintore/) and the picture of
needs a coordinator takes to the council (/staff/needs/)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from carenet.common.dates import fiscal_year_of, fiscal_year_range
from carenet.common.spreadsheet import csv_response
from carenet.community.forms import (
    GroupMeetingForm,
    PromiseCheckForm,
    RegistrationForm,
    SupportForm,
)
from carenet.community.models import (
    InvalidStep,
    Promise,
    StartupGroup,
    SupportKind,
    count_words,
    survey_counts,
)
from carenet.directory.models import Area, Initiative
from carenet.events.models import Event
from consultations.models import Consultation, Topic
from consultations.views import StaffMixin
from salons.models import Salon

CHANGE = "community.change_startupgroup"


def chosen_year(request):
    """The 年度 asked for in ?year=, or this one when it is missing or makes no sense."""
    this_year = fiscal_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


class GroupListView(StaffMixin, TemplateView):
    """/staff/kintore/: the groups by stage, what each still lacks, and the year's figures."""

    template_name = "community/staff/groups.html"

    def get(self, request, *args, **kwargs):
        self.year = chosen_year(request)
        if kwargs.get("fmt") == "csv":
            return self.as_csv()
        return super().get(request, *args, **kwargs)

    def groups(self):
        return StartupGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        groups = list(self.groups().with_progress().order_by("area__order", "received_at"))
        by_stage = [
            (stage, [group for group in groups if group.stage == stage])
            for stage in StartupGroup.Stage
        ]
        this_year = fiscal_year_of(timezone.localdate())
        return super().get_context_data(
            by_stage=by_stage,
            year=self.year,
            years=range(this_year, this_year - 5, -1),
            counts=survey_counts(self.groups(), self.year),
            profile=self.profile,
            **kwargs,
        )

    def as_csv(self):
        start, end = fiscal_year_range(self.year)
        rows = (
            self.groups()
            .filter(meetings__date__gte=start, meetings__date__lte=end)
            .values("pk", "name", "area__name", "stage", "salon__name")
            .annotate(sessions=Count("meetings"), participants=Sum("meetings__head_count"))
            .order_by("area__name", "name", "pk")
        )
        stages = dict(StartupGroup.Stage.choices)
        header = [
            _("年度"),
            _("番号"),
            _("グループ"),
            _("地域"),
            _("段階"),
            _("登録した通いの場"),
            _("開催回数"),
            _("延べ参加者数"),
        ]
        body = [
            [
                self.year,
                row["pk"],
                row["name"],
                row["area__name"] or "",
                stages[row["stage"]],
                row["salon__name"] or "",
                row["sessions"],
                row["participants"],
            ]
            for row in rows
        ]
        totals = survey_counts(self.groups(), self.year)
        body.append(
            [
                self.year,
                "",
                _("合計（%(n)sか所）") % {"n": totals["places"]},
                "",
                "",
                "",
                totals["sessions"],
                totals["participants"],
            ]
        )
        return csv_response(f"kintore-{self.year}.csv", header, body)


class GroupMixin(StaffMixin):
    """One group the user may see; a group out of reach is a 404, as for consultations."""

    def group(self):
        return get_object_or_404(
            StartupGroup.objects.visible_to(self.request.user).with_progress(),
            pk=self.kwargs["pk"],
        )


class GroupDetailView(GroupMixin, TemplateView):
    template_name = "community/staff/group.html"

    def get_context_data(self, **kwargs):
        group = kwargs.pop("group", None) or self.group()
        forms = {
            "meeting_form": GroupMeetingForm(group=group),
            "promise_form": PromiseCheckForm(group=group),
            "support_form": SupportForm(group=group),
            "registration_form": RegistrationForm(group=group),
        }
        forms.update(kwargs.pop("forms", {}))
        checks, supports = group.checks_by_promise(), group.supports_by_kind()
        return super().get_context_data(
            group=group,
            weekly=group.weekly(),
            promise_rows=[(p, checks.get(p)) for p in Promise],
            support_rows=[(k, supports.get(k, [])) for k in SupportKind],
            steps=self.steps(group),
            can_change=self.request.user.has_perm(CHANGE),
            trail=[
                (_("職員ページ"), reverse("staff:home")),
                (_("近トレの立ち上げ"), reverse("community_staff:groups")),
            ],
            **forms,
            **kwargs,
        )

    @staticmethod
    def steps(group):
        """The buttons to offer: the steps this stage may take (register has its own form)."""
        labels = {
            "prepare": _("準備に進む"),
            "start_trial": _("試行を始める"),
            "activate": _("活動中にする（3つの約束がそろった）"),
            "pause": _("休止にする"),
            "resume": _("再開する"),
            "end": _("終了にする"),
        }
        return [
            (step, labels[step])
            for step, (allowed, _target) in StartupGroup.STEPS.items()
            if step in labels and group.stage in allowed
        ]


class GroupActionView(GroupMixin, TemplateView):
    """Every change to a group is a POST here; a mistake shows the page again with the message."""

    http_method_names = ["post"]
    template_name = GroupDetailView.template_name

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        group = self.group()
        action = kwargs["action"]
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise PermissionDenied
        response = handler(group)
        return response or redirect("community_staff:group", pk=group.pk)

    def show_again(self, group, **forms):
        view = GroupDetailView(request=self.request, kwargs=self.kwargs)
        view.profile = self.profile
        context = view.get_context_data(group=group, forms=forms)
        return self.render_to_response(context, status=400)

    def do_step(self, group):
        step = self.request.POST.get("step", "")
        if step not in StartupGroup.STEPS or step == "register":
            raise PermissionDenied
        try:
            getattr(group, step)(self.request.user)
        except InvalidStep as error:
            messages.error(self.request, str(error))
            return None
        messages.success(
            self.request, _("「%(stage)s」にしました。") % {"stage": group.get_stage_display()}
        )
        return None

    def do_meeting(self, group):
        form = GroupMeetingForm(self.request.POST, group=group)
        if not form.is_valid():
            return self.show_again(group, meeting_form=form)
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("date", _("この日の記録はもうあります。"))
            return self.show_again(group, meeting_form=form)
        messages.success(self.request, _("活動の記録を追加しました。"))
        return None

    def do_promise(self, group):
        form = PromiseCheckForm(self.request.POST, group=group)
        if not form.is_valid():
            return self.show_again(group, promise_form=form)
        form.instance.checked_by = self.request.user
        form.save()
        messages.success(self.request, _("約束の確認を記録しました。"))
        return None

    def do_support(self, group):
        form = SupportForm(self.request.POST, group=group)
        if not form.is_valid():
            return self.show_again(group, support_form=form)
        form.instance.recorded_by = self.request.user
        form.save()
        messages.success(self.request, _("応援を記録しました。"))
        return None

    def do_register(self, group):
        form = RegistrationForm(self.request.POST, group=group)
        if not form.is_valid():
            return self.show_again(group, registration_form=form)
        try:
            place = form.save(self.request.user)
        except InvalidStep as error:
            form.add_error(None, str(error))
            return self.show_again(group, registration_form=form)
        messages.success(
            self.request,
            _("サロン登録をしました。「%(name)s」が通いの場として公開されました。")
            % {"name": place.name},
        )
        return None


class NeedsView(StaffMixin, TemplateView):
    """/staff/needs/: each area of my city, this 年度's consultations by topic beside what the
    area already has — the picture a 第2層 coordinator takes to the 協議体. Counts only, and
    none below five."""

    template_name = "community/staff/needs.html"

    def get_context_data(self, **kwargs):
        city_id = self.profile.municipality_id
        year = chosen_year(self.request)
        start, end = fiscal_year_range(year)
        areas = list(Area.objects.filter(municipality_id=city_id).order_by("order", "pk"))
        topics = list(Topic.objects.all())
        counts = {
            (row["area"], row["topics"]): row["n"]
            for row in Consultation.objects.filter(
                municipality_id=city_id,
                received_at__date__gte=start,
                received_at__date__lte=end,
                topics__isnull=False,
            )
            .values("area", "topics")
            .annotate(n=Count("pk", distinct=True))
        }
        places = _counts_by_area(
            Salon.objects.listed().filter(municipality_id=city_id), "kind__name"
        )
        initiatives = _counts_by_area(Initiative.objects.filter(municipality_id=city_id), "kind")
        initiative_kinds = dict(Initiative.Kind.choices)
        events = _counts_by_area(
            Event.objects.published().upcoming().filter(municipality_id=city_id), "kind"
        )
        event_kinds = dict(Event.Kind.choices)
        rows = [
            {
                "area": area,
                "topics": [
                    (topic, count_words(counts.get((area.pk, topic.pk), 0)))
                    for topic in topics
                    if counts.get((area.pk, topic.pk))
                ],
                "places": places.get(area.pk, []),
                "initiatives": [
                    (initiative_kinds.get(k, k), n) for k, n in initiatives.get(area.pk, [])
                ],
                "events": [(event_kinds.get(k, k), n) for k, n in events.get(area.pk, [])],
            }
            for area in areas
        ]
        this_year = fiscal_year_of(timezone.localdate())
        return super().get_context_data(
            rows=rows,
            year=year,
            years=range(this_year, this_year - 5, -1),
            unplaced=sum(n for (area, _t), n in counts.items() if area is None),
            profile=self.profile,
            trail=[(_("職員ページ"), reverse("staff:home"))],
            **kwargs,
        )


def _counts_by_area(queryset, field):
    """{area pk: [(value of field, count), …]} in one query."""
    result = {}
    for row in queryset.values("area", field).annotate(n=Count("pk")).order_by(field):
        result.setdefault(row["area"], []).append((row[field], row["n"]))
    return result
