"""The council paper of a stage (Verwaltungsentwurf) and its Beratungsfolge."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gremien.models import Committee
from lip.events import record_event

from ..models import CouncilConsultation, Draft, Paper, Stage
from ..models.council import paper_number_validator
from ._common import User, as_history_user, date_text, tidy


def _single(kind: str, missing: str) -> Committee:
    committee = Committee.objects.filter(kind=kind).order_by("position", "pk").first()
    if committee is None:
        raise ValidationError(missing, code="missing_body")
    return committee


@transaction.atomic
def compile_council_paper(
    *,
    stage: Stage,
    number: str,
    title: str,
    date: datetime.date,
    further_committees: Sequence[Committee] = (),
    text: str = "",
    by: User | None,
) -> Paper:
    """Compile the stage's accepted versions into a Beschlussdrucksache with its Beratungsfolge.

    Only when every draft of the stage is accepted. The Internationaler Ausschuss leads, the
    further bodies advise in the given order, the Ratsversammlung decides last.
    """
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    drafts = list(stage.drafts.select_related("committee").order_by("committee__position"))
    if not drafts:
        raise ValidationError(_("This stage has no drafts yet."), code="no_drafts")
    pending = [draft.committee.name for draft in drafts if draft.state != Draft.State.ACCEPTED]
    if pending:
        raise ValidationError(
            _(
                "The council paper can only be compiled when every draft of the stage is "
                "accepted. Not yet accepted: %(groups)s."
            )
            % {"groups": ", ".join(pending)},
            code="not_accepted",
        )
    if Paper.objects.filter(stage=stage).exists():
        raise ValidationError(
            _("The council paper of this stage has already been compiled."), code="exists"
        )
    number = tidy(number)
    paper_number_validator(number)
    if Paper.objects.filter(number=number).exists():
        raise ValidationError(
            _("A council paper with the number %(number)s already exists.") % {"number": number},
            code="number_taken",
        )
    title = tidy(title)
    if not title:
        raise ValidationError(_("Please enter a title."), code="title")
    lead = _single(
        Committee.Kind.COMMITTEE, _("The Internationaler Ausschuss is missing in the register.")
    )
    council = _single(Committee.Kind.COUNCIL, _("The Ratsversammlung is missing in the register."))
    paper = Paper(
        number=number,
        title=title,
        kind=Paper.Kind.RESOLUTION,
        date=date,
        text=tidy(text),
        stage=stage,
        created_by=by,
    )
    as_history_user(paper, by).save()
    paper.versions.set([draft.versions.order_by("-number").first() for draft in drafts])
    further = [c for c in further_committees if c.pk not in (lead.pk, council.pk)]
    steps = [
        (lead, CouncilConsultation.Role.LEAD),
        *((committee, CouncilConsultation.Role.ADVISORY) for committee in further),
        (council, CouncilConsultation.Role.DECIDING),
    ]
    for position, (committee, role) in enumerate(steps, start=1):
        step = CouncilConsultation(paper=paper, committee=committee, position=position, role=role)
        as_history_user(step, by).save()
    # A Drucksache is a public document of the council.
    record_event(
        kind="council_paper_compiled",
        summary=_(
            "The office compiled the administration's draft of stage %(stage)s as council paper "
            "%(number)s; it goes to %(bodies)s."
        )
        % {
            "stage": stage.number,
            "number": number,
            "bodies": ", ".join(committee.name for committee, _role in steps),
        },
        subject=paper,
        by=by,
        public=True,
        url=paper.get_absolute_url(),
        data={"stage": stage.number, "number": number},
    )
    return paper


@transaction.atomic
def record_council_result(
    *,
    consultation: CouncilConsultation,
    meeting_date: datetime.date,
    result: str,
    by: User | None,
) -> CouncilConsultation:
    """Record a body's result on the paper; the procedure runs in order, a postponed step again."""
    consultation = (
        CouncilConsultation.objects.select_for_update(of=("self",))
        .select_related("paper", "committee")
        .get(pk=consultation.pk)
    )
    if result not in CouncilConsultation.Result.values:
        raise ValidationError(_("Please choose a valid result."), code="result")
    if consultation.result and consultation.result != CouncilConsultation.Result.POSTPONED:
        raise ValidationError(
            _("The result of %(body)s has already been recorded.")
            % {"body": consultation.committee.name},
            code="recorded",
        )
    earlier = (
        CouncilConsultation.objects.filter(
            paper=consultation.paper, position__lt=consultation.position
        )
        .exclude(result__in=["", CouncilConsultation.Result.POSTPONED])
        .count()
    )
    if earlier != consultation.position - 1:
        raise ValidationError(
            _("The bodies deliberate in order: first record the results of the bodies before."),
            code="order",
        )
    if consultation.paper.date and meeting_date < consultation.paper.date:
        raise ValidationError(
            _("The meeting cannot be before the date of the paper (%(date)s).")
            % {"date": date_text(consultation.paper.date)},
            code="date",
        )
    consultation.meeting_date = meeting_date
    consultation.result = result
    as_history_user(consultation, by).save(update_fields=["meeting_date", "result"])
    record_event(
        kind="council_result_recorded",
        summary=_("%(body)s on %(date)s about council paper %(number)s: %(result)s.")
        % {
            "body": consultation.committee.name,
            "date": date_text(meeting_date),
            "number": consultation.paper.number,
            "result": consultation.get_result_display(),
        },
        subject=consultation.paper,
        by=by,
        public=True,
        url=consultation.paper.get_absolute_url(),
        data={"consultation": consultation.pk, "result": result},
    )
    return consultation
