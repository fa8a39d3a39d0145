"""Walks every URL in the URLconf: public pages open to anyone, all others need a staff login,
and every staff page opens for the staff role that keeps it.

Parameters come from real rows (`Samples`): a staff page that answers 404 to its own staff is a
broken page, not a protected one, so a 404 never passes as "protected".
"""

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from consultations.access import ConsultationAccessMixin
from coordinators.roles import ROLES
from salons.models import Salon
from tests.conftest import make_account, make_consultation, make_staff, sign_in

pytestmark = pytest.mark.django_db

# The calendar's months go a year back and two years ahead: an example of this month stays a page.
TODAY = dt.date.today()
# The seed holds no events: `public_event` makes the one these examples name.
PUBLIC_EVENT = "url-walk-event"

# Pages anyone may open, with an example each. Every other page must send a visitor to log in.
PUBLIC = {
    "carenet:home": "/",
    "carenet:municipality-detail": "/mitaka/",
    "carenet:prefecture-list": "/prefectures/",
    "carenet:prefecture-detail": "/prefectures/tokyo/",
    "carenet:municipality-places-csv": "/mitaka/places.csv",
    "carenet:area-detail": "/mitaka/areas/inokashira/",
    "salons:salon-list": "/salons/",
    "maps:place-map": "/map/",
    "maps:places-geojson": "/salons.geojson",
    "salons:salon-detail": "/salons/fureai-salon-inokashira/",
    "salons:salon-flyer": "/salons/fureai-salon-inokashira/flyer/",
    "salons:salon-qr-png": "/salons/fureai-salon-inokashira/qr.png",
    "salons:salon-qr-svg": "/salons/fureai-salon-inokashira/qr.svg",
    "salons:salon-report": "/salons/fureai-salon-inokashira/report/",
    "salons:salon-report-thanks": "/salons/fureai-salon-inokashira/report/thanks/",
    "carenet:area-flyer": "/mitaka/areas/inokashira/flyer/",
    "carenet:area-list": "/mitaka/areas/inokashira/list/",
    "carenet:area-qr-svg": "/mitaka/areas/inokashira/qr.svg",
    "coordinators:coordinator-list": "/coordinators/",
    "consultations:request-form": "/consult/",
    "consultations:request-thanks": "/consult/thanks/",
    "staff:login": "/staff/login/",
    "carenet:calendar": "/calendar/",
    "carenet:calendar-month": f"/calendar/{TODAY.year}/{TODAY.month}/?city=mitaka&kind=events",
    "carenet:calendar-day": f"/calendar/{TODAY.year}/{TODAY.month}/{TODAY.day}/",
    "events:event-list": "/events/",
    "events:event-detail": f"/events/{PUBLIC_EVENT}/",
    "events:apply": f"/events/{PUBLIC_EVENT}/apply/",
    "events:applied": f"/events/{PUBLIC_EVENT}/apply/done/",
    "events:cancel": f"/events/{PUBLIC_EVENT}/cancel/",
    "events:event-flyer": f"/events/{PUBLIC_EVENT}/flyer/",
    "events:event-qr-svg": f"/events/{PUBLIC_EVENT}/qr.svg",
    "events:event-calendar": f"/events/{PUBLIC_EVENT}/calendar.ics",
    "salons:salon-calendar": "/salons/fureai-salon-inokashira/calendar.ics",
    "carenet:area-calendar": "/mitaka/areas/inokashira/calendar.ics",
    "carenet:municipality-calendar": "/mitaka/calendar.ics",
    "carenet:municipality-events-csv": "/mitaka/events.csv",
    "community:kintore": "/tama/kintore/",
    "community:kintore-start": "/tama/kintore/start/",
    "community:kintore-thanks": "/tama/kintore/start/thanks/",
    "community:issue-list": "/issues/",
    "community:issue-detail": "/issues/sakuragaoka-mobility/",
    "community:network-detail": "/networks/marutto/",
}
# Sign-in and sign-out themselves; logging out is POST only, so a GET answers 405.
SIGN_IN_OUT = {"admin:login", "admin:logout", "staff:logout"}
LOGIN_PAGES = ("/admin/login/", "/staff/login/")

