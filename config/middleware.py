"""Request guards that apply to every page and endpoint."""

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse


class RejectNulBytesMiddleware:
    """Refuse a NUL byte in the path or query string with a 400, before any view runs.

    PostgreSQL cannot store or compare text containing NUL; without this guard such input
    reaches a query (a search box, an autocomplete, a filter) and fails there as a server error.
    """

    message = "NUL characters are not allowed in the URL."

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(query):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.message}, status=400)
            return HttpResponseBadRequest(self.message)
        return self.get_response(request)
