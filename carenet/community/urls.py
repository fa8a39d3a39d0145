from django.urls import path

from carenet.community import views

app_name = "community"

urlpatterns = [
    path("issues/", views.IssueListView.as_view(), name="issue-list"),
    path("issues/<slug:slug>/", views.IssueDetailView.as_view(), name="issue-detail"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("<slug:slug>/kintore/", views.KintoreView.as_view(), name="kintore"),
    path("<slug:slug>/kintore/start/", views.start_request, name="kintore-start"),
    path(
        "<slug:slug>/kintore/start/thanks/",
        views.StartThanksView.as_view(),
        name="kintore-thanks",
    ),
]
