from django.shortcuts import get_object_or_404, redirect
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
    template_name = "salons/salon_detail.html"
    context_object_name = "salon"

    def get_queryset(self):
        return Salon.objects.listed().with_details()

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        if not self.get_queryset().filter(slug=slug).exists():
            alias = get_object_or_404(SalonAlias.objects.select_related("salon"), slug=slug)
            return redirect(alias.salon, permanent=True)
        return super().get(request, *args, **kwargs)
