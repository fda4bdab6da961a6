"""Opening the consultation of a version, filing statements, extending deadlines."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gremien.models import Committee
from lip.attachments.models import Attachment
from lip.attachments.services import attach, attachments_of, move_attachments, remove
from lip.events import record_event

from ..models import ConsultationRequest, Draft, DraftVersion, Statement, StatementDraft
from ._common import User, as_history_user, date_text, lock_draft, tidy

# The bodies have four weeks; the councils' assessments are due a week earlier so that the
# Delegiertenkonferenz can bundle them into its statement (docs/etappen.md).
CONSULTATION_PERIOD = datetime.timedelta(weeks=4)
ASSESSMENT_PERIOD = datetime.timedelta(weeks=3)

REQUEST_KINDS = {
    Committee.Kind.STEERING_GROUP: ConsultationRequest.Kind.DECISION,
    Committee.Kind.INTEGRATION_COUNCIL: ConsultationRequest.Kind.ASSESSMENT,
    Committee.Kind.DELEGATES_CONFERENCE: ConsultationRequest.Kind.BUNDLED_STATEMENT,
    Committee.Kind.ROUND_TABLE: ConsultationRequest.Kind.STATEMENT,
    Committee.Kind.EQUALITY_OFFICER: ConsultationRequest.Kind.STATEMENT,
}


def consulted_bodies(*, gender_relevant: bool) -> QuerySet[Committee]:
    """The bodies a submitted version goes to; the equality officer only for gender topics."""
    kinds = [
        Committee.Kind.STEERING_GROUP,
        Committee.Kind.INTEGRATION_COUNCIL,
        Committee.Kind.DELEGATES_CONFERENCE,
        Committee.Kind.ROUND_TABLE,
    ]
    if gender_relevant:
        kinds.append(Committee.Kind.EQUALITY_OFFICER)
    return Committee.objects.filter(kind__in=kinds).order_by("position", "name")


def planned_requests(draft: Draft) -> list[ConsultationRequest]:
    """The requests submitting the draft now would open, unsaved (no version yet)."""
    today = timezone.localdate()
    requests = []
    for committee in consulted_bodies(gender_relevant=draft.gender_relevant):
        kind = REQUEST_KINDS[committee.kind]
        period = (
            ASSESSMENT_PERIOD
            if kind == ConsultationRequest.Kind.ASSESSMENT
            else CONSULTATION_PERIOD
        )
        requests.append(
            ConsultationRequest(committee=committee, kind=kind, deadline=today + period)
        )
    return requests


def open_consultation(*, version: DraftVersion, draft: Draft) -> list[ConsultationRequest]:
    """Ask every consulted body about the new version (part of submit_draft, no own event)."""
    requests = planned_requests(draft)
    for request in requests:
        request.version = version
        request.save()  # one by one, so each request starts its history
    return requests


# Why a request takes no text any more, by the reason its version was closed.
MOOT_REASONS = {
    DraftVersion.ClosedReason.ACCEPTED: gettext_lazy(
        "This request is moot: the steering group has accepted this version, so no text can be "
        "filed on it any more."
    ),
    DraftVersion.ClosedReason.RETURNED: gettext_lazy(
        "This request is moot: the steering group has sent this version back for revision, so "
        "no text can be filed on it any more."
    ),
    DraftVersion.ClosedReason.SUPERSEDED: gettext_lazy(
        "This request is moot: a newer version of the draft has been submitted, so no text can "
        "be filed on this one any more."
    ),
}


def _check_still_open(request: ConsultationRequest) -> None:
    """Refuse a request whose version is closed (decided or superseded): it is moot.

    ``request`` comes from ``_lock_request``, so its version was read under the draft lock.
    """
    version = request.version
    if version.closed_at is not None:
        raise ValidationError(str(MOOT_REASONS[version.closed_reason]), code="moot")


def _lock_request(request: ConsultationRequest) -> ConsultationRequest:
    """The request, locked after its draft: a decision (which holds the draft lock) and a filing
    never overlap, so no text arrives on a request the decision has just made moot."""
    lock_draft(
        ConsultationRequest.objects.values_list("version__draft_id", flat=True).get(pk=request.pk)
    )
    return (
        ConsultationRequest.objects.select_for_update(of=("self",))
        .select_related("committee", "version__draft__committee", "version__draft__stage")
        .get(pk=request.pk)
    )


def _check_expects_text(request: ConsultationRequest) -> None:
    if not request.expects_statement:
        raise ValidationError(
            _("The steering group answers with its decision, not with a statement."),
            code="decision",
        )
    if Statement.objects.filter(request=request).exists():
        raise ValidationError(
            _("%(body)s has already filed its text on this version.")
            % {"body": request.committee.name},
            code="filed",
        )
    _check_still_open(request)


@transaction.atomic
def save_statement_draft(
    *, request: ConsultationRequest, text: str, by: User, files: Sequence[File] = ()
) -> StatementDraft:
    """Keep a body's text as a draft before it is filed; its members and OE 50.6 see it.

    ``files`` are attached to the draft (lip.attachments: type and size checked) and go with
    the text when it is filed. No process event: nothing has been filed, and the draft is not
    part of the record.
    """
    request = _lock_request(request)
    _check_expects_text(request)
    draft, _created = StatementDraft.objects.update_or_create(
        request=request,
        defaults={"text": tidy(text), "updated_at": timezone.now(), "updated_by": by},
    )
    for uploaded_file in files:
        attach(obj=draft, uploaded_file=uploaded_file, by=by)
    return draft


@transaction.atomic
def remove_statement_draft_file(
    *, request: ConsultationRequest, attachment: Attachment, by: User
) -> None:
    """Take a file off a body's unfiled text; a filed statement keeps its files."""
    request = _lock_request(request)
    _check_expects_text(request)
    draft = StatementDraft.objects.filter(request=request).first()
    if draft is None or attachment not in attachments_of(draft):
        raise ValidationError(_("This file does not belong to the draft."), code="not_in_draft")
    remove(attachment=attachment, by=by)


