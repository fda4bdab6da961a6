"""The invitation of the organisations (OE 50.6): send it by mail, print it as letters.

Every view: parse → authorize → call a service → redirect or render. Permissions come from
wahlen/permissions.py only.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gremien.models import Organization
from lip.models import Notification

from .. import services
from ._manage import _election_to_manage, _fail

# ?ohne-e-mail=1 prints only the letters the post has to carry.
ONLY_WITHOUT_EMAIL = "ohne-e-mail"


@dataclass
class InvitationRow:
    organization: Organization
    mail: Notification | None  # the invitation mail, if one was written

    @property
    def has_email(self) -> bool:
        return bool(self.organization.email)


@login_required
def invitations(request, slug):
    """Who is invited how, the button to send the mails, and the letters to print.

    A fixed number of queries whatever the size of the register.
    """
    election = _election_to_manage(request.user, slug)
    mails = services.invitations_by_organization(election)
    rows = [
        InvitationRow(organization=entry.organization, mail=mails.get(entry.organization_id))
        for entry in election.register.select_related("organization").order_by("organization__name")
    ]
    only_without_email = request.GET.get(ONLY_WITHOUT_EMAIL) == "1"
    try:
        services.check_invitation_details(election)
    except ValidationError as error:
        missing_details = error.messages[0]
    else:
        missing_details = ""
    candidacies = list(
        election.candidacies.filter(withdrawn_at__isnull=True).select_related(
            "person", "organization"
        )
    )
    without_email = [row for row in rows if not row.has_email]
    context = {
        "election": election,
        "rows": rows,
        "letters": without_email if only_without_email else rows,
        "only_without_email": only_without_email,
        "only_without_email_parameter": ONLY_WITHOUT_EMAIL,
        "without_email_count": len(without_email),
        "invited_count": sum(1 for row in rows if row.mail is not None),
        "to_invite_count": sum(1 for row in rows if row.has_email and row.mail is None),
        "missing_details": missing_details,
        "can_send": not missing_details and bool(rows),
        "candidacies": candidacies,
        "vote_url": services.vote_url(election),
        "today": timezone.localdate(),
        "Status": Notification.Status,
    }
    return render(request, "wahlen/manage/invitations.html", context)


@login_required
@require_POST
def invitations_send(request, slug):
    election = _election_to_manage(request.user, slug)
    try:
        result = services.send_invitations(election=election, by=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _(
                "Invitations sent by email: %(sent)s. Invited before: %(already)s. Without an "
                "email address (print their letters): %(missing)s."
            )
            % {
                "sent": result.sent,
                "already": result.already,
                "missing": len(result.without_address),
            },
        )
    return redirect("wahlen:invitations", slug=election.slug)
