"""config/api/throttling.py: a sliding-window counter of three numbers per caller, whatever the
rate; bursts are held to the rate, and Retry-After says when the next request passes."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from config.api.throttling import CallerRateThrottle

KEY = "throttle_anon_203.0.113.9"


@pytest.fixture
def clock(monkeypatch):
    """A settable clock, at the start of a minute; rates of 10 a minute for anonymous callers."""
    now = SimpleNamespace(t=600_000.0)
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now.t))
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "10/min", "user": "5/min"})
    cache.clear()
    yield now
    cache.clear()


def _request(user=None):
    return SimpleNamespace(
        user=user or AnonymousUser(), META={"REMOTE_ADDR": "203.0.113.9"}, headers={}
    )


def _ask(n: int = 1) -> list[bool]:
    return [CallerRateThrottle().allow_request(_request(), None) for _ in range(n)]


def test_a_burst_passes_up_to_the_rate_and_no_further(clock):
    assert _ask(10) == [True] * 10
    assert _ask(3) == [False] * 3
    # Refused requests are not counted: the record holds the ten that passed.
    assert cache.get(KEY) == (10_000, 0, 10)


def test_the_record_stays_three_numbers_however_many_requests(clock):
    for second in range(0, 600, 7):  # ten minutes at one request every 7 s: always allowed
        clock.t = 600_000.0 + second
        assert _ask() == [True]
        stored = cache.get(KEY)
        assert isinstance(stored, tuple) and len(stored) == 3


def test_the_previous_window_slides_out_of_the_period(clock):
    assert _ask(10) == [True] * 10
    clock.t += 60  # the next window starts: the whole previous count still weighs
    assert _ask() == [False]
    clock.t += 30  # half of the period is past: half of the previous window weighs (5)
    assert _ask(5) == [True] * 5
    assert _ask() == [False]
    clock.t += 60 * 2  # two windows later nothing weighs any more
    assert _ask(10) == [True] * 10


def test_retry_after_is_when_the_next_request_would_pass(clock):
    _ask(10)
    throttle = CallerRateThrottle()
    clock.t += 15
    assert not throttle.allow_request(_request(), None)
    # This window holds 10 of 10: the next one starts in 45 s, and 6 s into it these ten weigh
    # 10 * 54/60 = 9, one under the rate.
    assert throttle.wait() == 51
    clock.t += 51
    assert _ask() == [True]
    throttle = CallerRateThrottle()
    assert not throttle.allow_request(_request(), None)  # 9 + 1 = 10
    # 10 * (60 - t)/60 + 1 <= 9 once t >= 12 s: 6 s more.
    assert throttle.wait() == 6
    clock.t += 5
    assert _ask() == [False]
    clock.t += 1
    assert _ask() == [True]


def test_a_burst_at_the_end_of_a_window_still_counts_right_after_it(clock):
    """The estimate spreads the previous window's count evenly; rounded up, a request that
    would bring it to the rate is refused even a moment into the next window."""
    clock.t += 59.9
    assert _ask(7) == [True] * 7
    clock.t += 0.2  # the next window: 7 * (1 - 0.1/60) = 6.99, rounded up 7
    assert _ask(3) == [True, True, True]
    assert _ask() == [False]


def test_drfs_timestamp_list_from_before_an_upgrade_starts_a_fresh_count(clock):
    cache.set(KEY, [clock.t - 1] * 50, 60)
    assert _ask() == [True]
    assert cache.get(KEY) == (10_000, 0, 1)


def test_a_signed_in_user_is_counted_under_the_user_rate(clock, django_user_model, db):
    user = django_user_model.objects.create(username="throttled-reader")
    request = _request(user)
    answers = [CallerRateThrottle().allow_request(request, None) for _ in range(6)]
    assert answers == [True] * 5 + [False]
    assert cache.get(f"throttle_user_{user.pk}") == (10_000, 0, 5)
    assert cache.get(KEY) is None


@pytest.mark.parametrize(
    ("num_proxies", "forwarded"),
    [(None, None), (None, "198.51.100.7, 10.0.0.2"), (1, "198.51.100.7, 10.0.0.2"), (0, "x")],
)
def test_the_caller_is_identified_as_drf_identifies_it(rf, settings, num_proxies, forwarded):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": num_proxies}
    api_settings.reload()
    try:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
        request = rf.get("/api/v1/claims/", REMOTE_ADDR="203.0.113.9", **extra)
        assert CallerRateThrottle().get_ident(request) == AnonRateThrottle().get_ident(request)
    finally:
        settings.REST_FRAMEWORK = {
            k: v for k, v in settings.REST_FRAMEWORK.items() if k != "NUM_PROXIES"
        }
        api_settings.reload()
