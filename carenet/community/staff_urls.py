from django.urls import path, register_converter

from carenet.community import staff_views


class GroupAction:
    """The writes a group's page posts to; any other word is not a route (404)."""

    regex = "step|meeting|promise|support|register"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(GroupAction, "group_action")

app_name = "community_staff"

urlpatterns = [
    path("kintore/", staff_views.GroupListView.as_view(), name="groups"),
    path("kintore.csv", staff_views.GroupListView.as_view(), {"fmt": "csv"}, name="groups-csv"),
    path("kintore/<int:pk>/", staff_views.GroupDetailView.as_view(), name="group"),
    path(
        "kintore/<int:pk>/<group_action:action>/",
        staff_views.GroupActionView.as_view(),
        name="group-action",
    ),
    path("needs/", staff_views.NeedsView.as_view(), name="needs"),
]
