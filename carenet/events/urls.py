from django.urls import path

from carenet.events import ical, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event-list"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("<slug:slug>/calendar.ics", ical.event_calendar, name="event-calendar"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/apply/done/", views.applied, name="applied"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/flyer/", views.EventFlyerView.as_view(), name="event-flyer"),
    path("<slug:slug>/qr.svg", views.event_qr, name="event-qr-svg"),
]
