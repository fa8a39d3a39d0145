"""Settings from the environment, with safe development defaults.

DEBUG is off unless DEBUG=1 is set (`make run` and `make test` set it), so that a forgotten
variable in production never shows tracebacks; with DEBUG=1 and nothing else the portal runs on
SQLite. Production sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and SITE_URL.
"""

import base64
import hashlib
import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from carenet.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name, default=False):
    """A yes/no switch. Unset or empty means the default; anything unknown refuses to start.

    A typo (SECURE_SSL_REDIRECT=ture) must never quietly switch a protection off. Empty counts as
    unset, as `FOO=` in an env file usually means "not given".
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    accepted = ", ".join(f"{yes}/{no}" for yes, no in zip(TRUE_WORDS, FALSE_WORDS, strict=True))
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of {accepted} "
        "(any case), or leave it unset for the default."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (for development: DEBUG=1, as make run sets)."
    )


def _development_key(purpose):
    """A key from the development SECRET_KEY: stable across restarts, never for real data."""
    digest = hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _keys_from_env():
    """FIELD_ENCRYPTION_KEYS: Fernet keys, newest first. Required when DEBUG is off."""
    keys = env_list("FIELD_ENCRYPTION_KEYS")
    if not keys and DEBUG:
        keys = [_development_key("field-encryption")]
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set when DEBUG is off: one or more Fernet keys, "
            "comma-separated, newest first (python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')."
        )
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {number} is not a Fernet key "
                "(32 bytes, URL-safe base64)."
            ) from None
    return keys


# Personal fields (names, phones, case notes) are encrypted with the first key; every key decrypts.
# Rotation: put a new key first, run `manage.py reencrypt`, then remove the old one.
FIELD_ENCRYPTION_KEYS = _keys_from_env()
# The keyed hash behind name search in encrypted records. Changing it needs `manage.py reencrypt`.
SEARCH_INDEX_KEY = env_str("SEARCH_INDEX_KEY") or (
    _development_key("search-index") if DEBUG else ""
)
if not SEARCH_INDEX_KEY:
    raise ImproperlyConfigured(
        "SEARCH_INDEX_KEY must be set when DEBUG is off (a long random text)."
    )


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# Absolute base of every URL printed on paper (QR codes): never taken from the Host header.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "csp",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Lowest layer first; the layers are written down in pyproject.toml (import-linter).
    "carenet.common",
    "carenet.directory",
    "salons",
    "coordinators",
    "carenet.events",
    "consultations",
    "carenet.community",
    "carenet.privacy",
    "carenet.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after the static files: a stored public page is served before sessions, CSRF and
    # authentication run, and a fresh one is stored with every header they added.
    "carenet.common.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "carenet.middleware.SessionMaxAgeMiddleware",
    "coordinators.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "carenet.middleware.NoStoreForStaffMiddleware",
    "carenet.middleware.RejectNulInQueryMiddleware",
    # A view that finds the database down answers the polite 503 page (front/unavailable.py).
    "carenet.front.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "carenet:home"

ROOT_URLCONF = "carenet.urls"
WSGI_APPLICATION = "carenet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carenet.directory.context_processors.site",
                "carenet.common.text_size.display",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it estimates as costly (JIT): for a page's short queries the
    # compiling took 0.35 s of a 0.35 s query (docs/decisions/0018).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_from_url(url):
    if url.startswith(("redis://", "rediss://")):
        # A Redis that is down acts as an empty cache instead of raising (carenet/cache.py): pages
        # and sign-in keep answering, the rate limits fail open (docs/decisions/0014). Short
        # timeouts, so that an unreachable Redis costs a second, not a hung worker.
        return {
            "BACKEND": "carenet.cache.FailSafeRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if url in {"", "locmem://"}:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url == "dummy://":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"Unsupported CACHE_URL: {url}")


CACHES = {"default": _cache_from_url(env_str("CACHE_URL"))}

# The shared cache of residents' public pages (carenet/common/page_cache.py): the most seconds a
# stored page is served (a bound for a change whose bump got lost while Redis was down); 0 = off.
# On by default only with Redis: a per-process cache cannot share the directory generation, so a
# change saved in one worker would leave the other workers serving the old page.
_SHARED_CACHE = CACHES["default"]["BACKEND"] == "carenet.cache.FailSafeRedisCache"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600 if _SHARED_CACHE else 0)
if PAGE_CACHE_SECONDS and not _SHARED_CACHE:
    raise ImproperlyConfigured(
        "PAGE_CACHE_SECONDS needs a shared cache (CACHE_URL=redis://…): with a cache per process, "
        "a change saved in one process would leave the others serving the old page."
    )
# The public pages that may be stored: no form token, nothing personal, nothing that changes
# within a day except through the rows the generation follows. Not the event page (its seats and
# its deadline, to the minute) nor an issue's (it counts consultations).
PUBLIC_PAGE_CACHE_VIEWS = [
    "carenet:home",
    "carenet:municipality-detail",
    "carenet:area-detail",
    "carenet:calendar",
    "carenet:calendar-month",
    "carenet:calendar-day",
    "salons:salon-list",
    "salons:salon-detail",
    "maps:place-map",
    "coordinators:coordinator-list",
    "events:event-list",
    "community:issue-list",
    "community:network-detail",
    "community:kintore",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Japanese for everyone, whatever the browser asks for: text is marked for translation, and
# LocaleMiddleware goes back in when an English version exists.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Leaflet for the 通いの場MAP, from django-leaflet's bundled files (static 'leaflet/leaflet.js'):
# never a CDN. Its directory only, not the app: the app's admin module needs GeoDjango (GDAL).
_LEAFLET_STATIC = Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", _LEAFLET_STATIC)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@example.invalid")

# The 通いの場MAP's background tiles ({z}/{x}/{y}); the attribution is shown on the map (HTML).
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
)


def _origin(url):
    """https://tiles.example.jp for https://tiles.example.jp/{z}/{x}/{y}.png ('' if relative)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


