"""The sources app's searchable documents: sources and outlets (see registry.py)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .registry import Dialect, DocumentType, register

DATE_FILTERS = {"date_from": "e.date >= %s", "date_to": "e.date <= %s"}


def source_select(d: Dialect, where: str) -> str:
    """Sources: title weighs most, then byline, body, and the outlet's name."""
    return f"""
        SELECT s.id, s.title, s.body, s.language,
               s.title, s.byline, s.body, COALESCE(o.name, ''), '',
               s.outlet_id, CAST(NULL AS BIGINT), s.kind, {d.to_date("s.published_at")},
               '', {d.true()}
        FROM sources_source s LEFT JOIN sources_outlet o ON o.id = s.outlet_id
        WHERE {where}
    """


def outlet_select(d: Dialect, where: str) -> str:
    """Outlets: name, then domains; both matched fuzzily too."""
    domains = (
        f"COALESCE((SELECT {d.string_agg('od.domain')} FROM sources_outletdomain od "
        "WHERE od.outlet_id = o.id), '')"
    )
    return f"""
        SELECT o.id, o.name, o.name || ' ' || {domains}, '',
               o.name, {domains}, '', '', o.name || ' ' || {domains},
               CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), o.kind, CAST(NULL AS DATE),
               '', {d.true()}
        FROM sources_outlet o
        WHERE {where}
    """


def _domain_changed(sender, instance, **kwargs) -> None:
    # Domains are edited inline with their outlet (no service of their own);
    # refreshed after the commit, when the outlet and all its domains are saved.
    from . import search_index_update

    outlet_id = instance.outlet_id
    transaction.on_commit(lambda: search_index_update("outlet", [outlet_id]))


def drop_deleted(sender, instance, **kwargs) -> None:
    """post_delete receiver for any indexed model: deletes happen outside the services too (the
    admin's delete), so the document is dropped after the commit."""
    from . import search_index_update

    kind, pk = sender._meta.model_name, instance.pk
    transaction.on_commit(lambda: search_index_update(kind, [pk]))


def register_documents() -> None:
    """Register sources and outlets (called from the search app's ready())."""
    from sources.models import Outlet, OutletDomain, Source

    for signal in (post_save, post_delete):
        signal.connect(_domain_changed, sender=OutletDomain, dispatch_uid="search.domain")
    for model in (Source, Outlet):
        post_delete.connect(drop_deleted, sender=model, dispatch_uid=f"search.deleted.{model}")
    register(
        DocumentType(
            kind="source",
            table="sources_source",
            alias="s",
            select=source_select,
            filters={"outlet": "e.outlet_id = %s", "kind": "e.obj_kind = %s", **DATE_FILTERS},
            follows={"outlet": "s.outlet_id"},
            order=1,
        )
    )
    register(
        DocumentType(
            kind="outlet",
            table="sources_outlet",
            alias="o",
            select=outlet_select,
            filters={"kind": "e.obj_kind = %s"},
            fuzzy=True,
            order=3,
        )
    )
