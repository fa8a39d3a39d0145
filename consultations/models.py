"""Consultation records (相談). 要配慮個人情報: every read goes through `visible_to`."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, ProtectedError, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.access import DirectoryScope
from carenet.models import Area, Municipality, Organisation
from carenet.text import search_key
from coordinators.models import staff_profile_of
from salons.models import Salon


class InvalidTransition(Exception):
    """A status change that the workflow does not allow; the message is for staff."""


class StaleEdit(Exception):
    """Somebody else saved the consultation after this copy was read."""


class Topic(models.Model):
    """A kind of consultation, shared by every city: retired (is_active), never deleted."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    example = models.CharField(_("例"), max_length=200, blank=True)
    is_active = models.BooleanField(_("使用中"), default=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    directory_scope = DirectoryScope(city=None)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("相談の種類")
        verbose_name_plural = _("相談の種類")

    def __str__(self):
        return self.name


@receiver(pre_delete, sender=Topic)
def refuse_topic_deletion(sender, instance, **kwargs):
    # A delete would silently drop the topic from every city's cases, bypassing their history.
    raise ProtectedError(
        _("相談の種類は削除できません。使わなくなったら「使用中」を外します。"), [instance]
    )


class PurposeNotice(models.Model):
    """A version of the notice of purpose (利用目的) that residents agree to."""

    version = models.CharField(_("版"), max_length=20, unique=True)
    text = models.TextField(_("本文"))
    effective_from = models.DateField(_("適用開始日"))

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("利用目的の通知")
        verbose_name_plural = _("利用目的の通知")

    def __str__(self):
        return f"{self.version}（{self.effective_from:%Y-%m-%d}〜）"

    @classmethod
    def current(cls):
        return cls.objects.filter(effective_from__lte=timezone.localdate()).first()


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one access rule, used by the admin, the staff pages, autocomplete and exports."""
        profile = staff_profile_of(user)
        if profile is None:
            return self.none()
        mine = self.filter(municipality_id=profile.municipality_id)
        if profile.sees_whole_city:
            return mine
        return mine.filter(Q(area__in=profile.areas.all()) | Q(assignee=user))

    def open(self):
        return self.exclude(status=Consultation.Status.CLOSED)

    def unannounced(self):
        """Requests nobody was told of by e-mail (the mail failed), until someone starts on them."""
        return self.filter(notice_failed=True, status=Consultation.Status.RECEIVED)

    def due_by(self, day):
        return self.open().filter(follow_up_on__lte=day)

    def matching_name(self, words):
        query = Q()
        for word in words.split():
            query &= Q(name_key__contains=search_key(word))
        return self.filter(query)


class Consultation(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        IN_PROGRESS = "in_progress", _("対応中")
        REFERRED = "referred", _("つなぎ済み")
        MONITORING = "monitoring", _("見守り")
        CLOSED = "closed", _("終結")

    class Requester(models.TextChoices):
        SELF = "self", _("本人")
        FAMILY = "family", _("家族")
        FRIEND = "friend", _("友人")
        NEIGHBOUR = "neighbour", _("近所")
        AGENCY = "agency", _("関係機関")

    class Channel(models.TextChoices):
        PHONE = "phone", _("電話")
        VISIT_OFFICE = "office", _("来所")
        HOME_VISIT = "home_visit", _("訪問")
        EMAIL = "email", _("メール")
        SALON = "salon", _("相談サロン")
        WEB = "web", _("Web")

    class AgeBand(models.TextChoices):
        UNKNOWN = "", _("不明")
        UNDER_20 = "under_20", _("20歳未満")
        AGE_20S_30S = "20_39", _("20〜39歳")
        AGE_40S_50S = "40_59", _("40〜59歳")
        AGE_60_64 = "60_64", _("60〜64歳")
        AGE_65_74 = "65_74", _("65〜74歳")
        AGE_75_PLUS = "75_plus", _("75歳以上")

    class Household(models.TextChoices):
        UNKNOWN = "", _("不明")
        ALONE = "alone", _("一人暮らし")
        COUPLE = "couple", _("夫婦のみ")
        FAMILY = "family", _("家族と同居")
        OTHER = "other", _("その他")

    class ContactPreference(models.TextChoices):
        PHONE = "phone", _("電話")
        EMAIL = "email", _("メール")
        VISIT = "visit", _("訪問してほしい")
        NONE = "none", _("連絡不要")

    # Transitions: (method, allowed starting states, new state)
    TRANSITIONS = {
        "start": ({Status.RECEIVED}, Status.IN_PROGRESS),
        "refer": ({Status.RECEIVED, Status.IN_PROGRESS, Status.MONITORING}, Status.REFERRED),
        "monitor": ({Status.IN_PROGRESS, Status.REFERRED}, Status.MONITORING),
        "close": (
            {Status.RECEIVED, Status.IN_PROGRESS, Status.REFERRED, Status.MONITORING},
            Status.CLOSED,
        ),
        "reopen": ({Status.CLOSED}, Status.IN_PROGRESS),
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
    requester = models.CharField(_("相談者"), max_length=10, choices=Requester.choices)
    requester_name = models.CharField(_("相談者の氏名（本人以外）"), max_length=50, blank=True)
    name = models.CharField(_("本人の氏名"), max_length=50, blank=True, help_text=_("匿名なら空"))
    name_kana = models.CharField(_("本人のよみがな"), max_length=100, blank=True)
    name_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    age_band = models.CharField(_("年代"), max_length=10, choices=AgeBand.choices, blank=True)
    household = models.CharField(_("世帯"), max_length=10, choices=Household.choices, blank=True)
    contact_preference = models.CharField(
        _("希望する連絡方法"),
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.PHONE,
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メール"), blank=True)
    channel = models.CharField(_("受付方法"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="consultations", verbose_name=_("相談の種類")
    )
    summary = models.TextField(_("相談の内容"), max_length=4000)
    status = models.CharField(
        _("状態"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    urgent = models.BooleanField(
        _("緊急"), default=False, help_text=_("安否確認など、先に対応するもの")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_consultations",
        verbose_name=_("担当者"),
    )
    follow_up_on = models.DateField(_("次の対応日"), null=True, blank=True)
    outcome = models.TextField(_("終結時のまとめ"), blank=True)
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
    # The e-mail about a resident's request could not be sent: the staff page shows it instead.
    notice_failed = models.BooleanField(_("通知メール未送信"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記録した人"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=["name_key", "version"])

    class Meta:
        ordering = ["-urgent", "-received_at"]
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        permissions = [("export_consultation", _("相談を書き出す（目的を記録）"))]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["area", "status"]),
            models.Index(fields=["follow_up_on"]),
        ]

    def __str__(self):
        return f"相談 No.{self.pk}"

    def save(self, *args, **kwargs):
        """Saves only over the copy that was read: a second editor's stale copy is refused."""
        self.name_key = search_key(f"{self.name} {self.name_kana}")
        with transaction.atomic():
            if self.pk and not self._state.adding:
                updated = Consultation.objects.filter(pk=self.pk, version=self.version).update(
                    version=self.version + 1
                )
                if not updated:
                    raise StaleEdit(
                        _("ほかの職員が先に保存しました。画面を読み直してから入力してください。")
                    )
                self.version += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
            super().save(*args, **kwargs)

    def clean(self):
        if (
            self.area_id
            and self.municipality_id
            and self.area.municipality_id != self.municipality_id
        ):
            raise ValidationError({"area": _("地域は同じ市の中から選んでください。")})

    def _move(self, transition, by, **changes):
        allowed, target = self.TRANSITIONS[transition]
        if self.status not in allowed:
            raise InvalidTransition(
                _("「%(from)s」の相談は「%(to)s」にできません。")
                % {"from": self.get_status_display(), "to": self.Status(target).label}
            )
        self.status = target
        for field, value in changes.items():
            setattr(self, field, value)
        self._change_reason = f"{transition} by {by.get_username()}" if by else transition
        self.save(update_fields=["status", *changes])

    def start(self, by):
        self._move("start", by)

    def refer(self, by):
        self._move("refer", by)

    def monitor(self, by, follow_up_on=None):
        self._move("monitor", by, follow_up_on=follow_up_on or self.follow_up_on)

    def close(self, by, outcome=""):
        self._move("close", by, outcome=outcome or self.outcome, follow_up_on=None)

    def reopen(self, by):
        self._move("reopen", by)

    def assign(self, user, by):
        profile = staff_profile_of(user)
        if profile is None or profile.municipality_id != self.municipality_id:
            raise InvalidTransition(_("この相談は、同じ市の職員にだけ割り当てられます。"))
        self.assignee = user
        self._change_reason = f"assign to {user.get_username()} by {by.get_username()}"
        self.save(update_fields=["assignee"])

    @property
    def is_overdue(self):
        return bool(self.follow_up_on and self.follow_up_on < timezone.localdate())

    @property
    def display_name(self):
        return self.name or _("（匿名）")


class ContactLog(models.Model):
    """Each call, visit or meeting about a consultation."""

    class Method(models.TextChoices):
        PHONE = "phone", _("電話")
        OFFICE = "office", _("来所")
        HOME_VISIT = "home_visit", _("訪問")
        EMAIL = "email", _("メール")
        ACCOMPANY = "accompany", _("同行")
        MEETING = "meeting", _("会議・連絡調整")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("相談")
    )
    at = models.DateTimeField(_("日時"), default=timezone.now)
    method = models.CharField(_("方法"), max_length=12, choices=Method.choices)
    minutes = models.PositiveSmallIntegerField(_("時間（分）"), null=True, blank=True)
    what_happened = models.TextField(_("内容"), max_length=4000)
    next_step = models.CharField(_("次にすること"), max_length=200, blank=True)
    next_step_on = models.DateField(_("次にする日"), null=True, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("対応した職員"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("対応記録")
        verbose_name_plural = _("対応記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.get_method_display()}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.next_step_on:
                # The next step becomes the consultation's follow-up date; the version moves on,
                # so an editor holding an older copy is asked to reload rather than undo it.
                Consultation.objects.filter(pk=self.consultation_id).update(
                    follow_up_on=self.next_step_on, version=F("version") + 1
                )


class Referral(models.Model):
    """つなぎ先: a place in the directory, an organisation or a public service."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("確認中")
        CONNECTED = "connected", _("つながった")
        DECLINED = "declined", _("本人が希望しなかった")
        NOT_CONNECTED = "not_connected", _("つながらなかった")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("相談")
    )
    salon = models.ForeignKey(
        Salon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("通いの場"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("団体・機関"),
    )
    service = models.CharField(_("公的サービス・その他"), max_length=100, blank=True)
    referred_on = models.DateField(_("つないだ日"), default=timezone.localdate)
    outcome = models.CharField(
        _("結果"), max_length=15, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = models.CharField(_("結果の補足"), max_length=200, blank=True)
    follow_up_on = models.DateField(_("確認する日"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on"]
        verbose_name = _("つなぎ先")
        verbose_name_plural = _("つなぎ先")

    def __str__(self):
        return str(self.salon or self.organisation or self.service)

    def clean(self):
        targets = [bool(self.salon_id), bool(self.organisation_id), bool(self.service.strip())]
        if sum(targets) != 1:
            raise ValidationError(
                _("つなぎ先は、通いの場・団体・公的サービスのうち一つだけを入力してください。")
            )


class AccessLog(models.Model):
    """Who opened which consultation, when, and how. Written by the code, never edited."""

    class Via(models.TextChoices):
        ADMIN = "admin", _("管理画面")
        HISTORY = "history", _("変更履歴")
        STAFF = "staff", _("職員ページ")
        EXPORT = "export", _("書き出し")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="access_logs", verbose_name=_("相談")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("職員")
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    via = models.CharField(_("経路"), max_length=10, choices=Via.choices)
    purpose = models.CharField(_("目的"), max_length=200, blank=True)

    append_only = True  # the database role may insert and read, never update or delete

    class Meta:
        ordering = ["-at"]
        verbose_name = _("閲覧記録")
        verbose_name_plural = _("閲覧記録")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.consultation}"

    @classmethod
    def record(cls, user, consultations, via, purpose=""):
        cls.objects.bulk_create(
            cls(user=user, consultation=c, via=via, purpose=purpose) for c in consultations
        )


def fiscal_year_of(day):
    """年度: April to March. 2027-03-31 belongs to 年度 2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_range(year):
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
