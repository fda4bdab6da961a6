"""The Abwägung: the expert group answers each comment, Vorschlag and Anliegen."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from etappen.models import VersionSection
from gremien.models import Committee
from lip.events import record_event
from lip.history import as_history_user

from ..models import Concern, Consideration, Contribution
from ..notifications import notify_contribution_answered
from ._common import check_length, clean_text


def responsible_group_id(item: Contribution | Concern) -> int | None:
    """The expert group that answers: the draft's group, the Vorschlag's Themenfeld, or the group
    OE 50.6 routed the Anliegen to."""
    if isinstance(item, Concern):
        return item.routed_to_id
    if item.kind == Contribution.Kind.SUGGESTION:
        return item.committee_id
    return item.version.draft.committee_id


def _check_later_section(item: Contribution | Concern, section: VersionSection) -> None:
    later = section.version
    if isinstance(item, Contribution) and item.kind == Contribution.Kind.COMMENT:
        fits = later.draft_id == item.version.draft_id and later.number > item.version.number
        message = _("Please choose a section of a later version of the same draft.")
    else:
        fits = later.draft.committee_id == responsible_group_id(item)
        message = _("Please choose a section of a version of this expert group's drafts.")
    if not fits:
        raise ValidationError(message, code="later_section")


@transaction.atomic
def answer(
    *,
    item: Contribution | Concern,
    outcome: str,
    reason: str,
    later_section: VersionSection | None = None,
    reason_in_language: str = "",
    by,
) -> Consideration:
    """Record (or revise) the group's answer: outcome, reason and optionally the section of a
    later version that takes the contribution up, and the reason also in the language the
    contribution names. Published contributions and routed concerns only."""
    if isinstance(item, Concern):
        item = Concern.objects.select_for_update().get(pk=item.pk)
        if item.status != Concern.Status.ROUTED:
            raise ValidationError(
                _("Only a concern routed to an expert group can be answered."), code="status"
            )
        target = {"concern": item}
    else:
        item = (
            Contribution.objects.select_for_update(of=("self",))
            .select_related("version__draft")
            .get(pk=item.pk)
        )
        if item.status != Contribution.Status.PUBLISHED:
            raise ValidationError(
                _("Only a published contribution can be answered."), code="status"
            )
        target = {"contribution": item}
    if outcome not in Consideration.Outcome.values:
        raise ValidationError(
            _("Please choose how the contribution was considered."), code="outcome"
        )
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("Please give a reason."), code="reason")
    check_length(reason, Consideration._meta.get_field("reason").max_length, field="reason")
    reason_in_language = clean_text(reason_in_language)
    if reason_in_language and not getattr(item, "text_language", ""):
        raise ValidationError(
            _("The contribution names no language; please answer in German only."),
            code="reason_in_language",
        )
    check_length(reason_in_language, 3000, field="reason_in_language")
    if later_section is not None:
        later_section = VersionSection.objects.select_related("version__draft").get(
            pk=later_section.pk
        )
        _check_later_section(item, later_section)
    consideration = Consideration.objects.filter(**target).first() or Consideration(**target)
    is_new = consideration.pk is None
    consideration.committee = Committee.objects.get(pk=responsible_group_id(item))
    consideration.outcome = outcome
    consideration.reason = reason
    consideration.reason_in_language = reason_in_language
    consideration.later_section = later_section
    consideration.answered_at = timezone.now()
    consideration.answered_by = by
    as_history_user(consideration, by)
    consideration.save()
    kind = "concern" if isinstance(item, Concern) else item.kind
    record_event(
        kind="consideration_recorded" if is_new else "consideration_revised",
        summary=(
            _("The expert group %(group)s answered %(item)s.")
            if is_new
            else _("The expert group %(group)s revised its answer to %(item)s.")
        )
        % {"group": consideration.committee.name, "item": str(item)},
        subject=consideration,
        by=by,
        url=reverse("beteiligung:consideration-list"),
        data={"kind": kind, "outcome": outcome},
    )
    notify_contribution_answered(consideration=consideration)
    return consideration
