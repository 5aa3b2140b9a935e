from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's own records (idempotency keys); the endpoints live in the domain apps."""

    name = "config.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"
