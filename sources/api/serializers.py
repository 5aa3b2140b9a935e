"""API representations of outlets and sources: brief ones to nest, full ones for their pages."""

from rest_framework import serializers

from config.api.fields import ID_FIELD, CountryField, RejectServerFieldsMixin, StrictStringsMixin

from ..models import Outlet, Source


class OutletBriefSerializer(serializers.ModelSerializer):
    """An outlet as shown inside another object."""

    class Meta:
        model = Outlet
        fields = ["id", "name", "kind", "reliability"]


class OutletSerializer(StrictStringsMixin, RejectServerFieldsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:outlet-detail")
    country = CountryField(required=False, allow_blank=True)
    domains = serializers.SlugRelatedField(many=True, read_only=True, slug_field="domain")

    class Meta:
        model = Outlet
        fields = [
            "id", "url", "name", "slug", "kind", "country", "state_affiliation", "domains",
            "wikidata_id", "reliability", "reliability_rationale", "description",
            "needs_review", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at", "version"]


class SourceBriefSerializer(serializers.ModelSerializer):
    """A source as shown inside another object, with its outlet."""

    outlet = OutletBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = ["id", "title", "url", "kind", "published_at", "outlet"]


class SourceSerializer(StrictStringsMixin, RejectServerFieldsMixin, serializers.ModelSerializer):
    url_api = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    outlet = OutletBriefSerializer(read_only=True, allow_null=True)
    outlet_id = serializers.PrimaryKeyRelatedField(
        pk_field=ID_FIELD,
        source="outlet",
        queryset=Outlet.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
    )
    cites = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id", "url_api", "url", "title", "outlet", "outlet_id", "kind", "published_at",
            "retrieved_at", "language", "byline", "body", "body_sha256", "archive_url",
            "cites", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["body_sha256", "created_at", "updated_at", "version"]

    def get_cites(self, source: Source) -> list[dict]:
        return [
            {"id": c.cited_id, "kind": c.kind, "title": c.cited.title}
            for c in source.citations.all()
        ]
