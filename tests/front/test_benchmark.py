"""benchmark_pages prints figures (speed is never asserted) and leaves the database as it was."""

import io
import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from carenet.front.management.commands.benchmark_load import PAGES as LOAD_PAGES
from carenet.front.management.commands.benchmark_load import (
    copy_name,
    format_table,
    parse_wrk,
)
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


# benchmark_load: only its pure parts here; gunicorn and wrk run by hand (make benchmark-load).

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123/salons/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.02ms    1.10ms  21.33ms   90.12%
    Req/Sec     1.00k    80.21     1.16k    71.00%
  19934 requests in 10.01s, 312.45MB read
Requests/sec:   1991.42
Transfer/sec:     31.21MB
"""


def test_load_benchmark_reads_wrks_requests_and_requests_per_second():
    assert parse_wrk(WRK_OUTPUT) == (19934, 1991.42)


@pytest.mark.parametrize(
    "trouble",
    [
        "  Non-2xx or 3xx responses: 12\n",
        "  Socket errors: connect 0, read 3, write 0, timeout 0\n",
    ],
)
def test_load_benchmark_refuses_a_run_with_failed_answers(trouble):
    output = WRK_OUTPUT.replace("Requests/sec:", trouble + "Requests/sec:")
    with pytest.raises(ValueError):
        parse_wrk(output)


def test_load_benchmark_accepts_a_run_whose_socket_errors_are_all_zero():
    output = WRK_OUTPUT.replace(
        "Requests/sec:", "  Socket errors: connect 0, read 0, write 0, timeout 0\nRequests/sec:"
    )
    assert parse_wrk(output) == (19934, 1991.42)


def test_load_benchmark_says_so_when_wrk_printed_no_figure():
    with pytest.raises(ValueError, match="no Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:8123 Connection refused\n")


def test_load_benchmark_table_gives_median_and_worst_round_ratio_and_cpu_per_request():
    table = format_table(
        [
            # rounds' req/s ratios 90%, 50%, 70%; CPU ms a request: static 0.5, cached 1.0
            ("/", [(1000, 0.4), (2000, 0.5), (1000, 0.6)], [(900, 1.0), (1000, 0.9), (700, 1.1)]),
            ("/salons/", [(1000, 0.8)], [(800, 1.0)]),
        ]
    )
    header, home, salons = table.splitlines()
    assert header.split()[:3] == ["page", "static", "req/s"]
    assert home.split() == "/ 1000 900 70.0% 50.0% 0.500 1.000 50.0% NO".split()
    assert salons.split() == "/salons/ 1000 800 80.0% 80.0% 0.800 1.000 80.0% yes".split()


def test_load_benchmark_names_each_static_copy_after_its_page():
    names = [copy_name(n, page) for n, page in enumerate([*LOAD_PAGES, "/salons/?q=a"], 1)]
    assert names[0] == "1-home.html"
    assert names[2] == "3-salons-fureai-salon-inokashira.html"
    assert len(set(names)) == len(names)
