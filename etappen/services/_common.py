"""Helpers the etappen services share: row locks, transition checks, history users, text."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lip.history import as_history_user
from lip.pagecache import ETAPPEN, bump
from lip.text import strip_control_characters

from ..models import ConsultationRequest, Draft, DraftVersion
from ..signals import version_closed

# Who acts; None only where no account is known (data loaded outside a request).
User = AbstractBaseUser

# Why a transition is refused, per transition; %(state)s is the draft's current state.
REFUSALS = {
    "submit": gettext_lazy(
        "Only a draft in work or back for revision can be submitted; this draft is “%(state)s”."
    ),
    "accept": gettext_lazy("Only a submitted draft can be accepted; this draft is “%(state)s”."),
    "return_for_revision": gettext_lazy(
        "Only a submitted draft can be sent back for revision; this draft is “%(state)s”."
    ),
}


def lock_draft(draft_id: int) -> Draft:
    """The draft row, locked until the transaction ends (PostgreSQL; SQLite locks the file)."""
    return Draft.objects.select_for_update().get(pk=draft_id)


def check_transition(draft: Draft, transition: str) -> None:
    """Refuse a transition the draft's current state does not allow."""
    if not draft.allows(transition):
        raise ValidationError(
            REFUSALS[transition] % {"state": draft.get_state_display()},
            code="invalid_transition",
        )


def move_draft(draft: Draft, transition: str, *, user) -> None:
    """Put the draft into the transition's target state (the caller has checked and locked)."""
    _sources, target = Draft.TRANSITIONS[transition]
    draft.state = target
    draft.state_changed_at = timezone.now()
    as_history_user(draft, user).save(update_fields=["state", "state_changed_at"])


def close_version(version: DraftVersion, reason: str) -> list[ConsultationRequest]:
    """Stop the version taking input now and record why (the caller holds the draft lock).

    Its requests without a text become moot (ConsultationRequest.status); they are returned, so
    the caller can name them. Apps above are told through ``signals.version_closed`` in this
    transaction (beteiligung ends the comment window there).
    """
    moot = list(
        ConsultationRequest.objects.filter(version=version).pending().select_related("committee")
    )
    version.closed_at = timezone.now()
    version.closed_reason = reason
    DraftVersion.objects.filter(pk=version.pk).update(
        closed_at=version.closed_at, closed_reason=reason
    )
    bump(ETAPPEN)  # update() sends no signal (lip/pagecache.py)
    version_closed.send(sender=DraftVersion, version=version)
    return moot


def check_editable(draft: Draft) -> None:
    if not draft.is_editable:
        raise ValidationError(
            _(
                "The sections can only be changed while the draft is in work or back for "
                "revision; this draft is “%(state)s”."
            )
            % {"state": draft.get_state_display()},
            code="not_editable",
        )


def date_text(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def tidy(value: str) -> str:
    """Text as staff write it, stored without control or bidi characters and trimmed.

    Unlike public input (beteiligung), the markup a field allows stays; only what is invisible
    and can disguise text goes (lip.text).
    """
    return strip_control_characters(value).strip()
