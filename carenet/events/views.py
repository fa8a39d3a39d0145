"""Residents' pages for events: the list, one event, signing up and cancelling."""

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView
from django_filters.views import FilterView

from carenet.common.dates import local_today
from carenet.common.limits import resident_flood
from carenet.common.qr import qr_response
from carenet.directory.models import Contact
from carenet.events import notice
from carenet.events.filters import EventFilter
from carenet.events.forms import CancelForm, SignUpForm
from carenet.events.models import Application, Event

APPLIED_SESSION_KEY = "events-applied"


class EventListView(FilterView):
    filterset_class = EventFilter
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        return Event.objects.published().upcoming().with_details().by_first_date()

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=local_today(), **kwargs)


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.published().with_details().select_related("venue__municipality")

    def get_context_data(self, **kwargs):
        event = self.object
        return super().get_context_data(
            today=local_today(),
            closed_reason=event.signup_closed_reason(),
            seats_left=event.seats_left() if event.takes_online_signups else None,
            help_lines=_help_lines(event),
            trail=[(_("イベント・講座"), reverse("events:event-list"))],
            **kwargs,
        )


def _help_lines(event):
    """The city's help lines, for an event with no number of its own to call (else none)."""
    if event.phone:
        return []
    return Contact.objects.help_lines_by_city([event.municipality_id])[event.municipality_id]


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    """/events/<slug>/apply/: the same abuse limits as /consult/; seats counted atomically."""
    event = get_object_or_404(Event.objects.published().with_details(), slug=slug)
    closed_reason = event.signup_closed_reason()
    context = {
        "event": event,
        "closed_reason": closed_reason,
        "help_lines": _help_lines(event),
        "notice_lines": notice.LINES,
        "trail": [
            (_("イベント・講座"), reverse("events:event-list")),
            (event.title, event.get_absolute_url()),
        ],
    }
    if closed_reason:
        return render(request, "events/apply.html", context)
    form_kwargs = {"min_seconds": settings.CONSULT_MIN_SECONDS}
    if request.method == "POST":
        if resident_flood(request, "event-apply"):
            return render(request, "consultations/too_many.html", status=429)
        form = SignUpForm(request.POST, **form_kwargs)
        if form.is_robot:
            return redirect("events:event-detail", slug=event.slug)
        if form.is_valid() and form.use_token():
            application = form.save(event)
            _mail_reference(request, application)
            request.session[APPLIED_SESSION_KEY] = application.pk
            return redirect("events:applied", slug=event.slug)
    else:
        form = SignUpForm(**form_kwargs)
    context.update(form=form, seats_left=event.seats_left())
    return render(request, "events/apply.html", context)


def applied(request, slug):
    """The reference number, shown once, to the browser that signed up."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    pk = request.session.get(APPLIED_SESSION_KEY)
    application = Application.objects.filter(pk=pk, event=event).first()
    return render(request, "events/applied.html", {"event": event, "application": application})


def _mail_reference(request, application):
    if not application.email:
        return
    event = application.event
    cancel_url = settings.SITE_URL + reverse("events:cancel", args=[event.slug])
    body = render_to_string(
        "events/email/applied.txt",
        {"event": event, "application": application, "cancel_url": cancel_url},
        request,
    )
    transaction.on_commit(
        lambda: send_mail(
            _("【受付番号 %(ref)s】%(title)s")
            % {"ref": application.reference, "title": event.title},
            body,
            None,
            [application.email],
            fail_silently=True,
        )
    )


@require_http_methods(["GET", "POST"])
def cancel(request, slug):
    """Cancelling with the reference number and the phone number given at sign-up."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = CancelForm(request.POST or None)
    if request.method == "POST":
        # Guessing reference numbers is slowed down like any other form residents send.
        if resident_flood(request, "event-cancel"):
            return render(request, "consultations/too_many.html", status=429)
        if form.is_valid():
            application = Application.find(
                form.cleaned_data["reference"], form.cleaned_data["phone"]
            )
            if application is None or application.event_id != event.pk:
                form.add_error(
                    None,
                    _("受付番号と電話番号の組み合わせが見つかりません。お確かめください。"),
                )
            elif application.is_cancelled:
                form.add_error(None, _("この申込は、すでに取り消されています。"))
            else:
                for moved in application.cancel():
                    _mail_moved_up(request, moved)
                messages.success(
                    request,
                    _("受付番号 %(ref)s の申込を取り消しました。") % {"ref": application.reference},
                )
                return redirect("events:event-detail", slug=event.slug)
    trail = [
        (_("イベント・講座"), reverse("events:event-list")),
        (event.title, event.get_absolute_url()),
    ]
    return render(request, "events/cancel.html", {"event": event, "form": form, "trail": trail})


def _mail_moved_up(request, application):
    if not application.email:
        return
    body = render(
        request,
        "events/email/moved_up.txt",
        {"event": application.event, "application": application},
    ).content.decode()
    send_mail(
        _("【受付番号 %(ref)s】キャンセル待ちから申込済みになりました")
        % {"ref": application.reference},
        body,
        None,
        [application.email],
        fail_silently=True,
    )


# --- The A4 flyer, as places have one, and the QR code it prints ---

FLYER_SESSIONS = 12  # a longer course prints its first dates and 「ほか N回」


class EventFlyerView(DetailView):
    """An A4 flyer for one event: its dates (中止 marked), place, how to join and a phone number.

    An event with no phone of its own prints its city's help lines, named as such, as the place
    flyer does: a printed flyer always has a number to call."""

    template_name = "events/print/event_flyer.html"
    context_object_name = "event"
    queryset = Event.objects.published().with_details()

    def get_context_data(self, **kwargs):
        event = self.object
        sessions = list(event.sessions.all())
        contact = event.contact
        return super().get_context_data(
            sessions=sessions[:FLYER_SESSIONS],
            more_sessions=len(sessions[FLYER_SESSIONS:]),
            contact_name=event.contact_name or (contact.name_with_city if contact else ""),
            phone=event.phone,
            fallback_lines=_help_lines(event),
            as_of=local_today(),
            qr_url=event.printed_url("flyer"),
            **kwargs,
        )


def event_qr(request, slug):
    """The event's permanent URL as a QR code (SVG), for its flyer."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return qr_response(event.printed_url("flyer"))
