from django import forms
from django.utils.translation import gettext_lazy as _

from carenet.common.forms import CleanTextMixin, PhoneField, ResidentFormMixin
from carenet.events import notice
from carenet.events.models import Application

MAX_PARTY = 5  # larger groups phone the organiser


class SignUpForm(CleanTextMixin, ResidentFormMixin):
    """/events/<slug>/apply/: a seat for the resident (and companions), or the waiting list."""

    name = forms.CharField(
        label=_("お名前"), max_length=50, error_messages={"required": _("お名前を書いてください。")}
    )
    name_kana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)
    phone = PhoneField(
        label=_("電話番号"),
        help_text=_("例: 0422-00-0000。申込の取消にも使います。"),
        error_messages={"required": _("電話番号を書いてください。取消のときにも使います。")},
    )
    email = forms.EmailField(
        label=_("メールアドレス（あれば）"),
        max_length=254,
        required=False,
        help_text=_("書くと、受付番号をメールでもお知らせします。"),
        error_messages={"invalid": _("メールアドレスの形が正しくありません。")},
    )
    party_size = forms.TypedChoiceField(
        label=_("人数（ご本人を含む）"),
        choices=[(n, f"{n}人") for n in range(1, MAX_PARTY + 1)],
        coerce=int,
        initial=1,
        error_messages={"invalid_choice": _("人数は1〜5人から選んでください。")},
    )
    note = forms.CharField(
        label=_("連絡事項（あれば）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例: 車いすで参加します"),
    )
    consent = forms.BooleanField(
        label=_("上の「個人情報の取り扱い」に同意します"),
        error_messages={"required": _("申込には、個人情報の取り扱いへの同意が必要です。")},
    )

    def save(self, event):
        data = self.cleaned_data
        return Application.take(
            event,
            name=data["name"].strip(),
            name_kana=data["name_kana"].strip(),
            phone=data["phone"],
            email=data["email"],
            party_size=data["party_size"],
            note=data["note"].strip(),
            consent_version=notice.VERSION,
        )


class CancelForm(CleanTextMixin, forms.Form):
    reference = forms.CharField(
        label=_("受付番号"),
        max_length=20,
        help_text=_("申込のときにお知らせした8文字の番号です。"),
        error_messages={"required": _("受付番号を書いてください。")},
    )
    phone = forms.CharField(
        label=_("申込のときの電話番号"),
        max_length=20,
        error_messages={"required": _("電話番号を書いてください。")},
    )


class PhoneSignUpForm(CleanTextMixin, forms.Form):
    """Staff take a sign-up by phone or at the counter (consent asked aloud, as on paper)."""

    channel = forms.ChoiceField(
        label=_("受付方法"),
        choices=[c for c in Application.Channel.choices if c[0] != Application.Channel.WEB],
    )
    name = forms.CharField(label=_("お名前"), max_length=50)
    name_kana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)
    phone = PhoneField(label=_("電話番号"), required=False)
    party_size = forms.TypedChoiceField(
        label=_("人数"), choices=[(n, f"{n}人") for n in range(1, 11)], coerce=int, initial=1
    )
    note = forms.CharField(label=_("連絡事項"), max_length=500, required=False)

    def save(self, event, by):
        data = self.cleaned_data
        return Application.take(
            event,
            channel=data["channel"],
            name=data["name"].strip(),
            name_kana=data["name_kana"].strip(),
            phone=data["phone"],
            party_size=data["party_size"],
            note=data["note"].strip(),
            created_by=by,
        )
