from django.utils.cache import add_never_cache_headers

STAFF_PREFIXES = ("/admin/", "/staff/")


class NoStoreForStaffMiddleware:
    """Pages with personal data must never sit in a browser's or a proxy's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(STAFF_PREFIXES) or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
