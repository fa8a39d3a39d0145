from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from salons.filters import SalonFilter
from salons.models import Salon, SalonAlias


class SalonListView(FilterView):
    filterset_class = SalonFilter
    template_name = "salons/salon_list.html"
    context_object_name = "salons"
    paginate_by = 50

    def get_queryset(self):
        return Salon.objects.listed().with_details()


class SalonDetailView(DetailView):
    """One place. Ended places keep their page: a flyer's QR code must never lead nowhere."""

    template_name = "salons/salon_detail.html"
    context_object_name = "salon"
    queryset = Salon.objects.with_details()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            alias = get_object_or_404(
                SalonAlias.objects.select_related("salon"), slug=kwargs["slug"]
            )
            return redirect(alias.salon, permanent=True)

    def get_context_data(self, **kwargs):
        salon = self.object
        return super().get_context_data(
            upcoming=salon.upcoming(),
            trail=[(_("通いの場をさがす"), reverse("salons:salon-list"))],
            **kwargs,
        )
