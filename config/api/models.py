"""What the API itself must remember: which create requests it has already carried out."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """One client-chosen `Idempotency-Key` of one user, and the response its request got.

    The row is written before the request runs (claiming the key: the unique constraint lets
    only one of two concurrent retries through) and completed with the response after; a
    retry with the same key gets that response again instead of creating a second object.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request's data.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"

    @property
    def completed(self) -> bool:
        return self.status_code is not None
