"""A 近トレ group on its way: from a resident's first inquiry to a registered place (サロン登録).

The record holds a representative's name and contact, so it follows the consultations' rule:
the area's staff (and the districts their areas hold), the city's supervisors, and whoever it is
assigned to. The group's sessions are a date and a head count: never names.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.crypto import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from carenet.common.dates import fiscal_year_range, local_today
from carenet.common.search import PersonIndexed, PersonIndexQuerySet
from carenet.community.weekly import weekly_promise
from carenet.directory.access import own_areas, staff_profile_of
from carenet.directory.models import Area, Municipality
from carenet.events.models import Event
from consultations.models import PurposeNotice
from salons.models import Salon

ERASED = "（削除済み）"  # what an erased group says where its representative's name was


class InvalidStep(Exception):
    """A stage change the start-up path does not allow; the message is for staff."""


class GroupQuerySet(PersonIndexQuerySet):
    def visible_to(self, user):
        """The one rule for start-up cases, used by the staff pages, the admin and the CSV."""
        profile = staff_profile_of(user)
        if profile is None:
            return self.none()
        mine = self.filter(municipality_id=profile.municipality_id)
        if profile.sees_whole_city:
            return mine
        return mine.filter(Q(area__in=own_areas(profile).values("pk")) | Q(assignee=user))

    def new_requests(self):
        """Residents' inquiries from the web that nobody has taken up yet."""
        return self.filter(channel=StartupGroup.Channel.WEB, stage=StartupGroup.Stage.INQUIRY)

    def starting(self):
        """Groups still on the way to registration."""
        return self.filter(stage__in=StartupGroup.STARTING)

    def due_for_erasure(self, before):
        """Groups that ended before ``before`` and still hold their representative's data."""
        return self.filter(
            stage=StartupGroup.Stage.ENDED, erased_at__isnull=True, updated_at__lt=before
        )

    def erase_personal_data(self):
        """The representative's name, phone, e-mail and message go, here and in every old
        version; the stages, dates, sessions and supports stay for the yearly figures."""
        personal = {"representative": ERASED, "phone": "", "email": "", "message": ""}
        ids = list(self.values_list("pk", flat=True))
        StartupGroup.history.model.objects.filter(id__in=ids).update(**personal)
        return StartupGroup.objects.filter(pk__in=ids).update(
            **personal, person_index="", erased_at=timezone.now()
        )

    def with_progress(self):
        """What a list of groups shows, in a fixed number of queries."""
        return self.select_related("area", "salon", "assignee").prefetch_related(
            "promise_checks", "supports", "meetings"
        )


