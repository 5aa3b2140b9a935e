"""The reasons behind a computed credibility grade, as stored on the claim and shown everywhere."""

from typing import TypedDict


class Reason(TypedDict):
    """One reason: a stable code for programs, a sentence for editors, what it is about."""

    code: str
    text: str
    sources: list[int]
    claims: list[int]


def reason(code: str, text: str, sources: list[int], claims: list[int] | None = None) -> Reason:
    return {"code": code, "text": text, "sources": list(sources), "claims": list(claims or [])}
