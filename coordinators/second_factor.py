"""A second factor for every staff account (django-otp): TOTP, with recovery codes.

After the password, a staff member proves they hold their phone (a six-digit code from an
authenticator app) or uses one of ten single-use recovery codes. Nothing under /admin/ or
/staff/ opens until then. `OTP_DEVELOPMENT_BYPASS` (DEBUG only) lets a newcomer's demo accounts in.
"""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carenet.common.qr import qr_svg_secret

PROTECTED_PREFIXES = ("/admin/", "/staff/")
RECOVERY_CODES = 10


def needs_second_factor(user):
    if settings.OTP_DEVELOPMENT_BYPASS:
        return False
    return user.is_authenticated and user.is_staff and not user.is_verified()


class SecondFactorMiddleware:
    """Sends a signed-in staff member who has not yet given a second factor to give it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PROTECTED_PREFIXES) and needs_second_factor(request.user):
            open_paths = {
                reverse("staff:login"),
                reverse("staff:logout"),
                reverse("staff:otp-verify"),
                reverse("staff:otp-setup"),
                reverse("admin:login"),
                reverse("admin:logout"),
            }
            if request.path not in open_paths:
                target = "staff:otp-verify" if user_has_device(request.user) else "staff:otp-setup"
                next_url = request.get_full_path() if request.method == "GET" else ""
                url = reverse(target)
                return HttpResponseRedirect(f"{url}?next={next_url}" if next_url else url)
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("確認コード"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("認証アプリの6桁の数字、またはお手元の回復コード（英数字）を入力します。"),
    )

    def __init__(self, *args, user, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.device = user, device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if self.device is not None:  # setting up: only the new app's code will do
            device = self.device if self.device.verify_token(token) else None
        else:
            device = match_token(self.user, token)
        if device is None:
            raise forms.ValidationError(
                _(
                    "コードが違うか、時間が過ぎています。"
                    "少し待ってから、アプリに出ている新しいコードを入力してください。"
                )
            )
        self.device = device
        return token


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("staff:home")


class VerifyView(LoginRequiredMixin, View):
    """/staff/otp/: the code after the password."""

    template_name = "registration/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_device(request.user):
            return redirect("staff:otp-setup")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(TokenForm(user=request.user))

    def post(self, request):
        form = TokenForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(form)
        otp_login(request, form.device)
        return HttpResponseRedirect(_next_url(request))

    def render(self, form):
        return render(
            self.request, self.template_name, {"form": form, "next": _next_url(self.request)}
        )


class SetupView(LoginRequiredMixin, View):
    """/staff/otp/setup/: a first sign-in registers an authenticator app and gets recovery codes."""

    template_name = "registration/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and user_has_device(request.user):
            return redirect("staff:otp-verify")
        return super().dispatch(request, *args, **kwargs)

    def device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name=str(_("認証アプリ")), confirmed=False
        )

    def get(self, request):
        device = self.device()
        return self.render(TokenForm(user=request.user), device)

    def post(self, request):
        device = self.device()
        form = TokenForm(request.POST, user=request.user, device=device)
        if not form.is_valid():
            return self.render(form, device)
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = make_recovery_codes(request.user)
        otp_login(request, device)
        return render(
            request,
            "registration/otp_recovery_codes.html",
            {"codes": codes, "next": _next_url(request)},
        )

    def render(self, form, device):
        secret = b32encode(device.bin_key).decode()
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "qr": mark_safe(qr_svg_secret(device.config_url).decode()),  # our own SVG
                "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
                "next": _next_url(self.request),
            },
        )


def make_recovery_codes(user):
    """Ten new single-use codes (the old ones stop working); shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=str(_("回復コード")), defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset_devices(user):
    """For a lost phone: the next sign-in registers a new authenticator app."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
