"""API representations of claims, speakers, topics and evidence.

Brief serializers are for nesting; the list serializer is lighter than the detail one. Writes
build a model instance and hand it to a service: the rules live there, not here.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.fields import ID_FIELD, CountryField, RejectServerFieldsMixin, StrictStringsMixin
from sources.api.serializers import OutletBriefSerializer, SourceBriefSerializer
from sources.models import Outlet, Source

from ..models import (
    Claim,
    ClaimLink,
    Credibility,
    Evidence,
    Speaker,
    Status,
    Topic,
    Verdict,
    sees_unpublished,
)

# Fields nobody sets through the API: the workflow, the computed grade, the record.
SYSTEM_FIELDS = {
    "status": "The status changes through submit, publish and retract.",
    "credibility": "The grade is computed; editors set credibility_override with a reason.",
    "credibility_computed": "The grade is computed from the evidence.",
    "credibility_reasons": "The reasons are computed from the evidence.",
    "published_at": "Set when the claim is published.",
    "retracted_at": "Set when the claim is retracted.",
    "retraction_reason": "Give the reason to the retract action.",
    "created_by": "Set from the authenticated user.",
    "version": "Set by the server; send the ETag as If-Match to say which version you edit.",
    "updated_by": "Set from the authenticated user.",
    "created_at": "Set by the server.",
    "updated_at": "Set by the server.",
    "verdict_at": "Set when a verdict is given.",
}
EDITOR_FIELDS = {
    "credibility_override": ("claims.override_credibility", "Only editors override credibility."),
    "credibility_override_reason": (
        "claims.override_credibility",
        "Only editors override credibility.",
    ),
    "verdict": ("claims.publish_claim", "Only editors give a verdict."),
}


class SpeakerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "kind", "role"]


class TopicSerializer(StrictStringsMixin, serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "name", "slug", "description"]


class ClaimBriefSerializer(serializers.ModelSerializer):
    speaker = SpeakerBriefSerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "speaker", "status", "credibility"]


REASON_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "text": {"type": "string"},
        "sources": {"type": "array", "items": {"type": "integer"}},
        "claims": {"type": "array", "items": {"type": "integer"}},
    },
}


@extend_schema_field(
    {
        "type": "object",
        "readOnly": True,
        "properties": {
            "grade": {"type": "integer", "minimum": 1, "maximum": 6},
            "label": {"type": "string"},
            "computed": {"type": "integer", "minimum": 1, "maximum": 6},
            "override": {
                "type": "object",
                "nullable": True,
                "properties": {"grade": {"type": "integer"}, "reason": {"type": "string"}},
            },
            "lines": {
                "type": "object",
                "properties": {"support": {"type": "integer"}, "conflict": {"type": "integer"}},
            },
            "reasons": {"type": "array", "items": REASON_SCHEMA},
        },
    }
)
class CredibilityField(serializers.Field):
    """The effective grade with its label, the computed grade, the override and the reasons."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, claim: Claim) -> dict:
        return {
            "grade": claim.credibility,
            "label": Credibility(claim.credibility).label,
            "computed": claim.credibility_computed,
            "override": (
                {"grade": claim.credibility_override, "reason": claim.credibility_override_reason}
                if claim.credibility_override is not None
                else None
            ),
            "lines": {"support": claim.support_lines, "conflict": claim.conflict_lines},
            "reasons": claim.credibility_reasons,
        }


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "rating": {"type": "string", "enum": list(Verdict.values)},
            "label": {"type": "string", "readOnly": True},
            "explanation": {"type": "string"},
        },
    }
)
class VerdictField(serializers.Field):
    """`{"rating", "label", "explanation"}` or null; editors write rating and explanation."""

    default_error_messages = {
        "invalid": "Give an object with `rating` (one of {ratings}) and `explanation`, or null.",
    }

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, claim: Claim) -> dict | None:
        if not claim.verdict:
            return None
        return {
            "rating": claim.verdict,
            "label": Verdict(claim.verdict).label,
            "explanation": claim.verdict_explanation,
        }

    def validate_empty_values(self, data):
        if data is None:
            return True, {"verdict": "", "verdict_explanation": ""}
        return super().validate_empty_values(data)

    def to_internal_value(self, data) -> dict:
        if not isinstance(data, dict) or data.get("rating") not in Verdict.values:
            self.fail("invalid", ratings=", ".join(Verdict.values))
        explanation = data.get("explanation")
        if not isinstance(explanation, str) or not explanation.strip():
            raise serializers.ValidationError({"explanation": ["A verdict needs an explanation."]})
        return {"verdict": data["rating"], "verdict_explanation": explanation}


