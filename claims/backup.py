"""Export and restore everything the newsroom recorded, with its history.

`export_data` writes JSON Lines (one object a line, Django's serialization) of the data and the
history of every change: outlets, sources, citations, speakers, topics, claims, evidence, links,
their historical records, and the users and groups they refer to. Derived data is left out and
rebuilt on import (the search index); so are secrets and short-lived records (API tokens,
sessions, login attempts, idempotency keys). `import_data` loads such a file into an empty
database, resets the id sequences and rebuilds the search index, so that exporting again gives
the same lines.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# What is exported, parents before children (loaddata defers constraint checks anyway).
LABELS = [
    "auth.group",
    "auth.user",
    "sources.outlet",
    "sources.outletdomain",
    "sources.source",
    "sources.citation",
    "claims.speaker",
    "claims.speakeralias",
    "claims.topic",
    "claims.claim",
    "claims.evidence",
    "claims.claimlink",
]


def exported_models() -> list[str]:
    """Every label exported: the models above and their historical records."""
    labels = list(LABELS)
    for label in LABELS:
        model = apps.get_model(label)
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            labels.append(history.model._meta.label_lower)
    return labels


def data_export(path: str) -> None:
    """Write everything to `path` (.jsonl, or .jsonl.gz/.bz2/.xz to compress)."""
    call_command(
        "dumpdata",
        *exported_models(),
        format="jsonl",
        natural_foreign=True,  # permissions and content types by name, not by id
        output=path,
        verbosity=0,
    )


class NotEmpty(Exception):
    """The database already holds newsroom data; importing would mix two records."""


def data_import(path: str) -> int:
    """Load an export into an empty database; return how many objects were loaded."""
    Claim = apps.get_model("claims.Claim")
    Source = apps.get_model("sources.Source")
    Outlet = apps.get_model("sources.Outlet")
    Speaker = apps.get_model("claims.Speaker")
    if any(m.objects.exists() for m in (Claim, Source, Outlet, Speaker)):
        raise NotEmpty(
            "The database already holds outlets, sources, speakers or claims; import_data "
            "restores into an empty database only (migrate a new one first)."
        )
    with transaction.atomic():
        call_command("loaddata", path, verbosity=0)
        models = [apps.get_model(label) for label in exported_models()]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    from sources.search import rebuild

    rebuild(progress=False)
    return sum(apps.get_model(label).objects.count() for label in exported_models())
