"""Settings come from the environment; production settings pass `check --deploy` cleanly."""

import base64
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from carenet.settings import env_bool

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-" + "x" * 60,
    "ALLOWED_HOSTS": "carenet.example.jp",
    "SITE_URL": "https://carenet.example.jp",
    "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(b"test-only-key".ljust(32, b"x")).decode(),
    "SEARCH_INDEX_KEY": "test-only-index-key",
}


def manage(*args, env=None):
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "FIELD_ENCRYPTION_KEYS",
        "SEARCH_INDEX_KEY",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_with_the_default_secret():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FIELD_ENCRYPTION_KEYS", None, "FIELD_ENCRYPTION_KEYS must be set"),
        ("FIELD_ENCRYPTION_KEYS", "not-a-fernet-key", "key 1 is not a Fernet key"),
        ("SEARCH_INDEX_KEY", None, "SEARCH_INDEX_KEY must be set"),
    ],
)
def test_production_refuses_to_start_without_the_encryption_keys(name, value, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != name}
    if value is not None:
        env[name] = value
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_defaults_are_japanese_and_tokyo():
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.SITE_URL.startswith("http")


def test_static_files_collect_and_serve_for_production(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "css/site.css" in manifest
    assert list(tmp_path.glob("css/site.*.css.gz")), "WhiteNoise compresses the hashed stylesheet"


def production_settings(*names, env=PRODUCTION_ENV):
    """The named settings as the production environment sees them, one per line."""
    code = "from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_debug_is_off_when_the_environment_forgets_it():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DEBUG"}
    assert production_settings("DEBUG", env=env) == ["False"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_debug_or_secret_key_the_portal_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_carry_the_host_prefix():
    # __Host- cookies are refused by browsers unless Secure, Path=/ and without Domain.
    assert production_settings(
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_PATH",
        "CSRF_COOKIE_PATH",
        "SESSION_COOKIE_DOMAIN",
        "CSRF_COOKIE_DOMAIN",
    ) == ["'__Host-sessionid'", "'__Host-csrftoken'", "True", "True", "'/'", "'/'", "None", "None"]


def test_production_static_files_carry_the_csp(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    assert manage("collectstatic", "--noinput", env=env).returncode == 0
    code = (
        "from django.test import Client; "
        "r = Client(HTTP_X_FORWARDED_PROTO='https').get('/static/css/site.css'); "
        "print(r.status_code); print(r.headers['Content-Security-Policy']); "
        "print(r.headers['X-Frame-Options'])"
    )
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    status, policy, frame_options = result.stdout.splitlines()
    assert status == "200"
    # django-csp writes the directives in no fixed order: compare them, not the string.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["style-src"] == "'self'" and "'unsafe-inline'" not in policy
    assert frame_options == "DENY"


# --- Yes/no switches: a typo refuses to start, it never quietly turns a protection off ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        (" OFF\t", False),
    ],
)
def test_a_switch_reads_the_usual_yes_and_no_words_in_any_case(monkeypatch, raw, expected):
    monkeypatch.setenv("CARENET_TEST_SWITCH", raw)
    # The opposite default, so that a fall-back to the default could not pass.
    assert env_bool("CARENET_TEST_SWITCH", default=not expected) is expected


@pytest.mark.parametrize("raw", [None, "", "   "])
@pytest.mark.parametrize("default", [True, False])
def test_an_unset_or_empty_switch_keeps_its_default(monkeypatch, raw, default):
    if raw is None:
        monkeypatch.delenv("CARENET_TEST_SWITCH", raising=False)
    else:
        monkeypatch.setenv("CARENET_TEST_SWITCH", raw)
    assert env_bool("CARENET_TEST_SWITCH", default=default) is default


@pytest.mark.parametrize("raw", ["ture", "2", "enabled", "y", "true!", "-1"])
def test_an_unknown_switch_value_is_refused_naming_the_variable_and_the_words(monkeypatch, raw):
    monkeypatch.setenv("CARENET_TEST_SWITCH", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool("CARENET_TEST_SWITCH", default=True)
    message = str(refused.value)
    assert message.startswith(f"CARENET_TEST_SWITCH={raw!r} ")
    assert "1/0, true/false, yes/no, on/off" in message


def test_production_refuses_to_start_with_a_misspelt_ssl_redirect():
    # Before: "ture" read as False, and production silently served plain HTTP.
    result = manage("check", env={**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "ture"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE_SSL_REDIRECT='ture' is not a yes/no value" in result.stderr


def test_the_switch_values_of_make_run_and_ci_still_parse():
    # `make run` (DEBUG=1 OTP_DEVELOPMENT_BYPASS=1) and `make run OTP_DEVELOPMENT_BYPASS=0`.
    for bypass in ("1", "0"):
        env = {"DEBUG": "1", "OTP_DEVELOPMENT_BYPASS": bypass}
        assert production_settings("DEBUG", "OTP_DEVELOPMENT_BYPASS", env=env) == [
            "True",
            str(bypass == "1"),
        ]
