"""Setting up an election: settings, the register, nominations and withdrawals (§ 1 to § 3, § 6)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gremien.models import Committee, Organization, Person
from gremien.services import create_person
from lip.history import as_history_user
from lip.text import strip_control_characters

from ..models import Candidacy, Election, EligibleOrganization, VotingRound
from ._common import _lock_election, _when, record

STEERING_GROUP_SLUG = "lenkungsgruppe"


# Setting up -------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Free text as stored: without control and bidi characters, without outer spaces."""
    return strip_control_characters(text).strip()


def _require_preparation(election: Election, message: str) -> None:
    if election.status != Election.Status.PREPARATION:
        raise ValidationError(message)


@transaction.atomic
def create_election(
    *,
    title: str,
    slug: str,
    nomination_deadline: datetime.datetime,
    voting_date: datetime.date | None = None,
    place: str = "",
    description: str = "",
    committee: Committee | None = None,
    by,
) -> Election:
    """Set up an election of the MSO representatives into the Lenkungsgruppe (§ 1)."""
    title, place, description = _clean(title), _clean(place), _clean(description)
    if not title:
        raise ValidationError(_("Please enter a title."))
    if committee is None:
        committee = Committee.objects.filter(slug=STEERING_GROUP_SLUG).first()
        if committee is None:
            raise ValidationError(_("The steering group is missing from the register of bodies."))
    if Election.objects.filter(slug=slug).exists():
        raise ValidationError(_("An election with this short address already exists."))
    election = Election(
        title=title,
        slug=slug,
        committee=committee,
        nomination_deadline=nomination_deadline,
        voting_date=voting_date,
        place=place,
        description=description,
        created_by=by,
    )
    as_history_user(election, by).save()
    record(
        election,
        "election_created",
        _("%(title)s has been set up.") % {"title": election.title},
        by,
        public=True,
    )
    return election


@transaction.atomic
def update_election(
    *,
    election: Election,
    title: str,
    nomination_deadline: datetime.datetime,
    voting_date: datetime.date | None,
    place: str,
    description: str,
    by,
) -> Election:
    """Change the settings, e.g. extend the nomination deadline, while in preparation (§ 3)."""
    election = _lock_election(election)
    _require_preparation(
        election, _("Voting has begun; the settings of the election can no longer be changed.")
    )
    title = _clean(title)
    if not title:
        raise ValidationError(_("Please enter a title."))
    election.title = title
    election.nomination_deadline = nomination_deadline
    election.voting_date = voting_date
    election.place = _clean(place)
    election.description = _clean(description)
    as_history_user(election, by).save()
    record(
        election,
        "election_updated",
        _("The settings of %(title)s were changed.") % {"title": election.title},
        by,
    )
    return election


@transaction.atomic
def register_organization(
    *, election: Election, organization: Organization, by
) -> EligibleOrganization:
    """Put an MSO on the register; only until voting opens (§ 2)."""
    election = _lock_election(election)
    _require_preparation(
        election, _("The register is frozen since voting opened; it can no longer be changed.")
    )
    if organization.kind != Organization.Kind.MIGRANT_ORGANIZATION:
        raise ValidationError(_("Only migrant organisations (MSO) can be put on the register."))
    if election.register.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s is already on the register.") % {"organization": organization}
        )
    entry = EligibleOrganization(election=election, organization=organization, added_by=by)
    as_history_user(entry, by).save()
    record(
        election,
        "organization_registered",
        _("%(organization)s was put on the register of %(title)s.")
        % {"organization": organization, "title": election.title},
        by,
    )
    return entry


@transaction.atomic
def unregister_organization(*, election: Election, organization: Organization, by) -> None:
    """Take an MSO off the register; only until voting opens and without a standing candidacy."""
    election = _lock_election(election)
    _require_preparation(
        election, _("The register is frozen since voting opened; it can no longer be changed.")
    )
    entry = election.register.filter(organization=organization).first()
    if entry is None:
        raise ValidationError(
            _("%(organization)s is not on the register.") % {"organization": organization}
        )
    if election.candidacies.filter(organization=organization, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _(
                "%(organization)s has nominated a candidate. Record the withdrawal of the "
                "candidacy first."
            )
            % {"organization": organization}
        )
    record(
        election,
        "organization_unregistered",
        _("%(organization)s was taken off the register of %(title)s.")
        % {"organization": organization, "title": election.title},
        by,
    )
    as_history_user(entry, by).delete()


