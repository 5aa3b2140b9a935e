"""Filter and ordering pieces shared by the API's viewsets."""

from datetime import UTC, datetime, timedelta

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from .fields import MAX_ID

EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)
MAX_OFFSET = timedelta(hours=15, minutes=59)  # what PostgreSQL accepts


class SafeIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, refused (a 400 naming the filter) when no database can store it."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            raise forms.ValidationError("The time zone offset is out of range.")
        try:
            in_utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("The date is out of range.") from None
        if not EARLIEST <= in_utc <= LATEST:
            raise forms.ValidationError("The date is out of range.")
        return in_utc


class SafeIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = SafeIsoDateTimeField


class StrictBooleanField(forms.Field):
    """true or false (also 1/0, yes/no, on/off, any case); anything else is an error, not
    ignored: a mirror asking `verified=maybe` must not get every claim back."""

    TRUE = frozenset({"true", "1", "yes", "on"})
    FALSE = frozenset({"false", "0", "no", "off"})

    def to_python(self, value):
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in self.TRUE:
            return True
        if word in self.FALSE:
            return False
        raise forms.ValidationError("Must be true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number that fits a 64-bit column."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdleAwareFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when no request parameter belongs to the filter set:
    the set would change nothing, and building its form was a third of a claim page's Python
    time. A parameter belongs when it is a filter's name or starts with one and `_` (range
    filters read `<name>_min`, `<name>_after`...)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = filterset_class.base_filters
        if not any(key in names or key.rsplit("_", 1)[0] in names for key in request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)


class AliasOrderingFilter(OrderingFilter):
    """OrderingFilter whose public names may map to other fields (`view.ordering_aliases`)."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        aliases = getattr(view, "ordering_aliases", {})
        if not ordering:
            return ordering
        terms = [
            ("-" if term.startswith("-") else "") + aliases.get(term.lstrip("-"), term.lstrip("-"))
            for term in ordering
        ]
        if not {"id", "-id", "pk", "-pk"} & set(terms):
            # Rows that tie (claims stated the same day) come in a fixed order on every page.
            terms.append("-id")
        return terms


SEARCH_LIMIT = 500  # a full-text filter ranks at most this many matches


def full_text(queryset, kind: str, q: str, *, include_unpublished: bool = False):
    """Keep the rows the search engine finds for `q`, annotated with `search_rank` (0 = best).

    The list endpoints order by `search_rank` when `q` is given and no other ordering is asked
    for, so that cursor pagination still works over a ranked list.
    """
    from django.db.models import Case, IntegerField, Value, When

    from sources.search import search_ids

    ids = search_ids(q, kind, include_unpublished=include_unpublished, limit=SEARCH_LIMIT)
    if not ids:
        return queryset.none().annotate(search_rank=Value(0, output_field=IntegerField()))
    rank = Case(
        *(When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)), output_field=IntegerField()
    )
    return queryset.filter(pk__in=ids).annotate(search_rank=rank)


class RankedOrderingMixin:
    """`ordering` is the search rank when the request has `q`, the view's default otherwise."""

    default_ordering: tuple[str, ...] = ()

    @property
    def ordering(self):
        if self.request is not None and self.request.query_params.get("q", "").strip():
            return ["search_rank", "id"]
        return list(self.default_ordering)
