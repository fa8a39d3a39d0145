"""Staff pages of the directory: 「確認した」 on a place of the worklist (/staff/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carenet.common.text import long_date
from carenet.directory.access import can_edit, viewable
from salons.forms import ConfirmPlaceForm
from salons.models import PlaceCheck, Salon


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
        trail = [(_("職員ページ"), reverse("staff:home"))]
        return render(
            request,
            "salons/staff/confirm_place.html",
            {"salon": salon, "form": form, "trail": trail},
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
