"""Every write of umsetzung with a rule: tracking the adopted measures, reports, indicators,
the yearly report. Atomic, the checked row locked, one process event per step."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from etappen.models import (
    CouncilConsultation,
    Decision,
    MeasureOutcome,
    Paper,
    SectionKind,
    VersionSection,
)
from gremien.models import Committee, Organization
from lip.events import record_event
from lip.history import as_history_user

from .models import AnnualReport, Indicator, IndicatorValue, Measure, Status, StatusReport

User = AbstractBaseUser

# What the council adopted: these results of the Ratsversammlung's step of the Beratungsfolge.
ADOPTED_RESULTS = (
    CouncilConsultation.Result.ADOPTED,
    CouncilConsultation.Result.ADOPTED_AMENDED,
)
# Measures the steering group struck or deferred are not part of the adopted catalogue.
NOT_ADOPTED_OUTCOMES = (MeasureOutcome.Outcome.DELETED, MeasureOutcome.Outcome.DEFERRED)
# Kinds of organisation a catalogue's "responsible unit" text is matched against.
UNIT_KINDS = (
    Organization.Kind.DEPARTMENT,
    Organization.Kind.DIVISION,
    Organization.Kind.UNIT,
)


def adopted_papers():
    """The catalogue papers (stage 2) whose Ratsversammlung step adopted them."""
    return Paper.objects.filter(
        stage__structured=True,
        consultations__committee__kind=Committee.Kind.COUNCIL,
        consultations__result__in=ADOPTED_RESULTS,
    ).distinct()


def _unit_index() -> dict[str, Organization]:
    """Units by lower-case name and short name, to read the catalogue's free text."""
    index = {}
    for organization in Organization.objects.filter(kind__in=UNIT_KINDS):
        for name in (organization.name, organization.short_name):
            if name:
                index.setdefault(name.strip().lower(), organization)
    return index


def _ancestors(section: VersionSection, by_key: dict) -> tuple[str, str]:
    """The headings of the measure's Mittlerziel and Ziel in the same version."""
    intermediate = by_key.get(section.parent_key)
    goal = by_key.get(intermediate.parent_key) if intermediate is not None else None
    return (
        goal.heading if goal is not None else "",
        intermediate.heading if intermediate is not None else "",
    )


@transaction.atomic
def create_measures_from_catalogue(*, by: User | None = None) -> list[Measure]:
    """Track every measure of the adopted catalogue; measures already tracked stay as they are,
    so running it again creates nothing twice. Returns the measures created."""
    created: list[Measure] = []
    units = None
    for paper in adopted_papers().order_by("date", "pk"):
        versions = (
            paper.versions.filter(decision__outcome=Decision.Outcome.ACCEPTED)
            .select_related("draft__committee", "decision")
            .order_by("draft__committee__position", "pk")
        )
        for version in versions:
            sections = list(version.sections.prefetch_related("districts").order_by("position"))
            by_key = {section.key: section for section in sections}
            measures = [s for s in sections if s.kind == SectionKind.MEASURE]
            if not measures:
                continue
            struck = set(
                version.decision.measure_outcomes.filter(
                    outcome__in=NOT_ADOPTED_OUTCOMES
                ).values_list("section_key", flat=True)
            )
            # Lock the draft's measures: two runs at once must not both create one.
            tracked = set(
                Measure.objects.select_for_update()
                .filter(draft=version.draft_id)
                .values_list("section_key", flat=True)
            )
            first_versions = dict(
                VersionSection.objects.filter(
                    version__draft=version.draft_id,
                    version__number__lte=version.number,
                    key__in=[s.key for s in measures],
                )
                .order_by("-version__number")
                .values_list("key", "version")
            )
            for section in measures:
                if section.key in tracked or section.key in struck:
                    continue
                if units is None:
                    units = _unit_index()
                goal, intermediate_goal = _ancestors(section, by_key)
                measure = Measure.objects.create(
                    draft=version.draft,
                    section_key=section.key,
                    source_version=version,
                    introduced_in_id=first_versions.get(section.key, version.pk),
                    paper=paper,
                    topic=version.draft.committee,
                    goal=goal,
                    intermediate_goal=intermediate_goal,
                    title=section.heading,
                    description=section.text,
                    measure_kind=section.measure_kind,
                    target_group=section.target_group,
                    responsible_unit=units.get(section.responsible_unit.strip().lower()),
                    responsible_unit_text=section.responsible_unit,
                    time_frame=section.time_frame,
                )
                measure.districts.set(section.districts.all())
                if section.indicator:
                    Indicator.objects.create(measure=measure, name=section.indicator)
                created.append(measure)
    if created:
        record_event(
            kind="measures_tracked",
            summary=_("%(count)s measures of the adopted catalogue are now tracked.")
            % {"count": len(created)},
            by=by,
            public=True,
            url="/umsetzung/",
            data={"measures": [measure.pk for measure in created]},
        )
    return created


def _check_status(status: str, reason: str) -> None:
    if status not in Status.values:
        raise ValidationError(_("Please choose a status."), code="status")
    if status == Status.ABANDONED and not reason.strip():
        raise ValidationError(
            _("Please give the reason why the measure is abandoned."), code="reason"
        )


