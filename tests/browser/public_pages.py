"""One page of every public page type, with the HTTP status it must answer with.

The browser tests run the same checks on each of them, so that a new template cannot
slip past the accessibility and layout rules.
"""

import pytest

PUBLIC_PAGES = [
    ("home", "/", 200),
    ("city-mitaka", "/mitaka/", 200),
    ("city-tama", "/tama/", 200),
    ("prefectures", "/prefectures/", 200),
    ("prefecture-tokyo", "/prefectures/tokyo/", 200),
    ("area-mitaka", "/mitaka/areas/inokashira/", 200),
    ("area-tama", "/tama/areas/atago-kotta-kaitori/", 200),
    ("salon-list", "/salons/", 200),
    ("salon-list-filtered", "/salons/?city=tama&kind=kintore", 200),
    ("place-map", "/map/", 200),
    ("place-map-filtered", "/map/?city=mitaka", 200),
    ("salon-active", "/salons/fureai-salon-inokashira/", 200),
    ("salon-suspended", "/salons/salon-osawa/", 200),
    ("salon-months-unknown", "/salons/ekimae-kaze-no-salon/", 200),
    ("coordinators", "/coordinators/", 200),
    ("event-list", "/events/", 200),
    ("event-list-filtered", "/events/?city=mitaka&kind=course&month=2026-12", 200),
    ("salon-report-form", "/salons/fureai-salon-inokashira/report/", 200),
    ("calendar", "/calendar/", 200),
    ("calendar-day", "/calendar/2026/11/24/", 200),
    ("kintore", "/tama/kintore/", 200),
    ("kintore-start", "/tama/kintore/start/", 200),
    ("issues-list", "/issues/", 200),
    ("issues-detail", "/issues/sakuragaoka-mobility/", 200),
    ("networks-detail", "/networks/marutto/", 200),
    ("not-found", "/salons/no-such-place/", 404),
    ("kintore-not-found", "/mitaka/kintore/", 404),
]

# Use as: @public_pages, with arguments (path, status).
public_pages = pytest.mark.parametrize(
    ("path", "status"),
    [pytest.param(path, status, id=name) for name, path, status in PUBLIC_PAGES],
)


def open_page(page, live_server, path, status):
    """Load `path` and fail at once if the server answered with another status than expected."""
    response = page.goto(live_server.url + path)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    return response
