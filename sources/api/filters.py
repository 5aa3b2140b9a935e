import django_filters

from config.api.filters import IdFilter, SafeIsoDateTimeFilter, full_text

from ..models import Outlet, Source
from ..text import normalize_url


class SourceFilterSet(django_filters.FilterSet):
    published_after = SafeIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = SafeIsoDateTimeFilter(field_name="published_at", lookup_expr="lte")
    outlet = IdFilter()
    url = django_filters.CharFilter(method="filter_url", help_text="The exact URL (normalized).")
    q = django_filters.CharFilter(
        method="filter_q", help_text="Full-text search on title, body, byline and outlet, ranked."
    )

    class Meta:
        model = Source
        fields = ["kind", "language"]

    def filter_url(self, queryset, name, value):
        return queryset.filter(url=normalize_url(value))

    def filter_q(self, queryset, name, value):
        return full_text(queryset, "source", value)


class OutletFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", help_text="Full-text search on name and domains (fuzzy names)."
    )

    class Meta:
        model = Outlet
        fields = ["kind", "reliability", "country", "state_affiliation"]

    def filter_q(self, queryset, name, value):
        return full_text(queryset, "outlet", value)
