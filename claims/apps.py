from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Statements, their speakers, evidence, links, workflow and credibility."""

    name = "claims"
    verbose_name = "Claims"
