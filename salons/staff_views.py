"""Pages for the people who keep the directory true, outside the admin.

- 「確認した」 on a place of the staff worklist (/staff/);
- closing a resident's correction with a note (/staff/);
- /staff/places/: a 世話人 (or the place's staff) posts cancellations and extra dates and rewrites
  the schedule of the places they keep — large and plain, one task per form.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carenet.common.dates import local_today
from carenet.common.text import long_date
from carenet.directory.access import can_edit, viewable
from salons.forms import (
    CancelDateForm,
    ConfirmPlaceForm,
    ExtraDateForm,
    ResolveReportForm,
    ScheduleTextForm,
)
from salons.models import PlaceCheck, PlaceReport, Salon, ScheduleException
from salons.stewardship import organiser_of, places_kept_by

KEEP_DAYS_AHEAD = 92  # the dates an organiser sees and may cancel: about three months


def _staff_trail():
    return [(_("職員ページ"), reverse("staff:home"))]


@login_required
@require_POST
def confirm_place(request, slug):
    """Records that the listing is still true. Only staff who may edit the place may say so."""
    # Another city's place is not even there (404); another area's is refused (403).
    salon = get_object_or_404(
        viewable(request.user, Salon.objects.select_related("municipality", "area")), slug=slug
    )
    if not can_edit(request.user, salon):
        raise PermissionDenied
    form = ConfirmPlaceForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "salons/staff/confirm_place.html",
            {"salon": salon, "form": form, "trail": _staff_trail()},
            status=400,
        )
    check = PlaceCheck.record(
        salon, form.cleaned_data["method"], by=request.user, note=form.cleaned_data["note"]
    )
    messages.success(
        request,
        _("「%(name)s」を%(date)sに確認済み（%(method)s）にしました。")
        % {
            "name": salon.name,
            "date": long_date(check.confirmed_on),
            "method": check.get_method_display(),
        },
    )
    return redirect(reverse("staff:home") + "#worklist")


@login_required
@require_POST
def resolve_report(request, pk):
    """Closes a resident's correction with what was done; only the place's own staff may."""
    reports = PlaceReport.objects.select_related("salon__municipality", "salon__area")
    report = get_object_or_404(viewable(request.user, reports), pk=pk)
    if not (request.user.has_perm("salons.change_placereport") and can_edit(request.user, report)):
        raise PermissionDenied
    form = ResolveReportForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "salons/staff/resolve_report.html",
            {"report": report, "form": form, "trail": _staff_trail()},
            status=400,
        )
    if report.resolve(request.user, form.cleaned_data["resolution"]):
        messages.success(
            request, _("「%(name)s」への知らせを対応済みにしました。") % {"name": report.salon.name}
        )
    else:
        messages.info(request, _("この知らせは、すでにほかの職員が対応済みにしています。"))
    return redirect(reverse("staff:home") + "#reports")


def _kept_place(request, slug):
    """A place this user keeps; any other place is not there for them (404)."""
    places = places_kept_by(request.user).select_related("municipality", "area")
    return get_object_or_404(places.prefetch_related("schedules", "exceptions"), slug=slug)


@login_required
@require_GET
def kept_places(request):
    """/staff/places/: the places I keep, each with its next date."""
    places = places_kept_by(request.user)
    is_organiser = organiser_of(request.user) is not None
    if not (is_organiser or request.user.has_perm("salons.change_scheduleexception")):
        raise PermissionDenied
    places = list(places.with_details().order_by("name"))
    today = local_today()
    return render(
        request,
        "salons/staff/kept_places.html",
        {
            "rows": [(salon, next(iter(salon.upcoming(1, today)), None)) for salon in places],
            "is_organiser": is_organiser,
        },
    )


def _keep_page(request, salon, status=200, **forms):
    today = local_today()
    exceptions = [e for e in salon.exceptions.all() if e.date >= today]
    context = {
        "salon": salon,
        "today": today,
        "dates": salon.occurrences_between(today, today + dt.timedelta(days=KEEP_DAYS_AHEAD)),
        "cancelled": [e for e in exceptions if e.kind == ScheduleException.Kind.CANCEL],
        "extras": [e for e in exceptions if e.kind == ScheduleException.Kind.EXTRA],
        "extra_form": forms.get("extra_form") or ExtraDateForm(salon=salon, today=today),
        "cancel_form": forms.get("cancel_form"),
        "schedule_form": forms.get("schedule_form")
        or ScheduleTextForm(initial={"text": "／".join(salon.schedule_words())}),
        "trail": [(_("担当している通いの場"), reverse("staff:kept-places"))],
    }
    return render(request, "salons/staff/keep_place.html", context, status=status)


@login_required
@require_GET
def keep_place(request, slug):
    return _keep_page(request, _kept_place(request, slug))


def _done(request, salon, message):
    messages.success(request, message)
    return redirect("staff:keep-place", slug=salon.slug)


@login_required
@require_POST
def cancel_date(request, slug):
    salon = _kept_place(request, slug)
    form = CancelDateForm(request.POST, salon=salon, today=local_today())
    if not form.is_valid():
        return _keep_page(request, salon, status=400, cancel_form=form)
    exception = form.save()
    return _done(
        request, salon, _("%(date)sをお休みにしました。") % {"date": long_date(exception.date)}
    )


@login_required
@require_POST
def add_extra_date(request, slug):
    salon = _kept_place(request, slug)
    form = ExtraDateForm(request.POST, salon=salon, today=local_today())
    if not form.is_valid():
        return _keep_page(request, salon, status=400, extra_form=form)
    exception = form.save()
    return _done(
        request,
        salon,
        _("%(date)sを臨時の開催日にしました。") % {"date": long_date(exception.date)},
    )


@login_required
@require_POST
def remove_exception(request, slug, pk):
    """Takes back a cancellation or an extra date of my own place (history keeps it)."""
    salon = _kept_place(request, slug)
    exception = get_object_or_404(ScheduleException, salon=salon, pk=pk)
    exception.delete()
    if exception.kind == ScheduleException.Kind.CANCEL:
        message = _("%(date)sのお休みを取り消しました。")
    else:
        message = _("%(date)sの臨時の開催を取り消しました。")
    return _done(request, salon, message % {"date": long_date(exception.date)})


@login_required
@require_POST
def change_schedule(request, slug):
    salon = _kept_place(request, slug)
    form = ScheduleTextForm(request.POST)
    if not form.is_valid():
        return _keep_page(request, salon, status=400, schedule_form=form)
    form.save(salon)
    return _done(
        request,
        salon,
        _("開催日を「%(text)s」に直しました。") % {"text": form.cleaned_data["text"]},
    )
