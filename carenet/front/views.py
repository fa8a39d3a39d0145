"""The composed pages: home, a city, an area.

carenet's models never import the other apps; these project-level views sit on top and compose
them, as a project's front page does.
"""

import datetime as dt
import logging

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import get_object_or_404
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from carenet.common.dates import local_today
from carenet.common.qr import qr_response
from carenet.directory.context_processors import last_shown_help_lines
from carenet.directory.models import Area, Contact, Initiative, Municipality, Network
from carenet.directory.prefectures import BY_NAME, BY_SLUG, by_region
from carenet.events.models import Event
from coordinators.models import Coordinator
from salons.exporting import places_csv_response
from salons.models import Salon

HOME_DAY_LIMIT = 10


def coming_events():
    """An initiative's coming events, fetched with the initiatives (initiative.coming_events)."""
    return Prefetch("events", queryset=Event.objects.coming(), to_attr="coming_events")


EVENTS_LIMIT = 10  # events on the home and area pages; the rest on /events/
PLACES_PER_PAGE = 50  # an area's page, as /salons/
PLACES_PER_PRINTED_LIST = 60  # an area's printed list: about ten A4 sheets, then the next part


def help_lines():
    return Prefetch("contacts", queryset=Contact.objects.help_lines(), to_attr="help_lines")


class HomeView(TemplateView):
    template_name = "carenet/home.html"

    def get_context_data(self, **kwargs):
        today = local_today()
        cities = list(
            Municipality.objects.taking_part()
            .select_related("places_contact")
            .prefetch_related(help_lines())
            .annotate(salon_count=Salon.count_open_in_city())
        )
        return super().get_context_data(
            municipalities=cities,
            regions=by_region(),
            # What meets in the cities that take part, the people this page is for; their ids
            # as values, so that PostgreSQL reads those cities' places, not every place by name.
            week=Salon.objects.filter(municipality__in=[city.pk for city in cities]).day_by_day(
                days=7, per_day=HOME_DAY_LIMIT
            ),
            per_day=HOME_DAY_LIMIT,
            today=today,
            week_events=Event.objects.published()
            .between(today, today + dt.timedelta(days=6))
            .with_details()
            .by_first_date(today)[:EVENTS_LIMIT],
            **kwargs,
        )


class PrefectureListView(TemplateView):
    """/prefectures/: every prefecture, each leading to its municipalities."""

    template_name = "carenet/prefecture_list.html"
    extra_context = {"regions": by_region()}


class PrefectureDetailView(TemplateView):
    """/prefectures/tokyo/: its municipalities, in code order, with their open places."""

    template_name = "carenet/prefecture_detail.html"

    def get_context_data(self, **kwargs):
        prefecture = BY_SLUG.get(kwargs["slug"])
        if prefecture is None:
            raise Http404
        municipalities = (
            Municipality.objects.filter(prefecture=prefecture.name)
            .annotate(salon_count=Salon.count_open_in_city())
            .order_by("code")
        )
        return super().get_context_data(
            prefecture=prefecture,
            municipalities=municipalities,
            trail=[(_("都道府県"), reverse("carenet:prefecture-list"))],
            **kwargs,
        )


class MunicipalityDetailView(DetailView):
    model = Municipality
    queryset = Municipality.objects.select_related("places_contact")
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
        prefecture = BY_NAME.get(city.prefecture)
        return super().get_context_data(
            trail=[(prefecture.name, prefecture_url(prefecture))] if prefecture else None,
            # A 圏域 counts its districts' places too, as its page lists them.
            areas=Area.objects.filter(municipality=city).annotate(
                salon_count=Salon.count_open_in_area()
            ),
            networks=networks,
            contacts=city.contacts.select_related("organisation"),
            coordinators=Coordinator.objects.filter(municipality=city).with_details(),
            initiatives=Initiative.objects.filter(municipality=city, area__isnull=True)
            .prefetch_related("partners", coming_events())
            .distinct(),
            resources=city.resources.all(),
            programmes=city.salon_kinds.all(),
            **kwargs,
        )


def prefecture_url(prefecture):
    return reverse("carenet:prefecture-detail", kwargs={"slug": prefecture.slug})


def municipality_places_csv(request, slug):
    """The city's published places, in the columns the import reads (/mitaka/places.csv)."""
    city = get_object_or_404(Municipality, slug=slug)
    places = Salon.objects.published().filter(municipality=city, is_sample=False)
    return places_csv_response(f"{city.slug}-places.csv", places.order_by("name", "pk"))


