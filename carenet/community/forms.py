"""Forms of the community work: a resident's 近トレ inquiry, and the staff's records of a group."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carenet.common.dates import local_today
from carenet.common.forms import CleanTextMixin, PhoneField, ResidentFormMixin
from carenet.community.models import (
    SUPPORT_EVENT_KINDS,
    GroupMeeting,
    Promise,
    PromiseCheck,
    StartupGroup,
    Support,
    SupportKind,
)
from carenet.directory.forms import AreaChoiceField
from carenet.directory.models import Area, Contact, Venue
from carenet.events.models import Event
from consultations.forms import PurposeNoticeMixin
from salons.forms import DATE_PICKER, ScheduleTextForm
from salons.models import CheckMethod, Kind, PlaceCheck, Salon

DATE_ERRORS = {"invalid": _("日付は 2026-12-10 のように入力してください。")}


class StartRequestForm(CleanTextMixin, PurposeNoticeMixin, ResidentFormMixin):
    """A resident asks to start a 近トレ group. Nothing is stored without consent."""

    area = AreaChoiceField(
        label=_("地域"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("分からない"),
    )
    town = forms.CharField(
        label=_("町名・団地やマンションの名前"),
        max_length=50,
        required=False,
        help_text=_("例: 愛宕4丁目、〇〇団地"),
    )
    representative = forms.CharField(label=_("代表の方のお名前"), max_length=50)
    phone = PhoneField(label=_("電話番号"), required=False, help_text=_("例: 042-000-0000"))
    email = forms.EmailField(label=_("メールアドレス"), max_length=254, required=False)
    people = forms.IntegerField(
        label=_("いま集まっている人数（代表の方を含めて）"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": _("人数を数字で入れてください。まだ1人でも構いません。"),
            "invalid": _("人数は数字で入れてください（例: 5）。"),
            "min_value": _("人数は1以上の数字で入れてください。"),
            "max_value": _("人数は500までの数字で入れてください。"),
        },
    )
    venue_idea = forms.CharField(
        label=_("会場の候補（あれば）"),
        max_length=200,
        required=False,
        help_text=_("例: 〇〇自治会の集会所"),
    )
    preferred_time = forms.CharField(
        label=_("やりたい曜日・時間（あれば）"),
        max_length=100,
        required=False,
        help_text=_("例: 毎週水曜日の午前"),
    )
    message = forms.CharField(
        label=_("ひとこと（あれば）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("上の「個人情報の利用目的」に同意します"),
        error_messages={"required": _("お申し込みには、利用目的への同意が必要です。")},
    )

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        self.city = city
        self.fields["area"].queryset = Area.objects.filter(municipality=city)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("area") and not cleaned.get("town") and "town" not in self.errors:
            self.add_error("town", _("地域を選ぶか、町名を書いてください。"))
        if not cleaned.get("phone") and not cleaned.get("email"):
            if "phone" not in self.errors and "email" not in self.errors:
                self.add_error(
                    "phone", _("ご連絡先として、電話番号かメールアドレスを入れてください。")
                )
        return cleaned

    def to_group(self):
        data = self.cleaned_data
        return StartupGroup(
            municipality=self.city,
            area=data["area"],
            town=data["town"],
            representative=data["representative"],
            phone=data["phone"],
            email=data["email"],
            people=data["people"],
            venue_idea=data["venue_idea"],
            preferred_time=data["preferred_time"],
            message=data["message"],
            channel=StartupGroup.Channel.WEB,
            consent_notice=data["notice"],
            consented_at=timezone.now(),
        )


class GroupMeetingForm(CleanTextMixin, forms.ModelForm):
    """One session: the date and how many came."""

    class Meta:
        model = GroupMeeting
        fields = ["date", "head_count"]
        widgets = {"date": DATE_PICKER}
        error_messages = {
            "date": DATE_ERRORS,
            "head_count": {"invalid": _("人数は数字で入れてください（例: 8）。")},
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["head_count"].widget.attrs.update(min=1, max=200)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > local_today():
            raise ValidationError(_("まだ来ていない日の記録はつけられません。"))
        if GroupMeeting.objects.filter(group=self.instance.group, date=date).exists():
            raise ValidationError(_("この日の記録はもうあります。"))
        return date


class PromiseCheckForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PromiseCheck
        fields = ["promise", "met_on", "how"]
        widgets = {"met_on": DATE_PICKER}
        error_messages = {"met_on": DATE_ERRORS}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["promise"].choices = [
            (promise.value, promise.label) for promise in group.unmet_promises()
        ]

    def clean(self):
        cleaned = super().clean()
        group = self.instance.group
        if cleaned.get("promise") == Promise.WEEKLY and not group.weekly().met:
            self.add_error(
                "promise",
                _("活動の記録で、12週続けて週1回以上の開催が確かめられてから記録できます。"),
            )
        met_on = cleaned.get("met_on")
        if met_on and met_on > local_today():
            self.add_error("met_on", _("まだ来ていない日は選べません。"))
        return cleaned


class SupportForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Support
        fields = ["kind", "given_on", "given_by", "event", "note"]
        widgets = {"given_on": DATE_PICKER}
        error_messages = {"given_on": DATE_ERRORS}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in SupportKind if kind != SupportKind.INSURANCE
        ]
        self.fields["event"].queryset = (
            Event.objects.filter(
                municipality=group.municipality_id, kind__in=SUPPORT_EVENT_KINDS.values()
            )
            .with_details()
            .order_by("-pk")
        )

    def clean(self):
        cleaned = super().clean()
        kind, event = cleaned.get("kind"), cleaned.get("event")
        if event and SUPPORT_EVENT_KINDS.get(kind) != event.kind:
            self.add_error(
                "event",
                _(
                    "スタート応援講座には説明会を、TFPP（測定会）には測定会のイベントを選んでください。"
                ),
            )
        return cleaned


class RegistrationForm(CleanTextMixin, forms.Form):
    """サロン登録: the group becomes a published 近トレ place, insured, in one step."""

    name = forms.CharField(label=_("グループの名前"), max_length=100)
    name_kana = forms.CharField(label=_("よみがな"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("URL名（ローマ字）"),
        max_length=100,
        help_text=_("例: kintore-atago-1"),
        error_messages={
            "invalid": _("URL名は半角の英数字とハイフンで書いてください（例: kintore-atago-1）。")
        },
    )
    venue = forms.ModelChoiceField(
        label=_("会場（名簿にあるとき）"), queryset=Venue.objects.none(), required=False
    )
    venue_note = forms.CharField(
        label=_("会場（名簿にないとき）"),
        max_length=200,
        required=False,
        help_text=_("例: 〇〇自治会集会所（〇〇1-2-3）"),
    )
    contact = forms.ModelChoiceField(
        label=_("問い合わせ先"), queryset=Contact.objects.none(), required=False
    )
    insured_from = forms.DateField(
        label=_("保険の開始日"), widget=DATE_PICKER, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.schedule = ScheduleTextForm(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(municipality=group.municipality_id)
        contacts = Contact.objects.filter(municipality=group.municipality_id)
        self.fields["contact"].queryset = contacts
        self.initial.setdefault("name", group.name)
        self.initial.setdefault("name_kana", group.name_kana)
        self.initial.setdefault("slug", f"kintore-{group.pk}")
        self.initial.setdefault("venue_note", group.venue_idea)
        self.initial.setdefault("contact", contacts.filter(purpose__contains="近トレ").first())
        self.kind = Kind.objects.filter(slug=Kind.KINTORE).first()

    def is_valid(self):
        # Both halves are checked, so every mistake is shown at once.
        return all([super().is_valid(), self.schedule.is_valid()])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Salon.objects.filter(slug=slug).exists():
            raise ValidationError(_("このURL名はほかの通いの場が使っています。"))
        return slug

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("venue") and not cleaned.get("venue_note"):
            self.add_error("venue_note", _("会場を選ぶか、書いてください。"))
        if self.kind is None:
            raise ValidationError(
                _("通いの場の種類「近トレ」がありません。管理者に連絡してください。")
            )
        return cleaned

    @transaction.atomic
    def save(self, by):
        data = self.cleaned_data
        group = self.group
        place = Salon(
            municipality=group.municipality,
            area=group.area,
            kind=self.kind,
            name=data["name"],
            name_kana=data["name_kana"],
            slug=data["slug"],
            venue=data["venue"],
            venue_note=data["venue_note"] if not data["venue"] else "",
            contact=data["contact"],
            organiser=data["name"],
            status=Salon.Status.ACTIVE,
        )
        place._change_reason = f"近トレ サロン登録 by {by.get_username()}"
        place.full_clean()
        place.save()
        self.schedule.save(place)
        PlaceCheck.record(place, CheckMethod.VISIT, by=by, note=_("近トレのサロン登録"))
        group.supports.create(
            kind=SupportKind.INSURANCE,
            given_on=data["insured_from"],
            given_by=by.get_full_name() or by.get_username(),
            note=_("サロン登録"),
            recorded_by=by,
        )
        group.name, group.name_kana = data["name"], data["name_kana"]
        group.save(update_fields=["name", "name_kana", "updated_at"])
        group.register(by, salon=place, insured_from=data["insured_from"])
        return place