# The admin's last route answers every unknown /admin/ address: behind the login for a visitor,
# and a 404 for staff, as it should be. The only staff route whose 404 is right.
CATCH_ALL = "admin/(?P<url>.*)$"

# What the keeper of a route gets when it is not 200, each with its reason. A new route that
# answers anything else fails: open it for its keeper, or add it here with the reason.
NOT_200 = {
    # Object addresses without /change/ forward to the change form (Django's admin).
    r"^admin/\w+/\w+/<path:object_id>/$": 302,
    # "View on site" forwards to the public page of the place.
    r"^admin/r/": 302,
    # Their second factor is set up already: setting up one more sends them to the code form.
    r"^staff/otp/setup/$": 302,
    # Nothing is deleted from consultations (closed, never removed), nor topics (retired) nor
    # purpose notices (residents agreed to them); nor from the access trails (append-only).
    r"^admin/consultations/\w+/<path:object_id>/delete/$": 403,
    r"^admin/coordinators/accountevent/<path:object_id>/delete/$": 403,
    r"^admin/axes/access(failure)?log/<path:object_id>/delete/$": 403,
    # Written by the code, never by hand: the access log, account events, the sign-in logs.
    r"^admin/consultations/accesslog/add/$": 403,
    r"^admin/coordinators/accountevent/add/$": 403,
    r"^admin/axes/\w+/add/$": 403,
    # Roles are written by `sync_roles`, never in the admin.
    r"^admin/auth/group/add/$": 403,
    r"^admin/auth/group/<path:object_id>/delete/$": 403,
    # Accounts are switched off (is_active), never deleted: the access log points at them.
    r"^admin/auth/user/<path:object_id>/delete/$": 403,
    # Residents write corrections; staff close them, never add or delete them.
    r"^admin/salons/placereport/add/$": 403,
    r"^admin/salons/placereport/<path:object_id>/delete/$": 403,
    # 「確認した」, a cancellation, an extra date, a schedule, closing a correction: POST only.
    r"^staff/places/<slug:slug>/(confirm|cancel|extra|schedule)/$": 405,
    r"^staff/places/<slug:slug>/dates/<int:pk>/remove/$": 405,
    r"^staff/reports/<int:pk>/resolve/$": 405,
    # The roster's writes: a phone application, attendance, a cancellation: POST only.
    r"^staff/events/<slug:slug>/roster/add/$": 405,
    r"^staff/events/<slug:slug>/roster/<int:pk>/(attended|cancel)/$": 405,
    # Sign-ups are added on the roster page (seats counted there) and never deleted.
    r"^admin/events/application/add/$": 403,
    r"^admin/events/application/<path:object_id>/delete/$": 403,
    # A start-up group is ended, never deleted; an issue is set aside (見送り), never deleted.
    r"^admin/community/(startupgroup|issue)/<path:object_id>/delete/$": 403,
    # A group's stage, sessions, promises, supports and サロン登録: POST only.
    r"^staff/kintore/<int:pk>/<group_action:action>/$": 405,
    # A resident's request: linking records, closing it, erasing: POST only.
    r"^staff/privacy/<int:pk>/(link|close|erase)/$": 405,
}

# Public addresses that answer with a redirect: the 「文字を大きく」 switch goes back to the page.
PUBLIC_REDIRECTS = {
    "carenet:text-size": ("/display/text-size/?size=large&next=/salons/", 302, "/salons/"),
    # Printed before areas were named within their city: for good, to the pages above.
    **{
        f"carenet:{page}-printed": (f"/areas/inokashira/{rest}", 301, PUBLIC[f"carenet:{page}"])
        for page, rest in [
            ("area-detail", ""),
            ("area-flyer", "flyer/"),
            ("area-list", "list/"),
            ("area-qr-svg", "qr.svg"),
            ("area-calendar", "calendar.ics"),
        ]
    },
}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern)


ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r[1])
STAFF_ROUTES = [r for r in ROUTES if r[0] not in {*PUBLIC, *PUBLIC_REDIRECTS} | SIGN_IN_OUT]

ADMIN_MODEL = re.compile(r"^admin/(\w+)/(\w+)/")
PATH_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")
# django-simple-history's "one version" page: the object, then one of its versions.
UNNAMED = {"_simple_history": ("object_id", "history_id")}


