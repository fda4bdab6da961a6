"""Every kind of notification the platform sends, with its default delivery and a description.

The descriptions appear on /konto/benachrichtigungen/, in the footer of every mail ("why you get
this") and in docs/benachrichtigungen.md; keep the three in step.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lip.models import NotificationMode as Mode


class Kind(models.TextChoices):
    # The value is stored in the outbox, the settings and the unsubscribe links: never change it.
    CONSULTATION_REQUEST = "consultation_request", _("Request for a statement")
    VERSION_SUBMITTED = "version_submitted", _("Version submitted")
    BUNDLING_TASK = "bundling_task", _("Bundling the advisory councils' assessments")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder")
    DECISION_RECORDED = "decision_recorded", _("Decision of the steering group")
    MEETING = "meeting", _("Meeting planned, moved or cancelled")
    PROCESS_STEPS = "process_steps", _("Steps of the process")
    COMMENT_PUBLISHED = "comment_published", _("Comment published")
    COMMENT_ANSWERED = "comment_answered", _("Comment answered")
    WAITING_LIST_MOVED_UP = "waiting_list_moved_up", _("Moved up from the waiting list")
    EVENT_REMINDER = "event_reminder", _("Event reminder")
    EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
    ELECTION_INVITATION = "election_invitation", _("Invitation to the MSO election")
    REPORT_REMINDER = "report_reminder", _("Implementation report due")

    @property
    def default_mode(self) -> Mode:
        return KIND_INFO[self].default_mode

    @property
    def description(self) -> Promise:
        return KIND_INFO[self].description

    @property
    def for_accounts(self) -> bool:
        """Whether signed-in people receive it (and choose its delivery on /konto/)."""
        return KIND_INFO[self].for_accounts


@dataclass(frozen=True)
class KindInfo:
    default_mode: Mode
    description: Promise
    # False: sent to addresses people confirmed without an account (citizens, organisations);
    # those can only turn a kind off, by the link in the mail.
    for_accounts: bool = True


KIND_INFO: dict[Kind, KindInfo] = {
    Kind.CONSULTATION_REQUEST: KindInfo(
        Mode.IMMEDIATE,
        _(
            "Your body is asked for its assessment or statement on a submitted version, "
            "with the deadline."
        ),
    ),
    Kind.VERSION_SUBMITTED: KindInfo(
        Mode.IMMEDIATE,
        _(
            "An expert group has submitted a new version of its draft (for OE 50.6 and the "
            "steering group)."
        ),
    ),
    Kind.BUNDLING_TASK: KindInfo(
        Mode.IMMEDIATE,
        _(
            "The Delegates' Conference is asked to bundle the assessments of the integration "
            "advisory councils on a version."
        ),
    ),
    Kind.DEADLINE_REMINDER: KindInfo(
        Mode.IMMEDIATE,
        _("A statement your body owes is due soon or overdue."),
    ),
    Kind.DECISION_RECORDED: KindInfo(
        Mode.IMMEDIATE,
        _(
            "The steering group has accepted your group's version or sent it back with "
            "requirements."
        ),
    ),
    Kind.MEETING: KindInfo(
        Mode.IMMEDIATE,
        _("A meeting of your body was planned, moved or cancelled; with a calendar file."),
    ),
    Kind.PROCESS_STEPS: KindInfo(
        Mode.DIGEST,
        _(
            "Every recorded step of the renewal of the Local Integration Plan (for members of "
            "the International Committee)."
        ),
    ),
    Kind.COMMENT_PUBLISHED: KindInfo(
        Mode.IMMEDIATE,
        _("Your comment has been checked and published."),
        for_accounts=False,
    ),
    Kind.COMMENT_ANSWERED: KindInfo(
        Mode.IMMEDIATE,
        _("The expert group has answered your comment in its consideration of the comments."),
        for_accounts=False,
    ),
    Kind.WAITING_LIST_MOVED_UP: KindInfo(
        Mode.IMMEDIATE,
        _("A place has become free for you at an event whose waiting list you are on."),
        for_accounts=False,
    ),
    Kind.EVENT_REMINDER: KindInfo(
        Mode.IMMEDIATE,
        _("Two days before an event you have registered for."),
        for_accounts=False,
    ),
    Kind.EVENT_CANCELLED: KindInfo(
        Mode.IMMEDIATE,
        _("An event you have registered for has been cancelled."),
        for_accounts=False,
    ),
    Kind.ELECTION_INVITATION: KindInfo(
        Mode.IMMEDIATE,
        _(
            "Your organisation is invited to the election of the migrant organisations' "
            "members of the steering group."
        ),
        for_accounts=False,
    ),
    Kind.REPORT_REMINDER: KindInfo(
        Mode.IMMEDIATE,
        _(
            "Your unit is responsible for a measure of the Local Integration Plan and its report "
            "for the annual report to the International Committee is due soon."
        ),
    ),
}


def account_kinds() -> list[Kind]:
    """The kinds a signed-in person chooses the delivery of, in the order of Kind."""
    return [kind for kind in Kind if kind.for_accounts]
