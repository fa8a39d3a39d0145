"""benchmark_pages prints figures (speed is never asserted) and leaves the database as it was."""

import io
import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from carenet.front.management.commands.benchmark_pages import ADMIN_PAGES, PAGES
from consultations.models import Consultation
from salons.models import Salon

pytestmark = pytest.mark.django_db


@pytest.fixture
def benchmark_output(settings):
    settings.DEBUG = True  # make_sample_data, which the benchmark calls, is for development only
    call_command("setup_demo", stdout=io.StringIO())
    out, err = io.StringIO(), io.StringIO()
    before = (Salon.objects.count(), Consultation.objects.count(), TOTPDevice.objects.count())
    call_command("benchmark_pages", places=3, consultations=3, repeat=2, stdout=out, stderr=err)
    after = (Salon.objects.count(), Consultation.objects.count(), TOTPDevice.objects.count())
    return out.getvalue(), err.getvalue(), before, after


def test_benchmark_prints_a_line_of_figures_for_every_page_and_admin_list(benchmark_output):
    out, err, _, _ = benchmark_output
    assert err == ""  # every page answered 200, every demo account existed
    figures = r"\s+\d+\.\d\s+\d+\.\d\s+\d+$"
    for url in PAGES:
        assert re.search(re.escape(url) + figures, out, re.MULTILINE), url
    for username, _name in ADMIN_PAGES:
        assert re.search(rf"\({re.escape(username)}\){figures}", out, re.MULTILINE), username


def test_benchmark_rolls_back_its_sample_rows_and_sign_ins(benchmark_output):
    out, _, before, after = benchmark_output
    assert after == before
    assert "rolled back" in out
