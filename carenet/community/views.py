"""Public pages of the community work: 近トレ and how to start one, the issue register, and each
council's or network's page with its meetings. Nothing here shows a person."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from carenet.common.limits import resident_flood
from carenet.community.forms import StartRequestForm
from carenet.community.models import Evidence, Issue, IssueStep, Meeting, Promise, PromiseCheck
from carenet.community.services import receive_start_request
from carenet.directory.models import Contact, Municipality, Network
from carenet.events.models import Event
from consultations.models import PurposeNotice
from salons.models import Kind, Salon


def kintore_kind(slug):
    """The city and its 近トレ kind; 404 for a city without the programme."""
    city = get_object_or_404(Municipality, slug=slug)
    kind = Kind.objects.filter(slug=Kind.KINTORE, municipality=city).first()
    if kind is None:
        raise Http404
    return city, kind


class KintoreView(TemplateView):
    """/tama/kintore/: what 近トレ is, its promises and supports, the groups meeting now."""

    template_name = "community/kintore.html"

    def get_context_data(self, **kwargs):
        city, kind = kintore_kind(kwargs["slug"])
        # 「新しい参加者歓迎」: the group's third promise (… 新しい参加者も受け入れる) was checked.
        welcomes = PromiseCheck.objects.filter(
            group__salon=OuterRef("pk"), promise=Promise.FIVE_PEOPLE
        )
        groups = (
            Salon.objects.listed()
            .filter(municipality=city, kind=kind)
            .with_details()
            .annotate(welcomes_newcomers=Exists(welcomes))
            .order_by("area__order", "name")
        )
        return super().get_context_data(
            city=city,
            kind=kind,
            groups=groups,
            contact=Contact.objects.filter(municipality=city, purpose__contains="近トレ").first(),
            trail=[(city.name, city.get_absolute_url())],
            **kwargs,
        )


@require_http_methods(["GET", "POST"])
def start_request(request, slug):
    """/tama/kintore/start/: a resident asks to start a group."""
    city, kind = kintore_kind(slug)
    form_kwargs = {"city": city, "min_seconds": settings.CONSULT_MIN_SECONDS}
    if request.method == "POST":
        if resident_flood(request, "kintore-start"):
            return render(request, "consultations/too_many.html", status=429)
        form = StartRequestForm(request.POST, **form_kwargs)
        if form.is_robot:
            return redirect("community:kintore-thanks", slug=city.slug)
        if form.is_valid() and form.use_token():
            receive_start_request(form)
            return redirect("community:kintore-thanks", slug=city.slug)
    else:
        form = StartRequestForm(**form_kwargs)
    return render(
        request,
        "community/start_form.html",
        {
            "form": form,
            "city": city,
            "kind": kind,
            "notice": PurposeNotice.current(),
            "trail": [
                (city.name, city.get_absolute_url()),
                (kind.name, reverse("community:kintore", args=[city.slug])),
            ],
        },
    )


class StartThanksView(TemplateView):
    template_name = "community/start_thanks.html"

    def get_context_data(self, **kwargs):
        city, kind = kintore_kind(kwargs["slug"])
        return super().get_context_data(
            city=city,
            kind=kind,
            lines=Contact.objects.help_lines().filter(municipality=city),
            **kwargs,
        )


class IssueListView(ListView):
    """/issues/: every city's published issues, newest work first."""

    template_name = "community/issue_list.html"
    context_object_name = "issues"

    def get_queryset(self):
        return Issue.objects.published().with_details()


class IssueDetailView(DetailView):
    template_name = "community/issue_detail.html"
    context_object_name = "issue"

    def get_queryset(self):
        return (
            Issue.objects.published()
            .with_details()
            .prefetch_related(
                Prefetch("steps", queryset=IssueStep.objects.order_by("on", "pk")),
                Prefetch("evidence", queryset=Evidence.objects.with_counts()),
                Prefetch("initiatives"),
                Prefetch("places", queryset=Salon.objects.published()),
                Prefetch("events", queryset=Event.objects.published()),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            trail=[(_("地域課題"), reverse("community:issue-list"))], **kwargs
        )


class NetworkDetailView(DetailView):
    """A council's, subcommittee's or network's page: what it is, its meetings, its issues."""

    template_name = "community/network_detail.html"
    context_object_name = "network"

    def get_queryset(self):
        return Network.objects.select_related(
            "municipality", "area", "parent", "base"
        ).prefetch_related("member_kinds", "subcommittees")

    def get_context_data(self, **kwargs):
        network = self.object
        meetings = (
            Meeting.objects.published()
            .filter(network=network)
            .select_related("venue")
            .prefetch_related("attendees")
        )
        issues = (
            Issue.objects.published()
            .with_details()
            .filter(Q(raised_by_network=network) | Q(routed_to=network))
        )
        return super().get_context_data(
            meetings=meetings,
            issues=issues,
            trail=[(network.municipality.name, network.municipality.get_absolute_url())],
            **kwargs,
        )
