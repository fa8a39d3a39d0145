"""Erasing a resident's personal data, for the retention purge and for a 利用停止 request alike.

A consultation is anonymised, never deleted: the access log points at it and may not be
rewritten (decision 0003), and the yearly counts (`consultations.stats`) read its month, area,
channel and topics. Everything that can name or describe the person goes: the personal fields,
the blind index, every old version in the history, and the contact logs and referrals with
their history. What was done is counted in a `PurgeRecord` per city, never named.
"""

import datetime as dt
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import transaction
from django.db.models import F, Min, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from carenet.community.models import StartupGroup
from carenet.events.models import Application
from carenet.privacy.models import ErasedConsultation, PurgeRecord
from consultations.models import Consultation, ContactLog, Referral

# What an anonymised case still says where its summary was (summary is a required field).
ERASED_SUMMARY = "（個人情報は削除しました）"

# Personal fields of a consultation and the value each is left with.
ERASED_FIELDS = {
    "requester_name": "",
    "name": "",
    "name_kana": "",
    "phone": "",
    "email": "",
    "town": "",
    "summary": ERASED_SUMMARY,
    "outcome": "",
    "person_index": "",
}
# Kept: municipality, area, topics, channel, requester (本人・家族…), age band, household,
# status, dates, assignee: what the statistics and the access log need, and nobody's name.

EPOCH = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


def erased_ids():
    return ErasedConsultation.objects.values("consultation_id")


