"""The consultation admin lists run the same queries for 10 rows as for 1,000 (no query per row)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from carenet.directory.models import Area, Organisation
from consultations.models import (
    AccessLog,
    Consultation,
    ContactLog,
    PurposeNotice,
    Referral,
    Topic,
)
from salons.models import Salon
from tests.admin_queries import MARK, assert_same_queries_for_few_and_many_rows, pick
from tests.conftest import make_account, make_staff, sign_in

pytestmark = pytest.mark.django_db


def mitaka_staff():
    """Assignees and authors to spread the rows over: staff of the city, as on a real list."""
    names = [f"query-staff-{n}" for n in range(3)]
    made = list(get_user_model().objects.filter(username__in=names).order_by("username"))
    return made or [make_staff(name, "mitaka", "areas", ["osawa"]) for name in names]


@pytest.fixture
def directory_client(client):
    """The central directory role (demo-admin), which keeps the shared topics and notices."""
    return sign_in(client, make_account("query-directory", "directory_admin"))


def add_consultations(numbers, areas, staff):
    topics = list(Topic.objects.all())
    made = Consultation.objects.bulk_create(
        Consultation(
            municipality_id=areas[0].municipality_id,
            area=pick(areas, n),
            assignee=pick(staff, n),
            requester="self",
            name=f"{MARK} {n}",
            channel="phone",
            summary="件数の試験",
            follow_up_on=timezone.localdate(),
        )
        for n in numbers
    )
    Consultation.topics.through.objects.bulk_create(
        Consultation.topics.through(consultation=c, topic=pick(topics, n))
        for n, c in zip(numbers, made, strict=True)
    )
    return made


def consultations_in(*slugs):
    def add_rows(numbers):
        add_consultations(numbers, list(Area.objects.filter(slug__in=slugs)), mitaka_staff())

    return add_rows


MITAKA_AREAS = ["inokashira", "osawa", "renjaku", "seibu", "tobu", "ekishuhen"]


def add_contact_logs(numbers):
    staff = mitaka_staff()
    cases = add_consultations(numbers, list(Area.objects.filter(slug__in=MITAKA_AREAS)), staff)
    ContactLog.objects.bulk_create(
        ContactLog(
            consultation=case,
            method="phone",
            what_happened="電話で話した",
            next_step=f"{MARK} 折り返し",
            next_step_on=timezone.localdate(),
            staff=pick(staff, n),
        )
        for n, case in zip(numbers, cases, strict=True)
    )


def add_referrals(numbers):
    cases = add_consultations(numbers, list(Area.objects.filter(slug="osawa")), mitaka_staff())
    targets = [{"service": f"{MARK} 介護保険"}]
    targets += [{"salon": s} for s in Salon.objects.filter(municipality__slug="mitaka")]
    targets += [
        {"organisation": o} for o in Organisation.objects.filter(municipality__slug="mitaka")
    ]
    Referral.objects.bulk_create(
        Referral(consultation=case, **pick(targets, n))
        for n, case in zip(numbers, cases, strict=True)
    )


def add_access_log(numbers):
    staff = mitaka_staff()
    cases = add_consultations(numbers, list(Area.objects.filter(slug__in=MITAKA_AREAS)), staff)
    AccessLog.objects.bulk_create(
        AccessLog(consultation=case, user=pick(staff, n), via="admin", purpose=MARK)
        for n, case in zip(numbers, cases, strict=True)
    )


def add_topics(numbers):
    Topic.objects.bulk_create(Topic(name=f"{MARK} {n}") for n in numbers)


def add_purpose_notices(numbers):
    PurposeNotice.objects.bulk_create(
        PurposeNotice(version=f"{MARK}-{n}", text="本文", effective_from=dt.date(2020, 4, 1))
        for n in numbers
    )


# (changelist, who works with it, rows visible to them)
CHANGELISTS = {
    "consultations, city supervisor": (
        Consultation,
        "mitaka_client",
        consultations_in(*MITAKA_AREAS),
    ),
    "consultations, area coordinator": (
        Consultation,
        "inokashira_client",
        consultations_in("inokashira"),
    ),
    "contact logs": (ContactLog, "mitaka_client", add_contact_logs),
    "referrals": (Referral, "mitaka_client", add_referrals),
    "access log": (AccessLog, "mitaka_client", add_access_log),
    "topics": (Topic, "directory_client", add_topics),
    "purpose notices": (PurposeNotice, "directory_client", add_purpose_notices),
}


@pytest.mark.parametrize("name", CHANGELISTS)
def test_consultation_changelists_run_the_same_queries_for_10_or_1000_rows(request, name):
    model, client_fixture, add_rows = CHANGELISTS[name]
    client = request.getfixturevalue(client_fixture)
    assert_same_queries_for_few_and_many_rows(client, model, add_rows)
