from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over every app's documents (engine-neutral; see sources.search)."""

    name = "sources.search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .documents import register_documents

        register_documents()
