"""Layout rules for residents on small phones, keyboard users and people who print the page."""

import pytest

from tests.browser.public_pages import open_page, public_pages

pytestmark = pytest.mark.usefixtures("fixed_today")

PHONE = {"width": 360, "height": 780}
MIN_TARGET_PX = 44
TARGETS = ".site-nav a, button, select, input[type=search]"

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    classes: el.className,
    text: (el.innerText || "").trim().slice(0, 40),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
  };
}"""


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@public_pages
def test_page_does_not_scroll_sideways_at_360px(phone, live_server, path, status):
    open_page(phone, live_server, path, status)
    widths = phone.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["client"] == PHONE["width"], widths
    if widths["scroll"] > widths["client"]:
        wide = phone.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > limit + 0.5)
                .slice(0, 10)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
            widths["client"],
        )
        pytest.fail(f"{path} scrolls sideways at 360px: {widths}; too wide: {wide}")


@public_pages
def test_nav_links_buttons_and_form_controls_are_at_least_44px_tall(
    phone, live_server, path, status
):
    open_page(phone, live_server, path, status)
    controls = phone.locator(TARGETS)
    checked, too_small = 0, []
    for i in range(controls.count()):
        control = controls.nth(i)
        box = control.bounding_box()
        # Not rendered (display: none) or folded away (a closed <details>): nobody can tap it.
        if box is None or not control.is_visible():
            continue
        checked += 1
        if box["height"] < MIN_TARGET_PX:
            label = control.evaluate(
                "el => el.tagName.toLowerCase() + ' ' + "
                "(el.innerText || el.getAttribute('name') || '').trim().slice(0, 30)"
            )
            too_small.append(f"{label!r}: {box['height']:.1f}px")
    assert checked >= 5, f"{path}: expected at least the 5 site-nav links, found {checked} targets"
    assert not too_small, f"{path}: tap targets under {MIN_TARGET_PX}px tall: {too_small}"


@public_pages
def test_first_tab_focuses_the_visible_skip_link(page, live_server, path, status):
    open_page(page, live_server, path, status)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert "skip-link" in focused["classes"], f"{path}: first Tab focused {focused}"
    box = page.locator(".skip-link").bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, (
        f"{path}: focused skip link is off screen: {box}"
    )
    assert box["x"] + box["width"] <= viewport["width"], f"{path}: skip link off screen: {box}"


def test_skip_link_moves_focus_to_main_content(page, live_server):
    open_page(page, live_server, "/salons/fureai-salon-inokashira/", 200)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    assert page.evaluate("document.activeElement.id") == "main"


@public_pages
def test_keyboard_focused_links_have_a_visible_outline(page, live_server, path, status):
    open_page(page, live_server, path, status)
    seen = []
    # Skip link, site title, then the site-nav links.
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        assert focused["tag"] == "a", f"{path}: expected a link to be focused, got {focused}"
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0, (
            f"{path}: focused link has no visible outline: {focused}"
        )
    assert len({(f["classes"], f["text"]) for f in seen}) == len(seen), (
        f"{path}: Tab did not move through distinct links: {seen}"
    )


@public_pages
def test_print_hides_the_site_nav(page, live_server, path, status):
    open_page(page, live_server, path, status)
    nav = page.locator(".site-nav")
    assert nav.is_visible(), f"{path}: the site nav should show on screen"
    page.emulate_media(media="print")
    assert nav.is_hidden(), f"{path}: the site nav still shows when printed"
    assert page.get_by_role("heading", level=1).is_visible(), f"{path}: h1 missing in print"
