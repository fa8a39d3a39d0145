from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView, TemplateView

from carenet.common.dates import fiscal_year_of
from carenet.common.limits import resident_flood
from carenet.directory.access import editable
from carenet.directory.models import Contact, Municipality
from carenet.events.models import Event
from consultations import stats
from consultations.forms import ConsultationRequestForm, IntakeForm
from consultations.models import Consultation, PurposeNotice
from consultations.services import receive_request
from coordinators.models import staff_profile_of
from salons.forms import ConfirmPlaceForm
from salons.models import STALE_AFTER_DAYS, CheckMethod, Salon
from salons.stewardship import open_reports_for, organiser_of


@require_http_methods(["GET", "POST"])
def request_form(request):
    """/consult/: a resident asks for a consultation."""
    form_kwargs = {"min_seconds": settings.CONSULT_MIN_SECONDS}
    if request.method == "POST":
        if resident_flood(request, "consult"):
            # The footer's help lines give the phone numbers.
            return render(request, "consultations/too_many.html", status=429)
        form = ConsultationRequestForm(request.POST, **form_kwargs)
        if form.is_robot:
            # Stores nothing, tells the robot nothing.
            return redirect("consultations:request-thanks")
        # The token is used up only by a request that is otherwise fine, so a resident who
        # corrects a mistake can send the same page again.
        if form.is_valid() and form.use_token():
            consultation = receive_request(form)
            return redirect(
                reverse("consultations:request-thanks") + f"?city={consultation.municipality.slug}"
            )
    else:
        form = ConsultationRequestForm(**form_kwargs)
    return render(
        request,
        "consultations/request_form.html",
        {"form": form, "notice": PurposeNotice.current()},
        status=200,
    )


class RequestThanksView(TemplateView):
    template_name = "consultations/request_thanks.html"

    def get_context_data(self, **kwargs):
        city = Municipality.objects.filter(slug=self.request.GET.get("city", "")).first()
        lines = Contact.objects.help_lines()
        return super().get_context_data(
            city=city, lines=lines.filter(municipality=city) if city else lines, **kwargs
        )


class StaffMixin(LoginRequiredMixin):
    """Signed-in staff with a profile; everyone else is sent to sign in or refused."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.profile = staff_profile_of(request.user)
        if self.profile is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        return Consultation.objects.visible_to(self.request.user).select_related("area")


class StaffHomeView(StaffMixin, TemplateView):
    template_name = "consultations/staff_home.html"
    LIMIT = 50
    WORKLIST_LIMIT = 100

    def dispatch(self, request, *args, **kwargs):
        # Where sign-in lands: the directory and account roles have no cases, their work is in
        # the admin.
        if request.user.is_staff and staff_profile_of(request.user) is None:
            return redirect("admin:index")
        # A 世話人 has one page: the places they keep.
        if not request.user.is_staff and organiser_of(request.user) is not None:
            return redirect("staff:kept-places")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        visible = self.visible()
        return super().get_context_data(
            profile=self.profile,
            today=today,
            unannounced=visible.unannounced()[: self.LIMIT],
            new_requests=visible.new_web_requests()[: self.LIMIT],
            due_today=visible.due_on(today)[: self.LIMIT],
            overdue=visible.overdue(today).order_by("follow_up_on")[: self.LIMIT],
            mine=visible.open().filter(assignee=self.request.user)[: self.LIMIT],
            **self.worklist(today),
            **kwargs,
        )

    def worklist(self, today):
        """Places of my areas (or my city) to confirm: what the directory rule lets me edit."""
        places = editable(self.request.user, Salon.objects.worklist(today))
        return {
            "worklist": places[: self.WORKLIST_LIMIT],
            "worklist_total": places.count(),
            "stale_days": STALE_AFTER_DAYS,
            "check_methods": CheckMethod.choices,
            "default_method": ConfirmPlaceForm.base_fields["method"].initial,
            "reports": open_reports_for(self.request.user)[: self.WORKLIST_LIMIT],
            "sign_up_events": editable(
                self.request.user, Event.objects.taking_sign_ups(today)
            ).order_by("title")[: self.WORKLIST_LIMIT],
        }


class IntakeView(StaffMixin, FormView):
    template_name = "consultations/intake_form.html"
    form_class = IntakeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "profile": self.profile}

    def get_context_data(self, **kwargs):
        return super().get_context_data(trail=[(_("職員ページ"), reverse("staff:home"))], **kwargs)

    def form_valid(self, form):
        consultation = form.save(commit=False)
        consultation.created_by = consultation.assignee = self.request.user
        consultation.save()
        form.save_m2m()
        messages.success(
            self.request, _("相談 No.%(number)s を受け付けました。") % {"number": consultation.pk}
        )
        return redirect("staff:intake")


class StatsView(StaffMixin, TemplateView):
    template_name = "consultations/stats.html"

    def dispatch(self, request, *args, **kwargs):
        self.this_year = fiscal_year_of(timezone.localdate())
        try:
            year = int(request.GET.get("year", self.this_year))
        except ValueError:
            year = self.this_year
        self.year = year if 2000 <= year <= self.this_year + 1 else self.this_year
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if kwargs.get("fmt") == "csv":
            return stats.as_csv(stats.yearly_rows(self.visible(), self.year), self.year)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        visible = self.visible()
        rows = stats.yearly_rows(visible, self.year)
        return super().get_context_data(
            year=self.year,
            months=stats.FISCAL_MONTHS,
            totals=stats.consultations_per_month(visible, self.year),
            by_topic=stats.pivot(rows, 3),
            by_channel=stats.pivot(rows, 2),
            by_area=stats.pivot(rows, 1),
            years=range(self.this_year, self.this_year - 5, -1),
            profile=self.profile,
            **kwargs,
        )
