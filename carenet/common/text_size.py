"""「文字を大きく」: the text size a visitor chose, kept in a cookie so it works without script.

The choice is read from the request on every page (never from the session, never in a per-user
token), so that a shared page cache can tell the two versions apart by this one cookie's value:
see `text_size()`. The switch itself is carenet.front.display.switch_text_size.
"""

COOKIE_NAME = "text_size"
LARGE = "large"
NORMAL = "normal"
SIZES = (LARGE, NORMAL)
# Long-lived: a resident who chose large text once should not have to find the switch again.
# 400 days is the most a browser keeps a cookie (Chrome caps Max-Age there).
COOKIE_MAX_AGE = 400 * 24 * 60 * 60
# The class on <html> that static/css/site.css enlarges the text for.
LARGE_CLASS = "text-large"


def text_size(request):
    """The size this request's visitor chose: LARGE or NORMAL (anything else counts as normal)."""
    return LARGE if request.COOKIES.get(COOKIE_NAME) == LARGE else NORMAL


def display(request):
    """Context processor: `text_large` (bool) and `html_class` for base.html's <html> element."""
    large = text_size(request) == LARGE
    return {"text_large": large, "html_class": LARGE_CLASS if large else ""}
