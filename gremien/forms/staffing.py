"""Forms the Dezernate use to staff their expert groups; they parse and check, services write."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Organization, Person, Role

# The roles a seat in an expert group can have (the scheme of the council document).
EXPERT_GROUP_ROLES = [
    Role.INTERNAL_EXPERT,
    Role.EXTERNAL_EXPERT,
    Role.MANAGEMENT,
    Role.ADVISORY,
    Role.SCIENTIFIC,
]
ROLE_CHOICES = [
    ("", _("Please choose")),
    *((role.value, role.label) for role in EXPERT_GROUP_ROLES),
]

INTERNATIONAL_HISTORY_CHOICES = [
    ("", _("not stated")),
    ("yes", _("with international history")),
    ("no", _("without international history")),
]


def date_input() -> forms.DateInput:
    """A native date picker; the value must be ISO so the browser understands it."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def person_choices(*, exclude_committee=None) -> list[tuple[str, str]]:
    """Options of the person select, built once per page (the page shows many such selects).

    Persons who sit in the given body today or later are left out: they cannot be added twice.
    """
    persons = Person.objects.select_related("organization").order_by("family_name", "given_name")
    if exclude_committee is not None:
        sitting = Membership.objects.filter(committee=exclude_committee).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        )
        persons = persons.exclude(pk__in=sitting.values("person_id"))
    choices = [("", _("– no existing person –"))]
    for person in persons:
        label = f"{person.family_name}, {person.given_name}"
        if person.organization_id:
            label += f" ({person.organization})"
        choices.append((str(person.pk), label))
    return choices


def organization_choices() -> list[tuple[str, str]]:
    """Options of the organisation select, built once per page."""
    choices = [("", _("– none –"))]
    choices += [
        (str(pk), short_name or name)
        for pk, name, short_name in Organization.objects.order_by("name").values_list(
            "pk", "name", "short_name"
        )
    ]
    return choices


