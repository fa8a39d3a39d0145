"""The consultation (相談): who asked, how, what was done; its workflow and its access rule."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.crypto import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from carenet.common.search import PersonIndexed, PersonIndexQuerySet
from carenet.directory.models import Area, Municipality
from consultations.models.topics import PurposeNotice, Topic
from coordinators.models import staff_profile_of


class InvalidTransition(Exception):
    """A status change that the workflow does not allow; the message is for staff."""


class StaleEdit(Exception):
    """Somebody else saved the consultation after this copy was read."""


def _in_areas_of(profile):
    # The area ids as values, not a subquery: an IN (subquery) inside an OR is checked row by
    # row over the whole city, ids make the OR a union of two index scans.
    if not hasattr(profile, "_case_area_ids"):
        profile._case_area_ids = list(profile.areas.values_list("pk", flat=True))
    return Q(area__in=profile._case_area_ids)


class ConsultationQuerySet(PersonIndexQuerySet):
    def visible_to(self, user):
        """The one access rule, used by the admin, the staff pages, autocomplete and exports."""
        profile = staff_profile_of(user)
        if profile is None:
            return self.none()
        mine = self.filter(municipality_id=profile.municipality_id)
        if profile.sees_whole_city:
            return mine
        return mine.filter(_in_areas_of(profile) | Q(assignee=user))

    def count_visible(self, user):
        """How many of these cases the user may see, as ``visible_to(user).count()`` says.

        An area coordinator's are counted in two parts, their areas' cases and those assigned to
        them elsewhere: each part is read from an index alone (consultation_area_scope), where
        the one OR reads every case's row (52,000 cases in an area: 175 ms to 6 ms).
        """
        visible = self.visible_to(user)
        profile = staff_profile_of(user)
        if profile is None or profile.sees_whole_city:
            return visible.count()
        in_areas = _in_areas_of(profile)
        return visible.filter(in_areas).count() + visible.filter(~in_areas, assignee=user).count()

    def open(self):
        return self.exclude(status=Consultation.Status.CLOSED)

    def about_topic(self, topic_id):
        """Cases with this topic, each once: an EXISTS, where a join would repeat a case and
        need a DISTINCT over every column (a sort of tens of thousands of cases)."""
        tagged = Consultation.topics.through.objects.filter(
            consultation_id=OuterRef("pk"), topic_id=topic_id
        )
        return self.filter(Exists(tagged))

    def unannounced(self):
        """Requests nobody was told of by e-mail (the mail failed), until someone starts on them."""
        return self.filter(notice_failed=True, status=Consultation.Status.RECEIVED)

    def new_web_requests(self):
        """Residents' requests from the web form that nobody has started on yet."""
        return self.filter(channel=Consultation.Channel.WEB, status=Consultation.Status.RECEIVED)

    def due_on(self, day):
        return self.open().filter(follow_up_on=day)

    def due_by(self, day):
        return self.open().filter(follow_up_on__lte=day)

    def overdue(self, today=None):
        """Open cases whose next step was due before today."""
        return self.open().filter(follow_up_on__lt=today or timezone.localdate())


class Consultation(PersonIndexed):
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
    requester_name = EncryptedCharField(_("相談者の氏名（本人以外）"), max_length=50, blank=True)
    name = EncryptedCharField(_("本人の氏名"), max_length=50, blank=True, help_text=_("匿名なら空"))
    name_kana = EncryptedCharField(_("本人のよみがな"), max_length=100, blank=True)
    age_band = models.CharField(_("年代"), max_length=10, choices=AgeBand.choices, blank=True)
    household = models.CharField(_("世帯"), max_length=10, choices=Household.choices, blank=True)
    contact_preference = models.CharField(
        _("希望する連絡方法"),
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.PHONE,
    )
    phone = EncryptedCharField(_("電話番号"), max_length=20, blank=True)
    email = EncryptedEmailField(_("メール"), blank=True)
    channel = models.CharField(_("受付方法"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("受付日時"), default=timezone.now)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="consultations", verbose_name=_("相談の種類")
    )
    summary = EncryptedTextField(_("相談の内容"), max_length=4000)
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
    outcome = EncryptedTextField(_("終結時のまとめ"), blank=True)
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

    person_names = ("name", "name_kana", "requester_name")
    person_phones = ("phone",)
    person_emails = ("email",)

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics], excluded_fields=["person_index", "version"])

    class Meta:
        ordering = ["-urgent", "-received_at"]
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        permissions = [("export_consultation", _("相談を書き出す（目的を記録）"))]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["area", "status"]),
            models.Index(fields=["follow_up_on"]),
            # The lists' order (-urgent, -received_at, -pk), read backwards, for a city and for
            # an area: a page is its first hundred entries, not a sort of the whole city.
            models.Index(
                fields=["municipality", "urgent", "received_at", "id"],
                name="consultation_city_list",
            ),
            models.Index(
                fields=["area", "urgent", "received_at", "id"], name="consultation_area_list"
            ),
            # A year's statistics read from the index alone (what they group by is in it), and
            # the first and last case of the date drill-down.
            models.Index(
                fields=["municipality", "received_at", "area", "channel", "id", "updated_at"],
                name="consultation_city_year",
            ),
            models.Index(fields=["area", "received_at"], name="consultation_area_received"),
            # The staff home's lists of what is due (today, overdue), for a city and an area.
            models.Index(fields=["municipality", "follow_up_on"], name="consultation_city_due"),
            models.Index(fields=["area", "follow_up_on"], name="consultation_area_due"),
            # An area coordinator's count from the index alone (count_visible).
            models.Index(
                fields=["area", "municipality", "assignee"], name="consultation_area_scope"
            ),
            # On PostgreSQL a GIN index over the split person_index serves the person search
            # (carenet.common.search.HoldsPersonKey); it is made by migration 0010 only there.
        ]

    def __str__(self):
        return f"相談 No.{self.pk}"

    def save(self, *args, **kwargs):
        """Saves only over the copy that was read: a second editor's stale copy is refused."""
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
    def display_name(self):
        return self.name or _("（匿名）")
