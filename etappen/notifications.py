"""Who the steps of a draft tell by mail, and what (docs/benachrichtigungen.md).

Each function is called with one line from its service, inside the service's transaction; the
engine (lip.notifications) writes the outbox rows there and sends them after the commit.

Causes name the request (or version, or decision), never the person: a person sitting in two
consulted bodies gets one mail per body, because each body owes its own text by its own
deadline and acts on its own page. Within one cause an address gets one mail, however many
bodies or roles lead to it (the engine keeps one row per address, kind and cause).
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from gremien.models import Membership
from lip.models import Notification
from lip.notifications import Kind, Message, Recipient, notify, notify_all
from lip.roles import Role

from .models import ConsultationRequest, Decision, DraftVersion

DEFAULT_REMINDER_DAYS_BEFORE = 5


def reminder_days_before() -> int:
    """Days before a deadline the first reminder goes out (REMINDER_DAYS_BEFORE, default 5)."""
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", DEFAULT_REMINDER_DAYS_BEFORE))


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def members_by_body(committee_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The current members of each body with an address: their account's, else their own.

    One query for any number of bodies. Inactive accounts get nothing (as in
    gremien.services.meetings.member_recipients, which takes the bodies together).
    """
    result: dict[int, list[Recipient]] = {pk: [] for pk in committee_ids}
    memberships = (
        Membership.objects.current()
        .filter(committee_id__in=list(result))
        .select_related("person__user")
        .order_by("committee_id", "person_id")
    )
    for membership in memberships:
        person, user = membership.person, membership.person.user
        if user is not None:
            if user.is_active and (user.email or person.email):
                recipient = Recipient(
                    email=user.email or person.email, name=person.full_name, user_id=user.pk
                )
            else:
                continue
        elif person.email:
            recipient = Recipient(email=person.email, name=person.full_name)
        else:
            continue
        result[membership.committee_id].append(recipient)
    return result


def office_accounts() -> list:
    """The active accounts of OE 50.6 (Role.OFFICE)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.OFFICE.value, is_active=True)
        .exclude(email="")
        .distinct()
    )


def notify_version_submitted(*, version: DraftVersion, requests: list[ConsultationRequest]) -> None:
    """Tell OE 50.6 and the steering group, ask each consulted body, give the
    Delegiertenkonferenz its bundling task (part of submit_draft)."""
    draft = version.draft
    members = members_by_body({request.committee_id for request in requests})
    decision_requests = [request for request in requests if not request.expects_statement]
    with translation.override("de"):
        params = {"group": draft.committee.name, "number": version.number}
        notify(
            kind=Kind.VERSION_SUBMITTED,
            cause=f"version-submitted:{version.pk}",
            recipients=[
                *office_accounts(),
                *(r for request in decision_requests for r in members[request.committee_id]),
            ],
            subject=_("Version %(number)s submitted: draft of %(group)s") % params,
            template="generic",
            context={
                "text": _(
                    "The expert group %(group)s has submitted version %(number)s of its draft "
                    "for stage %(stage)s. The consulted bodies have been asked for their "
                    "statements; the steering group decides after the consultation."
                )
                % {**params, "stage": draft.stage.number}
            },
            link=draft.get_absolute_url(),
            deadline=max((request.deadline for request in requests), default=None),
        )
        for request in requests:
            if not request.expects_statement:
                continue  # the steering group answers with its decision: told above
            bundling = request.kind == ConsultationRequest.Kind.BUNDLED_STATEMENT
            values = {
                **params,
                "body": request.committee.name,
                "kind": request.get_kind_display(),
                "deadline": _date(request.deadline),
            }
            if bundling:
                # The Delegiertenkonferenz's request is its bundling task: one mail, not two.
                subject = _("Bundling task: assessments on version %(number)s of %(group)s")
                text = _(
                    "The expert group %(group)s has submitted version %(number)s of its draft. "
                    "The integration advisory councils give their assessments; %(body)s is asked "
                    "to bundle them into its statement by %(deadline)s."
                )
            else:
                subject = _("Request for a statement: version %(number)s of %(group)s")
                text = _(
                    "The expert group %(group)s has submitted version %(number)s of its draft. "
                    "%(body)s is asked for its %(kind)s by %(deadline)s."
                )
            notify(
                kind=Kind.BUNDLING_TASK if bundling else Kind.CONSULTATION_REQUEST,
                cause=f"{'bundling-task' if bundling else 'consultation-request'}:{request.pk}",
                recipients=members[request.committee_id],
                subject=subject % values,
                template="generic",
                context={"text": text % values},
                link=reverse("etappen:statement-form", args=[request.pk]),
                deadline=request.deadline,
            )


def notify_decision_recorded(*, decision: Decision) -> None:
    """Tell the group's current members what the steering group decided, with the Vorgaben."""
    version = decision.version
    draft = version.draft
    requirements = list(decision.requirements.order_by("position").values_list("text", flat=True))
    with translation.override("de"):
        params = {"group": draft.committee.name, "number": version.number}
        if decision.outcome == Decision.Outcome.ACCEPTED:
            subject = _("Version %(number)s accepted: draft of %(group)s") % params
            text = _("The steering group has accepted version %(number)s of your draft.") % params
        else:
            subject = _("Version %(number)s sent back for revision: draft of %(group)s") % params
            text = _(
                "The steering group has sent version %(number)s of your draft back for "
                "revision with these requirements:"
            ) % params + "".join(
                f"\n{position}. {requirement}"
                for position, requirement in enumerate(requirements, start=1)
            )
        notify(
            kind=Kind.DECISION_RECORDED,
            cause=f"decision-recorded:{decision.pk}",
            recipients=members_by_body([draft.committee_id])[draft.committee_id],
            subject=subject,
            template="generic",
            context={"text": text, "requirements": requirements},
            link=draft.get_absolute_url(),
        )


