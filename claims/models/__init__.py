"""Claims: speakers, statements, their evidence and the links between them."""

from .claim import Claim, ClaimQuerySet, Credibility, QuoteKind, Status, Verdict, sees_unpublished
from .evidence import ClaimLink, Evidence, LinkKind, Relation
from .speaker import Speaker, SpeakerAlias, SpeakerQuerySet
from .topic import Topic

__all__ = [
    "Claim",
    "ClaimLink",
    "ClaimQuerySet",
    "Credibility",
    "Evidence",
    "LinkKind",
    "QuoteKind",
    "Relation",
    "Speaker",
    "SpeakerAlias",
    "SpeakerQuerySet",
    "Status",
    "Topic",
    "Verdict",
    "sees_unpublished",
]