class ClaimSerializer(StrictStringsMixin, serializers.ModelSerializer):
    """A claim in a list: brief nested objects and evidence counts by relation."""

    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail")
    speaker = SpeakerBriefSerializer(read_only=True)
    speaker_id = serializers.PrimaryKeyRelatedField(
        pk_field=ID_FIELD, source="speaker", queryset=Speaker.objects.all(), write_only=True
    )
    outlet = OutletBriefSerializer(read_only=True, allow_null=True)
    outlet_id = serializers.PrimaryKeyRelatedField(
        pk_field=ID_FIELD,
        source="outlet",
        queryset=Outlet.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
    )
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    topic_ids = serializers.PrimaryKeyRelatedField(
        pk_field=ID_FIELD,
        source="topics",
        queryset=Topic.objects.all(),
        many=True,
        write_only=True,
        required=False,
    )
    credibility = CredibilityField()
    verdict = VerdictField()
    evidence_counts = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "url", "text", "quote_kind", "language", "stated_on", "speaker", "speaker_id",
            "outlet", "outlet_id", "status", "credibility", "credibility_override",
            "credibility_override_reason", "verdict", "topics", "topic_ids", "retraction_reason",
            "evidence_counts", "created_at", "updated_at", "published_at", "retracted_at",
            "version",
        ]  # fmt: skip
        read_only_fields = [
            "status", "retraction_reason", "created_at", "updated_at", "published_at",
            "retracted_at", "version",
        ]  # fmt: skip
        extra_kwargs = {
            "credibility_override": {"write_only": True},
            "credibility_override_reason": {"write_only": True},
        }

    def get_evidence_counts(self, claim: Claim) -> dict[str, int]:
        return {
            relation: getattr(claim, f"n_{relation}", 0) for relation in Evidence.Relation.values
        }

    def validate(self, attrs):
        """Refuse, by name, fields the server sets or the user's role may not set."""
        errors = {
            name: [message] for name, message in SYSTEM_FIELDS.items() if name in self.initial_data
        }
        user = self.context["request"].user
        for name, (perm, message) in EDITOR_FIELDS.items():
            if name in self.initial_data and not user.has_perm(perm):
                errors[name] = [message]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class EvidenceSerializer(StrictStringsMixin, RejectServerFieldsMixin, serializers.ModelSerializer):
    """A piece of evidence: the claim it bears on, the source, the relation, the excerpt."""

    source = SourceBriefSerializer(read_only=True)
    source_id = serializers.PrimaryKeyRelatedField(
        pk_field=ID_FIELD, source="source", queryset=Source.objects.all(), write_only=True
    )
    claim_id = serializers.PrimaryKeyRelatedField(
        pk_field=ID_FIELD, source="claim", queryset=Claim.objects.all(), write_only=True
    )

    class Meta:
        model = Evidence
        fields = ["id", "claim", "claim_id", "relation", "excerpt", "note", "source", "source_id",
                  "created_at", "updated_at", "version"]  # fmt: skip
        read_only_fields = ["claim", "created_at", "updated_at", "version"]


class ClaimLinkSerializer(StrictStringsMixin, serializers.ModelSerializer):
    """A link seen from one claim: the kind, the direction and the other claim."""

    claim = serializers.SerializerMethodField()
    direction = serializers.SerializerMethodField()

    class Meta:
        model = ClaimLink
        fields = ["id", "kind", "direction", "claim", "note"]

    def _other(self, link: ClaimLink) -> Claim:
        return link.to_claim if link.from_claim_id == self.context["claim_id"] else link.from_claim

    def get_direction(self, link: ClaimLink) -> str:
        return "outgoing" if link.from_claim_id == self.context["claim_id"] else "incoming"

    def get_claim(self, link: ClaimLink) -> dict:
        return ClaimBriefSerializer(self._other(link)).data


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with its evidence (sources and their outlets) and its links to other claims."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "evidence", "links"]

    def get_links(self, claim: Claim) -> list[dict]:
        links = sorted([*claim.links_out.all(), *claim.links_in.all()], key=lambda lk: lk.pk)
        if not sees_unpublished(self.context["request"].user):
            # Readers outside the newsroom see links to published claims only.
            links = [
                lk
                for lk in links
                if (lk.to_claim if lk.from_claim_id == claim.pk else lk.from_claim).status
                == Status.PUBLISHED
            ]
        return ClaimLinkSerializer(links, many=True, context={"claim_id": claim.pk}).data


class SpeakerSerializer(StrictStringsMixin, RejectServerFieldsMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:speaker-detail")
    country = CountryField(required=False, allow_blank=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Speaker
        fields = [
            "id", "url", "name", "kind", "role", "affiliation", "country", "aliases",
            "wikidata_id", "reliability", "reliability_rationale", "description",
            "needs_review", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at", "version"]
