from django.urls import path

from carenet.front import views

app_name = "carenet"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("areas/<slug:slug>/flyer/", views.AreaFlyerView.as_view(), name="area-flyer"),
    path("areas/<slug:slug>/list/", views.AreaListView.as_view(), name="area-list"),
    path("areas/<slug:slug>/qr.svg", views.area_qr, name="area-qr-svg"),
    path("<slug:slug>/places.csv", views.municipality_places_csv, name="municipality-places-csv"),
    # Last: a city's slug is a top-level path (/mitaka/, /tama/).
    path("<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"),
]
