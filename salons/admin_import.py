"""The Salon admin's CSV import (upload → preview → 取り込む) and its CSV export action.

Who may import: staff who may add places at all and edit a whole city (whole-city staff, for their
own city only) or the central directory role (any city). Area coordinators edit only their areas'
places, which a city-wide file cannot promise, so they get 403.
"""

import base64

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carenet.common.dates import local_today
from carenet.directory import access
from carenet.directory.models import Municipality
from salons.exporting import places_csv_response
from salons.importing import MAX_BYTES, PlaceImport
from salons.models import Salon

SIGNING_SALT = "salons.place-import"
PAYLOAD_MAX_AGE = 60 * 60  # an hour between the preview and 取り込む


def import_cities(user):
    """The cities this user may import places into (none: not allowed to import)."""
    if not access.can_add(user, Salon):
        return Municipality.objects.none()
    if access.is_central(user):
        return Municipality.objects.all()
    profile = access.staff_profile_of(user)
    if profile is None or not profile.sees_whole_city:
        return Municipality.objects.none()
    return Municipality.objects.filter(pk=profile.municipality_id)


class PlaceImportForm(forms.Form):
    city = forms.ModelChoiceField(
        label=gettext_lazy("市区町村"), queryset=Municipality.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("CSVファイル"),
        help_text=gettext_lazy("UTF-8 または Shift_JIS。列は「CSVで書き出す」と同じです。"),
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（%(mb)sMBまで）。") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload.read()


class PlaceImportConfirmForm(forms.Form):
    """取り込む: the previewed file comes back signed, for the same user and city."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.cities = user, cities

    @staticmethod
    def sign(user, city, data):
        value = {"user": user.pk, "city": city.pk, "data": base64.b64encode(data).decode()}
        return signing.dumps(value, salt=SIGNING_SALT, compress=True)

    def clean_payload(self):
        try:
            value = signing.loads(
                self.cleaned_data["payload"], salt=SIGNING_SALT, max_age=PAYLOAD_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("時間がたちました。もう一度ファイルを選んでください。")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(_("送られた内容が確認できません。")) from None
        city = self.cities.filter(pk=value.get("city")).first()
        if value.get("user") != self.user.pk or city is None:
            raise forms.ValidationError(_("送られた内容が確認できません。"))
        return city, base64.b64decode(value["data"])


class PlaceImportAdminMixin:
    """For SalonAdmin: the import page, its link on the list, and the CSV export action."""

    def get_urls(self):
        page = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="salons_salon_import",
        )
        return [page, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_places": self._may_import(request)}
        return super().changelist_view(request, extra_context)

    def _may_import(self, request):
        return self.has_add_permission(request) and import_cities(request.user).exists()

    @admin.action(description=gettext_lazy("選んだ通いの場をCSVで書き出す"))
    def export_csv(self, request, queryset):
        # The queryset is the admin's own: access.viewable has scoped it already.
        return places_csv_response(f"通いの場-{local_today():%Y%m%d}.csv", queryset)

    def import_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        cities = import_cities(request.user)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta}
        form = PlaceImportForm(cities=cities)
        if request.method == "POST" and "payload" in request.POST:
            confirm = PlaceImportConfirmForm(request.POST, user=request.user, cities=cities)
            if confirm.is_valid():
                city, data = confirm.cleaned_data["payload"]
                return self._apply(request, city, data, context)
            context["confirm_errors"] = confirm.errors.get("payload")
        elif request.method == "POST":
            form = PlaceImportForm(request.POST, request.FILES, cities=cities)
            if form.is_valid():
                city, data = form.cleaned_data["city"], form.cleaned_data["file"]
                plan = PlaceImport(data, city).check()
                context.update(plan=plan, city=city)
                payload = PlaceImportConfirmForm.sign(request.user, city, data)
                # The signed file comes back as a form field, which Django caps in size.
                if plan.is_valid and len(payload) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2:
                    context["payload"] = payload
                elif plan.is_valid:
                    context["too_big"] = True
        context.update(form=form, title=_("通いの場をCSVから取り込む"))
        return TemplateResponse(request, "admin/salons/salon/import_form.html", context)

    def _apply(self, request, city, data, context):
        plan = PlaceImport(data, city).check()  # checked again: the places may have changed
        if plan.is_valid:
            try:
                plan.apply()
            except IntegrityError:
                messages.error(
                    request, _("同時にほかの変更がありました。もう一度取り込んでください。")
                )
                return redirect("admin:salons_salon_import")
            messages.success(
                request,
                _("%(city)sの通いの場を取り込みました（%(counts)s）。")
                % {"city": city.name, "counts": plan.counts_text()},
            )
            url = reverse("admin:salons_salon_changelist")
            return redirect(f"{url}?municipality__id__exact={city.pk}")
        form = PlaceImportForm(cities=import_cities(request.user))
        context.update(plan=plan, city=city, form=form, title=_("通いの場をCSVから取り込む"))
        return TemplateResponse(request, "admin/salons/salon/import_form.html", context)
