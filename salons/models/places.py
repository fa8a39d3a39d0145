"""Gathering places (サロン・通いの場): what residents see, and when each meets next."""

import datetime as dt
import hashlib
import heapq
from itertools import islice
from operator import attrgetter

from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.dates import local_today
from carenet.common.readings import READING_HELP, FillsReading
from carenet.common.search import (
    InSubquery,
    SearchText,
    SearchTextQuerySet,
    folded,
    found_through,
    matching,
)
from carenet.common.text import long_date
from carenet.directory.access import DirectoryScope
from carenet.directory.models import Area, Contact, Initiative, Municipality, Network, Venue
from salons.models.checks import GAPS, CheckMethod, ConfirmationQuerySetMixin
from salons.models.kinds import Kind, kinds_found_by
from salons.models.schedule import Schedule, ScheduleException
from salons.schedules import Occurrence

UPCOMING_HORIZON_DAYS = 400
NEXT_MEETING_SECONDS = 26 * 60 * 60  # a day's key is never read again after that day
NO_AREA_ORDER = 99999  # above any PositiveSmallIntegerField: places without an area come last


def place_order_key(city_order, city_code, area_order):
    """Where a place stands in lists, in one column of its own row (Salon.place_order): its
    city's order and code, then its area's order. An index on the place's table can then serve
    ORDER BY … LIMIT 50 over 145,000 places, which an order across joined tables never can."""
    area = NO_AREA_ORDER if area_order is None else area_order
    return f"{city_order:05d}.{city_code}.{area:05d}"


def place_order_keys(pairs):
    """{(municipality id, area id): key} for these pairs, in two queries."""
    pairs = set(pairs)
    cities = {
        pk: (order, code)
        for pk, order, code in Municipality.objects.filter(pk__in={city for city, _ in pairs})
        .order_by()
        .values_list("pk", "order", "code")
    }
    areas = dict(
        Area._base_manager.filter(pk__in={area for _, area in pairs if area})
        .order_by()
        .values_list("pk", "order")
    )
    return {
        (city, area): place_order_key(*cities[city], areas.get(area) if area else None)
        for city, area in pairs
        if city in cities
    }


def _found_by_word(word, kind_ids):
    """A place found by one word: its own folded text or its venue's (copied into its row:
    venue_text), or its kind's or area's, or a 居場所づくり initiative of its network (the ones its
    places are part of: a network's 講座 or 見守り are not what its salons are). Each related
    table is searched on its own and the place matched by id, so that nothing is repeated and
    each table's index serves its part."""
    initiatives = Initiative.objects.filter(kind=Initiative.Kind.PLACE).filter(
        matching(word, "search_text")
    )
    return matching(
        word,
        "search_text",
        "venue_text",
        also=[
            Q(kind__in=kind_ids),
            found_through("area", Area, word),
            Q(InSubquery("network", Network._base_manager.filter(initiatives__in=initiatives))),
        ],
    )


