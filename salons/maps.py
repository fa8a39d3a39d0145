"""The 通いの場MAP (/map/) and its data (/salons.geojson): the places of /salons/, on a map.

Both take the same filters as /salons/ (`SalonFilter`, unchanged) and read the places in a fixed
number of queries, however many there are. The map page is first of all a list of the places by
area, with addresses and a link to an external map each; the script (static/js/map.js) draws the
map above it from the GeoJSON. Without JavaScript, or when the tiles or the data fail, the list
still serves. Places whose venue has no point are listed below the map, never dropped.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from carenet.common.text import short_date, time_range_words
from salons.filters import SalonFilter
from salons.models import Salon

GEOJSON_TYPE = "application/geo+json"
# More than this is no map a resident can read (and, nationally, 145,000 places in one page):
# the page asks to narrow the search first.
MAP_MAX_PLACES = 1000


def filtered_places(request):
    """(filterset, places, matched) as /salons/ filters them: a wrong value gives no places, not
    an error (django-filter's strict rule), and more than MAP_MAX_PLACES matches give none, with
    how many matched, so that the page can ask to narrow them down.
    """
    # The venue's city too: its full address names the prefecture and the city.
    queryset = Salon.objects.listed().with_details().select_related("venue__municipality")
    filterset = SalonFilter(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, [], 0
    places = list(filterset.qs[: MAP_MAX_PLACES + 1])
    if len(places) > MAP_MAX_PLACES:
        return filterset, [], filterset.qs.count()
    return filterset, places, len(places)


def point_of(salon):
    """(longitude, latitude) as floats, or None when the venue has no point."""
    venue = salon.venue
    if venue is None or venue.latitude is None or venue.longitude is None:
        return None
    return float(venue.longitude), float(venue.latitude)


def next_words(salon):
    """「12月2日(火) 午後1時30分〜3時」 for the next meeting, or None."""
    occurrence = salon.next_occurrence
    if occurrence is None:
        return None
    times = time_range_words(occurrence.start_time, occurrence.end_time)
    day = short_date(occurrence.date)
    return f"{day} {times}" if times else day


def place_feature(salon, point):
    venue = salon.venue
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(point)},
        "properties": {
            "name": salon.name,
            "url": salon.get_absolute_url(),
            "kind": salon.kind.name if salon.kind_id else "",
            "area": salon.area.name if salon.area_id else "",
            "status": salon.get_status_display() if salon.is_suspended else "",
            "schedule": salon.schedule_words(),
            "next": next_words(salon),
            "venue": venue.name,
            "address": venue.full_address,
        },
    }


def places_geojson(request):
    """/salons.geojson: a FeatureCollection of the listed places that have a point ([lon, lat])."""
    _filterset, places, matched = filtered_places(request)
    features = []
    for salon in places:
        point = point_of(salon)
        if point is not None:
            features.append(place_feature(salon, point))
    response = JsonResponse(
        # A foreign member (RFC 7946 §6.1) says why a crowded search has no features.
        {"type": "FeatureCollection", "features": features, "matched": matched},
        content_type=GEOJSON_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: other sites may draw it too
    return response


@dataclass
class AreaGroup:
    """The places of one area (or of a city, for places with no area) under one heading."""

    heading: str
    places: list = field(default_factory=list)


def by_area(places):
    """Groups in the order of the places (city, area, name), one per city and area."""
    groups = {}
    for salon in places:
        key = (salon.municipality_id, salon.area_id)
        if key not in groups:
            if salon.area_id:
                heading = f"{salon.area.name}（{salon.municipality.name}）"
            else:
                heading = _("%(city)s（地域の登録なし）") % {"city": salon.municipality.name}
            groups[key] = AreaGroup(heading)
        groups[key].places.append(salon)
    return list(groups.values())


def place_map(request):
    """/map/: the filter form, the map (drawn by the script) and the places by area."""
    filterset, places, matched = filtered_places(request)
    on_map = [salon for salon in places if point_of(salon) is not None]
    off_map = [salon for salon in places if point_of(salon) is None]
    query = request.GET.urlencode()
    geojson_url = reverse("maps:places-geojson") + (f"?{query}" if query else "")
    list_url = reverse("salons:salon-list") + (f"?{query}" if query else "")
    return render(
        request,
        "salons/place_map.html",
        {
            "filter": filterset,
            "count": matched,
            "too_many": matched > MAP_MAX_PLACES,
            "most": MAP_MAX_PLACES,
            "on_map_count": len(on_map),
            "on_map_groups": by_area(on_map),
            "off_map_groups": by_area(off_map),
            "geojson_url": geojson_url,
            "list_url": list_url,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "trail": [(_("通いの場をさがす"), reverse("salons:salon-list"))],
        },
    )
