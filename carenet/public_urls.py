from django.urls import path

from carenet import views

app_name = "carenet"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area-detail"),
    # Last: a city's slug is a top-level path (/mitaka/, /tama/).
    path("<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"),
]
