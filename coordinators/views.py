from django.views.generic import ListView

from coordinators.models import Coordinator


class CoordinatorListView(ListView):
    template_name = "coordinators/coordinator_list.html"
    context_object_name = "coordinators"

    def get_queryset(self):
        return Coordinator.objects.with_details()
