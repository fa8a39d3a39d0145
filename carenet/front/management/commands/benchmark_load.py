"""Requests per second of the cached public pages against a static copy of each, under gunicorn.

The issue's target: a cached page answers at least 80% of what the same bytes served as a static
file do, by the same gunicorn (WhiteNoise, same workers), in the same run. The static copy is what
that gunicorn answered on a cache hit, saved under a temporary STATIC_ROOT; WhiteNoise lists its
files when it starts, so gunicorn is started once to fetch the pages and again to measure.

gunicorn runs as production does (DEBUG off, hashed and compressed static files), whatever this
command's own DEBUG: DEBUG=1 would slow both sides, each in its own way. The field keys are this
process's, so the data stays readable. wrk then reads the copy and the page in turn, each round
starting with the other, and the table gives the median and the worst round's ratio. On a
shared machine req/s swings with the neighbours' load, so the table also gives the workers' CPU
time per request (from /proc, Linux), which they hardly move: its ratio is what an idle machine's
req/s ratio would be, if gunicorn's workers are what limits it. Speed is printed, never asserted.
"""

import os
import re
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from redis.utils import HIREDIS_AVAILABLE

from carenet.common.page_cache import HEADER, HIT

PAGES = ["/", "/salons/", "/salons/fureai-salon-inokashira/"]
TARGET = 0.8


def parse_wrk(output):
    """wrk's requests and requests/s; an error if any answer was not 2xx/3xx or a socket failed."""
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise ValueError(f"{bad.group(1)} answers were not 2xx/3xx")
    errors = re.search(r"Socket errors: (.*)", output)
    if errors and any(int(n) for n in re.findall(r"\d+", errors.group(1))):
        raise ValueError(f"socket errors: {errors.group(1)}")
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    per_second = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if not (requests and per_second):
        raise ValueError(f"no Requests/sec in wrk's output:\n{output}")
    return int(requests.group(1)), float(per_second.group(1))


def format_table(results):
    """results: (page, static runs, cached runs), a run being (req/s, workers' CPU ms a request),
    one of each a round. The target is judged on req/s, as the issue words it."""
    lines = [
        f"{'page':36} {'static req/s':>12} {'cached req/s':>12} {'ratio':>6} {'min':>6} "
        f"{'static cpu ms':>13} {'cached cpu ms':>13} {'ratio':>6}  ≥{TARGET:.0%}"
    ]
    for page, static, cached in results:
        ratios = [c[0] / s[0] for s, c in zip(static, cached, strict=True)]
        ratio = statistics.median(ratios)
        static_cpu = statistics.median(cpu for _, cpu in static)
        cached_cpu = statistics.median(cpu for _, cpu in cached)
        lines.append(
            f"{page:36} {statistics.median(rps for rps, _ in static):12.0f} "
            f"{statistics.median(rps for rps, _ in cached):12.0f} {ratio:6.1%} {min(ratios):6.1%} "
            f"{static_cpu:13.3f} {cached_cpu:13.3f} {static_cpu / cached_cpu:6.1%}  "
            f"{'yes' if ratio >= TARGET else 'NO'}"
        )
    return "\n".join(lines)


