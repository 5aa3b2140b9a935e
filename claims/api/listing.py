"""The claim list in its everyday shape, as compiled queries.

Consumers poll `/claims/` page after page with no filter and the default order (newest change
first). For that shape the page's query is compiled once per process, database, reader and
direction (`config.compiled_queries`), and DRF's cursor paginator runs it through
`CompiledPage`, which offers the paginator what it asks of a queryset: `order_by`, a filter on
the cursor's position, a slice, iteration. Building and compiling the ORM query was about 45%
of a page's time. Any other request (filters, another ordering, a parent, a sync) goes through
the ordinary queryset.

A cursor's position is the last row's (`updated_at`, id) pair (config/api/pagination.py), and
the next page is the rows after it (`AFTER_PAGE`). A plain position from an older cursor comes
with an offset into a run of claims changed at the same instant, and PostgreSQL would work out
every skipped row's speaker, outlet, topics and evidence counts before dropping it (a page
5,000 rows into a run took 144 ms): from `WINDOW_FIRST_FROM` rows on, the page's ids are
chosen first, in a subquery that reads only the index (3 ms; docs/benchmarks.md).
"""

from dataclasses import dataclass, replace
from typing import Any

from django.db import router
from django.db.models import QuerySet

from config.api.pagination import WINDOW_FIRST_FROM, keyset_q, split_position
from config.compiled_queries import WINDOW, CompiledQuery

from ..models import Claim, sees_unpublished
from .read import claim_rows

# The parameters of a page request that leave its shape as it is.
PAGING_PARAMETERS = frozenset({"page_size", "cursor", "format"})
POSITION_FIELD = "updated_at"
# A cursor's position is an `updated_at`, compared and prepared as that field.
POSITION_FIELDS = {"position": Claim._meta.get_field(POSITION_FIELD)}


def window_first(claims: QuerySet, ordering: tuple[str, ...], windowed: bool) -> QuerySet:
    """`claims`, or, when `windowed`, the claims whose ids are the `WINDOW` slice of `claims`
    in `ordering`: a `CompiledQuery` then writes the page's LIMIT and OFFSET into that
    subquery, so only the page's own rows are joined and annotated. `ordering` must be total
    (end with the id) for both to give the same page."""
    if not windowed:
        return claims
    ids = claims.order_by(*ordering).values("pk")[WINDOW]
    return Claim.objects.filter(pk__in=ids)


def after_position(
    claims: QuerySet, ordering: tuple[str, ...], lookup: str | None, values: dict
) -> QuerySet:
    """`claims` after the cursor's position: none given (`lookup` None), a plain position
    (`position`), or a keyset one (`position` and `position_id`)."""
    if lookup is None:
        return claims
    if "position_id" in values:
        after = keyset_q(
            POSITION_FIELD,
            lookup,
            values["position"],
            values["position_id"],
            ordering=ordering,
            output_field=POSITION_FIELDS["position"],
        )
        return claims.filter(after)
    return claims.filter(**{f"{POSITION_FIELD}__{lookup}": values["position"]})


def _page(variant: tuple, **values: Any) -> QuerySet:
    """Claims the reader sees, in `ordering`, after the position (`after_position`)."""
    unpublished, ordering, lookup, windowed = variant
    claims = after_position(
        Claim.objects.readable(unpublished=unpublished), ordering, lookup, values
    )
    claims = window_first(claims, ordering, windowed).with_related()
    return claim_rows(claims, with_counts=True).order_by(*ordering)


FIRST_PAGE = CompiledQuery(_page)
LATER_PAGE = CompiledQuery(_page, "position", fields=POSITION_FIELDS)
AFTER_PAGE = CompiledQuery(_page, "position", "position_id", fields=POSITION_FIELDS)


@dataclass(frozen=True)
class CompiledPage:
    """A page of the claim list (or of another list of claims paged by `updated_at`, given
    its `first` and `later` compiled queries) for DRF's cursor paginator, run as a compiled
    query."""

    unpublished: bool
    using: str
    first: CompiledQuery = FIRST_PAGE
    later: CompiledQuery = LATER_PAGE
    after: CompiledQuery = AFTER_PAGE
    ordering: tuple[str, ...] = ()
    lookup: str | None = None
    position: Any = None
    position_id: int | None = None
    start: int = 0
    stop: int | None = None
    # From this offset on, the page's ids are chosen first (None: WINDOW_FIRST_FROM).
    window_first_from: int | None = None

    keyset = True  # the paginator writes (updated_at, id) positions for it

    def order_by(self, *ordering: str) -> "CompiledPage":
        return replace(self, ordering=ordering)

    def filter(self, **lookups: Any) -> "CompiledPage":
        # The paginator filters on its ordering's first field, after the cursor's position.
        ((key, value),) = lookups.items()
        field, lookup = key.rsplit("__", 1)
        if field != POSITION_FIELD or lookup not in ("lt", "gt"):
            raise ValueError(f"CompiledPage cannot filter on {key}")
        pair = split_position(value)
        if pair is None:
            return replace(self, lookup=lookup, position=value)
        return replace(self, lookup=lookup, position=pair[0], position_id=pair[1])

    def __getitem__(self, window: slice) -> "CompiledPage":
        return replace(self, start=window.start or 0, stop=window.stop)

    def __iter__(self):
        limit = None if self.stop is None else self.stop - self.start
        threshold = self.window_first_from
        if threshold is None:
            threshold = WINDOW_FIRST_FROM
        windowed = limit is not None and self.start >= threshold
        variant = (self.unpublished, self.ordering, self.lookup, windowed)
        window = {"using": self.using, "variant": variant, "limit": limit, "offset": self.start}
        if self.lookup is None:
            rows = self.first.rows(**window)
        elif self.position_id is None:
            rows = self.later.rows(**window, position=self.position)
        else:
            rows = self.after.rows(**window, position=self.position, position_id=self.position_id)
        return iter(rows)


def compiled_page(view, request) -> CompiledPage | None:
    """The list's rows as a `CompiledPage` when the request has the everyday shape: no filter,
    no ordering asked for, no parent (a source's, speaker's or outlet's claims); else None."""
    if view.kwargs or not PAGING_PARAMETERS.issuperset(request.query_params):
        return None
    if tuple(view.default_ordering) != ("-updated_at", "-id"):
        return None
    return CompiledPage(unpublished=sees_unpublished(request.user), using=router.db_for_read(Claim))
