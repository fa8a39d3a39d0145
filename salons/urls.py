from django.urls import path

from salons import views

app_name = "salons"

urlpatterns = [
    path("", views.SalonListView.as_view(), name="salon-list"),
    path("<slug:slug>/", views.SalonDetailView.as_view(), name="salon-detail"),
]
