"""The invitation of the organisations on the register: by mail and as a printed letter (§ 2).

The invitation names the election day, the place and how to vote, never a code: codes exist in
plain text only on the code sheet at issuing time (§ 7). Each organisation gets the mail once
per election (the cause names both), so sending again reaches only those not invited yet, e.g.
an organisation put on the register later or one whose address was added since.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gremien.models import Organization
from lip.models import Notification
from lip.notifications import Kind, Recipient, notify
from lip.notifications.tokens import absolute_url

from ..models import Election
from ._common import _lock_election, record


def invitation_cause(election: Election, organization: Organization) -> str:
    return f"election-invitation:{election.pk}:{organization.pk}"


def vote_url(election: Election) -> str:
    """The voting page as printed in the invitation (SITE_URL, as in every mail)."""
    return absolute_url(reverse("wahlen:vote", args=[election.slug]))


def invitations_by_organization(election: Election) -> dict[int, Notification]:
    """The invitation mail of each organisation of the election (any status); one query."""
    prefix = f"election-invitation:{election.pk}:"
    rows = (
        Notification.objects.filter(kind=Kind.ELECTION_INVITATION, cause__startswith=prefix)
        .only("cause", "status", "sent_at", "created_at")  # not the rendered bodies
        .order_by("created_at")
    )
    return {int(row.cause.removeprefix(prefix)): row for row in rows}


def check_invitation_details(election: Election) -> None:
    """The invitation must say when and where: refuse without election day or place."""
    if election.is_published:
        raise ValidationError(_("The result has been published."))
    if election.voting_date is None or not election.place:
        raise ValidationError(
            _(
                "The invitation names the election day and the place: enter both in the "
                "settings first."
            )
        )


@dataclass
class SentInvitations:
    sent: int = 0
    already: int = 0  # invited before, or the address has unsubscribed
    without_address: list[Organization] = field(default_factory=list)


@transaction.atomic
def send_invitations(*, election: Election, by) -> SentInvitations:
    """Mail each organisation on the register its invitation, once per election (§ 2)."""
    election = _lock_election(election)
    check_invitation_details(election)
    entries = list(election.register.select_related("organization").order_by("organization__name"))
    if not entries:
        raise ValidationError(_("The register is empty: there is nobody to invite."))
    candidacies = list(
        election.candidacies.filter(withdrawn_at__isnull=True).select_related(
            "person", "organization"
        )
    )
    result = SentInvitations()
    link = election.get_absolute_url()
    url = vote_url(election)
    with translation.override("de"):
        subject = _("Invitation: %(title)s on %(date)s") % {
            "title": election.title,
            "date": formats.date_format(election.voting_date, "SHORT_DATE_FORMAT"),
        }
    for entry in entries:
        organization = entry.organization
        if not organization.email:
            result.without_address.append(organization)
            continue
        created = notify(
            kind=Kind.ELECTION_INVITATION,
            cause=invitation_cause(election, organization),
            # An organisation, not a person: the mail greets without a name.
            recipients=[Recipient(email=organization.email)],
            subject=subject,
            template="election_invitation",
            context={
                "election": election,
                "organization": organization,
                "candidacies": candidacies,
                "vote_url": url,
            },
            link=link,
        )
        result.sent += created
        result.already += 1 - created
    if result.sent:
        record(
            election,
            "invitations_sent",
            ngettext(
                "The invitation to %(title)s was sent by email to %(count)s organisation.",
                "The invitation to %(title)s was sent by email to %(count)s organisations.",
                result.sent,
            )
            % {"title": election.title, "count": result.sent},
            by,
        )
    return result