class SalonQuerySet(ConfirmationQuerySetMixin, SearchTextQuerySet):
    def published(self):
        """Places with a public page: all but those nobody has confirmed yet (未確認)."""
        return self.exclude(status=Salon.Status.UNCONFIRMED)

    def listed(self):
        return self.filter(Salon.listed_condition())

    def active(self):
        return self.filter(status=Salon.Status.ACTIVE)

    def open_to_visit(self):
        """What 「通いの場 Nか所」 counts: places a resident can go to from what the site says."""
        return self.filter(Salon.open_to_visit_condition())

    def in_area(self, area):
        """The places of an area and of the districts it holds (a 圏域 gathers its 地区)."""
        return self.filter(area__in=Area.objects.family_of(area).values("pk"))

    def meeting_on_weekday(self, iso_weekday):
        # An Exists, not a join: no DISTINCT over every column, and the count stays a count.
        return self.filter(
            Exists(Schedule.objects.filter(salon=OuterRef("pk"), weekday=iso_weekday))
        )

    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create calls no save(): place the rows in lists and copy their venues' words here
        # (three queries for them all).
        objs = list(objs)
        keys = place_order_keys((obj.municipality_id, obj.area_id) for obj in objs)
        venue_texts = dict(
            Venue._base_manager.filter(pk__in={obj.venue_id for obj in objs if obj.venue_id})
            .order_by()
            .values_list("pk", "search_text")
        )
        for obj in objs:
            obj.place_order = keys[obj.municipality_id, obj.area_id]
            obj.venue_text = venue_texts.get(obj.venue_id, "")
        return super().bulk_create(objs, *args, **kwargs)

    def refresh_place_order(self):
        """Write place_order again for these places: after their city or area moved in lists.
        One UPDATE per (city, area) pair, and only rows whose key changed are written."""
        pairs = set(self.order_by().values_list("municipality_id", "area_id").distinct())
        for (city, area), key in place_order_keys(pairs).items():
            self.filter(municipality_id=city, area_id=area).exclude(place_order=key).update(
                place_order=key
            )

    def refresh_venue_text(self):
        """Write venue_text again for these places (after their venue was saved): one UPDATE,
        of the rows whose copy differs. A migration that folds venues anew must copy them again
        too, as salons 0012 did."""
        venue_text = Venue._base_manager.filter(pk=OuterRef("venue_id")).values("search_text")
        now = Coalesce(Subquery(venue_text[:1]), Value(""))
        self.alias(venue_text_now=now).exclude(venue_text=F("venue_text_now")).update(
            venue_text=now
        )

    def search(self, words):
        """Every word in the place's name, reading or description, its kind and what the kind
        is for, its venue (name, reading, address), its area, or what its network does; kana,
        width and long vowels folded, kanji read. Places whose name matches come first, then
        those whose own words or kind match, then those found by their venue, area or network."""
        found, own = Q(), Q()
        kinds = kinds_found_by(words)
        for word in words.split():
            found &= _found_by_word(word, kinds[word])
            own &= matching(word, "search_text") | Q(kind__in=kinds[word])
        closeness = Case(
            When(matching(words, "name_key"), then=0),
            When(own, then=1),
            default=2,
        )
        return (
            self.filter(found)
            .alias(closeness=closeness)
            .order_by("closeness", *self.model._meta.ordering)
        )

    def with_details(self):
        """Everything a list or a page of places shows, in a fixed number of queries."""
        return self.select_related(
            "municipality", "area", "kind", "venue", "network", "contact"
        ).prefetch_related("schedules", "exceptions")

    def meeting_on(self, day):
        """Places whose schedule can fall on this day, narrowed in SQL so that it scales.

        The schedule's own calendar (holidays, 隔週, cancellations) has the last word.
        """
        weeks = [(day.day - 1) // 7 + 1]
        if (day + dt.timedelta(days=7)).month != day.month:
            weeks.append(-1)
        in_listed_month = Q(months="") | Q(months__regex=rf"(^|,){day.month}(,|$)")
        by_schedule = Q(weekday=day.isoweekday()) & (
            Q(frequency=Schedule.Frequency.WEEKLY)
            | (Q(frequency=Schedule.Frequency.MONTHLY, week_of_month__in=weeks) & in_listed_month)
        )
        extra = ScheduleException.objects.filter(
            salon=OuterRef("pk"), date=day, kind=ScheduleException.Kind.EXTRA
        )
        # Exists, not joins: no DISTINCT, and a list by name can stop at its tenth place.
        return self.filter(
            Exists(Schedule.objects.filter(by_schedule, salon=OuterRef("pk"))) | Exists(extra)
        )

    def day_by_day(self, start=None, days=7, per_day=10):
        """[(date, [(occurrence, salon), …]), …] from today: at most per_day places a day, by name.

        One narrow query a day for the ids, then one query (and its prefetches) for the places.
        """
        start = start or local_today()
        dates = [start + dt.timedelta(days=offset) for offset in range(days)]
        ids = {
            day: list(
                self.active()
                .meeting_on(day)
                .order_by("name", "pk")
                .values_list("pk", flat=True)[:per_day]
            )
            for day in dates
        }
        places = self.filter(
            pk__in={pk for day_ids in ids.values() for pk in day_ids}
        ).with_details()
        by_pk = {salon.pk: salon for salon in places}
        return [
            (
                day,
                [
                    (occ, by_pk[pk])
                    for pk in ids[day]
                    for occ in by_pk[pk].occurrences_between(day, day)
                ],
            )
            for day in dates
        ]


class Salon(FillsReading, SearchText):
    class Status(models.TextChoices):
        ACTIVE = "active", _("開催中")
        SUSPENDED = "suspended", _("休止中")
        ENDED = "ended", _("終了")
        # Imported from an old source: staff confirm it before residents see it.
        UNCONFIRMED = "unconfirmed", _("未確認（非公開）")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="salons", verbose_name=_("市区町村")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("地域"),
    )
    kind = models.ForeignKey(
        Kind, on_delete=models.PROTECT, related_name="salons", verbose_name=_("種類")
    )
    name = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=200, blank=True, help_text=READING_HELP)
    slug = models.SlugField(
        _("URL名"),
        max_length=100,
        unique=True,
        help_text=_("ローマ字。変えても古いURLは新しいURLへ転送されます。"),
    )
    description = models.TextField(_("内容"), blank=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("運営するネットワーク"),
    )
    organiser = models.CharField(_("運営（ネットワーク以外）"), max_length=100, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("会場"),
    )
    venue_note = models.CharField(_("会場についての補足"), max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="salons",
        verbose_name=_("問い合わせ先"),
    )
    fee = models.CharField(_("参加費"), max_length=50, blank=True)
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    status_note = models.CharField(_("状態についての補足"), max_length=200, blank=True)
    source = models.CharField(_("出典"), max_length=300, blank=True)
    source_date = models.CharField(
        _("出典の日付"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{4}(-\d{2}(-\d{2})?)?$",
                _("出典の日付は 2024、2024-05、2024-05-25 のように書いてください。"),
            )
        ],
        help_text=_("出典に書かれた日付。年だけ・年月だけでもかまいません。"),
    )
    external_id = models.CharField(
        _("管理番号"),
        max_length=64,
        blank=True,
        help_text=_("市や協議会の一覧での番号。一括取り込みで同じ場所を見分けるのに使います。"),
    )
    organisers = models.ManyToManyField(
        "Organiser",
        blank=True,
        related_name="places",
        verbose_name=_("世話人"),
        help_text=_("この場所の休み・臨時開催・日程を、世話人のページから直せる人。"),
    )
    is_sample = models.BooleanField(
        _("サンプル"), default=False, help_text=_("試験用に作った架空のデータです。")
    )
    # Copied from the latest PlaceCheck (PlaceCheck.record), so that a page needs no extra query.
    last_confirmed_on = models.DateField(_("最終確認日"), null=True, blank=True, editable=False)
    last_confirmed_method = models.CharField(
        _("最終確認の方法"),
        max_length=10,
        choices=CheckMethod.choices,
        blank=True,
        editable=False,
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)
    # The name and its readings folded apart from the rest: places whose name matches come first.
    name_key = models.TextField(blank=True, editable=False)
    # Its city's and area's place in lists (place_order_key), kept true by save() and by the
    # receivers below when a city or an area is saved: lists order by this row's own columns.
    place_order = models.CharField(max_length=40, blank=True, editable=False)
    # Its venue's folded text (Venue.search_text), kept true by save() and by the receivers below
    # when a venue is saved or deleted: a word that 48,000 venues hold (会館) is then one index
    # lookup on this table, not a list of 48,000 venue ids to check each place against.
    venue_text = models.TextField(blank=True, editable=False)

    folded_fields = ("name", "name_kana", "description")
    # Indexed on PostgreSQL (ShortPieceIndexes) for words of one or two characters: 体操, 会館
    short_pieces_columns = ("search_text", "venue_text")
    folded_columns = ("search_text", "name_key")
    objects = SalonQuerySet.as_manager()

    directory_scope = DirectoryScope(area="area")
    # A confirmation is kept in PlaceCheck, not as a change of the place.
    history = HistoricalRecords(
        excluded_fields=[
            *("search_text", "name_key", "place_order", "venue_text"),
            *("last_confirmed_on", "last_confirmed_method"),
        ],
        m2m_fields=[organisers],
    )

    class Meta:
        # By city and area as staff order them (place_order), then name; the pk breaks ties, so
        # that no place is on two pages or on none.
        ordering = ["place_order", "name", "pk"]
        verbose_name = _("通いの場")
        verbose_name_plural = _("通いの場")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["area", "status"]),
            models.Index(fields=["municipality", "last_confirmed_on"]),
            models.Index(fields=["place_order", "name", "id"], name="salon_list_order"),
            # 「今週ひらかれる」: the active places by name, until ten meet on the day.
            models.Index(
                fields=["name", "id"], condition=Q(status="active"), name="salon_active_by_name"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="one_place_per_external_id_in_a_city",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A printed QR code lives for years: keep every slug this place ever had.
        self.place_order = self.place_order_now()
        self.venue_text = self.venue_text_now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "place_order", "venue_text"}
        with transaction.atomic():
            if self.pk:
                old_slug = Salon.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
                if old_slug and old_slug != self.slug:
                    SalonAlias.objects.update_or_create(slug=old_slug, defaults={"salon": self})
            super().save(*args, **kwargs)
            SalonAlias.objects.filter(slug=self.slug).delete()

    def place_order_now(self):
        area = self.area if self.area_id else None
        return place_order_key(
            self.municipality.order, self.municipality.code, area.order if area else None
        )

    def venue_text_now(self):
        if not self.venue_id:
            return ""
        venues = Venue._base_manager.filter(pk=self.venue_id)
        return venues.values_list("search_text", flat=True).first() or ""

    def fold_search_text(self):
        super().fold_search_text()
        self.name_key = folded(self.name, self.name_kana)

    def get_absolute_url(self):
        return reverse("salons:salon-detail", kwargs={"slug": self.slug})

    def printed_url(self, source="flyer"):
        """The permanent absolute URL a QR code carries: SITE_URL, never the Host header."""
        return f"{settings.SITE_URL}{self.get_absolute_url()}?src={source}"

    @staticmethod
    def listed_condition(prefix=""):
        """What residents see in lists: not ended, not 未確認. 休止中 stays, marked."""
        return ~Q(**{f"{prefix}status__in": [Salon.Status.ENDED, Salon.Status.UNCONFIRMED]})

    @staticmethod
    def open_to_visit_condition():
        """Meeting now (not 休止中, not ended), on a known day of the week.

        A place whose day nobody knows yet (the seed's 相談サロン: 「毎月開催」, no day) stays
        listed and searchable, but is not counted as somewhere to go.
        """
        known_day = Schedule.objects.filter(salon=OuterRef("pk"), weekday__isnull=False)
        return Q(status=Salon.Status.ACTIVE) & Q(Exists(known_day))

    @classmethod
    def count_open_in_city(cls):
        """An annotation for cities: how many places a resident can go to (one subquery)."""
        return cls._count_open(Q(municipality=OuterRef("pk")))

    @classmethod
    def count_open_in_area(cls):
        """An annotation for areas: the places a resident can go to there and in its
        districts, as `in_area` gathers them (one subquery, however many districts)."""
        # The family's ids first (an IN, not an OR across a join): the index on area serves it.
        family = Area.objects.filter(
            Q(pk=OuterRef(OuterRef("pk"))) | Q(parent=OuterRef(OuterRef("pk")))
        ).values("pk")
        return cls._count_open(Q(area__in=family))

    @classmethod
    def _count_open(cls, where):
        counted = (
            cls.objects.open_to_visit()
            .filter(where)
            .order_by()
            .values("municipality")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(counted), 0)

    @property
    def confirmed_words(self):
        """「2026年11月20日に確認」, or "" for a place nobody has confirmed yet."""
        if not self.last_confirmed_on:
            return ""
        return _("%(date)sに確認") % {"date": long_date(self.last_confirmed_on)}

    def gap_labels(self):
        """The gaps annotated by with_gap_flags(), in words."""
        return [label for name, label in GAPS if getattr(self, name, False)]

    @property
    def is_suspended(self):
        return self.status == self.Status.SUSPENDED

    @property
    def is_unconfirmed(self):
        return self.status == self.Status.UNCONFIRMED

    @property
    def is_ended(self):
        return self.status == self.Status.ENDED

    @property
    def organiser_name(self):
        return self.network.name if self.network_id else self.organiser

    def schedule_words(self, clock=False):
        return [schedule.describe(clock=clock) for schedule in self.schedules.all()]

    @property
    def months_unknown(self):
        return any(not s.pattern.months_known for s in self.schedules.all())

    def iter_occurrences(self, start, end):
        """Meeting dates in order: schedules merged, cancellations out, extra dates in."""
        if self.status != self.Status.ACTIVE:
            return
        exceptions = self.exceptions.all()
        cancelled = {e.date for e in exceptions if e.kind == ScheduleException.Kind.CANCEL}
        regular = (
            (
                Occurrence(day, schedule.start_time, schedule.end_time)
                for day in schedule.pattern.iter_dates(start, end)
                if day not in cancelled
            )
            for schedule in self.schedules.all()
        )
        extras = sorted(
            (
                Occurrence(e.date, e.start_time, e.end_time, e.note)
                for e in exceptions
                if e.kind == ScheduleException.Kind.EXTRA and start <= e.date <= end
            ),
            key=attrgetter("sort_key"),
        )
        previous = None
        for occurrence in heapq.merge(*regular, extras, key=attrgetter("sort_key")):
            if occurrence == previous:
                continue
            previous = occurrence
            yield occurrence

    def occurrences_between(self, start, end):
        return list(self.iter_occurrences(start, end))

    def upcoming(self, count=3, today=None):
        today = today or local_today()
        horizon = today + dt.timedelta(days=UPCOMING_HORIZON_DAYS)
        return list(islice(self.iter_occurrences(today, horizon), count))

    @property
    def next_occurrence(self):
        """The next meeting, worked out once a day per place and kept in the cache under what
        it is worked out from (status, schedules, exceptions: prefetched with with_details), so
        that an edit is seen at once and a list of fifty places walks no calendar."""
        today = local_today()
        key = f"salons:next:{self.pk}:{today:%Y%m%d}:{self._calendar_fingerprint()}"
        kept = cache.get(key) if self.pk else None
        if kept is None:
            kept = (next(iter(self.upcoming(count=1, today=today)), None),)
            if self.pk:
                cache.set(key, kept, NEXT_MEETING_SECONDS)
        return kept[0]

    def _calendar_fingerprint(self):
        facts = (
            self.status,
            [schedule.pattern for schedule in self.schedules.all()],
            [(e.date, e.kind, e.start_time, e.end_time, e.note) for e in self.exceptions.all()],
        )
        return hashlib.blake2b(repr(facts).encode(), digest_size=12).hexdigest()


