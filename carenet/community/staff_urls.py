from django.urls import path, re_path

from carenet.community import staff_views

app_name = "community_staff"

urlpatterns = [
    path("kintore/", staff_views.GroupListView.as_view(), name="groups"),
    path("kintore.csv", staff_views.GroupListView.as_view(), {"fmt": "csv"}, name="groups-csv"),
    path("kintore/<int:pk>/", staff_views.GroupDetailView.as_view(), name="group"),
    re_path(
        r"^kintore/(?P<pk>[0-9]+)/(?P<action>step|meeting|promise|support|register)/$",
        staff_views.GroupActionView.as_view(),
        name="group-action",
    ),
    path("needs/", staff_views.NeedsView.as_view(), name="needs"),
]
