"""「文字を大きく」 at 360px: found by keyboard, text at least 24px, nothing sideways, axe clean.

With script on and off: the switch is a plain link, and the server keeps the choice in a cookie.
"""

import pytest

from carenet.common.text_size import COOKIE_NAME, LARGE, LARGE_CLASS
from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page, public_pages
from tests.events.factories import make_event

pytestmark = pytest.mark.usefixtures("fixed_today")

PHONE = {"width": 360, "height": 740}
MIN_LARGE_PX = 24
SWITCH = "a.text-size-switch"
ENLARGE = "文字を大きく"
RESTORE = "文字を元の大きさに"

# Every visible element that shows text of its own (a non-blank text node as a direct child),
# and every form control: its computed font-size. Ruby readings (<rt>) are meant to be small;
# visually hidden text (1px boxes, the skip link off screen) is not seen by anyone.
FONT_SIZES = """() => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0
      && el.checkVisibility({visibilityProperty: true});
  };
  const ownText = (el) => [...el.childNodes].some(
    (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('rt, rp, script, style, template')) continue;
    const control = el.matches('input:not([type=hidden]), select, textarea, button');
    if (!(control || ownText(el)) || !shown(el)) continue;
    found.push({
      what: el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
        + ' ' + (el.innerText || el.value || el.name || '').trim().slice(0, 20),
      tag: el.tagName.toLowerCase(),
      px: parseFloat(getComputedStyle(el).fontSize),
    });
  }
  return found;
}"""

FONT_SIZE = "el => parseFloat(getComputedStyle(el).fontSize)"

WIDTHS = """() => ({scroll: document.documentElement.scrollWidth,
                  client: document.documentElement.clientWidth})"""