def copy_name(number, page):
    return f"{number}-{re.sub(r'[^a-z0-9]+', '-', page.lower()).strip('-') or 'home'}.html"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    """The body and the page cache's header; urllib sends the Host that wrk sends."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers.get(HEADER)


class Command(BaseCommand):
    help = "キャッシュした公開ページと、その静的コピーの毎秒リクエスト数を比べます（gunicorn）。"

    def add_arguments(self, parser):
        parser.add_argument("--pages", nargs="+", default=PAGES, help="測るページのパス")
        parser.add_argument("--seconds", type=int, default=10, help="wrk の1回の秒数")
        parser.add_argument("--rounds", type=int, default=3, help="何往復測るか")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn のワーカー数")
        parser.add_argument("--connections", type=int, default=8, help="wrk の同時接続数")
        parser.add_argument("--port", type=int, default=0, help="gunicorn のポート（既定: 空き）")
        parser.add_argument(
            "--gunicorn-args", default="", help="両方を配る gunicorn への追加の引数"
        )

    def handle(self, *args, pages, seconds, rounds, workers, connections, port, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed: apt-get install -y wrk")
        if not settings.CACHES["default"].get("LOCATION", "").startswith(("redis://", "rediss://")):
            raise CommandError(
                "CACHE_URL must be redis://…: the page cache needs a cache shared by the workers "
                "(PAGE_CACHE_SECONDS stays 0 without one), e.g. CACHE_URL=redis://127.0.0.1:6379/1"
            )
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.gunicorn = [
            *("--workers", str(workers), "--bind", f"127.0.0.1:{self.port}"),
            *shlex.split(options["gunicorn_args"]),
        ]
        with tempfile.TemporaryDirectory(prefix="benchmark-load-") as tmp:
            self.tmp = Path(tmp)
            self.env = self.production_env()
            self.run_manage("collectstatic", "--noinput")
            copies = {page: copy_name(n, page) for n, page in enumerate(pages, start=1)}
            with self.server():
                bodies = {page: self.warm(page) for page in pages}
            (self.tmp / "static" / "copy").mkdir()
            for page, body in bodies.items():
                (self.tmp / "static" / "copy" / copies[page]).write_bytes(body)
            with self.server() as server:  # again: WhiteNoise lists the static files at start
                for page in pages:
                    if fetch(f"{self.base}/static/copy/{copies[page]}")[0] != self.warm(page):
                        raise CommandError(f"the static copy of {page} is not the cached page")
                self.stdout.write(self.heading(seconds, rounds, connections))
                results = []
                for page in pages:
                    static, cached = [], []
                    for number in range(rounds):
                        pair = [(static, f"/static/copy/{copies[page]}"), (cached, page)]
                        for figures, path in pair if number % 2 == 0 else reversed(pair):
                            figures.append(self.wrk(server, path, seconds, connections))
                        self.warm(page)  # still a hit: nothing moved the generation meanwhile
                    results.append((page, static, cached))
        self.stdout.write(format_table(results))

    def production_env(self):
        """The environment gunicorn and collectstatic run with: production's, on this database."""
        env = {k: v for k, v in os.environ.items() if k != "OTP_DEVELOPMENT_BYPASS"}
        env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),  # signs nothing an anonymous page shows
            FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
            SEARCH_INDEX_KEY=settings.SEARCH_INDEX_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SITE_URL=self.base,
            SECURE_SSL_REDIRECT="0",
            STATIC_ROOT=str(self.tmp / "static"),
        )
        return env

    def run_manage(self, *arguments):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments]
        done = subprocess.run(manage, env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"{' '.join(arguments)} failed:\n{done.stderr}")

    def server(self):
        return GunicornServer(self.gunicorn, self.env, self.base, self.tmp / "gunicorn.log")

    def warm(self, page):
        """The page as a hit serves it (the first read may store it)."""
        try:
            fetch(self.base + page)
            body, state = fetch(self.base + page)
        except urllib.error.HTTPError as error:
            raise CommandError(f"{page} answered {error.code}") from None
        if state != HIT:
            raise CommandError(f"{page} answered {HEADER}: {state}, not {HIT}: is Redis running?")
        return body

    def wrk(self, server, path, seconds, connections):
        """(req/s, the workers' CPU ms a request) of one wrk run."""
        command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
        cpu = server.workers_cpu_seconds()
        done = subprocess.run([*command, self.base + path], capture_output=True, text=True)
        cpu = server.workers_cpu_seconds() - cpu
        try:
            requests, per_second = parse_wrk(done.stdout)
        except ValueError as error:
            raise CommandError(f"wrk on {path}: {error}") from None
        return per_second, cpu * 1000 / requests

    def heading(self, seconds, rounds, connections):
        load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
        return (
            f"gunicorn {' '.join(self.gunicorn)} (DEBUG off), wrk "
            f"{connections} connections, {seconds}s × {rounds} rounds a side, Redis parser: "
            f"{'hiredis' if HIREDIS_AVAILABLE else 'Python'}, load average {load}"
        )


class GunicornServer:
    """gunicorn in a subprocess, stopped on leaving the block, also on an error or Ctrl-C."""

    def __init__(self, arguments, env, base, log):
        self.command = [sys.executable, "-m", "gunicorn", *arguments, "--error-logfile", str(log)]
        self.env, self.base, self.log = env, base, log

    def __enter__(self):
        self.process = subprocess.Popen(
            [*self.command, "carenet.wsgi"], env=self.env, cwd=settings.BASE_DIR
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.base}/", timeout=2):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers, if only a 404
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        log = self.log.read_text() if self.log.exists() else ""
        raise CommandError(f"gunicorn did not start:\n{log[-3000:]}")

    def workers_cpu_seconds(self):
        """User and system time the master's children (the workers) have used so far."""
        pid = self.process.pid
        ticks = 0
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            fields = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (proc(5): fields 14, 15)
        return ticks / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc_info):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