@transaction.atomic
def file_statement(
    *, request: ConsultationRequest, text: str, by: User, files: Sequence[File] = ()
) -> Statement:
    """File a body's assessment or statement; after the deadline it is kept and marked late.

    The Delegiertenkonferenz's statement bundles the councils' assessments filed so far. The
    files attached to the draft, and ``files``, are filed with the text.
    """
    request = _lock_request(request)
    _check_expects_text(request)
    text = tidy(text)
    if not text:
        raise ValidationError(_("Please enter the text."), code="empty")
    is_late = request.deadline_passed(timezone.localdate())
    statement = Statement.objects.create(request=request, text=text, filed_by=by, is_late=is_late)
    # The filed text is the record; the draft it came from is gone, its files go with the text.
    for statement_draft in StatementDraft.objects.filter(request=request):
        move_attachments(source=statement_draft, target=statement, by=by)
    StatementDraft.objects.filter(request=request).delete()
    for uploaded_file in files:
        attach(obj=statement, uploaded_file=uploaded_file, by=by)
    if request.kind == ConsultationRequest.Kind.BUNDLED_STATEMENT:
        statement.bundles.set(
            Statement.objects.filter(
                request__version_id=request.version_id,
                request__kind=ConsultationRequest.Kind.ASSESSMENT,
            )
        )
    version = request.version
    summary = (
        _(
            "%(body)s filed its %(kind)s on version %(number)s of the draft of %(group)s "
            "after the deadline."
        )
        if is_late
        else _("%(body)s filed its %(kind)s on version %(number)s of the draft of %(group)s.")
    )
    record_event(
        kind="statement_filed",
        summary=summary
        % {
            "body": request.committee.name,
            "kind": request.get_kind_display(),
            "number": version.number,
            "group": version.draft.committee.name,
        },
        subject=request,
        by=by,
        url=version.get_absolute_url(),
        data={"version": version.pk, "late": is_late},
    )
    return statement


@transaction.atomic
def extend_deadline(
    *, request: ConsultationRequest, deadline: datetime.date, reason: str = "", by: User
) -> ConsultationRequest:
    """Give a body more time (OE 50.6); only later than the current deadline, before filing."""
    request = _lock_request(request)
    _check_still_open(request)
    if Statement.objects.filter(request=request).exists():
        raise ValidationError(
            _("%(body)s has already filed its text; there is nothing to extend.")
            % {"body": request.committee.name},
            code="filed",
        )
    if deadline <= request.deadline:
        raise ValidationError(
            _("The new deadline must be later than the current one (%(deadline)s).")
            % {"deadline": date_text(request.deadline)},
            code="earlier",
        )
    old = request.deadline
    reason = tidy(reason)
    request.deadline = deadline
    request._change_reason = reason[:100]
    as_history_user(request, by).save(update_fields=["deadline"])
    record_event(
        kind="deadline_extended",
        summary=_(
            "The deadline of %(body)s for version %(number)s of the draft of %(group)s was "
            "extended from %(old)s to %(new)s."
        )
        % {
            "body": request.committee.name,
            "number": request.version.number,
            "group": request.version.draft.committee.name,
            "old": date_text(old),
            "new": date_text(deadline),
        },
        subject=request,
        by=by,
        url=request.version.draft.get_absolute_url(),
        data={"old": old.isoformat(), "new": deadline.isoformat(), "reason": reason},
    )
    return request
