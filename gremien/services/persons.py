"""Creating persons; gender and international history only with consent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lip.history import as_history_user

from ..models import Organization, Person
from ._common import tidy


@transaction.atomic
def create_person(
    *,
    given_name: str,
    family_name: str,
    email: str = "",
    phone: str = "",
    organization: Organization | None = None,
    listed_publicly: bool = False,
    gender: str = "",
    international_history: bool | None = None,
    demographics_consent: bool = False,
    by,
) -> Person:
    """Create a person; gender and international history are kept only with consent."""
    given_name = tidy(given_name)
    family_name = tidy(family_name)
    if not given_name or not family_name:
        raise ValidationError(_("Please enter given name and family name."))
    if (gender or international_history is not None) and not demographics_consent:
        raise ValidationError(
            _("Gender and international history may only be stored with consent.")
        )
    person = Person(
        given_name=given_name,
        family_name=family_name,
        email=email,
        phone=tidy(phone),
        organization=organization,
        listed_publicly=listed_publicly,
        gender=gender if demographics_consent else "",
        international_history=international_history if demographics_consent else None,
        demographics_consent_at=timezone.now() if demographics_consent else None,
    )
    as_history_user(person, by).save()
    return person