class PersonFieldsMixin(forms.Form):
    """Either an existing person or the details of a new one.

    The select options come in from the page (``person_choices``, ``organization_choices``) so
    that rendering many forms runs no query; validation still checks against the database.
    """

    person = forms.ModelChoiceField(
        label=_("Person from the register"), queryset=Person.objects.all(), required=False
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.all(), required=False
    )
    listed_publicly = forms.BooleanField(
        label=_("Agrees to be listed by name on the public pages"), required=False
    )

    new_person_fields = ["given_name", "family_name", "email", "organization", "listed_publicly"]
    typed_new_person_fields = ["given_name", "family_name", "email", "organization"]

    def __init__(self, *args, person_choices=None, organization_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if person_choices is not None:
            self.fields["person"].choices = person_choices
        if organization_choices is not None:
            self.fields["organization"].choices = organization_choices

    def clean(self):
        cleaned = super().clean()
        if self.has_error("person"):
            return cleaned
        person = cleaned.get("person")
        given = (cleaned.get("given_name") or "").strip()
        family = (cleaned.get("family_name") or "").strip()
        if person is not None:
            if self._new_person_typed():
                self.add_error(None, _("Choose an existing person or enter a new one, not both."))
        elif not given and not family:
            self.add_error(
                None,
                _("Choose an existing person or enter the given and family name of a new one."),
            )
        else:
            if not given:
                self.add_error("given_name", _("Please enter the given name."))
            if not family:
                self.add_error("family_name", _("Please enter the family name."))
        return cleaned

    def _new_person_typed(self) -> bool:
        """Whether anything was entered for a new person (the consent boxes alone do not count)."""
        return any(self.cleaned_data.get(name) for name in self.typed_new_person_fields)

    def new_person_data(self) -> dict:
        """The keyword arguments for create_person, or {} when an existing person was chosen."""
        if self.cleaned_data.get("person") is not None:
            return {}
        return {
            "given_name": self.cleaned_data["given_name"].strip(),
            "family_name": self.cleaned_data["family_name"].strip(),
            "email": self.cleaned_data["email"],
            "organization": self.cleaned_data["organization"],
            "listed_publicly": self.cleaned_data["listed_publicly"],
        }


class MemberAddForm(PersonFieldsMixin):
    """Add a member to an expert group: an existing person or a new one, with role and dates."""

    gender = forms.ChoiceField(
        label=_("Gender (self-declared, optional)"),
        choices=[("", _("not stated")), *Person.Gender.choices],
        required=False,
    )
    international_history = forms.ChoiceField(
        label=_("International history (self-declared, optional)"),
        choices=INTERNATIONAL_HISTORY_CHOICES,
        required=False,
    )
    demographics_consent = forms.BooleanField(
        label=_(
            "The person agreed that gender and international history are stored; they are shown "
            "only as aggregate figures."
        ),
        required=False,
    )
    role = forms.ChoiceField(label=_("Role in the group"), choices=ROLE_CHOICES)
    start_date = forms.DateField(label=_("Member from"), widget=date_input())
    end_date = forms.DateField(
        label=_("Member until (last day, optional)"), widget=date_input(), required=False
    )

    typed_new_person_fields = [
        *PersonFieldsMixin.typed_new_person_fields,
        "gender",
        "international_history",
    ]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["start_date"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Existing person"), "person"),
            Fieldset(
                _("Or a new person"),
                *self.new_person_fields,
                "gender",
                "international_history",
                "demographics_consent",
            ),
            Fieldset(_("Seat"), "role", "start_date", "end_date"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        demographics = cleaned.get("gender") or cleaned.get("international_history")
        if (
            cleaned.get("person") is None
            and demographics
            and not cleaned.get("demographics_consent")
        ):
            self.add_error(
                "demographics_consent",
                _("Gender and international history may only be stored with the person's consent."),
            )
        person = cleaned.get("person")
        if person is not None and start and self._already_member(person, start, end):
            self.add_error(
                "person",
                _("%(person)s is already a member of this group in this period.")
                % {"person": person},
            )
        return cleaned

    def _already_member(self, person: Person, start: datetime.date, end) -> bool:
        """A person sits in a body only once at a time (the service and the database agree)."""
        overlapping = Membership.objects.filter(person=person, committee=self.committee).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )
        if end is not None:
            overlapping = overlapping.filter(start_date__lte=end)
        return overlapping.exists()

    def new_person_data(self) -> dict:
        data = super().new_person_data()
        if not data:
            return data
        history = self.cleaned_data["international_history"]
        data.update(
            gender=self.cleaned_data["gender"],
            international_history={"yes": True, "no": False}.get(history),
            demographics_consent=self.cleaned_data["demographics_consent"],
        )
        return data


class MembershipEndForm(forms.Form):
    """End a membership on its last day."""

    end_date = forms.DateField(label=_("Last day of membership"), widget=date_input())

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["end_date"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end < self.membership.start_date:
            raise forms.ValidationError(
                _("The end date must not be before the start date (%(start)s).")
                % {"start": formats.date_format(self.membership.start_date, "SHORT_DATE_FORMAT")}
            )
        return end


class MembershipReplaceForm(PersonFieldsMixin):
    """Give a seat to another person; the current membership ends the day before."""

    start_date = forms.DateField(label=_("Successor from"), widget=date_input())

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["person"].label = _("Successor from the register")
        self.fields["start_date"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Existing person"), "person"),
            Fieldset(_("Or a new person"), *self.new_person_fields),
            "start_date",
        )

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start_date")
        if start and start <= self.membership.start_date:
            self.add_error(
                "start_date",
                _("The successor must start after %(start)s.")
                % {"start": formats.date_format(self.membership.start_date, "SHORT_DATE_FORMAT")},
            )
        if cleaned.get("person") is not None and cleaned["person"].pk == self.membership.person_id:
            self.add_error("person", _("A person cannot succeed themselves."))
        return cleaned


class NominationAcceptForm(forms.Form):
    """Take over a proposed person into the group."""

    role = forms.ChoiceField(
        label=_("Role in the group"), choices=ROLE_CHOICES, initial=Role.EXTERNAL_EXPERT
    )
    start_date = forms.DateField(label=_("Member from"), widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class NominationDeclineForm(forms.Form):
    """Decline a proposal; the reason is optional and stays with the proposal."""

    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ScopeChangeForm(forms.Form):
    """Propose a new name and new subtopics for an expert group."""

    new_name = forms.CharField(label=_("New name"), max_length=200)
    new_subtopics = forms.CharField(
        label=_("New subtopics"),
        help_text=_("One subtopic per line."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_new_subtopics(self) -> list[str]:
        lines = self.cleaned_data["new_subtopics"].splitlines()
        return [line.strip() for line in lines if line.strip()]
