import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from carenet.common.forms import CleanTextMixin, ResidentFormMixin
from salons.models import (
    UPCOMING_HORIZON_DAYS,
    CheckMethod,
    PlaceReport,
    Schedule,
    ScheduleException,
)
from salons.schedule_text import ScheduleTextError, parse_schedule_text
from salons.schedules import parse_months

SCHEDULE_SEPARATOR = re.compile(r"[／/\n]")

MONTH_CHOICES = [(str(m), f"{m}月") for m in range(1, 13)]


class ScheduleForm(forms.ModelForm):
    """Months as twelve tick boxes rather than a comma-separated string."""

    months = forms.MultipleChoiceField(
        label=_("開催月"),
        choices=MONTH_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("毎月なら空のまま。「年10回」で月が分からないときも空にします。"),
    )

    class Meta:
        model = Schedule
        fields = [
            "frequency",
            "interval",
            "week_of_month",
            "weekday",
            "start_time",
            "end_time",
            "months",
            "times_per_year",
            "skip_holidays",
            "skip_year_end",
            "valid_from",
            "valid_until",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.months:
            self.initial["months"] = [str(m) for m in sorted(parse_months(self.instance.months))]

    def clean_months(self):
        months = sorted(int(m) for m in self.cleaned_data["months"])
        return "" if len(months) == 12 else ",".join(str(m) for m in months)


class ConfirmPlaceForm(forms.Form):
    """「確認した」 on the staff worklist: how the listing was confirmed (today, by the sender)."""

    method = forms.ChoiceField(
        label=_("確認の方法"),
        choices=CheckMethod.choices,
        initial=CheckMethod.PHONE,
        error_messages={
            "required": _("確認の方法を選んでください。"),
            "invalid_choice": _(
                "確認の方法は、電話・訪問・郵送・本人から・資料から選んでください。"
            ),
        },
    )
    note = forms.CharField(
        label=_("メモ"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("メモは200文字以内で入力してください。")},
    )


class PlaceReportForm(CleanTextMixin, ResidentFormMixin):
    """「情報の誤りを知らせる」: what is wrong, and a way to reach the sender only if they want."""

    what = forms.CharField(
        label=_("まちがっているところ"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("例: 「3月から第3木曜日に変わりました」「会場が○○に移りました」"),
        error_messages={
            "required": _("まちがっているところを書いてください。"),
            "max_length": _("1000文字以内で書いてください。"),
        },
    )
    contact = forms.CharField(
        label=_("連絡先（書かなくてもかまいません）"),
        max_length=200,
        required=False,
        help_text=_("職員から確かめたいときのための電話番号やメールアドレス。お名前は要りません。"),
        error_messages={"max_length": _("連絡先は200文字以内で書いてください。")},
    )

    def save(self, salon):
        return PlaceReport.objects.create(
            salon=salon,
            what=self.cleaned_data["what"].strip(),
            contact=self.cleaned_data["contact"].strip(),
        )


class ResolveReportForm(CleanTextMixin, forms.Form):
    resolution = forms.CharField(
        label=_("対応のメモ"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例: 「電話で確認し、日程を直した」「誤りではなかった」"),
        error_messages={
            "required": _("どう対応したかを書いてください。"),
            "max_length": _("1000文字以内で書いてください。"),
        },
    )


# The organiser's page (/staff/places/<slug>/): one small form per task, big and plain.
# The browser's own date and time pickers: no format to remember.
DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_PICKER = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CancelDateForm(forms.Form):
    date = forms.DateField(
        label=_("お休みにする日"),
        error_messages={
            "required": _("日付を選んでください。"),
            "invalid": _("日付は 2026-12-10 のように入力してください。"),
        },
    )
    note = forms.CharField(
        label=_("ひとこと（書かなくてもかまいません）"),
        max_length=200,
        required=False,
        help_text=_("例: 会場の点検のため"),
    )

    def __init__(self, *args, salon, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.salon, self.today = salon, today

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.today:
            raise ValidationError(_("過ぎた日はお休みにできません。"))
        if not self.salon.occurrences_between(day, day):
            raise ValidationError(_("この日は開催日ではありません。開催日を選んでください。"))
        return day

    def save(self):
        exception, _created = ScheduleException.objects.update_or_create(
            salon=self.salon,
            date=self.cleaned_data["date"],
            kind=ScheduleException.Kind.CANCEL,
            defaults={"note": self.cleaned_data["note"]},
        )
        return exception


class ExtraDateForm(forms.Form):
    date = forms.DateField(
        label=_("開催する日"),
        widget=DATE_PICKER,
        error_messages={
            "required": _("日付を選んでください。"),
            "invalid": _("日付は 2026-12-10 のように入力してください。"),
        },
    )
    start_time = forms.TimeField(
        label=_("始まる時刻"),
        widget=TIME_PICKER,
        required=False,
        error_messages={"invalid": _("時刻は 13:30 のように入力してください。")},
    )
    end_time = forms.TimeField(
        label=_("終わる時刻"),
        widget=TIME_PICKER,
        required=False,
        error_messages={"invalid": _("時刻は 15:00 のように入力してください。")},
    )
    note = forms.CharField(
        label=_("ひとこと（書かなくてもかまいません）"),
        max_length=200,
        required=False,
        help_text=_("例: クリスマス会"),
    )

    def __init__(self, *args, salon, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.salon, self.today = salon, today

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.today:
            raise ValidationError(_("過ぎた日は追加できません。"))
        if day > self.today + dt.timedelta(days=UPCOMING_HORIZON_DAYS):
            raise ValidationError(_("1年より先の日は、近くなってから追加してください。"))
        return day

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("終わる時刻は始まる時刻より後にしてください。"))
        return cleaned

    def save(self):
        data = self.cleaned_data
        exception, _created = ScheduleException.objects.update_or_create(
            salon=self.salon,
            date=data["date"],
            kind=ScheduleException.Kind.EXTRA,
            defaults={
                "start_time": data["start_time"],
                "end_time": data["end_time"],
                "note": data["note"],
            },
        )
        return exception


class ScheduleTextForm(CleanTextMixin, forms.Form):
    """The schedule as the organiser would say it; read by salons.schedule_text, never guessed."""

    text = forms.CharField(
        label=_("いつ開いていますか"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "例: 「毎月第2木曜日 14:00〜16:00」「第2・第4水曜日 午前10時〜」「毎週月曜日」。"
            "いくつかあるときは「／」で区切ります。"
        ),
        error_messages={"required": _("開催日を書いてください。")},
    )
    first_date = forms.DateField(
        label=_("初回の日付（隔週のときだけ）"),
        widget=DATE_PICKER,
        required=False,
        error_messages={"invalid": _("日付は 2026-12-10 のように入力してください。")},
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if not text:
            return cleaned
        rules = []
        for part in SCHEDULE_SEPARATOR.split(text):
            if not part.strip():
                continue
            try:
                rules += parse_schedule_text(part)
            except ScheduleTextError as error:
                self.add_error("text", error.message)
                return cleaned
        if any(rule.needs_start_date for rule in rules) and not cleaned.get("first_date"):
            self.add_error("first_date", _("隔週のときは、初回の日付を入れてください。"))
        cleaned["rules"] = rules
        return cleaned

    def save(self, salon):
        """Replaces the place's schedules with the rules read, together or not at all."""
        schedules = [
            Schedule.from_rule(rule, salon=salon, valid_from=self.cleaned_data["first_date"])
            for rule in self.cleaned_data["rules"]
        ]
        with transaction.atomic():
            for old in salon.schedules.all():
                old.delete()  # one by one: each leaves its history row
            for schedule in schedules:
                schedule.full_clean()
                schedule.save()
        return schedules