@transaction.atomic
def save_report(
    *,
    measure: Measure,
    by: User,
    reported_on: datetime.date,
    text: str,
    proposed_status: str,
    proposed_reason: str = "",
    submit: bool = False,
) -> StatusReport:
    """Write (or rewrite) the unit's open report on a measure; ``submit`` hands it to OE 50.6.

    A report already submitted cannot be changed until OE 50.6 returns it.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    text = text.strip()
    proposed_reason = proposed_reason.strip()
    if not text:
        raise ValidationError(_("Please write the report."), code="text")
    if reported_on > timezone.localdate():
        raise ValidationError(_("A report cannot be dated in the future."), code="date")
    _check_status(proposed_status, proposed_reason)
    report = (
        StatusReport.objects.select_for_update()
        .filter(measure=measure, state__in=StatusReport.OPEN_STATES)
        .first()
    )
    if report is not None and not report.is_editable:
        raise ValidationError(
            _("The report has been submitted; it can be changed once the office returns it."),
            code="submitted",
        )
    if report is None:
        report = StatusReport(measure=measure, written_by=by)
    report.reported_on = reported_on
    report.text = text
    report.proposed_status = proposed_status
    report.proposed_reason = proposed_reason
    report.unit = measure.responsible_unit
    if submit:
        report.state = StatusReport.State.SUBMITTED
        report.submitted_at = timezone.now()
    as_history_user(report, by).save()
    if submit:
        record_event(
            kind="measure_report_submitted",
            summary=_("A report on the measure “%(measure)s” was submitted for approval.")
            % {"measure": measure.title},
            subject=report,
            by=by,
            url=measure.get_absolute_url(),
            data={"measure": measure.pk, "status": proposed_status},
        )
    return report


def _submitted_report(report: StatusReport) -> StatusReport:
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.state != StatusReport.State.SUBMITTED:
        raise ValidationError(
            _("Only a submitted report can be approved or returned."), code="state"
        )
    return report


@transaction.atomic
def approve_report(*, report: StatusReport, by: User) -> StatusReport:
    """OE 50.6 approves a submitted report: it becomes public and its status the measure's."""
    report = _submitted_report(report)
    measure = Measure.objects.select_for_update().get(pk=report.measure_id)
    now = timezone.now()
    report.state = StatusReport.State.APPROVED
    report.decided_at = now
    report.decided_by = by
    as_history_user(report, by).save()
    previous = measure.status
    if previous != report.proposed_status or measure.status_reason != report.proposed_reason:
        measure.status = report.proposed_status
        measure.status_reason = report.proposed_reason
        if previous != report.proposed_status:
            measure.status_changed_at = now
        as_history_user(measure, by).save()
    record_event(
        kind="measure_report_approved",
        summary=_("Report on the measure “%(measure)s” published; status: %(status)s.")
        % {"measure": measure.title, "status": measure.get_status_display()},
        subject=measure,
        by=by,
        public=True,
        url=measure.get_absolute_url(),
        data={"report": report.pk, "from": previous, "to": measure.status},
    )
    return report


@transaction.atomic
def return_report(*, report: StatusReport, by: User, note: str) -> StatusReport:
    """OE 50.6 sends a submitted report back to the unit with what to change."""
    note = note.strip()
    if not note:
        raise ValidationError(_("Please say what the unit should change."), code="note")
    report = _submitted_report(report)
    report.state = StatusReport.State.RETURNED
    report.return_note = note
    report.decided_at = timezone.now()
    report.decided_by = by
    as_history_user(report, by).save()
    record_event(
        kind="measure_report_returned",
        summary=_("A report on the measure “%(measure)s” was returned to the unit.")
        % {"measure": report.measure.title},
        subject=report,
        by=by,
        url=report.measure.get_absolute_url(),
        data={"measure": report.measure_id},
    )
    return report


@transaction.atomic
def record_indicator_value(
    *, indicator: Indicator, by: User, date: datetime.date, value: Decimal
) -> IndicatorValue:
    """Enter the value of an indicator on a date; a second value for the same date replaces
    the first (the history keeps it)."""
    if date > timezone.localdate():
        raise ValidationError(_("A value cannot be dated in the future."), code="date")
    Measure.objects.select_for_update().get(pk=indicator.measure_id)
    entry = IndicatorValue.objects.filter(indicator=indicator, date=date).first()
    if entry is None:
        entry = IndicatorValue(indicator=indicator, date=date)
    entry.value = value
    entry.recorded_by = by
    entry.recorded_at = timezone.now()
    as_history_user(entry, by).save()
    record_event(
        kind="indicator_value_recorded",
        summary=_("New value for the indicator “%(indicator)s”: %(value)s.")
        % {"indicator": indicator.name, "value": value},
        subject=indicator.measure,
        by=by,
        url=indicator.measure.get_absolute_url(),
        data={"indicator": indicator.pk, "date": date.isoformat(), "value": str(value)},
    )
    return entry


@transaction.atomic
def issue_annual_report(*, report: AnnualReport, by: User) -> AnnualReport:
    """Issue the yearly report: keep each measure's status, for "changed since" next year."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_issued:
        raise ValidationError(_("This annual report has already been issued."), code="issued")
    report.snapshot = {
        str(pk): status for pk, status in Measure.objects.values_list("pk", "status")
    }
    report.issued_at = timezone.now()
    report.issued_by = by
    as_history_user(report, by).save()
    record_event(
        kind="annual_report_issued",
        summary=_("The annual report %(year)s on the implementation was issued.")
        % {"year": report.year},
        subject=report,
        by=by,
        public=True,
        url=report.get_absolute_url(),
    )
    return report
