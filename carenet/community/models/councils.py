"""What councils and networks do together: their meetings, and the issues (地域課題) they take up.

Both are public records with no personal data, kept by staff under the directory rule. An issue's
evidence is a count of consultations, computed from the records and never shown below five.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from carenet.common.dates import local_today
from carenet.directory.access import DirectoryScope
from carenet.directory.models import Area, Initiative, Municipality, Network, Organisation, Venue
from carenet.events.models import Event
from consultations.models import Consultation, Topic
from coordinators.models import Coordinator
from salons.models import Salon

# Counts of consultations below this are never shown: a small number can point at a person.
SMALLEST_SHOWN = 5


def count_words(count):
    """A count as residents and councils see it: 「12件」, or 「5件未満」 below five."""
    if count < SMALLEST_SHOWN:
        return _("%(n)s件未満") % {"n": SMALLEST_SHOWN}
    return _("%(n)s件") % {"n": count}


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Meeting(models.Model):
    """A meeting of a council, a subcommittee, a ケアネット or a 地域福祉推進委員会."""

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("会議体")
    )
    date = models.DateField(_("開催日"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("会場"),
    )
    venue_note = models.CharField(_("会場（一覧にないとき）"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("出席した団体・機関")
    )
    agenda = models.TextField(_("議題"))
    summary = models.TextField(_("概要（公開）"), blank=True)
    decisions = models.TextField(_("決まったこと（公開）"), blank=True)
    is_published = models.BooleanField(
        _("公開する"), default=True, help_text=_("まとめ中のときは外します。")
    )

    objects = MeetingQuerySet.as_manager()
    directory_scope = DirectoryScope(city="network__municipality", area="network__area")
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("会議")
        verbose_name_plural = _("会議")

    def __str__(self):
        return f"{self.network}（{self.date:%Y-%m-%d}）"

    @property
    def venue_label(self):
        return self.venue.name if self.venue else self.venue_note


class IssueQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_details(self):
        return self.select_related(
            "municipality", "area", "raised_by_network", "raised_by_coordinator", "routed_to"
        )


class Issue(models.Model):
    """An issue (地域課題) a network or coordinator raised, and what became of it."""

    class Status(models.TextChoices):
        RAISED = "raised", _("提起")
        CONSIDERING = "considering", _("検討中")
        WORKING = "working", _("取組中")
        RESOLVED = "resolved", _("解決")
        SET_ASIDE = "set_aside", _("見送り")

    # new status: the statuses it may be reached from
    MOVES = {
        Status.CONSIDERING: {Status.RAISED},
        Status.WORKING: {Status.RAISED, Status.CONSIDERING},
        Status.RESOLVED: {Status.WORKING},
        Status.SET_ASIDE: {Status.RAISED, Status.CONSIDERING, Status.WORKING},
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
        help_text=_("市全域の課題では空にします。"),
    )
    slug = models.SlugField(_("URL名"), max_length=100, unique=True)
    title = models.CharField(_("課題"), max_length=100)
    title_kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    observed = models.TextField(_("地域で見えていること"))
    raised_by_network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="raised_issues",
        verbose_name=_("提起した会議体"),
    )
    raised_by_coordinator = models.ForeignKey(
        Coordinator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提起したコーディネーター"),
    )
    routed_to = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routed_issues",
        verbose_name=_("検討する会議体"),
        help_text=_("分科会やケアネットなど"),
    )
    status = models.CharField(
        _("状況"), max_length=12, choices=Status.choices, default=Status.RAISED, editable=False
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="issues", verbose_name=_("生まれた取り組み")
    )
    places = models.ManyToManyField(
        Salon, blank=True, related_name="issues", verbose_name=_("生まれた通いの場")
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="issues", verbose_name=_("生まれたイベント")
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)
    is_published = models.BooleanField(_("公開する"), default=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = IssueQuerySet.as_manager()
    directory_scope = DirectoryScope(area="area")
    history = HistoricalRecords(m2m_fields=[initiatives, places, events])

    class Meta:
        ordering = ["municipality__order", "-updated_at", "pk"]
        verbose_name = _("地域課題")
        verbose_name_plural = _("地域課題")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:issue-detail", kwargs={"slug": self.slug})

    @property
    def raised_by(self):
        return self.raised_by_network or self.raised_by_coordinator

    def next_statuses(self):
        return [status for status, sources in self.MOVES.items() if self.status in sources]

    @transaction.atomic
    def move_to(self, status, by, note="", on=None):
        """A dated, public step: 提起 → 検討中 → 取組中 → 解決, or 見送り."""
        status = self.Status(status)
        if self.status not in self.MOVES.get(status, ()):
            raise ValueError(
                _("「%(from)s」の課題は「%(to)s」にできません。")
                % {"from": self.get_status_display(), "to": status.label}
            )
        self.status = status
        self._change_reason = f"{status} by {by.get_username()}" if by else str(status)
        self.save(update_fields=["status", "updated_at"])
        return self.steps.create(status=status, on=on or local_today(), note=note, recorded_by=by)


class IssueStep(models.Model):
    """A dated step of an issue, shown on its public page."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="steps", verbose_name=_("地域課題")
    )
    status = models.CharField(_("状況"), max_length=12, choices=Issue.Status.choices)
    on = models.DateField(
        _("日付"), null=True, blank=True, help_text=_("出典に日付がないときだけ空にします。")
    )
    note = models.TextField(_("内容（公開）"), blank=True)
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
        ordering = ["issue", "on", "pk"]
        verbose_name = _("地域課題の経過")
        verbose_name_plural = _("地域課題の経過")

    def __str__(self):
        return f"{self.get_status_display()}（{self.on or '日付なし'}）"


class EvidenceQuerySet(models.QuerySet):
    def with_counts(self):
        """Each row's count of consultations, in the same query as the rows.

        Two subqueries: one for the row's area and its districts, one for the whole city (when
        the row names no area); `count` picks the one that applies.
        """
        base = Consultation.objects.filter(
            municipality=OuterRef("issue__municipality"),
            topics=OuterRef("topic"),
            received_at__date__gte=OuterRef("start"),
            received_at__date__lte=OuterRef("end"),
        )

        def counted(queryset):
            return Coalesce(
                Subquery(
                    queryset.order_by().values("municipality").annotate(n=Count("pk")).values("n")
                ),
                0,
            )

        in_area = base.filter(Q(area=OuterRef("area")) | Q(area__parent=OuterRef("area")))
        return self.select_related("topic", "area").annotate(
            area_count=counted(in_area), city_count=counted(base)
        )


class Evidence(models.Model):
    """What the consultation records say of an issue: a topic, an area and a period."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("地域課題")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="+", verbose_name=_("相談の種類")
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("地域"),
        help_text=_("空なら市全体"),
    )
    start = models.DateField(_("期間（から）"))
    end = models.DateField(_("期間（まで）"))

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "start", "pk"]
        verbose_name = _("根拠（相談件数）")
        verbose_name_plural = _("根拠（相談件数）")

    def __str__(self):
        return f"{self.topic}（{self.start:%Y-%m-%d}〜{self.end:%Y-%m-%d}）"

    def clean(self):
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("期間の終わりは、始まりより後の日にしてください。")})
        if (
            self.area_id
            and self.issue_id
            and self.area.municipality_id != self.issue.municipality_id
        ):
            raise ValidationError({"area": _("課題と同じ市の地域を選んでください。")})

    @property
    def count(self):
        """Set by with_counts(); the consultations counted for this row."""
        return self.area_count if self.area_id else self.city_count

    @property
    def count_label(self):
        return count_words(self.count)