def with_closing_date(consultations):
    """Annotates `closed_on`: when the case last moved to 終結, from its history.

    The first closed version after its last version in any other state; a case with no such
    version (loaded from a fixture, or changed outside the history) uses `updated_at`.
    """
    history = Consultation.history.model.objects.filter(id=OuterRef("pk"))
    last_open = history.exclude(status=Consultation.Status.CLOSED).order_by("-history_date")
    moved = (
        Consultation.history.model.objects.filter(
            id=OuterRef("pk"),
            status=Consultation.Status.CLOSED,
            history_date__gt=OuterRef("last_open"),
        )
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    return consultations.annotate(
        last_open=Coalesce(Subquery(last_open.values("history_date")[:1]), Value(EPOCH))
    ).annotate(closed_on=Coalesce(Subquery(moved[:1]), "updated_at"))


def retention_cutoff(today, years):
    """Closed before the start of this day, `years` years ago, is past the retention period."""
    day = today - relativedelta(years=years)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def expired_consultations(today, years):
    """Closed cases whose retention period is over and whose personal data is still there."""
    closed = Consultation.objects.filter(status=Consultation.Status.CLOSED).exclude(
        pk__in=erased_ids()
    )
    return with_closing_date(closed).filter(closed_on__lt=retention_cutoff(today, years))


HISTORY = {
    "consultations": lambda ids: Consultation.history.model.objects.filter(id__in=ids),
    "contact_logs": lambda ids: ContactLog.history.model.objects.filter(consultation_id__in=ids),
    "referrals": lambda ids: Referral.history.model.objects.filter(consultation_id__in=ids),
}


def topic_versions():
    """Old versions' topics: a model simple-history makes, looked up once apps are loaded."""
    return apps.get_model("consultations", "HistoricalConsultation_topics")


def _by_city(consultations):
    by_city = defaultdict(list)
    for pk, city in consultations.order_by().values_list("pk", "municipality_id"):
        by_city[city].append(pk)
    return by_city


def count_for(ids):
    """What erasing these cases takes away (before anything is deleted)."""
    return Counter(
        consultations=len(ids),
        contact_logs=ContactLog.objects.filter(consultation_id__in=ids).count(),
        referrals=Referral.objects.filter(consultation_id__in=ids).count(),
        history_rows=sum(rows(ids).count() for rows in HISTORY.values()),
    )


def erase_consultations(consultations):
    """Anonymise these cases and delete their contact logs, referrals and every old version.

    Call inside a transaction. Returns {municipality_id: Counter} of what went, and leaves the
    ErasedConsultation markers to the caller (they point at its PurgeRecord).
    """
    counts = defaultdict(Counter)
    for city, ids in _by_city(consultations).items():
        counts[city] = count_for(ids)
        ContactLog.objects.filter(consultation_id__in=ids).delete()
        Referral.objects.filter(consultation_id__in=ids).delete()
        # After the rows: deleting them wrote one more version each, which goes too.
        HISTORY["contact_logs"](ids).delete()
        HISTORY["referrals"](ids).delete()
        # update(): no new version is written and the dates stay; the version moves on, so an
        # editor holding an older copy cannot save the personal data back.
        Consultation.objects.filter(pk__in=ids).update(**ERASED_FIELDS, version=F("version") + 1)
        # Old versions' topics (simple-history keeps them apart, with no foreign key to cascade).
        old_versions = HISTORY["consultations"](ids)
        topic_versions().objects.filter(history__in=old_versions.values("pk")).delete()
        old_versions.delete()
    return counts


@transaction.atomic
def purge_expired(today, years, application_days, dry_run=False, command="purge_expired"):
    """The retention purge; {municipality_id: Counter}. Nothing is written on a dry run."""
    due = expired_consultations(today, years)
    applications = Application.objects.due_for_erasure(today, application_days)
    groups = StartupGroup.objects.due_for_erasure(retention_cutoff(today, years))
    if dry_run:
        counts = defaultdict(Counter)
        for city, ids in _by_city(due).items():
            counts[city] = count_for(ids)
        for row in applications.values("event__municipality_id").order_by():
            counts[row["event__municipality_id"]]["applications"] += 1
        for city in groups.values_list("municipality_id", flat=True).order_by():
            counts[city]["startup_groups"] += 1
        return counts
    due_ids = list(due.values_list("pk", flat=True))
    counts = erase_consultations(Consultation.objects.filter(pk__in=due_ids))
    application_ids = list(applications.values_list("pk", "event__municipality_id"))
    for _pk, city in application_ids:
        counts[city]["applications"] += 1
    Application.objects.filter(pk__in=[pk for pk, _city in application_ids]).erase_personal_data()
    for city in groups.values_list("municipality_id", flat=True).order_by():
        counts[city]["startup_groups"] += 1
    groups.erase_personal_data()
    records = {
        city: PurgeRecord.objects.create(
            source=PurgeRecord.Source.RETENTION,
            command=command,
            municipality_id=city,
            retention_years=years,
            **count,
        )
        for city, count in counts.items()
    }
    mark(due_ids, records)
    return counts


def mark(consultation_ids, records):
    cities = dict(
        Consultation.objects.filter(pk__in=consultation_ids).values_list("pk", "municipality_id")
    )
    ErasedConsultation.objects.bulk_create(
        ErasedConsultation(consultation_id=pk, record=records[cities[pk]])
        for pk in consultation_ids
    )


@transaction.atomic
def erase_for_request(rights_request, user):
    """利用停止・削除: the request's cases and sign-ups lose their personal data now.

    Only what the request links to, and of those only cases not erased before. Returns the
    PurgeRecord, or None when there was nothing left to erase.
    """
    cases = rights_request.consultations.filter(
        municipality_id=rights_request.municipality_id
    ).exclude(pk__in=erased_ids())
    case_ids = list(cases.values_list("pk", flat=True))
    applications = rights_request.applications.filter(erased_at__isnull=True)
    application_ids = list(applications.values_list("pk", flat=True))
    groups = rights_request.startup_groups.filter(
        municipality_id=rights_request.municipality_id, erased_at__isnull=True
    )
    group_ids = list(groups.values_list("pk", flat=True))
    if not case_ids and not application_ids and not group_ids:
        return None
    count = erase_consultations(Consultation.objects.filter(pk__in=case_ids)).get(
        rights_request.municipality_id, Counter()
    )
    count["applications"] = Application.objects.filter(pk__in=application_ids).erase_personal_data()
    count["startup_groups"] = StartupGroup.objects.filter(pk__in=group_ids).erase_personal_data()
    record = PurgeRecord.objects.create(
        source=PurgeRecord.Source.REQUEST,
        user=user,
        rights_request=rights_request,
        municipality_id=rights_request.municipality_id,
        **count,
    )
    mark(case_ids, {rights_request.municipality_id: record})
    return record


def describe(counts):
    """One line of counts, for the command's output and the staff page's message."""
    total = Counter()
    for count in counts.values():
        total.update(count)
    return _(
        "相談 %(consultations)d件を匿名化、対応記録 %(contact_logs)d件・つなぎ先 %(referrals)d件・"
        "変更履歴 %(history_rows)d件を削除、申込 %(applications)d件・"
        "近トレの立ち上げ %(startup_groups)d件の個人情報を削除"
    ) % {
        key: total[key]
        for key in (
            "consultations",
            "contact_logs",
            "referrals",
            "history_rows",
            "applications",
            "startup_groups",
        )
    }
