"""Cursor pagination: stable while rows are added, with a bounded page size, and no page lost
inside a run of rows that share their ordering's first value.

DRF's cursor carries the first ordering field's value of the last row shown (the position)
and, when that value repeats, an offset into the run of rows sharing it. DRF caps the offset
at 1,000 against hand-made cursors, so a longer run (a bulk import gives a whole batch of 5,000
claims one `updated_at`; renaming a speaker marks all its claims changed at once) could not be
paged through: from 1,000 rows into the run the next link gave the same page again, forever,
and a mirror never saw the rest. Every ordering here ends with the id, so a position here is
the pair (value, id) of the last row (`"value|id"`): the next page is the rows after that pair
(keyset pagination) and there is no offset. Where the field and the id run the same way (the
claim list: newest change first, newest id first), "after" is one row comparison, an index
seek, so a page costs the same however deep the run; where they run opposite ways, a page
reads the run's rows up to its position.

Cursors with a plain position (issued before, or hand-made) are still read, with their offset;
a page deep into a run then chooses its ids first (`PagedQuerySet`).
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, F, Field, Func, Q, QuerySet, Value
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from .fields import MAX_ID

INVALID_CURSOR = "Invalid cursor: use the next or previous link as given."
# Between a position's value and the id in a keyset position ("2026-01-05 10:00:00+00:00|42").
SEPARATOR = "|"
# The offset from which a page's ids are chosen first (`PagedQuerySet`). Below it the plain
# statement is cheaper: the claim list's page took 1.68 ms at offset 0, the ids-first one
# 1.87; they cross near 16 (pgbench, 1,000,000 claims; docs/benchmarks.md).
WINDOW_FIRST_FROM = 16


def split_position(position: Any) -> tuple[str, int] | None:
    """(value, id) of a keyset position, None for a plain one. Raises ValueError for an id
    no row can have."""
    if not isinstance(position, str) or SEPARATOR not in position:
        return None
    value, _, pk = position.rpartition(SEPARATOR)
    if not pk.isdigit():
        return None
    pk = int(pk)
    if pk > MAX_ID:
        raise ValueError("the cursor's id is out of range")
    return value, pk


class RowComparison(Func):
    """`(a, b) < (x, y)` (or `>`): two rows compared in one condition, which PostgreSQL answers
    with a seek in an index on (a, b), where `a < x OR (a = x AND b < y)` reads every row of a
    run of equal `a` up to the position."""

    output_field = BooleanField()

    def __init__(self, left: tuple, operator: str, right: tuple) -> None:
        if operator not in ("<", ">") or len(left) != len(right):
            raise ValueError("a row comparison takes < or > between rows of one length")
        self.operator = operator
        super().__init__(*left, *right)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        half = len(parts) // 2
        left, right = ", ".join(parts[:half]), ", ".join(parts[half:])
        return f"({left}) {self.operator} ({right})", params


def keyset_q(
    field: str, lookup: str, value: Any, pk: int, *, ordering: Sequence[str], output_field: Field
) -> Q | RowComparison:
    """Rows after the pair (value, pk) in `ordering` (which ends with the id): `field` beyond
    `value` (by `lookup`, `lt` or `gt`), or equal to it with the id beyond `pk`. When the field
    and the id run the same way, one row comparison (an index seek, however long the run of
    equal values); otherwise the `lte`/`gte` term bounds the index scan and the rest is
    checked on the rows it gives. `value` is compared as `output_field` (the field's)."""
    pk_lookup = "lt" if ordering[-1].startswith("-") else "gt"
    if lookup == pk_lookup:
        return RowComparison(
            (F(field), F("pk")),
            "<" if lookup == "lt" else ">",
            (Value(value, output_field=output_field), Value(pk)),
        )
    return Q(**{f"{field}__{lookup}e": value}) & (
        Q(**{f"{field}__{lookup}": value}) | Q(**{f"pk__{pk_lookup}": pk})
    )


class PagedQuerySet:
    """A queryset as DRF's cursor paginator uses it (`order_by`, `filter` on the position, a
    slice). A keyset position becomes `keyset_q`; a slice from WINDOW_FIRST_FROM on (a plain
    cursor deep into a run) chooses the page's ids first, in a subquery that skips the
    offset's rows in the ordering's index, so only the page's own rows are worked out (5,000
    rows into a run, a claim page took 144 ms). The ordering is total (it ends with the id),
    so both give the same page."""

    keyset = True  # CursorPagination writes keyset positions for it

    def __init__(self, queryset: QuerySet) -> None:
        self.queryset = queryset

    def __getattr__(self, name: str) -> Any:
        # What else the paginator's ordering lookup reads (`model`, `query`).
        return getattr(self.queryset, name)

    def order_by(self, *fields: str) -> "PagedQuerySet":
        return PagedQuerySet(self.queryset.order_by(*fields))

    def filter(self, *args: Any, **kwargs: Any) -> "PagedQuerySet":
        if args or len(kwargs) != 1:
            return PagedQuerySet(self.queryset.filter(*args, **kwargs))
        ((key, position),) = kwargs.items()
        pair = split_position(position)
        if pair is None:
            return PagedQuerySet(self.queryset.filter(**kwargs))
        field, lookup = key.rsplit("__", 1)
        value, pk = pair
        output_field = self.queryset.query.resolve_ref(field).output_field
        after = keyset_q(
            field,
            lookup,
            output_field.to_python(value),
            pk,
            ordering=self.queryset.query.order_by,
            output_field=output_field,
        )
        return PagedQuerySet(self.queryset.filter(after))

    def __getitem__(self, window: slice) -> QuerySet:
        if (window.start or 0) < WINDOW_FIRST_FROM or window.stop is None:
            return self.queryset[window]
        return self.queryset.filter(pk__in=self.queryset.values("pk")[window])


def pageable(queryset: Any) -> bool:
    """Whether `PagedQuerySet` can page `queryset`: a plain queryset (no union, no slice)."""
    return (
        isinstance(queryset, QuerySet)
        and queryset.query.combinator is None
        and not queryset.query.is_sliced
    )


class CursorPagination(pagination.CursorPagination):
    """Pages follow a cursor, not an offset, so a consumer never sees a row twice or misses one
    when rows are added meanwhile (see the module). `page_size` may be set up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-updated_at", "-id")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                size = int(raw)
            except ValueError:
                raise ValidationError({"page_size": ["A whole number from 1 to 200."]}) from None
            if size < 1:
                raise ValidationError({"page_size": ["A whole number from 1 to 200."]})
        return super().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        if pageable(queryset):
            queryset = PagedQuerySet(queryset)
        # Keyset positions for what can filter on them (PagedQuerySet, the claims' compiled
        # pages); anything else keeps DRF's plain positions.
        self.keyset = getattr(queryset, "keyset", False)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError, DjangoValidationError):
            # A hand-made cursor whose position does not fit the ordering's field.
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None

    def _get_position_from_instance(self, instance, ordering):
        position = super()._get_position_from_instance(instance, ordering)
        if not getattr(self, "keyset", False) or ordering[-1].lstrip("-") not in ("id", "pk"):
            return position
        pk = instance.get("id") if isinstance(instance, dict) else instance.pk
        return position if pk is None else f"{position}{SEPARATOR}{pk}"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