@transaction.atomic
def nominate_candidate(
    *, election: Election, organization: Organization, person: Person, consent: bool, by
) -> Candidacy:
    """Record the candidate an MSO nominates: one per MSO, before the deadline (§ 3)."""
    election = _lock_election(election)
    _require_preparation(election, _("Nominations are closed: voting has begun."))
    if timezone.now() >= election.nomination_deadline:
        raise ValidationError(
            _("The nomination deadline passed on %(deadline)s.")
            % {"deadline": _when(election.nomination_deadline)}
        )
    if not consent:
        raise ValidationError(
            _("The candidate must agree that their name and organisation are published.")
        )
    if not election.register.filter(organization=organization).exists():
        raise ValidationError(_("Only organisations on the register can nominate a candidate."))
    standing = election.candidacies.filter(withdrawn_at__isnull=True)
    if standing.filter(organization=organization).exists():
        raise ValidationError(
            _("%(organization)s has already nominated a candidate.")
            % {"organization": organization}
        )
    if standing.filter(person=person).exists():
        raise ValidationError(_("%(person)s is already a candidate.") % {"person": person})
    candidacy = Candidacy(
        election=election, organization=organization, person=person, nominated_by=by
    )
    try:
        with transaction.atomic():
            as_history_user(candidacy, by).save()
    except IntegrityError as error:  # a concurrent nomination got there first
        raise ValidationError(
            _("%(organization)s has already nominated a candidate.")
            % {"organization": organization}
        ) from error
    if not person.listed_publicly:
        # The consent covers being named as candidate and, if elected, as member of the body.
        person.listed_publicly = True
        as_history_user(person, by).save(update_fields=["listed_publicly"])
    record(
        election,
        "candidate_nominated",
        _("%(organization)s nominated a candidate in %(title)s.")
        % {"organization": organization, "title": election.title},
        by,
    )
    return candidacy


@transaction.atomic
def nominate_person(
    *,
    election: Election,
    organization: Organization,
    person: Person | None = None,
    new_person: dict | None = None,
    consent: bool,
    by,
) -> Candidacy:
    """Nominate an existing person or create them first: both are saved or neither."""
    if person is None:
        new_person = dict(new_person or {})
        for name in ("given_name", "family_name"):
            if name in new_person:
                new_person[name] = _clean(new_person[name] or "")
        person = create_person(**new_person, organization=organization, by=by)
    return nominate_candidate(
        election=election, organization=organization, person=person, consent=consent, by=by
    )


@transaction.atomic
def withdraw_candidacy(*, candidacy: Candidacy, by) -> Candidacy:
    """Record a withdrawal; possible until the runoff opens, never while a round runs (§ 3, § 6)."""
    election = _lock_election(candidacy.election)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.withdrawn_at is not None:
        raise ValidationError(_("This candidacy has already been withdrawn."))
    if election.is_published:
        raise ValidationError(_("The result has been published."))
    rounds = election.rounds.all()
    if rounds.exclude(status=VotingRound.Status.COUNTED).exists():
        raise ValidationError(
            _("A candidacy cannot be withdrawn while a round is open or being counted.")
        )
    if rounds.filter(number=2).exists():
        raise ValidationError(
            _("The runoff has been held; a candidacy can no longer be withdrawn.")
        )
    candidacy.withdrawn_at = timezone.now()
    candidacy.withdrawn_by = by
    as_history_user(candidacy, by).save(update_fields=["withdrawn_at", "withdrawn_by"])
    record(
        election,
        "candidacy_withdrawn",
        _("%(organization)s withdrew its candidacy in %(title)s.")
        % {"organization": candidacy.organization, "title": election.title},
        by,
    )
    return candidacy