MAP_TILE_ORIGIN = _origin(MAP_TILE_URL)

# Residents' pages carry no inline script; our scripts (the map's) are served from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Staff sign-in: a lockout after repeated wrong passwords, lifted after a cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Each counted on its own: one account from anywhere, and one address across accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "carenet.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# An idle staff session ends after 30 minutes; every request moves the deadline on.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# ... and any staff session ends this long after sign-in, however active (carenet.middleware).
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 10)

# Second factor (TOTP + recovery codes) for every staff account on /admin/ and /staff/.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "地域ケアネット")
# Development only: lets the demo accounts in without an authenticator app (`make run` sets it).
OTP_DEVELOPMENT_BYPASS = env_bool("OTP_DEVELOPMENT_BYPASS", False)
if OTP_DEVELOPMENT_BYPASS and not DEBUG:
    raise ImproperlyConfigured("OTP_DEVELOPMENT_BYPASS is for development only (DEBUG=1).")

# History is read, never rolled back through the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Residents' consultation form.
CONSULT_RATE = env_str("CONSULT_RATE", "5/h")  # per IP address, counted in the cache
CONSULT_MIN_SECONDS = env_int("CONSULT_MIN_SECONDS", 5)  # faster than this is a robot
# Days after an event's last date when its applicants' names and phones are erased (counts stay).
EVENT_APPLICANT_RETENTION_DAYS = env_int("EVENT_APPLICANT_RETENTION_DAYS", 90)
# Years a closed consultation keeps its personal data after the day it was closed (終結);
# `manage.py purge_expired` (daily) then anonymises it. Event sign-ups follow
# EVENT_APPLICANT_RETENTION_DAYS. Must be at least 1.
CONSULTATION_RETENTION_YEARS = env_int("CONSULTATION_RETENTION_YEARS", 5)
if CONSULTATION_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("CONSULTATION_RETENTION_YEARS must be 1 or more (years).")
# Supervisors export at most this many consultations at once, each with a recorded purpose.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 500)
RATELIMIT_IP_META_KEY = "carenet.client_ip.client_ip"
# Reverse proxies in front of the app that append to X-Forwarded-For; 0 = none, use REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser accepts them only over HTTPS, for Path=/ and with no Domain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
