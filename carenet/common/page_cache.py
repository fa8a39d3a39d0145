"""The shared page cache for residents' public pages: fast, and never an out-of-date page.

A stored page is served again only while nothing it could show has changed. Its key is a digest of
what the page depends on besides the data: the Tokyo date, the visitor's text size, the language
and the URL (host and query string included). The data's part is the *directory generation*, a
number in the shared cache that every saved or deleted row of the public apps moves on
(carenet.front.apps connects the signals); a stored page remembers the generation it was rendered
under and counts only while that is still the current one. The generation lives in the shared
cache, never in a process's memory, so that two app servers never serve each other's stale pages.
PAGE_CACHE_SECONDS also bounds a page's life, for a bump lost while Redis was down.

A hit costs one round trip to the cache and no SQL: the middleware runs right after WhiteNoise,
before sessions, CSRF and authentication. Whoever may be signed in (any session cookie), carries
another cookie (a message waiting to be shown) or comes from a printed QR code (?src=, counted by
the place's page) passes by. A page is stored only when the full stack served it, with status
200, to an anonymous GET, from a view in PUBLIC_PAGE_CACHE_VIEWS, with no cookie set, no form
token on it and nothing saying private.

Each process also keeps the pages it served last (LOCAL_PAGES of them). For those the round trip
reads only the generation, a few bytes instead of the page's 30 KB, and a copy is served only
while its generation is the shared current one, exactly as a stored page is.

Every stored page carries an ETag and Last-Modified with `Cache-Control: no-cache`: browsers ask
again each time, and a matching If-None-Match gets a bodiless 304.
"""

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date

from carenet.common import dates
from carenet.common.text_size import COOKIE_NAME as TEXT_SIZE_COOKIE
from carenet.common.text_size import text_size

logger = logging.getLogger(__name__)

GENERATION_KEY = "carenet:directory-generation"
PAGE_KEY_PREFIX = "carenet:page:"
HEADER = "X-Page-Cache"
HIT, MISS, BYPASS = "hit", "miss", "bypass"
# Request headers that make a conditional GET; without them a hit is the stored page as it is.
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
FORM_TOKEN = b'name="csrfmiddlewaretoken"'
LOCAL_PAGES = 200  # a process's own copies: about 30 KB each


# --- The directory generation ---


def _fresh_generation():
    """A generation no process has used: after Redis lost the key, an old number must never
    come back and revive the pages stored under it."""
    return secrets.randbits(62)


def start_generation():
    """The current generation, starting one if the cache holds none; None while the cache is down
    (the failsafe cache accepts the write and forgets it: reading it back tells)."""
    cache.add(GENERATION_KEY, _fresh_generation(), None)
    return cache.get(GENERATION_KEY)


def bump_generation():
    """Every stored page is out of date from now on. Never raises: a save must not fail for it."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet, or the cache is down
            cache.set(GENERATION_KEY, _fresh_generation(), None)
    except Exception:
        logger.exception("Could not move the page cache's generation on")


class BumpAfterCommit:
    """The bump a transaction's commit runs: one per transaction, however many rows changed."""

    done = False

    def __call__(self):
        self.done = True
        bump_generation()


def _bump_waiting(connection):
    return connection.in_atomic_block and any(
        isinstance(func, BumpAfterCommit) and not func.done
        for _ids, func, _robust in connection.run_on_commit
    )


def bump_generation_after_commit(using=None):
    """For a row the public pages show, saved or deleted: bump once its transaction commits.

    After the commit, never before: a request that read the generation before then may have
    rendered the rows as they were, and what it stored must be out of date once they change. Once
    per transaction (an import is one round trip to Redis, not thousands); outside a transaction
    Django runs it at once.
    """
    if not _bump_waiting(transaction.get_connection(using)):
        bump = BumpAfterCommit()
        _this_thread.last_bump = bump
        transaction.on_commit(bump, using=using, robust=True)


_this_thread = threading.local()


