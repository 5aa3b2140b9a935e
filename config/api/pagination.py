"""Cursor pagination: stable while rows are added, with a bounded page size."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

INVALID_CURSOR = "Invalid cursor: use the next or previous link as given."


class CursorPagination(pagination.CursorPagination):
    """Pages follow a cursor, not an offset, so a consumer never sees a row twice or misses one
    when rows are added meanwhile. `page_size` may be set up to 200."""

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
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError, DjangoValidationError):
            # A hand-made cursor whose position does not fit the ordering's field.
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [INVALID_CURSOR]}) from None
