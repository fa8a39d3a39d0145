"""The roster of an event's sign-ups, for the staff of its area or city only (personal data)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carenet.common.spreadsheet import csv_response
from carenet.directory.access import editable
from carenet.events.forms import PhoneSignUpForm
from carenet.events.models import Application, Event


def _roster_event(request, slug):
    """An event whose roster this member of staff keeps; any other is not there (404)."""
    if not request.user.has_perm("events.view_application"):
        raise PermissionDenied
    events = editable(request.user, Event.objects.with_details())
    return get_object_or_404(events, slug=slug)


def _roster(event):
    applications = list(event.applications.order_by("created_at", "pk"))
    confirmed = [a for a in applications if a.status == Application.Status.CONFIRMED]
    return {
        "event": event,
        "confirmed": confirmed,
        "waiting": [a for a in applications if a.status == Application.Status.WAITING],
        "cancelled": [a for a in applications if a.status == Application.Status.CANCELLED],
        "seats_taken": sum(a.party_size for a in confirmed),
    }


@login_required
@require_GET
def roster(request, slug):
    event = _roster_event(request, slug)
    form = PhoneSignUpForm()
    return render(request, "events/staff/roster.html", {**_roster(event), "form": form})


@login_required
@require_POST
def add_phone_application(request, slug):
    """An application taken by phone or at the counter: seats counted as for the web."""
    event = _roster_event(request, slug)
    if not request.user.has_perm("events.add_application"):
        raise PermissionDenied
    form = PhoneSignUpForm(request.POST)
    if not form.is_valid():
        context = {**_roster(event), "form": form}
        return render(request, "events/staff/roster.html", context, status=400)
    application = form.save(event, by=request.user)
    messages.success(
        request,
        _("%(name)sさんを受け付けました（受付番号 %(ref)s・%(status)s）。")
        % {
            "name": application.name,
            "ref": application.reference,
            "status": application.get_status_display(),
        },
    )
    return redirect("staff:event-roster", slug=event.slug)


@login_required
@require_POST
def mark_attendance(request, slug, pk):
    event = _roster_event(request, slug)
    if not request.user.has_perm("events.change_application"):
        raise PermissionDenied
    application = get_object_or_404(event.applications, pk=pk)
    value = request.POST.get("attended")
    if value not in ("yes", "no", ""):
        return render(request, "400.html", status=400)
    application.attended = {"yes": True, "no": False, "": None}[value]
    application.save(update_fields=["attended"])
    return redirect("staff:event-roster", slug=event.slug)


@login_required
@require_POST
def cancel_application(request, slug, pk):
    """Staff cancel on the resident's behalf (a phone call); the waiting list moves up."""
    event = _roster_event(request, slug)
    if not request.user.has_perm("events.change_application"):
        raise PermissionDenied
    application = get_object_or_404(event.applications, pk=pk)
    moved = application.cancel()
    message = _("受付番号 %(ref)s を取り消しました。") % {"ref": application.reference}
    if moved:
        names = "・".join(a.name for a in moved)
        message += _("キャンセル待ちから申込済みになった方: %(names)s") % {"names": names}
    messages.success(request, message)
    return redirect("staff:event-roster", slug=event.slug)


@login_required
@require_GET
def roster_print(request, slug):
    event = _roster_event(request, slug)
    return render(request, "events/staff/roster_print.html", _roster(event))


@login_required
@require_GET
def roster_csv(request, slug):
    event = _roster_event(request, slug)
    header = ["受付番号", "状態", "受付方法", "お名前", "ふりがな", "電話番号", "メール", "人数"]
    header += ["連絡事項", "出席", "申込日時"]
    attended = {True: "出席", False: "欠席", None: ""}
    rows = (
        [
            a.reference,
            a.get_status_display(),
            a.get_channel_display(),
            a.name,
            a.name_kana,
            a.phone,
            a.email,
            a.party_size,
            a.note,
            attended[a.attended],
            f"{a.created_at:%Y-%m-%d %H:%M}",
        ]
        for a in event.applications.order_by("created_at", "pk")
    )
    return csv_response(f"申込者名簿-{event.slug}.csv", header, rows)
