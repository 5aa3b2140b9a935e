"""Outlets and sources. Writes go through the services (permissions, history, recompute)."""

from rest_framework import viewsets

from config.api.concurrency import ConditionalWriteMixin
from config.api.filters import RankedOrderingMixin
from config.api.idempotency import IdempotentCreateMixin

from ..models import Outlet, Source
from ..services import outlet_save, source_save
from .filters import OutletFilterSet, SourceFilterSet
from .serializers import OutletSerializer, SourceSerializer


class ServiceWriteMixin:
    """Create and update through a service `save(obj, user)`; delete is not offered."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = self.save_with_service(
            serializer.Meta.model(**serializer.validated_data)
        )

    def perform_update(self, serializer):
        instance = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(instance, field, value)
        serializer.instance = self.save_with_service(instance)


class OutletViewSet(
    IdempotentCreateMixin,
    ConditionalWriteMixin,
    RankedOrderingMixin,
    ServiceWriteMixin,
    viewsets.ModelViewSet,
):
    queryset = Outlet.objects.prefetch_related("domains")
    serializer_class = OutletSerializer
    filterset_class = OutletFilterSet
    ordering_fields = ["name", "reliability", "updated_at"]
    default_ordering = ("name", "id")

    def save_with_service(self, outlet: Outlet) -> Outlet:
        return outlet_save(outlet=outlet, user=self.request.user)


class SourceViewSet(
    IdempotentCreateMixin,
    ConditionalWriteMixin,
    RankedOrderingMixin,
    ServiceWriteMixin,
    viewsets.ModelViewSet,
):
    queryset = Source.objects.select_related("outlet").prefetch_related("citations__cited")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    ordering_fields = ["published_at", "updated_at", "title"]
    default_ordering = ("-updated_at", "-id")

    def save_with_service(self, source: Source) -> Source:
        return source_save(source=source, user=self.request.user)
