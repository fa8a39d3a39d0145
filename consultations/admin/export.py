"""Writing consultations out as CSV: supervisors only, with a purpose kept in the access log."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carenet.common.spreadsheet import csv_response
from consultations.models import AccessLog
from coordinators.models import staff_profile_of


class ExportForm(forms.Form):
    purpose = forms.CharField(
        label=_("書き出す目的"),
        min_length=4,
        max_length=200,
        help_text=_("例: 地域ケア会議の資料作成（閲覧記録に残ります）"),
    )


def can_export(user):
    profile = staff_profile_of(user)
    return bool(
        profile and profile.sees_whole_city and user.has_perm("consultations.export_consultation")
    )


@admin.action(description=_("選んだ相談をCSVで書き出す（目的を記録します）"))
def export_csv(modeladmin, request, queryset):
    """Supervisors only, with a purpose that goes into the access log with every row."""
    if not can_export(request.user):
        raise PermissionDenied
    count = queryset.count()
    if count > settings.EXPORT_MAX_ROWS:
        modeladmin.message_user(
            request,
            _(
                "一度に書き出せるのは%(max)d件までです（%(n)d件選ばれています）。絞り込んでください。"
            )
            % {"max": settings.EXPORT_MAX_ROWS, "n": count},
            messages.ERROR,
        )
        return None
    form = ExportForm(request.POST if "purpose" in request.POST else None)
    if not form.is_valid():
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("相談の書き出し"),
            "opts": modeladmin.model._meta,
            "form": form,
            "count": count,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_name": "export_csv",
        }
        return TemplateResponse(request, "admin/consultations/export_confirm.html", context)
    consultations = list(queryset.select_related("area").prefetch_related("topics"))
    AccessLog.record(
        request.user, consultations, AccessLog.Via.EXPORT, form.cleaned_data["purpose"]
    )
    header = [
        "番号",
        "受付日時",
        "本人",
        "よみがな",
        "地域",
        "受付方法",
        "相談の種類",
        "状態",
        "内容",
    ]
    rows = (
        [
            c.pk,
            timezone.localtime(c.received_at).strftime("%Y-%m-%d %H:%M"),
            c.name,
            c.name_kana,
            c.area.name if c.area else c.town,
            c.get_channel_display(),
            "・".join(t.name for t in c.topics.all()),
            c.get_status_display(),
            c.summary,
        ]
        for c in consultations
    )
    return csv_response("consultations.csv", header, rows)
