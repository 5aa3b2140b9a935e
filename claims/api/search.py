"""GET /api/v1/search/?q=&type=: mixed, ranked results with highlighted snippets."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from sources.search import search

from ..models import sees_unpublished

TYPES = {"claim": "api:claim-detail", "source": "api:source-detail",
         "speaker": "api:speaker-detail", "outlet": "api:outlet-detail"}  # fmt: skip
MAX_LIMIT = 100


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=500, help_text='Words, "a phrase", OR, -word.')
    type = serializers.MultipleChoiceField(choices=list(TYPES), required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=20)
    offset = serializers.IntegerField(min_value=0, max_value=10_000, default=0)


class SearchView(APIView):
    """Search claims, sources, speakers and outlets at once, best matches first.

    Anonymous users and non-staff tokens find published claims only.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description='Words, "a phrase", OR, -word.'),
            OpenApiParameter(
                "type",
                str,
                many=True,
                enum=list(TYPES),
                description="Limit to these kinds (repeat the parameter).",
            ),
            OpenApiParameter("limit", int, description=f"Results per page, 1 to {MAX_LIMIT}."),
            OpenApiParameter("offset", int, description="Results to skip."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        params = SearchQuerySerializer(
            data={
                "q": request.query_params.get("q", ""),
                "type": request.query_params.getlist("type") or list(TYPES),
                "limit": request.query_params.get("limit", 20),
                "offset": request.query_params.get("offset", 0),
            }
        )
        if not params.is_valid():
            raise ValidationError(params.errors)
        data = params.validated_data
        user = request.user
        results = search(
            data["q"],
            kinds=tuple(k for k in TYPES if k in data["type"]),
            include_unpublished=sees_unpublished(user),
            limit=data["limit"],
            offset=data["offset"],
        )
        return Response(
            {
                "count": results.total,
                "count_is_estimate": results.total_is_estimate,
                "results": [
                    {
                        "type": hit.kind,
                        "id": hit.object_id,
                        "title": hit.title,
                        "snippet": str(hit.snippet),
                        "score": hit.score,
                        "url": reverse(TYPES[hit.kind], args=[hit.object_id], request=request),
                    }
                    for hit in results.hits
                ],
            }
        )
