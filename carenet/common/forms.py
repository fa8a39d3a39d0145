"""Forms residents send without signing in (/consult/, corrections to a place): clean text and
the same abuse limits everywhere — a honeypot, a minimum time, and a signed single-use token.

The caller also limits by address (django-ratelimit, `settings.CONSULT_RATE`).
"""

import re
import secrets
import unicodedata

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls except tab, LF and CR.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]")
PHONE = re.compile(r"^[0-9０-９\-ー－() ]{10,15}$")
TIMESTAMP_SALT = "consult-form-started"
STARTED_MAX_AGE = 2 * 60 * 60  # seconds a request form stays valid; also how long a nonce is kept


def no_control_characters(value):
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("使えない文字（制御文字）が含まれています。"))


def no_format_characters(value):
    # Zero-width and bidi-override characters (category Cf) hide or reorder text on staff screens.
    if isinstance(value, str) and any(unicodedata.category(ch) == "Cf" for ch in value):
        raise ValidationError(
            _(
                "目に見えない特殊な文字（ゼロ幅スペースや文字の向きを変える記号など）が"
                "含まれています。お手数ですが、その部分を入力し直してください。"
            )
        )


def single_line(value):
    if isinstance(value, str) and LINE_BREAKS.search(value):
        raise ValidationError(_("この欄には改行を入れられません。1行で入力してください。"))


class CleanTextMixin:
    """Every text field refuses control and invisible format characters, with clear messages;
    single-line fields also refuse line breaks (a Textarea keeps them).

    Django's own null-character check goes: its Japanese text says 「何か文字を入力してください」.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                extra = [no_control_characters, no_format_characters]
                if not isinstance(field.widget, forms.Textarea):
                    extra.append(single_line)
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ] + extra


def started_token(timestamp=None):
    """A resident form's signed, single-use token: when the form was shown, and a nonce."""
    if timestamp is None:
        timestamp = timezone.now().timestamp()
    return signing.dumps({"t": timestamp, "n": secrets.token_urlsafe(16)}, salt=TIMESTAMP_SALT)


class ResidentFormMixin(forms.Form):
    """A form residents send: refuses robots, replays and a page sent back too fast or too late.

    After is_valid(), call use_token() before storing anything: it uses up the token once.
    """

    started = forms.CharField(widget=forms.HiddenInput)
    # Honeypot: hidden from people and from screen readers; robots fill it in.
    website = forms.CharField(required=False, label=_("この欄は空のままにしてください"))

    def __init__(self, *args, min_seconds=5, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_seconds = min_seconds
        self.initial["started"] = started_token()

    @property
    def is_robot(self):
        return bool(self.data.get("website"))

    def clean_started(self):
        try:
            token = signing.loads(
                self.cleaned_data["started"], salt=TIMESTAMP_SALT, max_age=STARTED_MAX_AGE
            )
            started, nonce = token["t"], token["n"]
        except (signing.BadSignature, TypeError, KeyError) as error:
            # TypeError/KeyError: a token signed before nonces existed.
            raise ValidationError(
                _(
                    "時間が経ちすぎました。お手数ですが、内容をご確認のうえ、もう一度送信してください。"
                ),
                code="expired",
            ) from error
        if timezone.now().timestamp() - started < self.min_seconds:
            raise ValidationError(
                _("送信が早すぎました。内容をご確認のうえ、もう一度送信してください。"),
                code="too_fast",
            )
        return {"t": started, "n": nonce}

    def use_token(self):
        """Uses up a valid form's token. False, with an error, if it was used before (a replay)."""
        nonce = self.cleaned_data["started"]["n"]
        if cache.add(f"consult-nonce:{nonce}", 1, timeout=STARTED_MAX_AGE):
            return True
        self.add_error(
            "started",
            ValidationError(
                _(
                    "この画面からはすでに送信されています。同じ内容をもう一度送る必要はありません。"
                    "別の内容は、ご確認のうえ送信してください。"
                ),
                code="used",
            ),
        )
        self.renew_token()
        return False

    def full_clean(self):
        super().full_clean()
        if self.has_error("started", "expired"):
            self.renew_token()

    def renew_token(self):
        # The form shown again carries a fresh token, so the resident can send without retyping.
        self.data = self.data.copy()
        self.data["started"] = started_token()


class PhoneField(forms.CharField):
    """A Japanese phone number: digits, hyphens and brackets, half or full width."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        phone = super().clean(value)
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("電話番号は数字とハイフンで入力してください（例: 0422-00-0000）。"), code="phone"
            )
        return phone
