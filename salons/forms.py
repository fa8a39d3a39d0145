from django import forms
from django.utils.translation import gettext_lazy as _

from salons.models import CheckMethod, Schedule
from salons.schedules import parse_months

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
