from django.urls import path

from carenet.privacy import staff_views

app_name = "privacy"

urlpatterns = [
    path("privacy/", staff_views.RequestListView.as_view(), name="requests"),
    path("privacy/new/", staff_views.RequestCreateView.as_view(), name="request-new"),
    path("privacy/<int:pk>/", staff_views.RequestDetailView.as_view(), name="request"),
    path("privacy/<int:pk>/link/", staff_views.LinkView.as_view(), name="request-link"),
    path("privacy/<int:pk>/close/", staff_views.CloseView.as_view(), name="request-close"),
    path("privacy/<int:pk>/erase/", staff_views.EraseView.as_view(), name="request-erase"),
    path(
        "privacy/<int:pk>/disclosure/",
        staff_views.DisclosureView.as_view(),
        name="request-disclosure",
    ),
    path("access-report/", staff_views.AccessReportView.as_view(), name="access-report"),
    path(
        "access-report.csv",
        staff_views.AccessReportView.as_view(),
        {"fmt": "csv"},
        name="access-report-csv",
    ),
]
