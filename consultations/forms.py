from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carenet.common.forms import (  # noqa: F401 (re-exported for the tests)
    STARTED_MAX_AGE,
    TIMESTAMP_SALT,
    CleanTextMixin,
    PhoneField,
    ResidentFormMixin,
    started_token,
)
from carenet.directory.forms import AreaChoiceField
from carenet.directory.models import Area, Municipality
from consultations.models import Consultation, PurposeNotice, Topic


class VersionCheckMixin:
    """Refuses a save made over an older copy of the consultation, with a clear message."""

    version_message = _(
        "この相談は、あなたが開いた後にほかの職員が更新しました。入力内容を控えてから画面を読み直し、"
        "もう一度入力してください。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["seen_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                Consultation.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("seen_version") != current:
                raise ValidationError(self.version_message, code="stale")
            self.instance.version = current
        return cleaned


class ConsultationAdminForm(CleanTextMixin, VersionCheckMixin, forms.ModelForm):
    # The version this editor opened; a save over an older one is refused.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Consultation
        fields = [
            "requester",
            "requester_name",
            "name",
            "name_kana",
            "age_band",
            "household",
            "area",
            "town",
            "municipality",
            "contact_preference",
            "phone",
            "email",
            "channel",
            "received_at",
            "topics",
            "summary",
            "urgent",
            "assignee",
            "follow_up_on",
            "outcome",
        ]


class PurposeNoticeMixin(forms.Form):
    """The version of the purpose notice the resident read; refused if it changed meanwhile."""

    notice = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_obj = PurposeNotice.current()
        if self.notice_obj:
            self.initial["notice"] = self.notice_obj.version

    def clean_notice(self):
        version = self.cleaned_data["notice"]
        if not self.notice_obj or version != self.notice_obj.version:
            raise ValidationError(
                _("利用目的の内容が更新されました。もう一度お読みのうえ同意してください。")
            )
        return self.notice_obj


class ConsultationRequestForm(CleanTextMixin, PurposeNoticeMixin, ResidentFormMixin):
    """A resident asks for a consultation. Nothing is stored without consent."""

    city = forms.ModelChoiceField(
        label=_("お住まいの市"),
        queryset=Municipality.objects.taking_part(),
        to_field_name="slug",
        empty_label=_("選んでください"),
    )
    area = AreaChoiceField(
        label=_("地域（分かれば）"),
        queryset=Area.objects.filter(municipality__takes_part=True),
        required=False,
        empty_label=_("分からない"),
    )
    town = forms.CharField(
        label=_("町名（分かれば）"), max_length=50, required=False, help_text=_("例: 井の頭2丁目")
    )
    requester = forms.ChoiceField(
        label=_("どなたのご相談ですか"), choices=Consultation.Requester.choices
    )
    name = forms.CharField(
        label=_("お名前"),
        max_length=50,
        required=False,
        help_text=_("名前を出したくない方は空のままで構いません。"),
    )
    name_kana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)
    contact_preference = forms.ChoiceField(
        label=_("ご連絡の方法"),
        choices=Consultation.ContactPreference.choices,
        initial=Consultation.ContactPreference.PHONE,
    )
    phone = PhoneField(label=_("電話番号"), required=False, help_text=_("例: 0422-00-0000"))
    email = forms.EmailField(label=_("メールアドレス"), max_length=254, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("ご相談の内容（いくつでも）"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("ご相談したいこと"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=_("上の「個人情報の利用目的」に同意します"),
        error_messages={"required": _("ご相談を受け付けるには、利用目的への同意が必要です。")},
    )

    def clean(self):
        cleaned = super().clean()
        city, area = cleaned.get("city"), cleaned.get("area")
        if city and area and area.municipality_id != city.pk:
            self.add_error("area", _("選んだ市の中の地域を選んでください。"))
        preference = cleaned.get("contact_preference")
        if preference == Consultation.ContactPreference.PHONE and not cleaned.get("phone"):
            self.add_error("phone", _("電話での連絡をご希望の場合は、電話番号を入力してください。"))
        if preference == Consultation.ContactPreference.EMAIL and not cleaned.get("email"):
            self.add_error(
                "email", _("メールでの連絡をご希望の場合は、メールアドレスを入力してください。")
            )
        return cleaned

    def to_consultation(self):
        data = self.cleaned_data
        return Consultation(
            municipality=data["city"],
            area=data["area"],
            town=data["town"],
            requester=data["requester"],
            name=data["name"],
            name_kana=data["name_kana"],
            contact_preference=data["contact_preference"],
            phone=data["phone"],
            email=data["email"],
            channel=Consultation.Channel.WEB,
            summary=data["summary"],
            consent_notice=data["notice"],
            consented_at=timezone.now(),
        )


class IntakeForm(CleanTextMixin, forms.ModelForm):
    """A phone call, typed in while the caller talks: one screen, keyboard only."""

    consent = forms.BooleanField(
        label=_("利用目的を説明し、口頭で同意を得た"),
        required=False,
        help_text=_("同意の記録には、いま有効な利用目的の版と日時が残ります。"),
    )

    class Meta:
        model = Consultation
        fields = [
            "channel",
            "requester",
            "requester_name",
            "name",
            "name_kana",
            "phone",
            "area",
            "town",
            "age_band",
            "household",
            "topics",
            "summary",
            "urgent",
            "follow_up_on",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        areas = Area.objects.filter(municipality=profile.municipality)
        if not profile.sees_whole_city:
            areas = areas.filter(pk__in=profile.areas.all())
        self.fields["area"].queryset = areas
        self.fields["area"].required = not profile.sees_whole_city
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["channel"].initial = Consultation.Channel.PHONE
        self.fields["channel"].widget.attrs["autofocus"] = True

    def save(self, commit=True):
        self.instance.municipality = self.profile.municipality
        if self.cleaned_data.get("consent"):
            self.instance.consent_notice = PurposeNotice.current()
            self.instance.consented_at = timezone.now()
        return super().save(commit)
