"""Supervisors' pages: residents' requests (/staff/privacy/) and the access report.

Only whole-city staff (supervisors) with the role's permission open them, and only for their own
city: area coordinators, accounts without a staff profile and visitors are refused. Every page
that shows a resident's record writes the access log, with the request as its purpose.
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from carenet.common.spreadsheet import csv_response
from carenet.community.models import StartupGroup
from carenet.directory.access import viewable
from carenet.events.models import Application
from carenet.privacy.erasure import describe, erase_for_request, erased_ids
from carenet.privacy.forms import (
    AccessReportForm,
    CloseForm,
    EraseForm,
    LinkForm,
    RightsRequestForm,
)
from carenet.privacy.models import PurgeRecord, RightsRequest
from consultations.models import AccessLog, Consultation
from consultations.views import StaffMixin
from coordinators.models import staff_profile_of

SEARCH_LIMIT = 50


class SupervisorMixin(StaffMixin):
    """Whole-city staff with `permission`; everyone else is refused (403)."""

    permission = "privacy.view_rightsrequest"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        profile = staff_profile_of(request.user)
        if profile is None or not profile.sees_whole_city:
            raise PermissionDenied
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def trail(self, *more):
        return [(_("職員ページ"), reverse("staff:home")), *more]


class RequestMixin(SupervisorMixin):
    """One request of the supervisor's city; another city's is not there (404)."""

    def get_request(self):
        requests = RightsRequest.objects.visible_to(self.request.user)
        return get_object_or_404(requests, pk=self.kwargs["pk"])

    def records(self):
        """What the supervisor may link: their city's cases, sign-ups and start-up groups."""
        user = self.request.user
        return {
            "consultations": Consultation.objects.visible_to(user),
            "applications": viewable(user, Application.objects.all()).select_related("event"),
            "startup_groups": StartupGroup.objects.visible_to(user),
        }


class RequestListView(SupervisorMixin, TemplateView):
    template_name = "privacy/request_list.html"

    def get_context_data(self, **kwargs):
        requests = RightsRequest.objects.visible_to(self.request.user).select_related("handled_by")
        purges = PurgeRecord.objects.filter(municipality_id=self.profile.municipality_id)
        return super().get_context_data(
            requests=requests[:200],
            purges=purges.select_related("user", "rights_request")[:50],
            profile=self.profile,
            trail=self.trail(),
            **kwargs,
        )


class RequestCreateView(SupervisorMixin, TemplateView):
    template_name = "privacy/request_form.html"
    permission = "privacy.add_rightsrequest"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RightsRequestForm())
        trail = self.trail((_("開示等の請求"), reverse("privacy:requests")))
        return super().get_context_data(trail=trail, **kwargs)

    def post(self, request, *args, **kwargs):
        form = RightsRequestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        rights_request = form.save(commit=False)
        rights_request.municipality_id = self.profile.municipality_id
        rights_request.handled_by = request.user
        rights_request._change_reason = f"received by {request.user.get_username()}"
        rights_request.save()
        messages.success(request, _("%(request)s を受け付けました。") % {"request": rights_request})
        return redirect("privacy:request", pk=rights_request.pk)


class RequestDetailView(RequestMixin, TemplateView):
    """The request, the records it concerns, a search for more, and what was done."""

    template_name = "privacy/request_detail.html"

    def get_context_data(self, **kwargs):
        rights_request = self.get_request()
        words = self.request.GET.get("q", "").strip()[:100]
        found = {}
        if words and rights_request.is_open:
            records = self.records()
            found = {
                "consultations": records["consultations"]
                .matching_name(words)
                .select_related("area")[:SEARCH_LIMIT],
                "applications": records["applications"]
                .matching_name(words)
                .filter(erased_at__isnull=True)[:SEARCH_LIMIT],
                "startup_groups": records["startup_groups"]
                .matching_name(words)
                .select_related("area")[:SEARCH_LIMIT],
            }
        cases = rights_request.consultations.select_related("area").order_by("pk")
        since = timezone.make_aware(dt.datetime.combine(rights_request.received_on, dt.time.min))
        corrections = (
            Consultation.history.filter(id__in=cases.values("pk"), history_date__gte=since)
            .exclude(history_type="+")
            .select_related("history_user")
            .order_by("history_date")
        )
        return super().get_context_data(
            rights_request=rights_request,
            cases=cases,
            erased=set(cases.filter(pk__in=erased_ids()).values_list("pk", flat=True)),
            applications=rights_request.applications.select_related("event").order_by("pk"),
            groups=rights_request.startup_groups.order_by("pk"),
            purges=rights_request.purges.all(),
            corrections=corrections,
            # The admin keeps this as the history's reason for the edit (correction_reason).
            correction_query=urlencode({"change_reason": f"{rights_request.purpose}による訂正"}),
            words=words,
            found=found,
            searched=bool(words),
            close_form=kwargs.pop("close_form", CloseForm()),
            erase_form=kwargs.pop("erase_form", EraseForm()),
            trail=self.trail((_("開示等の請求"), reverse("privacy:requests"))),
            **kwargs,
        )


class RequestWriteView(RequestMixin, View):
    """POST only; a request that is closed takes no more changes."""

    permission = "privacy.change_rightsrequest"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        rights_request = self.get_request()
        if not rights_request.is_open:
            messages.error(request, _("完了した請求は変更できません。"))
            return redirect("privacy:request", pk=rights_request.pk)
        return self.write(rights_request)

    def detail_with_errors(self, **forms):
        view = RequestDetailView(request=self.request, kwargs=self.kwargs, args=())
        view.profile = self.profile
        return view.render_to_response(view.get_context_data(**forms), status=400)


