"""Every API error is JSON. Validation errors name each field; others carry a `detail`."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from sources.versioning import StaleVersion

from .concurrency import stale_version_response

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    """The request is valid but the object's state does not allow it (e.g. workflow)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object's current state does not allow this."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus the errors our services raise, mapped to the right status."""
    from claims.services import InvalidTransition

    if isinstance(exc, StaleVersion):
        return stale_version_response(exc)
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database is unreachable (restarting, failing over): a temporary condition the
        # client should retry, not a server bug. Persistent connections reconnect by themselves.
        logger.warning("database unavailable: %s", exc)
        return Response(
            {"detail": "The database is unavailable for a moment; retry shortly."},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "2"},
        )
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(
            {"detail": f"The request body is larger than the limit of {limit:,} bytes."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, InvalidTransition):
        errors = _named(as_serializer_error(exc))
        first = next(iter(errors.values()), [""])
        return Response(
            {"detail": first[0] if first else "", **errors}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_named(as_serializer_error(exc)))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, ProtectedError):
        exc = Conflict("Other records depend on this one; it cannot be deleted.")
    return drf_exception_handler(exc, context)


def _named(errors: dict) -> dict:
    """Django's whole-object key `__all__` becomes DRF's `non_field_errors`."""
    if "__all__" in errors:
        errors = {**errors}
        errors["non_field_errors"] = errors.pop("__all__")
    return errors


def json_not_found(request, exception=None):
    """404 for URLs that match no view: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def json_server_error(request):
    """500: JSON under /api/ (nothing internal is shown), Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    from django.views.defaults import server_error

    return server_error(request)