def model_admin_of(route):
    match = ADMIN_MODEL.match(route)
    for model, model_admin in admin.site._registry.items():
        if match and (model._meta.app_label, model._meta.model_name) == match.groups():
            return model_admin
    return None


def actions_of(role, model):
    return ROLES[role].permissions.get(f"{model._meta.app_label}.{model._meta.model_name}") or ()


def keeper_of(model_admin):
    """The demo role that keeps a model in the admin: the one with the most rights on it."""
    if isinstance(model_admin, ConsultationAccessMixin):
        return "city_supervisor"  # by the consultation access rule, not by model permissions
    model = model_admin.model
    # Ties go to the directory administrators, who keep every city's rows (the seed has cities
    # without a row of some models).
    role = max(ROLES, key=lambda role: (len(actions_of(role, model)), role == "directory_admin"))
    assert actions_of(role, model), f"no role keeps {model._meta.label}: give one in ROLES"
    return role


def keepers(name, route, app_label):
    """The demo roles that walk a route signed in."""
    if route.startswith(("staff/privacy/", "staff/access-report")):
        return ("city_supervisor",)  # residents' requests and the access report: supervisors
    if route.startswith("staff/"):
        return ("city_supervisor", "area_coordinator")  # the two roles with a staff profile
    if name == "admin:app_list":
        # An app's index, kept by whoever keeps its first model.
        first = next(a for m, a in admin.site._registry.items() if m._meta.app_label == app_label)
        return (keeper_of(first),)
    if name in {"admin:view_on_site", "admin:autocomplete"}:
        return (keeper_of(admin.site._registry[Salon]),)  # their samples are a place (below)
    model_admin = model_admin_of(route)
    if model_admin is None:
        return tuple(ROLES)  # the admin's own pages: every role
    return (keeper_of(model_admin),)


# Query strings that some routes need to be a real request.
QUERIES = {
    # The admin's search-as-you-type for a place's venue.
    "admin:autocomplete": {"app_label": "salons", "model_name": "salon", "field_name": "venue"},
    # The access report's CSV needs a person or a period (without one it is bad input, 400).
    "privacy:access-report-csv": {"person": "1"},
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Four accounts per test: the real hasher would spend seconds on passwords nobody types.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db):
    """One account per demo role (setup_demo's), as the tests build them."""
    return {
        "city_supervisor": make_staff("url-sv-mitaka", "mitaka", "city"),
        "area_coordinator": make_staff("url-co-inokashira", "mitaka", "areas", ["inokashira"]),
        "directory_admin": make_account("url-directory", "directory_admin"),
        "access_admin": make_account("url-access", "access_admin"),
    }


