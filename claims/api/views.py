"""Claims, speakers, topics and evidence over HTTP. Thin: reads are querysets, writes services."""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Value
from django.db.models.functions import Coalesce
from drf_orjson_renderer.renderers import ORJSONRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api.concurrency import ConditionalWriteMixin
from config.api.filters import AliasOrderingFilter, IdleAwareFilterBackend, RankedOrderingMixin
from config.api.idempotency import IdempotentCreateMixin
from config.api.permissions import StaffOnly
from config.api.quick_reads import QuickReadMixin
from config.api.renderers import CSVRenderer
from sources.api.views import ServiceWriteMixin
from sources.models import Outlet, Source

from ..claimreview import ReviewWriter, appearances_by_claim, claim_review, claim_review_refusal
from ..models import Claim, ClaimLink, Evidence, Speaker, Topic, sees_unpublished
from ..selectors import claim_history, claim_provenance
from ..services import (
    claim_delete,
    claim_publish,
    claim_retract,
    claim_save,
    claim_submit_for_review,
    evidence_delete,
    evidence_save,
    speaker_save,
    topic_save,
)
from .detail import claim_detail
from .feed import compiled_feed_page, feed_claims, feed_rows
from .filters import ClaimFilterSet, EvidenceFilterSet, SpeakerFilterSet
from .listing import compiled_page
from .read import CLAIM_CSV_COLUMNS, EVIDENCE_COUNTS, claim_list_data, claim_rows
from .serializers import (
    ClaimDetailSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    SpeakerSerializer,
    TopicSerializer,
)

# The OpenAPI description of a ClaimReview (claims/claimreview.py writes them): one class, used
# by the claim's review and by the feed.
ClaimReviewSchema = type(
    inline_serializer(
        "ClaimReview",
        fields={
            "@context": serializers.CharField(default="https://schema.org"),
            "@type": serializers.CharField(default="ClaimReview"),
            "url": serializers.URLField(),
            "claimReviewed": serializers.CharField(),
            "datePublished": serializers.DateField(),
            "author": serializers.DictField(help_text="The newsroom (Organization)."),
            "reviewRating": serializers.DictField(
                help_text="ratingValue, bestRating, worstRating, alternateName."
            ),
            "itemReviewed": serializers.DictField(
                help_text="The Claim: author, datePublished, appearance, firstAppearance."
            ),
        },
    )
)


