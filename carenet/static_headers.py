"""Security headers for the files WhiteNoise serves (WHITENOISE_ADD_HEADERS_FUNCTION).

WhiteNoise answers before the CSP and X-Frame-Options middleware run, so a stylesheet or an SVG
opened on its own would otherwise go out without them. Imported by the settings: no Django
imports at module level.
"""


def add_security_headers(headers, path, url):
    from csp.utils import build_policy
    from django.conf import settings

    headers["Content-Security-Policy"] = build_policy()
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
