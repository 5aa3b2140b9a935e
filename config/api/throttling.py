"""Request throttling: one count per caller."""

from rest_framework.throttling import SimpleRateThrottle


class CallerRateThrottle(SimpleRateThrottle):
    """The "user" rate for an authenticated caller (counted per user), the "anon" rate for
    anyone else (counted per address), under the same cache keys as DRF's own throttles.

    DRF's AnonRateThrottle and UserRateThrottle together counted every anonymous request
    twice (the user throttle falls back to the address): two cache reads and two writes a
    request, round trips to Redis in production, for a second limit that never bites first.
    """

    def __init__(self) -> None:
        # The scope, and so the rate, depend on the request: set in allow_request.
        pass

    def allow_request(self, request, view) -> bool:
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        ident = request.user.pk if self.scope == "user" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
