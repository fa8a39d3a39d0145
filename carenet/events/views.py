from django.views.generic import DetailView, ListView

from carenet.events.models import Event


class EventListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.published().upcoming().with_details().by_first_date()


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.published().with_details()
