from django.urls import path

from salons import ical, views

app_name = "salons"

urlpatterns = [
    path("", views.SalonListView.as_view(), name="salon-list"),
    path("<slug:slug>/", views.SalonDetailView.as_view(), name="salon-detail"),
    path("<slug:slug>/report/", views.report_mistake, name="salon-report"),
    path(
        "<slug:slug>/report/thanks/", views.ReportThanksView.as_view(), name="salon-report-thanks"
    ),
    path("<slug:slug>/flyer/", views.SalonFlyerView.as_view(), name="salon-flyer"),
    path("<slug:slug>/qr.png", views.salon_qr, {"fmt": "png"}, name="salon-qr-png"),
    path("<slug:slug>/qr.svg", views.salon_qr, {"fmt": "svg"}, name="salon-qr-svg"),
    path("<slug:slug>/calendar.ics", ical.place_calendar, name="salon-calendar"),
]