class Samples:
    """Real values for route parameters: rows the keeping role may open."""

    def __init__(self, people):
        from axes.models import AccessAttempt, AccessFailureLog
        from axes.models import AccessLog as SignInLog

        from carenet.events.models import Application
        from consultations.models import AccessLog, ContactLog, Referral
        from coordinators.models import AccountEvent
        from salons.models import Organiser, PlaceReport, ScheduleException

        self.people = people
        supervisor = people["city_supervisor"]
        # Rows the seed does not hold: a consultation and what hangs off it, and the trails.
        case = make_consultation("inokashira", name="ウォーク テスト")
        ContactLog.objects.create(consultation=case, method="phone", what_happened="電話した")
        Referral.objects.create(consultation=case, service="地域包括支援センター")
        AccessLog.record(supervisor, [case], AccessLog.Via.ADMIN)
        AccountEvent.objects.create(
            actor=people["access_admin"], target=supervisor, action=AccountEvent.Action.CREATED
        )
        sign_in_row = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
        sign_in_row |= {"http_accept": "*/*", "path_info": "/staff/login/"}
        AccessAttempt.objects.create(
            **sign_in_row, get_data="", post_data="", failures_since_start=1
        )
        SignInLog.objects.create(**sign_in_row)
        AccessFailureLog.objects.create(**sign_in_row)
        self.salon = Salon.objects.get(slug="fureai-salon-inokashira")
        self.organiser = Organiser.objects.create_with_account(
            "url-sewanin", "pw-Test-12345", self.salon.municipality, "テスト世話人"
        )
        self.salon.organisers.add(self.organiser)
        self.report = PlaceReport.objects.create(salon=self.salon, what="日程が違います")
        self.cancellation = ScheduleException.objects.create(
            salon=self.salon, date="2027-01-05", kind=ScheduleException.Kind.CANCEL
        )
        # An event of 井の頭 that takes sign-ups, with one: its roster for the walk.
        from tests.events.factories import make_event

        self.event = make_event("inokashira", "url-walk-roster", days_ahead=(400,))
        self.application = Application.take(self.event, name="名簿 テスト", phone="0422000000")
        # A start-up group of 井の頭 (filed by phone), a meeting and an issue's evidence.
        from carenet.community.models import Evidence, Issue, Meeting
        from consultations.models import Topic
        from tests.community.factories import make_group

        self.startup = make_group("inokashira", channel="phone")
        # A resident's request to the city's supervisors (開示・訂正・利用停止).
        from carenet.privacy.models import RightsRequest

        self.rights_request = RightsRequest.objects.create(
            municipality=supervisor.staff_profile.municipality,
            kind=RightsRequest.Kind.DISCLOSURE,
            requester_name="ウォーク テスト",
            handled_by=supervisor,
        )
        Meeting.objects.create(
            network=self.salon.network or Issue.objects.first().routed_to,
            date="2026-10-01",
            agenda="議題",
        )
        Evidence.objects.create(
            issue=Issue.objects.first(),
            topic=Topic.objects.first(),
            start="2026-04-01",
            end="2026-09-30",
        )

    def row(self, model_admin, role):
        # The first row the role's own admin list shows: a row it may open, never a hidden one.
        request = RequestFactory().get("/admin/")
        request.user = self.people[role]
        row = model_admin.get_queryset(request).order_by("pk").first()
        assert row is not None, f"{role} sees no {model_admin.model._meta.label}: add a sample row"
        return row

    def values(self, name, route, role, app_label=None):
        model_admin = model_admin_of(route)
        if name == "admin:app_list":
            return {"app_label": app_label}
        if name == "admin:view_on_site":
            content_type = ContentType.objects.get_for_model(self.salon)
            return {"content_type_id": content_type.pk, "object_id": self.salon.pk}
        if route == CATCH_ALL:
            return {"url": "no-such-page/"}
        if name == "admin:auth_user_password_change":
            return {"id": self.people["city_supervisor"].pk}
        if name == "staff:place-remove-date":
            return {"slug": self.salon.slug, "pk": self.cancellation.pk}
        if name == "staff:report-resolve":
            return {"pk": self.report.pk}
        if (name or "").startswith("staff:event-roster"):
            return {"slug": self.event.slug, "pk": self.application.pk}
        if (name or "").startswith("privacy:request") and "<int:pk>" in route:
            return {"pk": self.rights_request.pk}
        if (name or "").startswith("community_staff:group"):
            return {"pk": self.startup.pk, "action": "step"}
        if (name or "").startswith("staff:") and "<slug:slug>" in route:
            return {"slug": self.salon.slug}
        if model_admin is None:
            return {}
        row = self.row(model_admin, role)
        values = {"object_id": row.pk}
        if name and name.endswith("_simple_history"):
            if not row.history.exists():
                row.save()  # seeded rows have no version yet (loaddata writes none)
            values["history_id"] = row.history.order_by("history_id").first().history_id
        return values


class NoSample(AssertionError):
    pass


def concrete(name, route, values):
    """Turn a route into a URL, each parameter a sample value; an unknown parameter fails."""

    def value(parameter):
        if parameter not in values:
            raise NoSample(
                f"{name} {route}: no sample for the parameter {parameter!r}. "
                "Add a real row for it in Samples.values, so that the walk opens the page."
            )
        return str(values[parameter])

    unnamed = next((names for end, names in UNNAMED.items() if (name or "").endswith(end)), ())
    groups = iter(unnamed)
    url = NAMED_GROUP.sub(lambda m: value(m.group(1)), route)
    url = PATH_PARAMETER.sub(lambda m: value(m.group(1)), url)
    url = UNNAMED_GROUP.sub(lambda m: value(next(groups, f"unnamed group {m.group(0)}")), url)
    url = "/" + url.replace("^", "").replace("$", "").replace("\\", "")
    if re.search(r"[<>()?*|\[\]]", url):
        raise NoSample(f"{name} {route}: could not fill in {url}")
    return url


