"""Fixtures for the public pages: the demo data, a search backend, a claim with everything."""

import sys

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Claim, Status, Verdict
from tests import factories as f

THIRD_ROUND = "The third round of negotiations between Russia and Ukraine will take place"


@pytest.fixture
def demo(db):
    call_command("load_demo")
    reindex()


def reindex() -> None:
    """Bring the search engine's index up to date (factories bypass the services)."""
    try:
        from sources.search import rebuild
    except ImportError:
        return
    rebuild(progress=False)


@pytest.fixture(params=["default", "fallback"])
def search_backend(request, monkeypatch):
    """Run a search test with the engine (when it exists) and with the ORM fallback."""
    if request.param == "fallback":
        # `from sources.search import search` now raises ImportError, as before the engine.
        monkeypatch.setitem(sys.modules, "sources.search", None)
    else:
        try:
            import sources.search  # noqa: F401
        except ImportError:
            pytest.skip("the search engine (sources.search) does not exist yet")
    return request.param


def published(**kwargs) -> Claim:
    """A published claim with an appears-in evidence."""
    claim = f.PublishedClaimFactory(**kwargs)
    f.EvidenceFactory(claim=claim, excerpt=f"Excerpt of {claim.text}")
    return claim


def with_verdict(claim: Claim, verdict: str = Verdict.FALSE) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(
        verdict=verdict,
        verdict_explanation="Checked against the record.",
        verdict_at=timezone.now(),
    )
    claim.refresh_from_db()
    return claim


def retracted(**kwargs) -> Claim:
    return f.ClaimFactory(
        status=Status.RETRACTED,
        published_at=timezone.now(),
        retracted_at=timezone.now(),
        retraction_reason="The quote was misattributed.",
        **kwargs,
    )
