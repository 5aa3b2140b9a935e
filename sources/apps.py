from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Where information is published and who cites whom: outlets, sources, citations."""

    name = "sources"
    verbose_name = "Sources"
