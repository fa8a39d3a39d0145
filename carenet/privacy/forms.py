import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carenet.privacy.models import RightsRequest

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERROR = {"invalid": _("日付は 2026-04-01 のように入力してください。")}
CASE_NUMBER = re.compile(r"^\s*(?:No\.?|no\.?|Ｎｏ．?)?\s*(\d{1,9})\s*$")


class RightsRequestForm(forms.ModelForm):
    class Meta:
        model = RightsRequest
        fields = ["kind", "requester", "requester_name", "subject_name", "received_on"]
        widgets = {"received_on": DATE_INPUT}
        error_messages = {"received_on": DATE_ERROR}

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("受付日に先の日付は入れられません。"))
        return received_on

    def clean(self):
        data = super().clean()
        if (
            data.get("requester") == RightsRequest.Requester.AGENT
            and not data.get("subject_name", "").strip()
        ):
            self.add_error("subject_name", _("代理人からの請求では、本人の氏名も入れてください。"))
        return data


class LinkForm(forms.Form):
    """The records a request concerns, chosen among those the supervisor may see."""

    consultations = forms.ModelMultipleChoiceField(queryset=None, required=False)
    applications = forms.ModelMultipleChoiceField(queryset=None, required=False)
    startup_groups = forms.ModelMultipleChoiceField(queryset=None, required=False)

    error = _("選べない記録が含まれています。画面を読み直してください。")

    def __init__(self, *args, consultations, applications, startup_groups, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("consultations", consultations),
            ("applications", applications),
            ("startup_groups", startup_groups),
        ):
            self.fields[name].queryset = queryset
            self.fields[name].error_messages.update(
                invalid_choice=self.error, invalid_pk_value=self.error
            )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("該当する記録を一つ以上選んでください。"))
        return data


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("結果"),
        choices=[
            (RightsRequest.Status.DONE, RightsRequest.Status.DONE.label),
            (RightsRequest.Status.DECLINED, RightsRequest.Status.DECLINED.label),
        ],
    )
    response = forms.CharField(
        label=_("対応の内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("開示した日と方法、訂正した項目、削除した記録、または対応しない理由"),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("選んだ相談と申込の個人情報を削除します（元に戻せません）"),
        error_messages={"required": _("削除してよいか確認のチェックを入れてください。")},
    )


class AccessReportForm(forms.Form):
    """Who opened which consultations: for one person, one period, or both."""

    MAX_DAYS = 366 * 5

    person = forms.CharField(
        label=_("本人（相談番号、または氏名・よみがな・電話番号）"),
        max_length=100,
        required=False,
    )
    start = forms.DateField(
        label=_("期間の初め"), required=False, widget=DATE_INPUT, error_messages=DATE_ERROR
    )
    end = forms.DateField(
        label=_("期間の終わり"), required=False, widget=DATE_INPUT, error_messages=DATE_ERROR
    )

    def _sensible(self, name):
        day = self.cleaned_data.get(name)
        if day and not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise forms.ValidationError(_("2000年から2100年までの日付を入れてください。"))
        return day

    def clean_start(self):
        return self._sensible("start")

    def clean_end(self):
        return self._sensible("end")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        person, start, end = data.get("person", "").strip(), data.get("start"), data.get("end")
        if not (person or start or end):
            raise forms.ValidationError(_("本人か期間のどちらかを入れてください。"))
        if start and end and start > end:
            raise forms.ValidationError(_("期間の初めは、終わりより前の日にしてください。"))
        if start and end and (end - start).days > self.MAX_DAYS:
            raise forms.ValidationError(_("期間は5年以内にしてください。"))
        match = CASE_NUMBER.match(person)
        data["case_number"] = int(match.group(1)) if match else None
        data["person"] = person
        return data

    def period(self):
        """The period as aware datetimes [from, until), either end may be None."""
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        since = timezone.make_aware(dt.datetime.combine(start, dt.time.min)) if start else None
        until = (
            timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
            if end
            else None
        )
        return since, until
