from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.request_form, name="request-form"),
    path("thanks/", views.RequestThanksView.as_view(), name="request-thanks"),
]
