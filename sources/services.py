"""Writes to outlets, sources and citations, with who may make them."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Citation, Outlet, Source
from .search import search_index_update
from .signals import provenance_changed, shown_changed
from .versioning import version_bump

User = AbstractBaseUser | AnonymousUser | None


def require_perm(user: User, perm: str, message: str) -> None:
    """Raise PermissionDenied unless `user` holds `perm`."""
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(message)


def record_history(obj, user: User, reason: str) -> None:
    """Tell django-simple-history who made this change and why (also outside a request)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj._change_reason = reason


def _rating_changed(obj, model) -> bool:
    if obj.pk is None:
        return (obj.reliability, obj.reliability_rationale) != ("F", "")
    before = model.objects.filter(pk=obj.pk).values_list("reliability", "reliability_rationale")
    return before.first() != (obj.reliability, obj.reliability_rationale)


def rated_save(obj, *, user: User, perm_prefix: str, rate_perm: str, reason: str = ""):
    """Save an outlet or speaker; changing its reliability grade needs the rating permission.

    Returns the object and whether its grade changed (so that dependants can be recomputed).
    """
    model = type(obj)
    creating = obj.pk is None
    require_perm(
        user,
        f"{perm_prefix}.{'add' if creating else 'change'}_{model._meta.model_name}",
        f"You may not {'create' if creating else 'edit'} {model._meta.verbose_name_plural}.",
    )
    rating_changed = _rating_changed(obj, model)
    if rating_changed:
        require_perm(user, rate_perm, f"Only editors rate {model._meta.verbose_name_plural}.")
    version_bump(obj)  # before validating: the version may be unset
    obj.full_clean()
    record_history(obj, user, reason or ("Created" if creating else "Edited"))
    obj.save()
    return obj, rating_changed and not creating


# What other apps show of an outlet or a source beside their own rows.
OUTLET_SHOWN = ("name", "kind", "reliability")
SOURCE_SHOWN = ("title", "url", "kind", "published_at", "outlet_id")


def stored_values(obj, *fields: str) -> tuple | None:
    """`fields` of `obj` as the database has them, or None for an object not yet saved."""
    if obj.pk is None:
        return None
    return type(obj).objects.filter(pk=obj.pk).values_list(*fields).first()


def current_values(obj, *fields: str) -> tuple:
    """`fields` of `obj` as it is now, to compare with `stored_values`."""
    return tuple(getattr(obj, field) for field in fields)


@transaction.atomic
def outlet_save(*, outlet: Outlet, user: User, reason: str = "") -> Outlet:
    """Create or edit an outlet; its reliability grade is for editors only."""
    before = stored_values(outlet, *OUTLET_SHOWN)
    outlet, rating_changed = rated_save(
        outlet, user=user, perm_prefix="sources", rate_perm="sources.rate_outlet", reason=reason
    )
    if before is not None and before != current_values(outlet, *OUTLET_SHOWN):
        shown_changed.send(sender=Outlet, outlet_ids=[outlet.pk])
    if rating_changed:
        provenance_changed.send(sender=Outlet, outlet_ids=[outlet.pk], user=user)
    search_index_update("outlet", [outlet.pk])  # search index (and its sources and claims)
    return outlet


@transaction.atomic
def source_save(*, source: Source, user: User, reason: str = "") -> Source:
    """Create or edit a source: URL normalized, body fingerprinted, outlet recognised."""
    creating = source.pk is None
    require_perm(
        user,
        "sources.add_source" if creating else "sources.change_source",
        "You may not change sources.",
    )
    version_bump(source)  # before validating: the version may be unset
    source.full_clean()
    before = stored_values(source, *SOURCE_SHOWN)
    moved = before is not None and before[SOURCE_SHOWN.index("outlet_id")] != source.outlet_id
    record_history(source, user, reason or ("Created" if creating else "Edited"))
    source.save()
    if moved:
        provenance_changed.send(sender=Source, source_ids=[source.pk], user=user)
    if before is not None and before != current_values(source, *SOURCE_SHOWN):
        shown_changed.send(sender=Source, source_ids=[source.pk])
    search_index_update("source", [source.pk])  # search index
    return source


@transaction.atomic
def citation_save(*, citation: Citation, user: User) -> Citation:
    """Record that one source quotes, republishes or cites another."""
    creating = citation.pk is None
    require_perm(
        user,
        "sources.add_citation" if creating else "sources.change_citation",
        "You may not change citations.",
    )
    citation.full_clean()
    before = (
        None
        if creating
        else Citation.objects.filter(pk=citation.pk).values_list("citing_id", flat=True).first()
    )
    record_history(citation, user, "Added" if creating else "Edited")
    citation.save()
    citing = {citation.citing_id} | ({before} if before else set())
    provenance_changed.send(sender=Citation, source_ids=sorted(citing), user=user)
    return citation


@transaction.atomic
def citation_delete(*, citation: Citation, user: User) -> None:
    """Remove a citation (kept in history)."""
    require_perm(user, "sources.delete_citation", "You may not remove citations.")
    record_history(citation, user, "Removed")
    citing = citation.citing_id
    citation.delete()
    provenance_changed.send(sender=Citation, source_ids=[citing], user=user)
