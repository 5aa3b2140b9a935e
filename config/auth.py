"""Login lockout (django-axes): the authentication backend and the client address it counts by.

Failed logins are counted in the database (axes' database handler), so every gunicorn worker on
every host sees the same count; see the AXES_* settings for the limits.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class AxesBackend(AxesStandaloneBackend):
    """Refuses a login while its username and client address are locked out.

    First in AUTHENTICATION_BACKENDS; ModelBackend after it does the authenticating. Axes' own
    backend raises when `authenticate()` is called without a request; this one lets such calls
    through, because they come from code, not from a login form: the test client's `login()`,
    a shell, a management command. Every web login path (the admin's login form, DRF's
    authentication) passes the request and is counted.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, as axes counts it (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT (DJANGO_TRUSTED_PROXY_COUNT) says how many reverse
    proxies stand in front of the application: each appends the address it received the request
    from to X-Forwarded-For, so the client is the N-th entry from the right. Entries further left
    were written by the client and are never trusted.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