def send_deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each body that still owes its text: from N days before its deadline, and once it
    has passed. Returns the number of mails put into the outbox.

    The cause names the request and its deadline, so the daily job never reminds twice, a run
    missed on the exact day is made up the next day, and an extended deadline reminds again.
    A fixed number of queries whatever the number of requests and members: what is due, what
    the outbox already holds, the members, and one ``notify_all`` for every reminder.
    """
    today = today or timezone.localdate()
    latest = today + datetime.timedelta(days=reminder_days_before())
    due = list(
        ConsultationRequest.objects.pending()
        .filter(deadline__lte=latest)
        .select_related("committee", "version__draft__committee")
        .order_by("deadline", "pk")
    )
    causes = {request.pk: _reminder_cause(request, today) for request in due}
    # The outbox: one query for the reminders already written.
    sent = set(
        Notification.objects.filter(
            kind=Kind.DEADLINE_REMINDER, cause__in=list(causes.values())
        ).values_list("cause", flat=True)
    )
    due = [request for request in due if causes[request.pk] not in sent]
    if not due:
        return 0
    members = members_by_body({request.committee_id for request in due})
    messages = []
    with translation.override("de"):
        for request in due:
            version = request.version
            values = {
                "body": request.committee.name,
                "kind": request.get_kind_display(),
                "group": version.draft.committee.name,
                "number": version.number,
                "deadline": _date(request.deadline),
            }
            if request.deadline_passed(today):
                subject = _("Overdue: %(kind)s of %(body)s on version %(number)s of %(group)s")
                text = _(
                    "The deadline for the %(kind)s of %(body)s on version %(number)s of the "
                    "draft of %(group)s passed on %(deadline)s. A text filed now is still "
                    "taken into account and marked as late."
                )
            else:
                subject = _("Reminder: %(kind)s of %(body)s due on %(deadline)s")
                text = _(
                    "%(body)s has not yet filed its %(kind)s on version %(number)s of the "
                    "draft of %(group)s. The deadline is %(deadline)s."
                )
            messages.append(
                Message(
                    kind=Kind.DEADLINE_REMINDER,
                    cause=causes[request.pk],
                    recipients=members[request.committee_id],
                    subject=subject % values,
                    template="generic",
                    context={"text": text % values},
                    link=reverse("etappen:statement-form", args=[request.pk]),
                    deadline=request.deadline,
                )
            )
    return notify_all(messages)


def _reminder_cause(request: ConsultationRequest, today: datetime.date) -> str:
    step = "reminder-overdue" if request.deadline_passed(today) else "reminder-before"
    return f"{step}:{request.pk}:{request.deadline.isoformat()}"


__all__ = [
    "members_by_body",
    "notify_decision_recorded",
    "notify_version_submitted",
    "reminder_days_before",
    "send_deadline_reminders",
]
