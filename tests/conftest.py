"""Shared test set-up: the seed data, loaded once per test session, and small factories."""

import datetime as dt

import pytest
from django.core.management import call_command

from carenet.management.commands.setup_demo import SEED_FIXTURES


def load_seed():
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_seed()


@pytest.fixture
def today():
    """A fixed 'today' for pages whose content depends on the date (2026-11-22, a Sunday)."""
    return dt.date(2026, 11, 22)


@pytest.fixture
def fixed_today(monkeypatch, today):
    monkeypatch.setattr("salons.models.local_today", lambda: today)
    return today
