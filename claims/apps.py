from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Statements, their speakers, evidence, links, workflow and credibility."""

    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .search_documents import register_documents

        register_documents()  # claims and speakers become searchable