class LinkView(RequestWriteView):
    def write(self, rights_request):
        form = LinkForm(self.request.POST, **self.records())
        if not form.is_valid():
            for errors in form.errors.values():
                for error in dict.fromkeys(errors):
                    messages.error(self.request, error)
            return redirect("privacy:request", pk=rights_request.pk)
        with transaction.atomic():
            for name in ("consultations", "applications", "startup_groups"):
                getattr(rights_request, name).add(*form.cleaned_data[name])
            rights_request._change_reason = f"linked by {self.request.user.get_username()}"
            rights_request.save(update_fields=["updated_at"])
        messages.success(self.request, _("該当する記録に加えました。"))
        return redirect("privacy:request", pk=rights_request.pk)


class CloseView(RequestWriteView):
    def write(self, rights_request):
        form = CloseForm(self.request.POST)
        if not form.is_valid():
            return self.detail_with_errors(close_form=form)
        rights_request.status = form.cleaned_data["status"]
        rights_request.response = form.cleaned_data["response"]
        rights_request.closed_on = timezone.localdate()
        rights_request._change_reason = f"closed by {self.request.user.get_username()}"
        rights_request.save(update_fields=["status", "response", "closed_on", "updated_at"])
        messages.success(
            self.request, _("%(request)s を完了しました。") % {"request": rights_request}
        )
        return redirect("privacy:request", pk=rights_request.pk)


class EraseView(RequestWriteView):
    """利用停止・削除: the linked cases and sign-ups lose their personal data, now."""

    def write(self, rights_request):
        if rights_request.kind != RightsRequest.Kind.SUSPENSION:
            messages.error(self.request, _("削除は「利用停止・削除」の請求でだけできます。"))
            return redirect("privacy:request", pk=rights_request.pk)
        form = EraseForm(self.request.POST)
        if not form.is_valid():
            return self.detail_with_errors(erase_form=form)
        record = erase_for_request(rights_request, self.request.user)
        if record is None:
            messages.error(self.request, _("削除する記録がありません。"))
        else:
            counts = {record.municipality_id: {f: getattr(record, f) for f in FIELDS}}
            messages.success(self.request, describe(counts))
        return redirect("privacy:request", pk=rights_request.pk)


FIELDS = ("consultations", "contact_logs", "referrals", "history_rows", "applications")


class DisclosureView(RequestMixin, TemplateView):
    """A4 to hand over: every record the request concerns. Opening it is a logged read."""

    template_name = "privacy/print/disclosure.html"

    def get_context_data(self, **kwargs):
        rights_request = self.get_request()
        cases = list(
            rights_request.consultations.select_related("area", "municipality")
            .prefetch_related("topics", "contacts", "referrals__salon", "referrals__organisation")
            .order_by("received_at", "pk")
        )
        AccessLog.record(
            self.request.user, cases, via=AccessLog.Via.RIGHTS, purpose=rights_request.purpose
        )
        return super().get_context_data(
            rights_request=rights_request,
            cases=cases,
            applications=rights_request.applications.select_related("event").order_by(
                "created_at", "pk"
            ),
            groups=rights_request.startup_groups.select_related("area").order_by("pk"),
            today=timezone.localdate(),
            **kwargs,
        )


class AccessReportView(SupervisorMixin, TemplateView):
    """Who opened which of the city's consultations: for a person, a period, or both."""

    template_name = "privacy/access_report.html"
    permission = "privacy.view_access_report"
    PAGE_ROWS = 500

    def get(self, request, *args, **kwargs):
        form = AccessReportForm(request.GET or None)
        rows = None
        if form.is_valid():
            rows = self.rows(form)
            if kwargs.get("fmt") == "csv":
                return self.as_csv(rows)
        # A CSV asked for without a person or a period is bad input too.
        wanted = form.is_bound or kwargs.get("fmt") == "csv"
        status = 400 if wanted and not form.is_valid() else 200
        context = self.get_context_data(form=form, rows=rows)
        return self.render_to_response(context, status=status)

    def rows(self, form):
        cases = Consultation.objects.visible_to(self.request.user)
        data = form.cleaned_data
        if data["case_number"] is not None:
            cases = cases.filter(pk=data["case_number"])
        elif data["person"]:
            cases = cases.matching_name(data["person"])
        logs = AccessLog.objects.filter(consultation__in=cases.values("pk"))
        since, until = form.period()
        if since:
            logs = logs.filter(at__gte=since)
        if until:
            logs = logs.filter(at__lt=until)
        return logs.select_related("user").order_by("-at", "-pk")

    def get_context_data(self, **kwargs):
        rows = kwargs.pop("rows", None)
        if rows is not None:
            kwargs["total"] = rows.count()
            kwargs["rows"] = rows[: self.PAGE_ROWS]
        return super().get_context_data(
            limit=self.PAGE_ROWS,
            profile=self.profile,
            query=self.request.GET.urlencode(),
            trail=self.trail(),
            **kwargs,
        )

    def as_csv(self, rows):
        header = [_("日時"), _("職員"), _("職員の氏名"), _("相談"), _("経路"), _("目的")]
        body = (
            [
                f"{timezone.localtime(log.at):%Y-%m-%d %H:%M:%S}",
                log.user.get_username(),
                log.user.get_full_name(),
                f"No.{log.consultation_id}",
                log.get_via_display(),
                log.purpose,
            ]
            for log in rows.iterator(chunk_size=2000)
        )
        today = timezone.localdate()
        return csv_response(f"access-report-{today:%Y%m%d}.csv", header, body)
