"""Every database constraint is named and says in words what it refuses, and forms show it."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import BaseConstraint

from tests.factories import OutletFactory, SpeakerFactory

PROJECT_APPS = ("claims", "sources")


def project_constraints():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for constraint in model._meta.constraints:
                yield pytest.param(model, constraint, id=f"{model.__name__}.{constraint.name}")


@pytest.mark.parametrize(("model", "constraint"), list(project_constraints()))
def test_each_constraint_has_its_own_message(model, constraint):
    default = BaseConstraint.default_violation_error_message
    message = str(constraint.violation_error_message or "")
    assert constraint.name.startswith(model._meta.model_name), constraint.name
    if getattr(constraint, "fields", None) and not getattr(constraint, "condition", None):
        return  # a plain unique constraint: Django names the fields in its own message
    assert message and message != default, f"{constraint.name} has no message of its own"


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (SpeakerFactory, "wikidata_id", "X12"),
        (OutletFactory, "wikidata_id", "12"),
        (SpeakerFactory, "country", "ZZ"),
        (OutletFactory, "country", "Atlantis"),
    ],
)
def test_a_refused_value_is_named_by_its_field(factory, field, value):
    """Forms and the API report the field: the field's own check runs before the database's."""
    errors = errors_of(factory.build(**{field: value}))
    assert set(errors) == {field}, errors


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [SpeakerFactory, OutletFactory])
def test_a_rating_without_a_rationale_is_explained(factory):
    errors = errors_of(factory.build(reliability="B", reliability_rationale=""))
    assert any("rationale" in message for messages in errors.values() for message in messages)
