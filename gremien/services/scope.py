"""Changes of an expert group's topic scope: proposed, agreed or rejected, applied.

Every step is written to the process event log (so the Ausschuss reads it in its digest);
the applied change is public, the steps before it are internal.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lip.events import record_event
from lip.history import as_history_user

from ..models import Committee, ScopeChange, Subtopic
from ._common import tidy


@transaction.atomic
def propose_scope_change(
    *, committee: Committee, new_name: str, new_subtopics: list[str], reason: str, by
) -> ScopeChange:
    """An expert group proposes a new name and subtopics; the steering group must agree."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(_("Only expert groups change their topic scope."))
    new_name = tidy(new_name)
    subtopics = [topic for topic in map(tidy, new_subtopics) if topic]
    current = list(committee.subtopics.values_list("name", flat=True))
    if new_name == committee.name and subtopics == current:
        raise ValidationError(_("The proposal does not change anything."))
    if committee.scope_changes.filter(
        status__in=[ScopeChange.Status.PROPOSED, ScopeChange.Status.AGREED]
    ).exists():
        raise ValidationError(_("A change of this group's scope is already pending."))
    change = ScopeChange(
        committee=committee,
        old_name=committee.name,
        old_subtopics="\n".join(current),
        new_name=new_name,
        new_subtopics="\n".join(subtopics),
        reason=tidy(reason),
        proposed_by=by,
    )
    as_history_user(change, by).save()
    _record(
        change,
        "scope_change_proposed",
        _("%(group)s: a change of the topic scope has been proposed (“%(new)s”).")
        % {"group": committee.name, "new": change.new_name},
        by,
    )
    return change


def _record(change: ScopeChange, kind: str, summary: str, by, *, public: bool = False) -> None:
    record_event(
        kind=kind,
        summary=summary,
        subject=change,
        by=by,
        public=public,
        url=change.committee.get_absolute_url(),
        data={"change": change.pk, "committee": change.committee_id},
    )


def _lock_change(change: ScopeChange, expected: str) -> ScopeChange:
    change = (
        ScopeChange.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=change.pk)
    )
    if change.status != expected:
        raise ValidationError(
            _("This change is %(status)s and cannot take this step.")
            % {"status": change.get_status_display()}
        )
    return change


@transaction.atomic
def agree_scope_change(*, change: ScopeChange, by) -> ScopeChange:
    """Record that the steering group agreed to the proposed change."""
    change = _lock_change(change, ScopeChange.Status.PROPOSED)
    change.status = ScopeChange.Status.AGREED
    change.agreed_at = timezone.now()
    as_history_user(change, by).save()
    _record(
        change,
        "scope_change_agreed",
        _("%(group)s: the steering group agreed to the change of the topic scope (“%(new)s”).")
        % {"group": change.committee.name, "new": change.new_name},
        by,
    )
    return change


@transaction.atomic
def reject_scope_change(*, change: ScopeChange, by) -> ScopeChange:
    """Record that the steering group did not agree."""
    change = (
        ScopeChange.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=change.pk)
    )
    if change.status not in (ScopeChange.Status.PROPOSED, ScopeChange.Status.AGREED):
        raise ValidationError(_("This change has already been settled."))
    change.status = ScopeChange.Status.REJECTED
    as_history_user(change, by).save()
    _record(
        change,
        "scope_change_rejected",
        _("%(group)s: the change of the topic scope (“%(new)s”) was not agreed.")
        % {"group": change.committee.name, "new": change.new_name},
        by,
    )
    return change


@transaction.atomic
def apply_scope_change(*, change: ScopeChange, by) -> Committee:
    """Give the group its agreed name and subtopics; history keeps the old state."""
    change = _lock_change(change, ScopeChange.Status.AGREED)
    committee = Committee.objects.select_for_update().get(pk=change.committee_id)
    committee.name = change.new_name
    committee.topic_field = change.new_name
    as_history_user(committee, by).save()
    wanted = change.new_subtopic_list
    for subtopic in committee.subtopics.exclude(name__in=wanted):
        as_history_user(subtopic, by).delete()
    existing = {subtopic.name: subtopic for subtopic in committee.subtopics.all()}
    for position, name in enumerate(wanted, start=1):
        subtopic = existing.get(name) or Subtopic(committee=committee, name=name)
        if subtopic.pk is None or subtopic.position != position:
            subtopic.position = position
            as_history_user(subtopic, by).save()
    change.status = ScopeChange.Status.APPLIED
    change.applied_at = timezone.now()
    as_history_user(change, by).save()
    change.committee = committee
    _record(
        change,
        "scope_change_applied",
        _(
            "The topic scope of the expert group “%(old)s” has changed: name “%(new)s”, "
            "subtopics: %(subtopics)s."
        )
        % {
            "old": change.old_name,
            "new": change.new_name,
            "subtopics": ", ".join(wanted) or "–",
        },
        by,
        public=True,
    )
    return committee
