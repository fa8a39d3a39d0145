"""Sign-ups (申込): a seat for the whole event, or a place on its waiting list, in order.

Seats are counted with the event's row locked, so two people cannot take the last seat; a
cancellation moves the waiting list up in the same transaction.
"""

import datetime as dt
import secrets
import unicodedata

from django.conf import settings
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.crypto import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from carenet.common.search import PersonIndexed, PersonIndexQuerySet
from carenet.directory.access import DirectoryScope

# No 0/O, 1/I/L: read out over the phone by an 80-year-old without mistakes.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text):
    """What a resident types (全角, spaces, hyphens, lower case) as a stored reference."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in folded if ch.isalnum())


def normalise_phone(text):
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())


class ApplicationQuerySet(PersonIndexQuerySet):
    def holding_seats(self):
        return self.filter(status=Application.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Application.Status.WAITING).order_by("created_at", "pk")

    def seats_taken(self):
        return self.holding_seats().aggregate(total=Sum("party_size"))["total"] or 0

    def due_for_erasure(self, today, days):
        """Not yet erased, of events whose last date is more than `days` before today."""
        from carenet.events.models.events import Session

        recent = Session.objects.filter(date__gte=today - dt.timedelta(days=days))
        return (
            self.filter(erased_at__isnull=True, event__sessions__isnull=False)
            .exclude(event__in=recent.values("event"))
            .distinct()
        )

    def erase_personal_data(self):
        """Names, phones, e-mails and notes go; status, party size and attendance stay."""
        return self.update(
            name="",
            name_kana="",
            phone="",
            email="",
            note="",
            person_index="",
            erased_at=timezone.now(),
        )


class Application(PersonIndexed):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("申込済み")
        WAITING = "waiting", _("キャンセル待ち")
        CANCELLED = "cancelled", _("取消")

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        PHONE = "phone", _("電話")
        COUNTER = "counter", _("窓口")

    event = models.ForeignKey(
        "Event", on_delete=models.PROTECT, related_name="applications", verbose_name=_("イベント")
    )
    reference = models.CharField(_("受付番号"), max_length=12, unique=True, editable=False)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices)
    channel = models.CharField(
        _("受付方法"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    name = EncryptedCharField(_("お名前"), max_length=50)
    name_kana = EncryptedCharField(_("ふりがな"), max_length=100, blank=True)
    phone = EncryptedCharField(_("電話番号"), max_length=20, blank=True)
    email = EncryptedEmailField(_("メールアドレス"), blank=True)
    party_size = models.PositiveSmallIntegerField(_("人数"), default=1)
    note = EncryptedTextField(_("連絡事項"), max_length=500, blank=True)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    consent_version = models.CharField(_("同意した利用目的の版"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("申込日時"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("取消日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受け付けた職員"),
    )
    # Personal data goes a set time after the event (EVENT_APPLICANT_RETENTION_DAYS); counts stay.
    erased_at = models.DateTimeField(_("個人情報の削除日時"), null=True, blank=True)

    person_names = ("name", "name_kana")
    person_phones = ("phone",)
    person_emails = ("email",)

    objects = ApplicationQuerySet.as_manager()

    directory_scope = DirectoryScope(city="event__municipality", area="event__area")
    history = HistoricalRecords(
        excluded_fields=["name", "name_kana", "phone", "email", "note", "person_index"]
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("申込")
        verbose_name_plural = _("申込")
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.reference}（{self.get_status_display()}）"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @classmethod
    def take(cls, event, **fields):
        """A seat if one is left for the whole party, else a place on the waiting list.

        The event's row is locked first: concurrent sign-ups for one event queue up here.
        """
        from carenet.events.models.events import Event

        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            taken = locked.applications.seats_taken()
            size = fields.get("party_size", 1)
            fits = locked.capacity is None or taken + size <= locked.capacity
            # Nobody jumps the queue: with people waiting, a newcomer waits too.
            if fits and locked.capacity is not None and locked.applications.waiting().exists():
                fits = False
            status = cls.Status.CONFIRMED if fits else cls.Status.WAITING
            return cls.objects.create(
                event=locked, status=status, reference=cls._unused_reference(), **fields
            )

    @classmethod
    def _unused_reference(cls):
        while True:
            reference = new_reference()
            if not cls.objects.filter(reference=reference).exists():
                return reference

    def cancel(self):
        """Cancels; the freed seats go to the waiting list in order. [moved up applications]"""
        from carenet.events.models.events import Event

        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=self.event_id)
            current = Application.objects.get(pk=self.pk)
            if current.is_cancelled:
                return []
            current.status = self.Status.CANCELLED
            current.cancelled_at = timezone.now()
            current.save()
            moved = promote_waiting(event)
        self.refresh_from_db()
        return moved

    @classmethod
    def find(cls, reference, phone):
        """The application with this reference whose phone matches (digits only), or None."""
        reference, phone = normalise_reference(reference), normalise_phone(phone)
        if not reference or not phone:
            return None
        application = cls.objects.filter(reference=reference, erased_at__isnull=True).first()
        if application is None or normalise_phone(application.phone) != phone:
            return None
        return application


def promote_waiting(event):
    """With the event locked: seats freed go to the waiting list, strictly in order."""
    applications = event.applications
    taken = applications.seats_taken()
    moved = []
    for waiting in applications.waiting():
        if event.capacity is not None and taken + waiting.party_size > event.capacity:
            break  # the next in line does not fit yet: nobody behind them goes first
        waiting.status = Application.Status.CONFIRMED
        waiting.save()
        taken += waiting.party_size
        moved.append(waiting)
    return moved