class AreaFamilyMixin:
    """An area's page and prints gather its own and its districts' places (a 圏域 ⊃ 地区).

    The family comes in one query, whatever the number of districts, and the lists filter by
    its ids: the number of queries stays fixed.
    """

    model = Area
    context_object_name = "area"

    def get_queryset(self):
        return Area.objects.select_related("municipality", "parent").filter(
            municipality__slug=self.kwargs["city"]
        )

    def family(self):
        if not hasattr(self, "_family"):
            self._family = list(self.object.with_districts())
        return self._family

    def family_ids(self):
        return [member.pk for member in self.family()]

    def paginated(self, places, per_page):
        """A page of the area's places, by ?page= (a wrong number gives the nearest page)."""
        page = Paginator(places, per_page).get_page(self.request.GET.get("page"))
        return {
            "salons": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
        }

    def family_context(self):
        area = self.object
        unassigned = []
        if area.holds_districts:
            unassigned = list(Area.objects.unassigned_districts(area.municipality_id))
        return {
            "districts": [member for member in self.family() if member.pk != area.pk],
            "unassigned_districts": unassigned,
            "initiatives": Initiative.objects.in_areas(self.family_ids()).prefetch_related(
                coming_events()
            ),
        }


class AreaDetailView(AreaFamilyMixin, DetailView):
    template_name = "carenet/area_detail.html"

    def get_context_data(self, **kwargs):
        area = self.object
        networks = list(
            area.networks.select_related("base__municipality").prefetch_related("member_kinds")
        )
        return super().get_context_data(
            trail=[(area.municipality.name, area.municipality.get_absolute_url())],
            networks=networks,
            **self.paginated(Salon.objects.listed().in_area(area).with_details(), PLACES_PER_PAGE),
            today=local_today(),
            events=Event.objects.published()
            .upcoming()
            .in_area(area)
            .with_details()
            .by_first_date()[:EVENTS_LIMIT],
            coordinators=area.coordinators.with_details(),
            **self.family_context(),
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
        lines = cached_help_lines() or last_shown_help_lines()
    return HttpResponseServerError(loader.render_to_string("500.html", {"help_lines": lines}))


class AreaFlyerView(AreaFamilyMixin, DetailView):
    """The care network's A4 flyer: what it does, its salon, its coordinator, how to reach them."""

    template_name = "carenet/print/area_flyer.html"

    def get_context_data(self, **kwargs):
        area = self.object
        salons = Salon.objects.listed().in_area(area).filter(kind__slug="salon")
        return super().get_context_data(
            networks=area.networks.select_related("base__municipality").prefetch_related(
                "member_kinds"
            ),
            salons=salons.with_details(),
            coordinators=area.coordinators.with_details(),
            lines=Contact.objects.help_lines().filter(municipality=area.municipality),
            as_of=local_today(),
            qr_url=area.printed_url("flyer"),
            **kwargs,
        )


class AreaListView(AreaFamilyMixin, DetailView):
    """地域活動・支えあいリスト: the active places of an area (and of its districts) by kind,
    each with a small QR code, then the initiatives."""

    template_name = "carenet/print/area_list.html"

    def get_context_data(self, **kwargs):
        salons = (
            Salon.objects.active()
            .in_area(self.object)
            .with_details()
            .order_by("kind__order", "name")
        )
        return super().get_context_data(
            **self.paginated(salons, PLACES_PER_PRINTED_LIST),
            large=self.request.GET.get("size") == "large",
            as_of=local_today(),
            **self.family_context(),
            **kwargs,
        )


def area_qr(request, city, slug):
    area = get_object_or_404(Area, municipality__slug=city, slug=slug)
    return qr_response(area.printed_url("flyer"))


# (the rest of an /areas/<slug>/… address, the page it now has)
PRINTED_AREA_PAGES = [
    ("", "area-detail"),
    ("flyer/", "area-flyer"),
    ("list/", "area-list"),
    ("qr.svg", "area-qr-svg"),
    ("calendar.ics", "area-calendar"),
]


def printed_area_address(request, slug, page):
    """/areas/inokashira/?src=flyer, from a QR code printed before areas were named within their
    city: the same page at its address now, with the query kept (the visit is still counted)."""
    area = get_object_or_404(Area, legacy_slug=slug)
    target = area.url_for(page)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
