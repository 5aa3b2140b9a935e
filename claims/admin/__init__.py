"""The editors' workplace for claims, speakers, evidence and links."""

from . import claims, sources, speakers  # noqa: F401  (registers the admin classes)
