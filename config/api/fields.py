"""Serializer fields and mixins shared by the API."""

from django_countries.serializer_fields import CountryField as _CountryField
from rest_framework import serializers

# The largest id a bigint column holds: a larger one from a client is a 400 (a 404 in a URL),
# never a database error.
MAX_ID = 2**63 - 1
# A database id: refuses 1e400, "inf" and numbers past 64 bits with a 400 instead of a 500.
ID_FIELD = serializers.IntegerField(min_value=1, max_value=MAX_ID)

SERVER_FIELDS = {
    "created_at": "Set by the server.",
    "updated_at": "Set by the server.",
    "created_by": "Set from the authenticated user.",
    "updated_by": "Set from the authenticated user.",
    "body_sha256": "Computed from the body.",
    "version": "Set by the server; send the ETag as If-Match to say which version you edit.",
}


class StrictStringsMixin:
    """Text fields take JSON strings only. DRF's CharField turns a number into its text, so
    `{"text": 1e400}` would store "inf"; here it is a 400 naming the field."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {
                name: ["Not a valid string."]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and data.get(name) is not None
                and not isinstance(data.get(name), str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class RejectServerFieldsMixin:
    """Refuse, by name, fields the server sets, instead of silently ignoring them."""

    server_fields = SERVER_FIELDS

    def validate(self, attrs):
        errors = {
            name: [message]
            for name, message in self.server_fields.items()
            if name in getattr(self, "initial_data", {})
        }
        if errors:
            raise serializers.ValidationError(errors)
        return super().validate(attrs)


class CountryField(_CountryField):
    """django-countries' field, refusing non-ASCII input with a 400: it reads "³" as a digit
    (str.isdigit) and then fails on int("³") with a server error."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data and not (data.isascii() and data.isalnum()):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)