def staff_cases():
    """(name, route, app_label, keepers) for every staff route; an app's index once per app."""
    cases = []
    for name, route in STAFF_ROUTES:
        labels = sorted({m._meta.app_label for m in admin.site._registry})
        for app_label in labels if name == "admin:app_list" else [None]:
            cases.append((name, route, app_label, keepers(name, route, app_label)))
    return cases


STAFF_CASES = staff_cases()


def expected_status(route):
    if route == CATCH_ALL:
        return 404
    statuses = {status for pattern, status in NOT_200.items() if re.search(pattern, route)}
    assert len(statuses) <= 1, f"{route} matches NOT_200 entries that disagree: {statuses}"
    return statuses.pop() if statuses else 200


def test_every_route_of_ours_has_a_name():
    assert [route for name, route in ROUTES if not name and not route.startswith("admin/")] == []


def test_every_route_of_ours_is_public_by_name_or_a_staff_page():
    ours = {
        name
        for name, route in ROUTES
        if name and not route.startswith("admin/") and not route.startswith("staff/")
    }
    unlisted = ours - set(PUBLIC) - set(PUBLIC_REDIRECTS) - SIGN_IN_OUT
    assert unlisted == set(), "a new page: add it to PUBLIC, or put it under /staff/ behind a login"


def test_every_not_200_entry_still_matches_a_route():
    # A stale entry would quietly excuse the next route that happens to match it.
    unused = [p for p in NOT_200 if not any(re.search(p, route) for _, route in STAFF_ROUTES)]
    assert unused == []


def test_every_staff_page_sends_a_visitor_to_log_in(client, people):
    samples, wrong = Samples(people), []
    for name, route, app_label, roles in STAFF_CASES:
        try:
            url = concrete(name, route, samples.values(name, route, roles[0], app_label))
        except NoSample as missing:
            wrong.append(str(missing))
            continue
        response = client.get(url, QUERIES.get(name))
        if response.status_code != 302 or not response["Location"].startswith(LOGIN_PAGES):
            wrong.append(f"{name} {url} answered {response.status_code} {response.get('Location')}")
    assert wrong == []


@pytest.mark.parametrize("role", list(ROLES))
def test_every_staff_page_opens_for_the_role_that_keeps_it(client, people, role):
    samples, wrong = Samples(people), []
    sign_in(client, people[role])
    walked = [case for case in STAFF_CASES if role in case[3]]
    assert walked, f"{role} keeps no page: a demo role with nothing to open"
    for name, route, app_label, _roles in walked:
        try:
            url = concrete(name, route, samples.values(name, route, role, app_label))
        except NoSample as missing:
            wrong.append(str(missing))
            continue
        response = client.get(url, QUERIES.get(name))
        expected = expected_status(route)
        if response.status_code != expected:
            wrong.append(f"{name} {url} answered {response.status_code}, expected {expected}")
        elif expected == 302 and response["Location"] in {"/admin/", *LOGIN_PAGES}:
            # The admin's answer to a missing or hidden row is a redirect to its index.
            wrong.append(f"{name} {url} sent {role} to {response['Location']}")
    assert wrong == []


@pytest.fixture
def public_event(db):
    from carenet.directory.models import Municipality
    from carenet.events.models import Event, Session

    event = Event.objects.create(
        municipality=Municipality.objects.get(slug="mitaka"),
        title="URLを歩くための講座",
        slug=PUBLIC_EVENT,
        kind=Event.Kind.COURSE,
    )
    Session.objects.create(event=event, date=TODAY + dt.timedelta(days=7))
    return event


@pytest.mark.parametrize(("name", "url"), PUBLIC.items())
def test_public_pages_open_without_a_login(client, public_event, name, url):
    assert client.get(url).status_code == 200, f"{name} {url}"


@pytest.mark.parametrize(("name", "address"), PUBLIC_REDIRECTS.items())
def test_public_redirects_go_back_to_a_public_page_without_a_login(client, name, address):
    url, status, target = address
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (status, target), name
