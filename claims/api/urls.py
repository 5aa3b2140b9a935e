from django.urls import path
from rest_framework.routers import SimpleRouter

from .search import SearchView
from .views import (
    ClaimReviewFeedViewSet,
    ClaimViewSet,
    EvidenceViewSet,
    SpeakerViewSet,
    TopicViewSet,
)

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("claimreview", ClaimReviewFeedViewSet, basename="claimreview")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("topics", TopicViewSet, basename="topic")

# The claims of a source, speaker or outlet: the claim list, filtered. Defined here, not in
# sources, because sources does not know claims.
claims_list = ClaimViewSet.as_view({"get": "list"})
urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("sources/<int:source>/claims/", claims_list, name="source-claims"),
    path("speakers/<int:speaker>/claims/", claims_list, name="speaker-claims"),
    path("outlets/<int:outlet>/claims/", claims_list, name="outlet-claims"),
    *router.urls,
]
