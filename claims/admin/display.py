"""Badges shown on claim lists and pages."""

from sources.admin import badge

from ..models import Claim, Status

STATUS_COLOURS = {
    Status.DRAFT: "#6b6b6b",
    Status.IN_REVIEW: "#a06a00",
    Status.PUBLISHED: "#1b7f3b",
    Status.RETRACTED: "#b3261e",
}
CREDIBILITY_COLOURS = {
    1: "#1b7f3b",
    2: "#4c9a2a",
    3: "#a08a00",
    4: "#c66a00",
    5: "#b3261e",
    6: "#6b6b6b",
}


def status_badge(claim: Claim) -> str:
    return badge(claim.get_status_display(), STATUS_COLOURS[claim.status])


def credibility_badge(claim: Claim) -> str:
    """The effective grade; an override is marked with an asterisk and shows both in its title."""
    title = claim.get_credibility_display()
    label = str(claim.credibility)
    if claim.is_overridden:
        label += "*"
        title += f" (editor's override; computed: {claim.credibility_computed})"
    return badge(label, CREDIBILITY_COLOURS[claim.credibility], title)
