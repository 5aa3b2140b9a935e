"""Background work, through Django's tasks framework (the backend is chosen in settings).

Tasks take plain JSON arguments (ids), so that a queued task survives a restart and runs on
any host; what they do is a service's work, unchanged.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task

from .recompute import credibility_recompute


@task
def recompute_credibility(claim_ids: list[int], user_id: int | None = None) -> int:
    """Recompute these claims' credibility (a rating change touching many claims); returns
    how many claims changed. The history names `user_id` as the one who made the change."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return credibility_recompute(claim_ids=claim_ids, user=user)


def credibility_refresh(*, claim_ids: set[int] | list[int], user=None) -> None:
    """Recompute claims' credibility after a change: at once when they are few, in a
    background task when they are many (more than CREDIBILITY_INLINE_LIMIT, as when an
    outlet or a prolific speaker is re-rated).

    The task is queued inside the caller's transaction, so that the change and the work it
    asks for are committed (or refused) together; with the immediate backend it runs here.
    """
    if len(claim_ids) <= settings.CREDIBILITY_INLINE_LIMIT:
        credibility_recompute(claim_ids=claim_ids, user=user)
        return
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    recompute_credibility.enqueue(sorted(claim_ids), user_id)
