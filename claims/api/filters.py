"""Query filters for the claims API."""

import django_filters
from django.db.models import Q

from config.api.filters import IdFilter, SafeIsoDateTimeFilter, StrictBooleanFilter, full_text

from ..models import Claim, Credibility, Evidence, Speaker, Status, Verdict, sees_unpublished

VERIFIED_HELP = (
    "true: verified facts only, i.e. published claims graded 1 or 2 with no line of conflict, "
    "or with a verdict of true or mostly true. false: the rest."
)


class ClaimFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    credibility = django_filters.TypedChoiceFilter(choices=Credibility.choices, coerce=int)
    credibility_min = django_filters.TypedChoiceFilter(
        field_name="credibility",
        lookup_expr="gte",
        choices=Credibility.choices,
        coerce=int,
        help_text="Grade at least this number (1 is the best grade, 6 the worst).",
    )
    credibility_max = django_filters.TypedChoiceFilter(
        field_name="credibility",
        lookup_expr="lte",
        choices=Credibility.choices,
        coerce=int,
        help_text="Grade at most this number: credibility_max=2 gives grades 1 and 2.",
    )
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices)
    topic = django_filters.CharFilter(field_name="topics__slug", help_text="A topic's slug.")
    stated_after = django_filters.DateFilter(field_name="stated_on", lookup_expr="gte")
    stated_before = django_filters.DateFilter(field_name="stated_on", lookup_expr="lte")
    updated_since = SafeIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gt",
        help_text="Sync: claims that became visible, changed or were retracted after this time. "
        "Use with ordering=updated_at and follow `next` until it is null.",
    )
    has_conflicts = StrictBooleanFilter(method="filter_has_conflicts")
    verified = StrictBooleanFilter(method="filter_verified", help_text=VERIFIED_HELP)
    q = django_filters.CharFilter(
        method="filter_q",
        help_text='Full-text search, ranked: words, "a phrase", OR, -word. Accent- and '
        "case-insensitive; matches the text, the speaker's name and aliases, and the outlet.",
    )
    source = IdFilter(method="filter_source", help_text="Claims with evidence from this source.")
    speaker = IdFilter()
    outlet = IdFilter()

    class Meta:
        model = Claim
        fields = ["quote_kind", "language"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(pk__in=Evidence.objects.filter(source_id=value).values("claim_id"))

    def filter_has_conflicts(self, queryset, name, value):
        return queryset.filter(conflict_lines__gt=0) if value else queryset.filter(conflict_lines=0)

    def filter_verified(self, queryset, name, value):
        verified = Q(status=Status.PUBLISHED) & (
            Q(credibility__lte=2, conflict_lines=0)
            | Q(verdict__in=[Verdict.TRUE, Verdict.MOSTLY_TRUE])
        )
        return queryset.filter(verified) if value else queryset.exclude(verified)

    def filter_q(self, queryset, name, value):
        user = self.request.user if self.request else None
        return full_text(queryset, "claim", value, include_unpublished=sees_unpublished(user))


class SpeakerFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")
    q = django_filters.CharFilter(
        method="filter_q", help_text="Full-text search on name, aliases and role (fuzzy names)."
    )

    class Meta:
        model = Speaker
        fields = ["kind", "reliability", "needs_review"]

    def filter_q(self, queryset, name, value):
        return full_text(queryset, "speaker", value)


class EvidenceFilterSet(django_filters.FilterSet):
    class Meta:
        model = Evidence
        fields = ["claim", "source", "relation"]
