"""What the access tests share: the state a refused request must leave as it was."""

from claims.models import Claim, Evidence
from sources.versioning import version_tag
from tests.api.helpers import snapshot

LOGIN = "login"  # the admin sends the caller to its login page (302), nothing else happens


def claim_state(claim: Claim) -> tuple:
    """Everything a refused write must leave as it was: the row, its version and history, its
    evidence, and the number of evidence rows anywhere."""
    return (
        snapshot(claim),
        Claim.objects.get(pk=claim.pk).version,
        claim.history.count(),
        sorted(
            Evidence.objects.filter(claim=claim).values_list("id", "note", "relation", "version")
        ),
        Evidence.objects.count(),
    )


def etag(obj) -> str:
    """The ETag of the object's current version, as a client that just read it would send."""
    return version_tag(type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).get())
