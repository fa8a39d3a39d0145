"""An event (講座, 交流, 体操・健康, 相談会, 説明会 …) and its sessions: a four-week course is one
event with four dates. Kept by staff under the directory rule, like places."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Min, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.dates import local_today
from carenet.common.readings import READING_HELP, FillsReading
from carenet.common.search import SearchText, SearchTextQuerySet, matching
from carenet.directory.access import DirectoryScope
from carenet.directory.models import Area, Contact, Initiative, Municipality, Network, Venue
from salons.models import Salon


class EventQuerySet(SearchTextQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, today=None):
        """Events with a session from today on (cancelled ones stay: residents must see 中止)."""
        today = today or local_today()
        return self.filter(Exists(Session.objects.filter(event=OuterRef("pk"), date__gte=today)))

    def in_area(self, area):
        return self.filter(area__in=Area.objects.family_of(area).values("pk"))

    def coming(self, today=None):
        """What residents are shown: published, upcoming, soonest first, with their dates."""
        return self.published().upcoming(today).with_details().by_first_date(today)

    def between(self, start, end):
        """Events with a session from start to end (inclusive)."""
        sessions = Session.objects.filter(date__gte=start, date__lte=end)
        return self.filter(pk__in=sessions.values("event"))

    def taking_sign_ups(self, today=None):
        """Upcoming events that take sign-ups here, with their seats taken (one query)."""
        taken = Sum(
            "applications__party_size",
            filter=Q(applications__status="confirmed"),
            default=0,
        )
        return self.upcoming(today).filter(takes_online_signups=True).annotate(seats_taken=taken)

    def search(self, words):
        return self.filter(matching(words, "search_text"))

    def with_details(self):
        return self.select_related(
            "municipality", "area", "venue", "contact", "salon", "initiative"
        ).prefetch_related("sessions")

    def by_first_date(self, today=None):
        today = today or local_today()
        first = Min("sessions__date", filter=Q(sessions__date__gte=today))
        return self.annotate(first_date=first).order_by("first_date", "title", "pk")


class Event(FillsReading, SearchText):
    class Kind(models.TextChoices):
        COURSE = "course", _("講座")
        GATHERING = "gathering", _("交流")
        HEALTH = "health", _("体操・健康")
        CONSULTATION = "consultation", _("相談会")
        BRIEFING = "briefing", _("説明会")
        MEASUREMENT = "measurement", _("測定会")
        WALK = "walk", _("ウォーク・見学")
        OTHER = "other", _("その他")

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        CANCELLED = "cancelled", _("中止")
        POSTPONED = "postponed", _("延期")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="events", verbose_name=_("市区町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("地域"),
        help_text=_("市全域の催しでは空にします。"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("ケアネット・協議体"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("取り組み"),
    )
    salon = models.ForeignKey(
        Salon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("通いの場"),
    )
    title = models.CharField(_("名称"), max_length=200)
    title_kana = models.CharField(_("よみがな"), max_length=300, blank=True, help_text=READING_HELP)
    slug = models.SlugField(_("URL名"), max_length=100, unique=True)
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("概要"), max_length=300, blank=True)
    description = models.TextField(_("内容"), blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("会場"),
    )
    # For a venue not in the directory (another city's hall) and for imported rows.
    place_name = models.CharField(_("場所名称（名簿にない会場）"), max_length=200, blank=True)
    place_address = models.CharField(_("住所（名簿にない会場）"), max_length=300, blank=True)
    is_online = models.BooleanField(_("オンライン"), default=False)
    target = models.CharField(_("対象者"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("定員"), null=True, blank=True, help_text=_("空なら定員なし。")
    )
    fee = models.CharField(_("参加費"), max_length=100, blank=True)
    how_to_apply = models.TextField(_("申込方法"), blank=True)
    takes_online_signups = models.BooleanField(
        _("このサイトで申込を受け付ける"),
        default=False,
        help_text=_("受け付けると、申込フォームと残りの席数を表示します。"),
    )
    apply_by = models.DateField(_("申込期限日"), null=True, blank=True)
    apply_by_time = models.TimeField(_("申込期限時刻"), null=True, blank=True)
    organiser = models.CharField(_("主催"), max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("問い合わせ先"),
    )
    contact_name = models.CharField(_("連絡先名称"), max_length=200, blank=True)
    contact_phone = models.CharField(_("連絡先電話番号"), max_length=30, blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    url = models.URLField(_("詳しい情報のページ"), blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)
    external_id = models.CharField(
        _("取り込み元の番号"), max_length=200, blank=True, editable=False, db_index=True
    )
    is_published = models.BooleanField(_("公開する"), default=True)
    is_sample = models.BooleanField(
        _("サンプル"), default=False, help_text=_("試験用に作った架空のデータです。")
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    reading_from, reading_field = "title", "title_kana"
    folded_fields = ("title", "title_kana", "summary", "description", "place_name", "organiser")
    objects = EventQuerySet.as_manager()

    directory_scope = DirectoryScope(area="area")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["municipality__order", "title", "pk"]
        verbose_name = _("イベント・講座")
        verbose_name_plural = _("イベント・講座")
        indexes = [models.Index(fields=["municipality", "is_published"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def printed_url(self, source="flyer"):
        return f"{settings.SITE_URL}{self.get_absolute_url()}?src={source}"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def phone(self):
        """The number to call about this event: its own, else its contact's; "" when none."""
        return self.contact_phone or (self.contact.phone if self.contact else "")

    @property
    def deadline(self):
        """The last moment to apply, or None: the day's end when no time is given."""
        if self.apply_by is None:
            return None
        return dt.datetime.combine(self.apply_by, self.apply_by_time or dt.time(23, 59, 59))

    def signup_closed_reason(self, now=None):
        """Why this site's sign-up form is closed now, in words; "" while it is open."""
        now = timezone.localtime(now)
        last = self.last_session
        if not self.takes_online_signups:
            return _("このサイトでは申込を受け付けていません。申込方法をご覧ください。")
        if self.status != self.Status.PLANNED:
            return _("この催しは%(status)sになりました。") % {"status": self.get_status_display()}
        if last is None or last.date < now.date():
            return _("この催しは終わりました。")
        deadline = self.deadline
        if deadline is not None and now.replace(tzinfo=None) > deadline:
            return _("申込の受付は締め切りました。")
        return ""

    def seats_left(self):
        """Seats not yet taken (None: no limit). One query."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.applications.seats_taken(), 0)

    def sessions_from(self, today=None):
        today = today or local_today()
        return [s for s in self.sessions.all() if s.date >= today]

    @property
    def first_session(self):
        return next(iter(self.sessions.all()), None)

    @property
    def last_session(self):
        sessions = list(self.sessions.all())
        return sessions[-1] if sessions else None


class Session(models.Model):
    """One date of an event. Times may be unknown (imported files put them in 日時備考)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        CANCELLED = "cancelled", _("中止")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("イベント")
    )
    date = models.DateField(_("日付"))
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    time_note = models.CharField(_("日時の補足"), max_length=200, blank=True)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    directory_scope = DirectoryScope(city="event__municipality", area="event__area")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("開催日")
        verbose_name_plural = _("開催日")
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.event}（{self.date:%Y-%m-%d}）"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("終了時刻は開始時刻より後にしてください。")})

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED or self.event.is_cancelled
