"""The composed pages: home, a city, an area.

carenet's models never import the other apps; these project-level views sit on top and compose
them, as a project's front page does.
"""

import logging

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import HttpResponseServerError
from django.shortcuts import get_object_or_404
from django.template import loader
from django.views.generic import DetailView, TemplateView

from carenet.common.dates import local_today
from carenet.common.qr import qr_response
from carenet.directory.models import Area, Contact, Initiative, Municipality, Network
from coordinators.models import Coordinator
from salons.models import Salon

HOME_DAY_LIMIT = 10


def help_lines():
    return Prefetch("contacts", queryset=Contact.objects.help_lines(), to_attr="help_lines")


class HomeView(TemplateView):
    template_name = "carenet/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipalities=Municipality.objects.prefetch_related(help_lines()).annotate(
                salon_count=Salon.count_listed()
            ),
            week=Salon.objects.day_by_day(days=7, per_day=HOME_DAY_LIMIT),
            per_day=HOME_DAY_LIMIT,
            **kwargs,
        )


class MunicipalityDetailView(DetailView):
    model = Municipality
    template_name = "carenet/municipality_detail.html"
    context_object_name = "city"

    def get_context_data(self, **kwargs):
        city = self.object
        networks = (
            Network.objects.top_level()
            .filter(municipality=city)
            .select_related("area", "base")
            .prefetch_related("member_kinds", "subcommittees")
        )
        return super().get_context_data(
            areas=Area.objects.filter(municipality=city).annotate(salon_count=Salon.count_listed()),
            networks=networks,
            contacts=city.contacts.select_related("organisation"),
            coordinators=Coordinator.objects.filter(municipality=city).with_details(),
            initiatives=Initiative.objects.filter(municipality=city, area__isnull=True)
            .prefetch_related("partners")
            .distinct(),
            resources=city.resources.all(),
            programmes=city.salon_kinds.all(),
            **kwargs,
        )


class AreaDetailView(DetailView):
    model = Area
    template_name = "carenet/area_detail.html"
    context_object_name = "area"
    queryset = Area.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        area = self.object
        networks = list(
            area.networks.select_related("base__municipality").prefetch_related("member_kinds")
        )
        initiatives = (
            Initiative.objects.filter(Q(area=area) | Q(networks__in=networks))
            .prefetch_related("partners")
            .distinct()
        )
        return super().get_context_data(
            trail=[(area.municipality.name, area.municipality.get_absolute_url())],
            networks=networks,
            salons=Salon.objects.listed().in_area(area).with_details(),
            initiatives=initiatives,
            coordinators=area.coordinators.with_details(),
            **kwargs,
        )


HELP_LINES_CACHE_KEY = "carenet:help-lines"


def cached_help_lines():
    try:
        return cache.get(HELP_LINES_CACHE_KEY, [])
    except Exception:
        # A cache that is down, or holds rows pickled by an older release: no numbers, still a page.
        logging.getLogger(__name__).exception("cached help lines unreadable")
        return []


def server_error(request):
    """The 500 page still gives residents a phone number, even when the database is down."""
    try:
        lines = list(Contact.objects.help_lines())
        cache.set(HELP_LINES_CACHE_KEY, lines, None)
    except Exception:
        logging.getLogger(__name__).exception("help lines unavailable for the 500 page")
        lines = cached_help_lines()
    return HttpResponseServerError(loader.render_to_string("500.html", {"help_lines": lines}))


class AreaFlyerView(DetailView):
    """The care network's A4 flyer: what it does, its salon, its coordinator, how to reach them."""

    model = Area
    template_name = "carenet/print/area_flyer.html"
    context_object_name = "area"
    queryset = Area.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        area = self.object
        return super().get_context_data(
            networks=area.networks.select_related("base__municipality").prefetch_related(
                "member_kinds"
            ),
            salons=Salon.objects.listed().in_area(area).filter(kind__slug="salon").with_details(),
            coordinators=area.coordinators.with_details(),
            lines=Contact.objects.help_lines().filter(municipality=area.municipality),
            as_of=local_today(),
            qr_url=area.printed_url("flyer"),
            **kwargs,
        )


class AreaListView(DetailView):
    """地域活動・支えあいリスト: the active places of an area by kind, each with a small QR code."""

    model = Area
    template_name = "carenet/print/area_list.html"
    context_object_name = "area"
    queryset = Area.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        salons = (
            Salon.objects.active()
            .in_area(self.object)
            .with_details()
            .order_by("kind__order", "name")
        )
        return super().get_context_data(
            salons=salons,
            large=self.request.GET.get("size") == "large",
            as_of=local_today(),
            **kwargs,
        )


def area_qr(request, slug):
    area = get_object_or_404(Area, slug=slug)
    return qr_response(area.printed_url("flyer"))
