"""Intake of articles: rule-based extraction of attributed statements (who said what)."""

from .extract import Attribution, extract_attributions

__all__ = ["Attribution", "extract_attributions"]