class SalonAlias(models.Model):
    """An old slug of a renamed place, so that old flyers still lead somewhere."""

    slug = models.SlugField(_("古いURL名"), max_length=100, unique=True)
    salon = models.ForeignKey(
        Salon, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("通いの場")
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("古いURL")
        verbose_name_plural = _("古いURL")

    def __str__(self):
        return self.slug


# A list must never show a place where its city or area used to stand: when one is saved or an
# area deleted (its places lose it: SET_NULL), the keys of their places are written again.
# (A queryset .update() of an order sends no signal; nothing in the code does that.)
@receiver(pre_save, sender=Salon, dispatch_uid="salons.place_order_of_loaded_rows")
def _place_loaded_rows(sender, instance, raw, **kwargs):
    # loaddata (the seed fixtures) saves rows without calling save().
    if raw:
        instance.place_order = instance.place_order_now()
        instance.venue_text = instance.venue_text_now()


@receiver(post_save, sender=Municipality, dispatch_uid="salons.place_order_of_city")
def _city_saved(sender, instance, **kwargs):
    Salon.objects.filter(municipality=instance).refresh_place_order()


@receiver(post_save, sender=Area, dispatch_uid="salons.place_order_of_area")
def _area_saved(sender, instance, **kwargs):
    Salon.objects.filter(area=instance).refresh_place_order()


@receiver(post_delete, sender=Area, dispatch_uid="salons.place_order_without_area")
def _area_deleted(sender, instance, **kwargs):
    Salon.objects.filter(area__isnull=True).refresh_place_order()


# A place is found by its venue's words as they are now: when a venue is saved (loaded rows too,
# whichever of the two loaddata writes first) or deleted (its places lose it: SET_NULL, which
# Django writes without saving them), the copies are written again.
@receiver(post_save, sender=Venue, dispatch_uid="salons.venue_text_of_venue")
def _venue_saved(sender, instance, **kwargs):
    Salon.objects.filter(venue=instance).refresh_venue_text()


@receiver(post_delete, sender=Venue, dispatch_uid="salons.venue_text_without_venue")
def _venue_deleted(sender, instance, **kwargs):
    Salon._base_manager.filter(venue__isnull=True).exclude(venue_text="").update(venue_text="")
