from django.contrib.auth import views as auth_views
from django.urls import path

from carenet.events import staff_views as event_views
from consultations import views
from coordinators import second_factor
from salons import staff_views as place_views

app_name = "staff"

urlpatterns = [
    path("", views.StaffHomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", second_factor.VerifyView.as_view(), name="otp-verify"),
    path("otp/setup/", second_factor.SetupView.as_view(), name="otp-setup"),
    path("intake/", views.IntakeView.as_view(), name="intake"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("stats.csv", views.StatsView.as_view(), {"fmt": "csv"}, name="stats-csv"),
    path("places/", place_views.kept_places, name="kept-places"),
    path("places/<slug:slug>/", place_views.keep_place, name="keep-place"),
    path("places/<slug:slug>/confirm/", place_views.confirm_place, name="place-confirm"),
    path("places/<slug:slug>/cancel/", place_views.cancel_date, name="place-cancel"),
    path("places/<slug:slug>/extra/", place_views.add_extra_date, name="place-extra"),
    path(
        "places/<slug:slug>/dates/<int:pk>/remove/",
        place_views.remove_exception,
        name="place-remove-date",
    ),
    path("places/<slug:slug>/schedule/", place_views.change_schedule, name="place-schedule"),
    path("reports/<int:pk>/resolve/", place_views.resolve_report, name="report-resolve"),
    path("events/<slug:slug>/roster/", event_views.roster, name="event-roster"),
    path("events/<slug:slug>/roster/print/", event_views.roster_print, name="event-roster-print"),
    path("events/<slug:slug>/roster.csv", event_views.roster_csv, name="event-roster-csv"),
    path(
        "events/<slug:slug>/roster/add/",
        event_views.add_phone_application,
        name="event-roster-add",
    ),
    path(
        "events/<slug:slug>/roster/<int:pk>/attended/",
        event_views.mark_attendance,
        name="event-roster-attended",
    ),
    path(
        "events/<slug:slug>/roster/<int:pk>/cancel/",
        event_views.cancel_application,
        name="event-roster-cancel",
    ),
]
