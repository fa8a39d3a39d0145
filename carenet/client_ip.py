"""The client's address, for the rate limit of /consult/ and the sign-in lockout.

Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the address it saw to
X-Forwarded-For, the client is the N-th entry from the right: everything further left was sent by
the client and may be forged. With no proxy (0), X-Forwarded-For is ignored entirely.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(hops) < count:
        return remote_addr
    return parse_ip(hops[-count]) or remote_addr


def parse_ip(value):
    """A normalised IP address from '1.2.3.4', '1.2.3.4:5678', '[2001:db8::1]:443'; else None."""
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value, bracket, _ = value[1:].partition("]")
        if not bracket:
            return None
    elif value.count(":") == 1:  # IPv4:port
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # ::ffff:1.2.3.4 is the same client as 1.2.3.4: count them together.
    return str(getattr(address, "ipv4_mapped", None) or address)