class ClaimViewSet(
    QuickReadMixin,
    IdempotentCreateMixin,
    ConditionalWriteMixin,
    RankedOrderingMixin,
    viewsets.ModelViewSet,
):
    """Claims with their credibility, verdict, evidence and provenance.

    Anonymous users and non-staff tokens see published claims; with `updated_since` the list
    also returns claims retracted since then, so a mirror can drop them.
    """

    filterset_class = ClaimFilterSet
    filter_backends = [IdleAwareFilterBackend, AliasOrderingFilter]
    ordering_fields = ["stated_on", "updated_at", "credibility"]
    # stated_on may be empty; a cursor needs a value on every row.
    ordering_aliases = {"stated_on": "stated_sort"}
    default_ordering = ("-updated_at", "-id")
    service_checked_actions = ("submit", "publish", "retract")
    # A mirror's anonymous JSON GETs skip most of DRF's request cycle (QuickReadMixin).
    quick_actions = {"retrieve": frozenset(), "list": frozenset({"page_size", "cursor"})}
    # The list's and the detail's 200s, answered by the fast lane itself
    # (config/direct_answers.py).
    direct_actions = {"list": "list_data", "retrieve": "retrieve_data"}

    def get_queryset(self):
        syncing = self.action == "list" and "updated_since" in self.request.query_params
        claims = Claim.objects.visible_to(
            self.request.user, include_retracted=syncing
        ).select_related("speaker", "outlet")
        claims = self._within_parent(claims).annotate(
            stated_sort=Coalesce("stated_on", Value(date(1, 1, 1)))
        )
        if self.action in ("list", "retrieve"):
            # Rows for claims/api/read.py, which adds what each representation needs.
            return claims
        # Writes re-read the claim through the detail serializer: one query per relation
        # (joins inside each prefetch), not one per level.
        return claims.prefetch_related(
            "topics",
            Prefetch("evidence", Evidence.objects.select_related("source__outlet")),
            Prefetch("links_out", ClaimLink.objects.select_related("to_claim__speaker")),
            Prefetch("links_in", ClaimLink.objects.select_related("from_claim__speaker")),
        ).annotate(**EVIDENCE_COUNTS)

    def filter_queryset(self, queryset):
        # Filters and ordering choose rows of a list; on one claim they only cost time
        # (building the filter set was ~20 ms of a detail request).
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        """Published claims (staff: every claim), newest change first, 50 a page."""
        rows = compiled_page(self, request) or claim_rows(
            self.filter_queryset(self.get_queryset()), with_counts=True
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(claim_list_data(page, request))

    def list_data(self, request) -> dict:
        """The list page's data, as `list` answers it: for the fast lane."""
        return self.list(request).data

    def retrieve(self, request, *args, **kwargs):
        """One claim with its evidence (sources and their outlets) and its links."""
        return Response(self.retrieve_data(request, pk=self.kwargs["pk"]))

    def retrieve_data(self, request, pk: str) -> dict:
        """The detail's data (raises Http404): for `retrieve` and the fast lane."""
        return claim_detail(pk, request)

    def _within_parent(self, claims):
        """For /sources/{id}/claims/, /speakers/{id}/claims/, /outlets/{id}/claims/."""
        parents = {"source": Source, "speaker": Speaker, "outlet": Outlet}
        for key, model in parents.items():
            if key not in self.kwargs:
                continue
            pk = self.kwargs[key]
            if not model.objects.filter(pk=pk).exists():
                raise NotFound(f"No {model._meta.verbose_name} with id {pk}.")
            if key == "source":
                # A subquery, not a join: the evidence counts stay those of the whole claim.
                claims = claims.filter(
                    pk__in=Evidence.objects.filter(source_id=pk).values("claim_id")
                )
            else:
                claims = claims.filter(**{key: pk})
        return claims

    def get_serializer_class(self):
        return ClaimSerializer if self.action == "list" else ClaimDetailSerializer

    # The list's CSV columns (config/api/renderers.py), in the order of the JSON list.
    csv_columns = CLAIM_CSV_COLUMNS

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action == "list" else renderers

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(response, "exception", False) and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            # Errors are JSON, whatever format was asked for.
            request.accepted_renderer = ORJSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_create(self, serializer):
        topics = serializer.validated_data.pop("topics", None)
        claim = claim_save(claim=Claim(**serializer.validated_data), user=self.request.user)
        if topics is not None:
            claim.topics.set(topics)
        serializer.instance = self._reloaded(claim)

    def perform_update(self, serializer):
        topics = serializer.validated_data.pop("topics", None)
        claim = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(claim, field, value)
        claim_save(claim=claim, user=self.request.user)
        if topics is not None:
            claim.topics.set(topics)
        serializer.instance = self._reloaded(claim)

    def _reloaded(self, claim: Claim) -> Claim:
        """The claim as the detail view reads it (evidence counts, prefetched relations)."""
        return self.get_queryset().get(pk=claim.pk)

    def _fresh(self, claim: Claim) -> dict:
        return ClaimDetailSerializer(
            self._reloaded(claim), context=self.get_serializer_context()
        ).data

    @extend_schema(
        responses={204: None, 405: OpenApiResponse(description="Published claims are retracted")}
    )
    def destroy(self, request, *args, **kwargs):
        claim = self.get_object()
        if claim.has_been_public:
            return Response(
                {"detail": "A published claim cannot be deleted; retract it with a reason."},
                status=status.HTTP_405_METHOD_NOT_ALLOWED,
            )
        claim_delete(claim=claim, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _transition(self, service, **kwargs) -> Response:
        claim = self.get_object()
        service(claim=claim, user=self.request.user, **kwargs)
        return Response(self._fresh(claim))

    @extend_schema(request=None, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def submit(self, request, pk=None):
        """Draft -> in review."""
        return self._transition(claim_submit_for_review)

    @extend_schema(request=None, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def publish(self, request, pk=None):
        """Draft or in review -> published (editors; needs a source the claim appears in)."""
        return self._transition(claim_publish)

    @extend_schema(
        request=inline_serializer("RetractRequest", {"reason": serializers.CharField()}),
        responses=ClaimDetailSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def retract(self, request, pk=None):
        """Published -> retracted, with the reason readers will see (editors)."""
        reason = request.data.get("reason") if isinstance(request.data, dict) else None
        if not isinstance(reason, str) or not reason.strip():
            raise serializers.ValidationError({"reason": ["A retraction needs a reason."]})
        try:
            return self._transition(claim_retract, reason=reason)
        except DjangoValidationError as error:
            # The model calls it retraction_reason; this request calls it reason.
            if hasattr(error, "error_dict") and "retraction_reason" in error.error_dict:
                errors = error.message_dict
                errors["reason"] = errors.pop("retraction_reason")
                raise serializers.ValidationError(errors) from error
            raise

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def provenance(self, request, pk=None):
        """Speaker -> outlet -> sources -> cited sources -> origins, with independent lines."""
        public = not sees_unpublished(request.user)
        return Response(claim_provenance(self.get_object(), public=public))

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    @action(detail=True, methods=["get"], permission_classes=[StaffOnly])
    def history(self, request, pk=None):
        """Every change to the claim: who, when, what (staff only)."""
        return Response(claim_history(self.get_object()))

    @extend_schema(responses=ClaimReviewSchema)
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None):
        """schema.org ClaimReview JSON-LD, for a claim with a verdict."""
        claim = self.get_object()
        refusal = claim_review_refusal(claim)
        if refusal:
            raise NotFound(refusal)
        return Response(claim_review(claim, request), content_type="application/ld+json")


class ClaimReviewFeedViewSet(QuickReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every published claim with a rated verdict, as ClaimReview JSON-LD, newest first."""

    filter_backends = []
    # Polled page after page like the claim list: the quick path, and the fast lane's direct
    # answers (config/direct_answers.py), for a plain page request.
    quick_actions = {"list": frozenset({"page_size", "cursor"})}
    direct_actions = {"list": "list_data"}

    def get_queryset(self):
        return feed_claims()

    @extend_schema(
        responses=ClaimReviewSchema(many=True),
    )
    def list(self, request, *args, **kwargs):
        # Two queries a page, as rows: the claims with their speakers (claims/api/feed.py),
        # then the sources they appear in with their outlets, which is all a ClaimReview shows.
        page = self.paginate_queryset(compiled_feed_page(request) or feed_rows())
        appearances = appearances_by_claim([row["id"] for row in page])
        writer = ReviewWriter(request)
        return self.get_paginated_response(
            [writer.review_row(row, appearances[row["id"]]) for row in page]
        )

    def list_data(self, request) -> dict:
        """The feed page's data, as `list` answers it: for the fast lane."""
        return self.list(request).data


class SpeakerViewSet(
    IdempotentCreateMixin,
    ConditionalWriteMixin,
    RankedOrderingMixin,
    ServiceWriteMixin,
    viewsets.ModelViewSet,
):
    queryset = Speaker.objects.prefetch_related("aliases")
    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilterSet
    ordering_fields = ["name", "reliability", "updated_at"]
    default_ordering = ("name", "id")

    def save_with_service(self, speaker: Speaker) -> Speaker:
        return speaker_save(speaker=speaker, user=self.request.user)


class TopicViewSet(IdempotentCreateMixin, ServiceWriteMixin, viewsets.ModelViewSet):
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    ordering_fields = ["name"]
    ordering = ["name"]
    filterset_fields = ["slug"]

    def save_with_service(self, topic: Topic) -> Topic:
        return topic_save(topic=topic, user=self.request.user)


class EvidenceViewSet(IdempotentCreateMixin, ConditionalWriteMixin, viewsets.ModelViewSet):
    """Evidence rows, for staff tools: attach a source to a claim, edit, remove."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilterSet
    permission_classes = [StaffOnly]
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-updated_at", "-id"]

    def get_queryset(self):
        return Evidence.objects.select_related("claim", "source__outlet")

    def perform_create(self, serializer):
        serializer.instance = evidence_save(
            evidence=Evidence(**serializer.validated_data), user=self.request.user
        )

    def perform_update(self, serializer):
        evidence = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(evidence, field, value)
        evidence_save(evidence=evidence, user=self.request.user)

    def perform_destroy(self, instance):
        evidence_delete(evidence=instance, user=self.request.user)
