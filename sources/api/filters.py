import django_filters

from ..models import Outlet, Source
from ..text import normalize_url


class SourceFilterSet(django_filters.FilterSet):
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lte"
    )
    url = django_filters.CharFilter(method="filter_url", help_text="The exact URL (normalized).")
    q = django_filters.CharFilter(method="filter_q", help_text="Words in the title.")

    class Meta:
        model = Source
        fields = ["outlet", "kind", "language"]

    def filter_url(self, queryset, name, value):
        return queryset.filter(url=normalize_url(value))

    def filter_q(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class OutletFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Outlet
        fields = ["kind", "reliability", "country", "state_affiliation"]