TOO_WIDE = """(limit) => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 0.5)
    .filter(el => !el.closest('.table-scroll'))
    .slice(0, 10)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""


def large_cookie(live_server):
    return {"name": COOKIE_NAME, "value": LARGE, "url": live_server.url}


@pytest.fixture
def phone_context(browser, live_server, seeded):
    context = browser.new_context(locale="ja-JP", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def large_phone(phone_context, live_server):
    """A phone whose visitor chose large text earlier (the cookie the switch sets)."""
    phone_context.add_cookies([large_cookie(live_server)])
    return phone_context.new_page()


def html_classes(page):
    return (page.locator("html").get_attribute("class") or "").split()


def text_size_cookie(context):
    return next((c for c in context.cookies() if c["name"] == COOKIE_NAME), None)


def tab_to_switch(page, max_tabs=10):
    """Tab from the top of the page until the text-size switch has focus; the number of Tabs."""
    page.locator("body").focus()
    for presses in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        if page.locator(f"{SWITCH}:focus").count():
            return presses
    pytest.fail(f"{max_tabs} Tabs never reached the text-size switch")


def assert_no_sideways_scroll(page, where):
    widths = page.evaluate(WIDTHS)
    assert widths["client"] == PHONE["width"], widths
    if widths["scroll"] > widths["client"]:
        wide = page.evaluate(TOO_WIDE, widths["client"])
        pytest.fail(f"{where} scrolls sideways at 360px (large text): {widths}; too wide: {wide}")


def assert_text_at_least_24px(page, where):
    sizes = page.evaluate(FONT_SIZES)
    assert len(sizes) >= 10, f"{where}: measured only {sizes}"
    for tag in ("p", "a", "li"):
        assert any(s["tag"] == tag for s in sizes), f"{where}: no visible <{tag}> measured"
    small = [f"{s['what']!r}: {s['px']}px" for s in sizes if s["px"] < MIN_LARGE_PX]
    assert not small, f"{where}: text under {MIN_LARGE_PX}px with large text on: {small}"
    return min(s["px"] for s in sizes)


def assert_switch_named_and_focusable(page):
    switch = page.get_by_role("link", name=RESTORE)
    assert switch.count() == 1
    box = switch.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]


# --- Every public page, large text at 360px ---


@public_pages
def test_large_text_page_at_360px(large_phone, live_server, axe, path, status):
    open_page(large_phone, live_server, path, status)
    assert LARGE_CLASS in html_classes(large_phone)
    assert_switch_named_and_focusable(large_phone)
    smallest = assert_text_at_least_24px(large_phone, path)
    print(f"{path}: smallest text {smallest}px")
    assert_no_sideways_scroll(large_phone, path)
    check_axe(large_phone, axe, f"{path} (large text, 360px)")


def test_form_controls_are_24px_on_the_consultation_form(large_phone, live_server):
    open_page(large_phone, live_server, "/consult/", 200)
    controls = large_phone.locator(
        "main input:not([type=hidden]), main select, main textarea, main button"
    )
    sizes = [c.evaluate(FONT_SIZE) for c in controls.all() if c.is_visible()]
    assert len(sizes) >= 4, sizes
    assert min(sizes) >= MIN_LARGE_PX, sizes
    assert_no_sideways_scroll(large_phone, "/consult/")


@pytest.fixture
def coming_event(seeded):
    # A course with sign-up on the page, a long title and a long unbroken address to wrap.
    return make_event(
        slug="large-text-course",
        title="はじめてのスマートフォン教室（ビデオ通話・写真の送り方・防災アプリ）",
        how_to_apply="https://www.city.mitaka.lg.jp/c_service/0123456789/kouza_moushikomi.html "
        "または 0422-45-1151（内線 2612）へ",
    )


@pytest.mark.parametrize(
    "path", ["/consult/", "/coordinators/", "/events/", "/events/large-text-course/"]
)
def test_more_pages_with_large_text_at_360px(large_phone, live_server, axe, coming_event, path):
    # Beyond PUBLIC_PAGES: the consultation form, and an event page with its sign-up form.
    open_page(large_phone, live_server, path, 200)
    assert_text_at_least_24px(large_phone, path)
    assert_no_sideways_scroll(large_phone, path)
    check_axe(large_phone, axe, f"{path} (large text, 360px)")


# --- The switch itself: keyboard, cookie, persistence, and back ---


def switch_by_keyboard_and_back(page, context, live_server, *, script):
    open_page(page, live_server, "/salons/", 200)
    assert LARGE_CLASS not in html_classes(page)
    assert page.get_by_role("link", name=ENLARGE).count() == 1

    presses = tab_to_switch(page)
    # Skip link, site title, then the switch: before the menu, reached early.
    assert presses <= 3, presses
    if script:
        outline = page.locator(SWITCH).evaluate(
            "el => [getComputedStyle(el).outlineStyle,"
            " parseFloat(getComputedStyle(el).outlineWidth)]"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/salons/"
    assert LARGE_CLASS in html_classes(page)
    assert page.get_by_role("link", name=RESTORE).count() == 1
    assert page.get_by_role("link", name=ENLARGE).count() == 0

    cookie = text_size_cookie(context)
    assert cookie is not None and cookie["value"] == LARGE, cookie
    assert cookie["path"] == "/" and cookie["sameSite"] == "Lax" and cookie["httpOnly"], cookie
    assert cookie["expires"] > 0, "the choice must outlive the browser session"

    if script:
        body = page.locator("main p").first.evaluate(FONT_SIZE)
        assert body >= MIN_LARGE_PX, body
        assert_no_sideways_scroll(page, "/salons/ after the switch")

    # The next page remembers it.
    with page.expect_navigation():
        page.get_by_role("navigation").get_by_role("link", name="相談できる人").click()
    assert page.url == live_server.url + "/coordinators/"
    assert LARGE_CLASS in html_classes(page)

    # 「文字を元の大きさに」 goes back, on the page the visitor is on.
    tab_to_switch(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/coordinators/"
    assert LARGE_CLASS not in html_classes(page)
    assert page.get_by_role("link", name=ENLARGE).count() == 1
    assert text_size_cookie(context) is None
    if script:
        body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body == 18, body


def test_switch_by_keyboard_remembers_and_goes_back(phone_context, live_server):
    page = phone_context.new_page()
    switch_by_keyboard_and_back(page, phone_context, live_server, script=True)


def test_switch_works_with_javascript_off(browser, live_server, seeded):
    context = browser.new_context(locale="ja-JP", viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        switch_by_keyboard_and_back(page, context, live_server, script=False)
    finally:
        context.close()
