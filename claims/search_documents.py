"""The claims app's searchable documents: claims and speakers (see sources.search.registry).

Registered from ClaimsConfig.ready(), so that sources never imports claims.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from sources.search import search_index_update
from sources.search.documents import DATE_FILTERS, drop_deleted
from sources.search.registry import Dialect, DocumentType, register

from .models import Claim, Speaker, SpeakerAlias, Status


def _aliases(d: Dialect, speaker_id: str) -> str:
    return (
        f"COALESCE((SELECT {d.string_agg('sa.name')} FROM claims_speakeralias sa "
        f"WHERE sa.speaker_id = {speaker_id}), '')"
    )


def claim_select(d: Dialect, where: str) -> str:
    """Claims: the speaker's name and aliases weigh most, then the text, then the outlet."""
    published = f"(c.status = '{Status.PUBLISHED.value}')"
    return f"""
        SELECT c.id,
               sp.name || ': ' || CASE WHEN LENGTH(c.text) > 120
                   THEN SUBSTR(c.text, 1, 119) || '…' ELSE c.text END,
               c.text, c.language,
               sp.name || ' ' || {_aliases(d, "sp.id")}, '', c.text, COALESCE(o.name, ''), '',
               c.outlet_id, c.speaker_id, c.quote_kind, c.stated_on, c.status, {published}
        FROM claims_claim c
        JOIN claims_speaker sp ON sp.id = c.speaker_id
        LEFT JOIN sources_outlet o ON o.id = c.outlet_id
        WHERE {where}
    """


def speaker_select(d: Dialect, where: str) -> str:
    """Speakers: name and aliases, then role and affiliation; names matched fuzzily too."""
    aliases = _aliases(d, "sp.id")
    return f"""
        SELECT sp.id, sp.name,
               sp.name || CASE WHEN sp.role <> '' THEN ', ' || sp.role ELSE '' END, '',
               sp.name || ' ' || {aliases}, sp.role || ' ' || sp.affiliation, '', '',
               sp.name || ' ' || {aliases},
               CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), sp.kind, CAST(NULL AS DATE),
               '', {d.true()}
        FROM claims_speaker sp
        WHERE {where}
    """


def _credibility(op: str) -> str:
    # Credibility is recomputed in bulk without touching the index, so it is read live.
    return (
        "EXISTS (SELECT 1 FROM claims_claim cc "
        f"WHERE cc.id = e.object_id AND cc.credibility {op} %s)"
    )


def _alias_changed(sender, instance: SpeakerAlias, **kwargs) -> None:
    # Aliases are edited inline with their speaker (no service of their own);
    # refreshed after the commit, when the outlet and all its domains are saved.
    speaker_id = instance.speaker_id
    transaction.on_commit(lambda: search_index_update("speaker", [speaker_id]))


def register_documents() -> None:
    """Register claims and speakers with the search index."""
    for signal in (post_save, post_delete):
        signal.connect(_alias_changed, sender=SpeakerAlias, dispatch_uid="search.alias")
    for model in (Claim, Speaker):
        post_delete.connect(drop_deleted, sender=model, dispatch_uid=f"search.deleted.{model}")
    register(
        DocumentType(
            kind="claim",
            table="claims_claim",
            alias="c",
            select=claim_select,
            filters={
                "outlet": "e.outlet_id = %s",
                "speaker": "e.speaker_id = %s",
                "kind": "e.obj_kind = %s",
                "status": "e.status = %s",
                "credibility_max": _credibility("<="),
                "credibility_min": _credibility(">="),
                **DATE_FILTERS,
            },
            follows={"speaker": "c.speaker_id", "outlet": "c.outlet_id"},
            order=0,
        )
    )
    register(
        DocumentType(
            kind="speaker",
            table="claims_speaker",
            alias="sp",
            select=speaker_select,
            filters={"kind": "e.obj_kind = %s"},
            fuzzy=True,
            order=2,
        )
    )
