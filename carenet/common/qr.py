"""QR codes for print: error correction M, a four-module quiet zone, cached by content."""

import hashlib
import io
import math

import qrcode
import qrcode.image.svg
from django.core.cache import cache
from django.http import HttpResponse

PNG_MIN_WIDTH = 1000  # px, enough for a print shop
QUIET_ZONE = 4  # modules, as the QR standard asks
CACHE_SECONDS = 60 * 60 * 24 * 30
BROWSER_CACHE = "public, max-age=86400"  # a printed URL never changes, so a day is safe


def _code(data):
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code


def _cached(kind, data, build):
    key = f"qr:{kind}:{hashlib.sha256(data.encode()).hexdigest()}"
    image = cache.get(key)
    if image is None:
        image = build(data)
        cache.set(key, image, CACHE_SECONDS)
    return image


def _png(data):
    code = _code(data)
    code.box_size = math.ceil(PNG_MIN_WIDTH / (code.modules_count + 2 * QUIET_ZONE))
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def _svg(data):
    code = _code(data)
    out = io.BytesIO()
    code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage).save(out)
    return out.getvalue()


def qr_png(data):
    return _cached("png", data, _png)


def qr_svg(data):
    return _cached("svg", data, _svg)


def qr_response(data, fmt="svg"):
    """A printed URL as a QR code: PNG for print shops, SVG for layouts."""
    if fmt == "png":
        response = HttpResponse(qr_png(data), content_type="image/png")
    else:
        response = HttpResponse(qr_svg(data), content_type="image/svg+xml")
    response["Cache-Control"] = BROWSER_CACHE
    return response


def qr_svg_secret(data):
    """Never cached: the data is a secret (a second factor's key)."""
    return _svg(data)
