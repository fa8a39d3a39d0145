"""The 通いの場MAP: /map/ and /salons.geojson (included before the front pages' catch-all)."""

from django.urls import path

from salons import maps

app_name = "maps"

urlpatterns = [
    path("map/", maps.place_map, name="place-map"),
    path("salons.geojson", maps.places_geojson, name="places-geojson"),
]
