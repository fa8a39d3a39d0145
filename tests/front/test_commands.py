import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from carenet.directory.models import Municipality
from consultations.models import PurposeNotice
from salons.models import Salon, Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def development(settings):
    # setup_demo and make_sample_data are for development only; pytest runs with DEBUG off.
    settings.DEBUG = True


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_make_sample_data_adds_places_marked_as_sample():
    before = Salon.objects.count()
    output = run("make_sample_data", places=25, seed=7)
    samples = Salon.objects.filter(is_sample=True)
    assert "added 25 sample places" in output
    assert Salon.objects.count() == before + 25
    assert samples.count() == 25
    assert all(s.name.startswith("【サンプル】") for s in samples)
    schedules = Counter(Schedule.objects.filter(salon__is_sample=True).values_list("salon"))
    assert len(schedules) == 25 and set(schedules.values()) <= {1, 2}


def test_make_sample_data_adds_consultations_marked_as_sample():
    from consultations.models import Consultation

    output = run("make_sample_data", consultations=40, seed=3)
    assert "added 40 sample consultations" in output
    samples = Consultation.objects.filter(is_sample=True)
    assert samples.count() == 40 == Consultation.objects.count()
    assert all(c.summary.startswith("【サンプル】") for c in samples)
    assert all(c.name == "" or c.name.startswith("サンプル") for c in samples)
    run("make_sample_data", clear=True)
    assert not Consultation.objects.exists()


def test_make_sample_data_clear_removes_only_samples():
    run("make_sample_data", places=5)
    seed_count = Salon.objects.filter(is_sample=False).count()
    run("make_sample_data", clear=True)
    assert not Salon.objects.filter(is_sample=True).exists()
    assert Salon.objects.count() == seed_count


def test_make_sample_data_dry_run_changes_nothing():
    before = Salon.objects.count()
    output = run("make_sample_data", places=5, dry_run=True)
    assert "dry run" in output
    assert Salon.objects.count() == before


def test_make_sample_data_refuses_a_negative_count():
    with pytest.raises(CommandError):
        run("make_sample_data", places=-1)


def test_setup_demo_keeps_existing_data_and_resets_the_demo_login(monkeypatch, development):
    Municipality.objects.filter(slug="mitaka").update(tagline="職員が直した文")
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-pass")
    output = run("setup_demo")
    assert "kept the existing data" in output
    assert "demo-admin / another-demo-pass" in output
    assert Municipality.objects.get(slug="mitaka").tagline == "職員が直した文"
    user = get_user_model().objects.get(username="demo-admin")
    assert user.check_password("another-demo-pass") and user.is_staff


def test_setup_demo_loads_the_seed_into_an_empty_database(development):
    Salon.objects.all().delete()
    from carenet.community.models import Issue
    from carenet.directory.models import (
        Area,
        Contact,
        Initiative,
        Network,
        Organisation,
        Resource,
        Venue,
    )
    from coordinators.models import Coordinator

    Issue.objects.all().delete()
    Coordinator.objects.all().delete()
    for model in (Initiative, Network, Resource, Venue, Contact, Organisation, Area):
        model.objects.all().delete()
    Municipality.objects.all().delete()
    PurposeNotice.objects.all().delete()
    output = run("setup_demo")
    assert "loaded the seed data" in output
    # The two seed cities take part; every other municipality comes from the national list.
    assert list(Municipality.objects.taking_part().values_list("slug", flat=True)) == [
        "mitaka",
        "tama",
    ]
    assert Municipality.objects.count() == 1741
    assert Salon.objects.filter(slug="fureai-salon-inokashira").exists()
    # The first purpose notice comes with the seed: residents can consent on a fresh `make run`.
    assert PurposeNotice.objects.get().version == "2026-1"


def test_setup_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        run("setup_demo")


@pytest.mark.parametrize("options", [{"places": 1}, {"clear": True}])
def test_make_sample_data_refuses_to_run_in_production(settings, options):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        run("make_sample_data", **options)


def test_clearing_samples_never_deletes_the_access_trail(inokashira_coordinator):
    from consultations.models import AccessLog, Consultation

    run("make_sample_data", consultations=3, seed=1)
    opened = Consultation.objects.filter(is_sample=True).first()
    AccessLog.record(inokashira_coordinator, [opened], AccessLog.Via.ADMIN)
    output = run("make_sample_data", clear=True)
    assert "kept 1 sample consultations" in output
    assert AccessLog.objects.filter(consultation=opened).count() == 1
    assert list(Consultation.objects.filter(is_sample=True)) == [opened]
