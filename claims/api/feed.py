"""The ClaimReview feed's pages, as rows from compiled queries.

Consumers poll `/claimreview/` page after page, like the claim list. Its pages are read as
rows (`REVIEW_COLUMNS`, no model instances) and, for a plain page request, through the same
compiled-query paging as the list (`claims.api.listing.CompiledPage`): building the ORM
query and the model instances was about a quarter of a page's time.
"""

from typing import Any

from django.db import router
from django.db.models import QuerySet

from config.compiled_queries import CompiledQuery

from ..claimreview import REVIEW_COLUMNS
from ..models import Claim
from .listing import (
    PAGING_PARAMETERS,
    POSITION_FIELD,
    POSITION_FIELDS,
    CompiledPage,
    after_position,
    window_first,
)

FEED_COLUMNS = (*REVIEW_COLUMNS, POSITION_FIELD)
# The offset from which a page's ids are chosen first (claims/api/listing.py). A feed row is
# cheap (no subqueries), so the plain statement stays cheaper far longer than the list's: at
# offset 35 it took 0.72 ms against 0.79, at 200 2.72 against 2.21 (pgbench, 1,000,000 claims).
WINDOW_FIRST_FROM = 100


def feed_claims() -> QuerySet:
    """Every published claim with a verdict on the true-false scale ("unverifiable" has no
    ClaimReview, see claims/claimreview.py)."""
    return Claim.objects.published().exclude(verdict="").exclude(verdict="unverifiable")


def feed_rows() -> QuerySet:
    """The feed's claims as rows (FEED_COLUMNS), for any page request."""
    return feed_claims().values(*FEED_COLUMNS)


def _page(variant: tuple, **values: Any) -> QuerySet:
    _unpublished, ordering, lookup, windowed = variant
    claims = after_position(feed_claims(), ordering, lookup, values)
    return window_first(claims, ordering, windowed).values(*FEED_COLUMNS).order_by(*ordering)


FIRST_PAGE = CompiledQuery(_page)
LATER_PAGE = CompiledQuery(_page, "position", fields=POSITION_FIELDS)
AFTER_PAGE = CompiledQuery(_page, "position", "position_id", fields=POSITION_FIELDS)


def compiled_feed_page(request) -> CompiledPage | None:
    """The feed's rows as a `CompiledPage` for a plain page request (page size, cursor),
    else None (the ordinary queryset answers it)."""
    if not PAGING_PARAMETERS.issuperset(request.query_params):
        return None
    return CompiledPage(
        unpublished=False,
        using=router.db_for_read(Claim),
        first=FIRST_PAGE,
        later=LATER_PAGE,
        after=AFTER_PAGE,
        window_first_from=WINDOW_FIRST_FROM,
    )
