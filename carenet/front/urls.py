from django.urls import path

from carenet.front import calendar_views, display, feeds, views

app_name = "carenet"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("display/text-size/", display.switch_text_size, name="text-size"),
    path("prefectures/", views.PrefectureListView.as_view(), name="prefecture-list"),
    path(
        "prefectures/<slug:slug>/", views.PrefectureDetailView.as_view(), name="prefecture-detail"
    ),
    # An area is named within its city (docs/decisions/0017).
    path("<slug:city>/areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("<slug:city>/areas/<slug:slug>/flyer/", views.AreaFlyerView.as_view(), name="area-flyer"),
    path("<slug:city>/areas/<slug:slug>/list/", views.AreaListView.as_view(), name="area-list"),
    path("<slug:city>/areas/<slug:slug>/qr.svg", views.area_qr, name="area-qr-svg"),
    path("<slug:city>/areas/<slug:slug>/calendar.ics", feeds.area_calendar, name="area-calendar"),
    # The addresses printed before: each answers for ever with a redirect to its page.
    *(
        path(
            f"areas/<slug:slug>/{rest}",
            views.printed_area_address,
            {"page": name},
            name=f"{name}-printed",
        )
        for rest, name in views.PRINTED_AREA_PAGES
    ),
    path("calendar/", calendar_views.MonthCalendarView.as_view(), name="calendar"),
    path(
        "calendar/<int:year>/<int:month>/",
        calendar_views.MonthCalendarView.as_view(),
        name="calendar-month",
    ),
    path(
        "calendar/<int:year>/<int:month>/<int:day>/",
        calendar_views.DayCalendarView.as_view(),
        name="calendar-day",
    ),
    path("<slug:slug>/places.csv", views.municipality_places_csv, name="municipality-places-csv"),
    path("<slug:slug>/events.csv", feeds.municipality_events_csv, name="municipality-events-csv"),
    path("<slug:slug>/calendar.ics", feeds.municipality_calendar, name="municipality-calendar"),
    # Last: a city's slug is a top-level path (/mitaka/, /tama/).
    path("<slug:slug>/", views.MunicipalityDetailView.as_view(), name="municipality-detail"),
]
