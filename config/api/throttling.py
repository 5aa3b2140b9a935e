"""Request throttling: one count per caller, in a fixed-size record."""

import math

from rest_framework.throttling import SimpleRateThrottle

# The fast lane's mark on a request it counted (config/direct_answers.py; the environ is not
# reachable from a client, whose headers all start with HTTP_).
COUNTED = "claimtrail.fast_lane.counted"


class CallerRateThrottle(SimpleRateThrottle):
    """The "user" rate for an authenticated caller (counted per user), the "anon" rate for
    anyone else (counted per address), under the same cache keys as DRF's own throttles.

    DRF's AnonRateThrottle and UserRateThrottle together counted every anonymous request
    twice (the user throttle falls back to the address): two cache reads and two writes a
    request, round trips to Redis in production, for a second limit that never bites first.

    The count is a sliding-window counter: the cache holds `(window, previous, current)`, the
    requests counted in the current fixed window (one rate period) and in the one before, and
    a request is let through while `previous * (unelapsed share of the period) + current`,
    rounded up, is under the rate. DRF's own throttle keeps one timestamp per request in the
    period instead: up to 600 for an anonymous client at 600 a minute, read and written
    (pickled, sent to Redis) on every request. This record has three numbers whatever the
    rate, and it allows the same as DRF's exact sliding log when requests are evenly spread;
    a burst is let through up to the rate, never more (a fixed window would let twice the
    rate through around its edge). Like DRF's, a read and a write, not atomic: two requests
    of one caller at the same instant may both pass at the limit.
    """

    def __init__(self) -> None:
        # The scope, and so the rate, depend on the request: set in allow_request.
        pass

    def allow_request(self, request, view) -> bool:
        if request.META.get(COUNTED):
            return True  # counted by the fast lane's direct answer, which handed it on
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.previous, self.current = _counts(self.cache.get(self.key), window)
        self.elapsed = self.now - window * self.duration
        # Rounded up: the estimate assumes the previous window's requests were spread evenly,
        # and a whole request is let through only if it surely fits.
        if math.ceil(self.estimate()) >= self.num_requests:
            return False
        self.cache.set(self.key, (window, self.previous, self.current + 1), 2 * self.duration)
        return True

    def estimate(self) -> float:
        """The requests counted in the last rate period, the previous window's weighted by
        how much of it the period still covers."""
        unelapsed = (self.duration - self.elapsed) / self.duration
        return self.previous * unelapsed + self.current

    def wait(self) -> float:
        """Seconds until the next request would be let through (the estimate down to one
        request under the rate)."""
        room, duration = self.num_requests - 1, self.duration
        if self.current > room:
            # Not in this window: in the next one, once enough of this window's count has
            # slid out of the period.
            until = (duration - self.elapsed) + duration * (1 - room / self.current)
        else:
            # Later in this window, once enough of the previous window's count has slid out.
            until = duration * (1 - (room - self.current) / self.previous) - self.elapsed
        return max(1.0, math.ceil(until))

    def get_cache_key(self, request, view) -> str:
        ident = request.user.pk if self.scope == "user" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_ident(self, request) -> str:
        # DRF's, given only the header it reads: `request.headers` copies every header of the
        # request first (a tenth of a quick read's throttling time).
        return super().get_ident(_ForwardedFor(request.META))


class _ForwardedFor:
    """What DRF's `get_ident` reads of a request: its META and its X-Forwarded-For header."""

    def __init__(self, meta: dict) -> None:
        self.META = meta
        forwarded = meta.get("HTTP_X_FORWARDED_FOR")
        self.headers = {} if forwarded is None else {"x-forwarded-for": forwarded}


def _counts(stored, window: int) -> tuple[int, int]:
    """(previous, current) window counts from the cached record, for `window`."""
    if not isinstance(stored, tuple) or len(stored) != 3:
        return 0, 0  # nothing counted yet (or DRF's timestamp list from before an upgrade)
    stored_window, previous, current = stored
    if stored_window == window:
        return previous, current
    if stored_window == window - 1:
        return current, 0
    return 0, 0
