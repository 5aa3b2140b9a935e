"""Reactions to changes in the sources app. Thin: they hand over to the recompute service."""

from django.dispatch import receiver

from sources.signals import provenance_changed, shown_changed

from .recompute import claims_of_outlets, claims_using_sources
from .sync import claims_touch_showing
from .tasks import credibility_refresh


@receiver(provenance_changed, dispatch_uid="claims.recompute_on_provenance_change")
def recompute_on_provenance_change(sender, source_ids=(), outlet_ids=(), user=None, **kwargs):
    affected = claims_using_sources(source_ids) | claims_of_outlets(outlet_ids)
    credibility_refresh(claim_ids=affected, user=user)


@receiver(shown_changed, dispatch_uid="claims.touch_on_shown_change")
def touch_on_shown_change(sender, source_ids=(), outlet_ids=(), **kwargs):
    # Claims show outlets and sources: a mirror syncing by updated_at must fetch them again.
    claims_touch_showing(source_ids=source_ids, outlet_ids=outlet_ids)
