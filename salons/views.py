import datetime as dt

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView
from django_filters.views import FilterView

from carenet.common.dates import local_today
from carenet.common.limits import resident_flood
from carenet.common.pagination import CappedPaginator
from carenet.common.qr import qr_response
from carenet.directory.models import Contact
from salons.filters import SalonFilter
from salons.forms import PlaceReportForm
from salons.json_ld import place_json_ld
from salons.models import Salon, SalonAlias, SalonVisit

FLYER_DAYS_AHEAD = 92  # "the next dates, up to three months ahead"


class SalonListView(FilterView):
    filterset_class = SalonFilter
    template_name = "salons/salon_list.html"
    context_object_name = "salons"
    paginate_by = 50
    paginator_class = CappedPaginator

    def get_queryset(self):
        return Salon.objects.listed().with_details()

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if paginator.over_cap:
            # Ranking every match (a common word nationwide) would sort them all: past the cap
            # the list keeps its own order, which an index walks and stops at the page.
            paginator.object_list = queryset.order_by(*Salon._meta.ordering)
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """The page's places by id first, then their details: the sort reads one table and
        stops at the page (a LIMIT above the joins would sort every match, joined)."""
        paginator, page, ids, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        ids = list(ids)
        by_pk = self.get_queryset().in_bulk(ids)  # the filters' work is done: ids suffice
        page.object_list = [by_pk[pk] for pk in ids if pk in by_pk]
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["paginator"].count == 0 and self.filterset.is_valid():
            context.update(self.suggestions())
        return context

    def suggestions(self):
        """When nothing is found: a wider search, the area's other places, whom to phone."""
        chosen = self.filterset.form.cleaned_data
        suggestions = {}
        wider = self.filterset.widened()
        if wider is not None:
            suggestions["wider"] = {"query": wider.data.urlencode(), "count": wider.qs.count()}
        if chosen.get("area"):
            area = chosen["area"]
            suggestions["area"] = area
            suggestions["area_places"] = Salon.objects.listed().in_area(area).order_by("name")[:5]
        city = chosen.get("city") or (chosen["area"].municipality if chosen.get("area") else None)
        lines = Contact.objects.help_lines()
        suggestions["nearby_help_lines"] = lines.filter(municipality=city) if city else lines
        return suggestions


class SalonDetailView(DetailView):
    """One place. Ended places keep their page: a flyer's QR code must never lead nowhere."""

    template_name = "salons/salon_detail.html"
    context_object_name = "salon"
    queryset = Salon.objects.published().with_details()

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            alias = get_object_or_404(
                SalonAlias.objects.select_related("salon"), slug=kwargs["slug"]
            )
            target = alias.salon.get_absolute_url()
            query = request.GET.urlencode()  # keep ?src=flyer through a rename
            return redirect(f"{target}?{query}" if query else target, permanent=True)
        SalonVisit.record(self.object, request.GET.get("src", ""))
        return response

    def get_context_data(self, **kwargs):
        salon = self.object
        upcoming = salon.upcoming()
        return super().get_context_data(
            upcoming=upcoming,
            json_ld=place_json_ld(salon, upcoming),
            trail=[(_("通いの場をさがす"), reverse("salons:salon-list"))],
            **kwargs,
        )


def flyer_context(salon, today=None, help_lines=None):
    """What a flyer prints. A place with no phone of its own gives its city's help lines, named
    as such, so that a printed flyer always has a number (help_lines: that city's, if known)."""
    today = today or local_today()
    has_phone = salon.contact is not None and bool(salon.contact.phone)
    if has_phone:
        fallback = []
    elif help_lines is not None:
        fallback = help_lines
    else:
        fallback = Contact.objects.help_lines_by_city([salon.municipality_id])[
            salon.municipality_id
        ]
    return {
        "salon": salon,
        "dates": salon.occurrences_between(today, today + dt.timedelta(days=FLYER_DAYS_AHEAD)),
        "as_of": today,
        "qr_url": salon.printed_url("flyer"),
        "fallback_lines": fallback,
    }


class SalonFlyerView(DetailView):
    """An A4 flyer for one place, printed from the browser."""

    template_name = "salons/print/salon_flyer.html"
    context_object_name = "salon"
    queryset = Salon.objects.published().with_details()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**flyer_context(self.object), **kwargs)


def salon_qr(request, slug, fmt):
    """The place's permanent URL as a QR code, for print shops (PNG) and layouts (SVG)."""
    salon = get_object_or_404(Salon.objects.published(), slug=slug)
    source = request.GET.get("src", "flyer")
    if source not in SalonVisit.Source.values:
        source = "flyer"
    return qr_response(salon.printed_url(source), fmt)


@require_http_methods(["GET", "POST"])
def report_mistake(request, slug):
    """「情報の誤りを知らせる」: goes to the staff of the place's area; the page stays as it is."""
    salon = get_object_or_404(Salon.objects.published().select_related("municipality"), slug=slug)
    form_kwargs = {"min_seconds": settings.CONSULT_MIN_SECONDS}
    if request.method == "POST":
        # The same limits as /consult/, counted apart from it.
        if resident_flood(request, "place-report"):
            return render(request, "consultations/too_many.html", status=429)
        form = PlaceReportForm(request.POST, **form_kwargs)
        if form.is_robot:
            return redirect("salons:salon-report-thanks", slug=salon.slug)
        if form.is_valid() and form.use_token():
            form.save(salon)
            return redirect("salons:salon-report-thanks", slug=salon.slug)
    else:
        form = PlaceReportForm(**form_kwargs)
    trail = [
        (_("通いの場をさがす"), reverse("salons:salon-list")),
        (salon.name, salon.get_absolute_url()),
    ]
    return render(
        request, "salons/report_form.html", {"salon": salon, "form": form, "trail": trail}
    )


class ReportThanksView(DetailView):
    template_name = "salons/report_thanks.html"
    context_object_name = "salon"
    queryset = Salon.objects.published()