class StartupGroup(PersonIndexed):
    class Stage(models.TextChoices):
        INQUIRY = "inquiry", _("相談")
        PREPARING = "preparing", _("準備")
        TRIAL = "trial", _("試行")
        REGISTERED = "registered", _("登録")
        ACTIVE = "active", _("活動中")
        PAUSED = "paused", _("休止")
        ENDED = "ended", _("終了")

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        PHONE = "phone", _("電話")
        VISIT = "visit", _("来所・訪問")
        OTHER = "other", _("その他")

    STARTING = (Stage.INQUIRY, Stage.PREPARING, Stage.TRIAL)
    # step: (allowed starting stages, new stage)
    STEPS = {
        "prepare": ({Stage.INQUIRY}, Stage.PREPARING),
        "start_trial": ({Stage.PREPARING}, Stage.TRIAL),
        "register": ({Stage.TRIAL}, Stage.REGISTERED),
        "activate": ({Stage.REGISTERED}, Stage.ACTIVE),
        "pause": ({Stage.TRIAL, Stage.REGISTERED, Stage.ACTIVE}, Stage.PAUSED),
        "resume": ({Stage.PAUSED}, None),  # back to 試行, or to 活動中 once registered
        "end": (
            {
                Stage.INQUIRY,
                Stage.PREPARING,
                Stage.TRIAL,
                Stage.REGISTERED,
                Stage.ACTIVE,
                Stage.PAUSED,
            },
            Stage.ENDED,
        ),
    }

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("市区町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地域"),
    )
    town = models.CharField(_("町名"), max_length=50, blank=True)
    name = models.CharField(
        _("グループの名前"), max_length=100, blank=True, help_text=_("決まっていなければ空")
    )
    name_kana = models.CharField(_("グループの名前のよみがな"), max_length=200, blank=True)
    representative = EncryptedCharField(_("代表者の氏名"), max_length=50)
    phone = EncryptedCharField(_("電話番号"), max_length=20, blank=True)
    email = EncryptedEmailField(_("メール"), blank=True)
    people = models.PositiveSmallIntegerField(
        _("いまの人数"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    venue_idea = models.CharField(_("会場の候補"), max_length=200, blank=True)
    preferred_time = models.CharField(_("希望の曜日・時間"), max_length=100, blank=True)
    message = EncryptedTextField(_("ひとこと"), max_length=2000, blank=True)
    channel = models.CharField(_("受付方法"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    stage = models.CharField(_("段階"), max_length=12, choices=Stage.choices, default=Stage.INQUIRY)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("担当者"),
    )
    salon = models.OneToOneField(
        Salon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="startup",
        verbose_name=_("登録した通いの場"),
    )
    insured_from = models.DateField(_("保険の開始日"), null=True, blank=True)
    consent_notice = models.ForeignKey(
        PurposeNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("同意した利用目的の版"),
    )
    consented_at = models.DateTimeField(_("同意日時"), null=True, blank=True)
    is_sample = models.BooleanField(_("サンプル"), default=False)
    notice_failed = models.BooleanField(_("通知メール未送信"), default=False, editable=False)
    # Personal data goes CONSULTATION_RETENTION_YEARS after the group ended, or on request.
    erased_at = models.DateTimeField(_("個人情報の削除日時"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    person_names = ("representative",)
    person_phones = ("phone",)
    person_emails = ("email",)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["person_index"])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("近トレの立ち上げ")
        verbose_name_plural = _("近トレの立ち上げ")
        indexes = [models.Index(fields=["municipality", "stage"])]

    def __str__(self):
        return self.name or _("立ち上げ No.%(number)s") % {"number": self.pk}

    def clean(self):
        if (
            self.area_id
            and self.municipality_id
            and self.area.municipality_id != self.municipality_id
        ):
            raise ValidationError({"area": _("地域は同じ市の中から選んでください。")})

    # --- The path: each step names the stages it may start from ---

    def _target(self, step):
        """The stage a step leads to from here; InvalidStep if it cannot start here."""
        allowed, target = self.STEPS[step]
        if step == "resume":
            target = self.Stage.ACTIVE if self.salon_id else self.Stage.TRIAL
        if self.stage not in allowed:
            raise InvalidStep(
                _("「%(from)s」の段階から「%(to)s」にはできません。")
                % {"from": self.get_stage_display(), "to": self.Stage(target).label}
            )
        return target

    def _step(self, step, by, **changes):
        self.stage = self._target(step)
        for field, value in changes.items():
            setattr(self, field, value)
        self._change_reason = f"{step} by {by.get_username()}" if by else step
        self.save(update_fields=["stage", "updated_at", *changes])

    def prepare(self, by):
        self._step("prepare", by)

    def start_trial(self, by):
        self._step("start_trial", by)

    def register(self, by, salon, insured_from):
        """サロン登録: see community.forms.RegistrationForm, which publishes the place with it."""
        self._step("register", by, salon=salon, insured_from=insured_from)

    def activate(self, by):
        self._target("activate")
        missing = self.unmet_promises()
        if missing:
            raise InvalidStep(
                _("3つの約束がそろっていません（%(missing)s）。")
                % {"missing": "、".join(str(p.label) for p in missing)}
            )
        self._step("activate", by)

    @transaction.atomic
    def pause(self, by):
        self._step("pause", by)
        self._set_place_status(Salon.Status.SUSPENDED, by)

    @transaction.atomic
    def resume(self, by):
        self._step("resume", by)
        self._set_place_status(Salon.Status.ACTIVE, by)

    @transaction.atomic
    def end(self, by):
        self._step("end", by)
        self._set_place_status(Salon.Status.ENDED, by)

    def _set_place_status(self, status, by):
        # The published place follows its group: 休止 and 終了 show on its page at once.
        if self.salon_id:
            place = self.salon
            place.status = status
            place._change_reason = f"近トレ {self.get_stage_display()} by {by.get_username()}"
            place.save(update_fields=["status", "updated_at"])

    # --- Promises and supports ---

    def weekly(self, today=None):
        """The first promise as the session log says it (see carenet.community.weekly)."""
        dates = [meeting.date for meeting in self.meetings.all()]
        return weekly_promise(dates, today or local_today())

    def checks_by_promise(self):
        return {check.promise: check for check in self.promise_checks.all()}

    def unmet_promises(self):
        done = self.checks_by_promise()
        return [promise for promise in Promise if promise not in done]

    def supports_by_kind(self):
        given = {}
        for support in self.supports.all():
            given.setdefault(support.kind, []).append(support)
        return given

    def open_supports(self):
        given = self.supports_by_kind()
        return [kind for kind in SupportKind if kind not in given]

    @property
    def is_starting(self):
        return self.stage in self.STARTING

    @property
    def display_name(self):
        return self.name or _("（名称未定）")


class Promise(models.TextChoices):
    """近トレを始めるための3つの約束."""

    WEEKLY = "weekly", _("週1回以上開催し、3か月続ける")
    OWN_VENUE = "own_venue", _("自分たちで場所を用意する")
    FIVE_PEOPLE = "five_people", _("5人以上で始め、新しい参加者も受け入れる")


class PromiseCheck(models.Model):
    """One promise seen to be kept: when, and how staff checked it."""

    group = models.ForeignKey(
        StartupGroup,
        on_delete=models.CASCADE,
        related_name="promise_checks",
        verbose_name=_("グループ"),
    )
    promise = models.CharField(_("約束"), max_length=12, choices=Promise.choices)
    met_on = models.DateField(_("確認した日"))
    how = models.CharField(_("確認の方法"), max_length=200)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した職員"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["met_on", "pk"]
        verbose_name = _("約束の確認")
        verbose_name_plural = _("約束の確認")
        constraints = [
            models.UniqueConstraint(fields=["group", "promise"], name="one_check_per_promise")
        ]

    def __str__(self):
        return f"{self.get_promise_display()}（{self.met_on:%Y-%m-%d}）"


class SupportKind(models.TextChoices):
    """近トレの5つの応援."""

    LECTURE = "lecture", _("スタート応援講座")
    DVD = "dvd", _("DVDと読本")
    VISIT = "visit", _("専門職等の訪問")
    TFPP = "tfpp", _("TFPP（測定会）")
    INSURANCE = "insurance", _("サロン登録（保険）")


# The supports that are held as events (#8): a course or a measuring day residents sign up for.
SUPPORT_EVENT_KINDS = {
    SupportKind.LECTURE: Event.Kind.BRIEFING,
    SupportKind.TFPP: Event.Kind.MEASUREMENT,
}


class Support(models.Model):
    """One of the five supports, given on a date by someone."""

    group = models.ForeignKey(
        StartupGroup, on_delete=models.CASCADE, related_name="supports", verbose_name=_("グループ")
    )
    kind = models.CharField(_("応援"), max_length=12, choices=SupportKind.choices)
    given_on = models.DateField(_("日付"))
    given_by = models.CharField(
        _("担当"),
        max_length=100,
        help_text=_("例: 第2層生活支援コーディネーター、地域包括支援センター"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("イベント"),
        help_text=_("スタート応援講座・測定会のとき"),
    )
    note = models.CharField(_("メモ"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した職員"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name = _("応援")
        verbose_name_plural = _("応援")

    def __str__(self):
        return f"{self.get_kind_display()}（{self.given_on:%Y-%m-%d}）"

    def clean(self):
        if self.event_id and self.kind not in SUPPORT_EVENT_KINDS:
            raise ValidationError(
                {"event": _("イベントを選べるのは、スタート応援講座と測定会のときだけです。")}
            )
        if (
            self.event_id
            and self.group_id
            and self.event.municipality_id != self.group.municipality_id
        ):
            raise ValidationError({"event": _("同じ市のイベントを選んでください。")})


class GroupMeetingQuerySet(models.QuerySet):
    def in_fiscal_year(self, year):
        start, end = fiscal_year_range(year)
        return self.filter(date__gte=start, date__lte=end)


class GroupMeeting(models.Model):
    """A session the group held: a date and how many came. No names."""

    group = models.ForeignKey(
        StartupGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("グループ")
    )
    date = models.DateField(_("開催日"))
    head_count = models.PositiveSmallIntegerField(
        _("参加人数"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    objects = GroupMeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("活動の記録")
        verbose_name_plural = _("活動の記録")
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="one_record_per_group_and_day")
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.head_count}人"


def survey_counts(groups, year):
    """The figures the national 通いの場 survey asks for, for one 年度: how many groups met,
    how many sessions, how many people in all (延べ人数)."""
    start, end = fiscal_year_range(year)
    in_year = Q(meetings__date__gte=start, meetings__date__lte=end)
    return groups.aggregate(
        places=Count("pk", filter=in_year, distinct=True),
        sessions=Count("meetings", filter=in_year),
        participants=Sum("meetings__head_count", filter=in_year, default=0),
    )