def writes_pending():
    """True while this thread's open transaction changed rows the pages show: what it reads is
    not what others read, so it neither serves nor stores pages until then (tests run so)."""
    last_bump = getattr(_this_thread, "last_bump", None)
    if last_bump is None or last_bump.done:  # the usual case, without asking the database layer
        return False
    if _bump_waiting(transaction.get_connection()):
        return True
    _this_thread.last_bump = None  # rolled back: nothing waits
    return False


# --- Reading and storing pages ---


def may_use_cache(request):
    """Only anonymous readers' GET and HEAD, with no cookie but the text size and the CSRF one,
    and no QR-code source to count."""
    if request.method not in ("GET", "HEAD") or "src" in request.GET:
        return False
    allowed = (TEXT_SIZE_COOKIE, settings.CSRF_COOKIE_NAME)
    return all(name in allowed for name in request.COOKIES)


def page_key(request):
    """What a page depends on besides the data; HEAD shares GET's key."""
    meta = request.META
    parts = (
        dates.local_today().isoformat(),
        text_size(request),
        translation.get_language(),
        request.scheme,
        meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""),
        request.path,
        meta.get("QUERY_STRING", ""),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return PAGE_KEY_PREFIX + digest


def storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if writes_pending():
        return False
    match = request.resolver_match
    if match is None or match.view_name not in settings.PUBLIC_PAGE_CACHE_VIEWS:
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):  # a nonce is for one response
        return False
    # Cookie is in the key (the text size) or keeps the page out (a session); anything else not.
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value}
    if vary - {"cookie"}:
        return False
    return FORM_TOKEN not in response.content


def _conditional(request, response, state, last_modified):
    """The response, or a bodiless 304 (412) when the request's conditions say so; marked."""
    if any(header in request.META for header in CONDITIONAL_HEADERS):
        response = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
    response[HEADER] = state
    return response


def _store(request, response, key, generation):
    stored_at = int(time.time())
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    set_response_etag(response)
    response["Last-Modified"] = http_date(stored_at)
    headers = [(name, value) for name, value in response.items() if name != HEADER]
    entry = (generation, response.status_code, headers, response.content, stored_at)
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    local_copies.keep(key, entry)
    return _conditional(request, response, MISS, stored_at)


def _served(request, entry):
    _generation, status, headers, body, stored_at = entry
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=status)
    for name, value in headers:
        response.headers[name] = value
    return _conditional(request, response, HIT, stored_at)


class LocalCopies:
    """The pages this process served last, by key: a bounded LRU. A copy says nothing about
    being current; the shared generation does, read on every request."""

    def __init__(self, size=LOCAL_PAGES):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()  # gthread workers share a process

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def keep(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def forget(self, key=None):
        with self.lock:
            if key is None:
                self.pages.clear()
            else:
                self.pages.pop(key, None)


local_copies = LocalCopies()


def _current(entry, generation):
    """Stored under the current generation and younger than PAGE_CACHE_SECONDS (which bounds
    a local copy's life as Redis's expiry bounds the shared one's)."""
    return (
        entry is not None
        and entry[0] == generation
        and time.time() - entry[-1] < settings.PAGE_CACHE_SECONDS
    )


class PublicPageCacheMiddleware:
    """Serves stored public pages before the rest of the stack runs; stores what may be stored.

    Belongs right after WhiteNoiseMiddleware: it answers before sessions, authentication and CSRF,
    which is what makes a hit cheap, and it sees the response with every header they added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not may_use_cache(request) or writes_pending():
            return self._bypass(request)
        key = page_key(request)
        copy = local_copies.get(key)
        found = cache.get_many([GENERATION_KEY] if copy else [GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = start_generation()
            if generation is None:  # the cache is down: nothing can be known to be current
                return self._bypass(request)
        if _current(copy, generation):
            return _served(request, copy)
        entry = found.get(key) if copy is None else cache.get(key)
        if _current(entry, generation):
            local_copies.keep(key, entry)
            return _served(request, entry)
        local_copies.forget(key)
        response = self.get_response(request)
        # A page rendered across midnight may show the new day: never keep it under the old one.
        if storable(request, response) and page_key(request) == key:
            return _store(request, response, key, generation)
        response[HEADER] = BYPASS
        return response

    def _bypass(self, request):
        response = self.get_response(request)
        response[HEADER] = BYPASS
        return response
