"""Plans of the stages and the drafts each expert group writes in them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gremien.models import Committee
from lip.events import record_event

from ..models import Draft, Stage
from ._common import User, as_history_user, tidy

PLAN_FIELDS = ["planned_start", "planned_end", "planned_council", "actual_start", "actual_end"]


@transaction.atomic
def change_stage_plan(
    *,
    stage: Stage,
    planned_start: datetime.date,
    planned_end: datetime.date,
    planned_council: datetime.date | None,
    actual_start: datetime.date | None,
    actual_end: datetime.date | None,
    reason: str,
    by: User | None,
) -> Stage:
    """Change a stage's plan or record its actual dates; the history keeps the reason."""
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    reason = tidy(reason)
    if not reason:
        raise ValidationError(_("Please give a reason for the change."), code="reason")
    if planned_end < planned_start:
        raise ValidationError(
            _("The planned end must not be before the planned start."), code="dates"
        )
    if actual_end is not None and (actual_start is None or actual_end < actual_start):
        raise ValidationError(_("The actual end needs an actual start before it."), code="dates")
    new = {
        "planned_start": planned_start,
        "planned_end": planned_end,
        "planned_council": planned_council,
        "actual_start": actual_start,
        "actual_end": actual_end,
    }
    if all(getattr(stage, name) == value for name, value in new.items()):
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    for name, value in new.items():
        setattr(stage, name, value)
    stage._change_reason = reason[:100]
    as_history_user(stage, by).save(update_fields=PLAN_FIELDS)
    # The plans are public (stage pages, progress).
    record_event(
        kind="stage_plan_changed",
        summary=_("The schedule of stage %(number)s (%(name)s) was changed: %(reason)s")
        % {"number": stage.number, "name": stage.name, "reason": reason},
        subject=stage,
        by=by,
        public=True,
        url=stage.get_absolute_url(),
        data={name: value.isoformat() if value else None for name, value in new.items()},
    )
    return stage


@transaction.atomic
def create_drafts_for_stage(*, stage: Stage, by: User | None) -> list[Draft]:
    """Give every expert group without one a draft in work for the stage."""
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    groups = Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).exclude(drafts__stage=stage)
    drafts = []
    for committee in groups.order_by("position", "name"):
        draft = Draft(stage=stage, committee=committee)
        as_history_user(draft, by).save()
        drafts.append(draft)
    if not drafts:
        raise ValidationError(
            _("Every expert group already has a draft in this stage."), code="complete"
        )
    record_event(
        kind="drafts_created",
        summary=_("Stage %(number)s: drafts in work for %(groups)s.")
        % {"number": stage.number, "groups": ", ".join(d.committee.name for d in drafts)},
        subject=stage,
        by=by,
        public=True,
        url=stage.get_absolute_url(),
        data={"drafts": [draft.pk for draft in drafts]},
    )
    return drafts
