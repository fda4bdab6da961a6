"""Forms of the Wahlleitung and of the voting page; they parse and check, services write."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from gremien.models import Organization, Person

from .models import Candidacy, Election
from .services import CODE_LENGTH, normalize_code

ABSTAIN = "abstain"
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def _helper() -> FormHelper:
    """Our templates write the <form> tag and the buttons themselves."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ElectionForm(forms.ModelForm):
    """Settings of an election; the nomination deadline can be extended while in preparation."""

    nomination_deadline = forms.DateTimeField(
        label=_("Nomination deadline"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Candidacies can be recorded until this moment."),
    )
    voting_date = forms.DateField(
        label=_("Election day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Election
        fields = ["title", "slug", "nomination_deadline", "voting_date", "place", "description"]
        help_texts = {"slug": _("Part of the web address, e.g. mso-wahl-2019.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        if self.instance.pk:
            # The address is public and printed on code sheets: it does not change.
            del self.fields["slug"]


class RegisterForm(forms.Form):
    """Put an MSO on the register."""

    organization = forms.ModelChoiceField(
        label=_("Migrant organisation"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.fields["organization"].queryset = Organization.objects.filter(
            kind=Organization.Kind.MIGRANT_ORGANIZATION
        ).exclude(election_registrations__election=election)


class NominationForm(forms.Form):
    """Record the candidate of an MSO: a person from the register of persons, or a new one."""

    organization = forms.ModelChoiceField(
        label=_("Nominating organisation"), queryset=Organization.objects.none()
    )
    person = forms.ModelChoiceField(
        label=_("Existing person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Persons of the registered organisations. Leave empty to enter a new person."),
    )
    given_name = forms.CharField(label=_("Given name (new person)"), max_length=100, required=False)
    family_name = forms.CharField(
        label=_("Family name (new person)"), max_length=100, required=False
    )
    email = forms.EmailField(label=_("Email (new person)"), required=False)
    consent = forms.BooleanField(
        label=_(
            "The candidate agrees that their name and organisation are published on the pages of "
            "the election and, if elected, of the steering group."
        ),
    )

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        registered = Organization.objects.filter(election_registrations__election=election)
        nominated = Candidacy.objects.filter(election=election, withdrawn_at__isnull=True)
        self.fields["organization"].queryset = registered.exclude(
            pk__in=nominated.values("organization")
        ).order_by("name")
        self.fields["person"].queryset = (
            Person.objects.filter(organization__in=registered)
            .select_related("organization")
            .order_by("family_name", "given_name")
        )
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.family_name}, {person.given_name} ({person.organization})"
        )

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (
            data.get("given_name", "").strip() and data.get("family_name", "").strip()
        ):
            raise forms.ValidationError(
                _("Choose an existing person or enter given name and family name.")
            )
        return data


class PaperCountForm(forms.Form):
    """Paper votes per candidate, abstentions and invalid ballots of one round."""

    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args, candidacies: list[Candidacy], initial_votes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.candidacies = candidacies
        initial_votes = initial_votes or {}
        fields = {}
        for candidacy in candidacies:
            fields[f"votes_{candidacy.pk}"] = forms.IntegerField(
                label=_("Votes for %(candidate)s") % {"candidate": candidacy.person},
                min_value=0,
                initial=initial_votes.get(candidacy.pk, 0),
            )
        # Candidates first, then abstentions and invalid ballots, as on the tally sheet.
        fields.update(self.fields)
        self.fields = fields

    def votes(self) -> dict[int, int]:
        return {
            candidacy.pk: self.cleaned_data[f"votes_{candidacy.pk}"]
            for candidacy in self.candidacies
        }


class CountForm(forms.Form):
    """The count of a closed round: the round's private key, typed in or as the key file."""

    # The largest key file the platform writes is well below this; anything larger is no key.
    MAX_FILE_SIZE = 16 * 1024

    private_key = forms.CharField(
        label=_("Private key of the round"),
        required=False,
        strip=True,
        help_text=_(
            "As printed on the key sheet: 56 letters and digits in groups of four. Upper or "
            "lower case, spaces and dashes do not matter."
        ),
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                # A browser's spelling service must not receive the key.
                "spellcheck": "false",
                "class": "ballot-key-input",
            }
        ),
    )
    key_file = forms.FileField(
        label=_("Or the key file"),
        required=False,
        help_text=_("The file downloaded when the round was opened."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_key_file(self):
        upload = self.cleaned_data.get("key_file")
        if upload is None:
            return ""
        if upload.size > self.MAX_FILE_SIZE:
            raise forms.ValidationError(_("This file is too large to be a key file."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("This file is not a key file.")) from error

    def clean(self):
        data = super().clean()
        if not data.get("private_key") and not data.get("key_file") and not self.errors:
            raise forms.ValidationError(
                _("Please enter the private key of this round or upload the key file.")
            )
        return data

    def key_text(self) -> str:
        """What was typed, or else the content of the uploaded file."""
        return self.cleaned_data.get("private_key") or self.cleaned_data.get("key_file") or ""


class RepeatRoundForm(forms.Form):
    """Start a closed, uncounted round again: every vote of it lapses."""

    reason = forms.CharField(
        label=_("Reason for the repetition"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the election protocol, e.g. “private key lost”."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that every vote of this round lapses, on paper too, and that new codes "
            "and paper ballots have to be handed out."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class LotDrawForm(forms.Form):
    """Draw the lot in the platform."""

    note = forms.CharField(label=_("Note (e.g. who was present)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class LotRecordForm(forms.Form):
    """Enter a lot drawn by hand: at which position each tied candidate was drawn."""

    note = forms.CharField(
        label=_("Who drew the lot, who witnessed it"), max_length=300, required=True
    )

    def __init__(self, *args, candidacies: list[Candidacy], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.candidacies = candidacies
        choices = [("", _("Please choose"))] + [
            (str(position), str(position)) for position in range(1, len(candidacies) + 1)
        ]
        fields = {}
        for candidacy in candidacies:
            fields[f"position_{candidacy.pk}"] = forms.TypedChoiceField(
                label=_("%(candidate)s was drawn as number") % {"candidate": candidacy.person},
                choices=choices,
                coerce=int,
            )
        fields.update(self.fields)
        self.fields = fields

    def clean(self):
        data = super().clean()
        positions = [data.get(f"position_{candidacy.pk}") for candidacy in self.candidacies]
        if None not in positions and sorted(positions) != list(range(1, len(positions) + 1)):
            raise forms.ValidationError(_("Each number may be given only once."))
        return data

    def order(self) -> list[Candidacy]:
        return sorted(
            self.candidacies, key=lambda candidacy: self.cleaned_data[f"position_{candidacy.pk}"]
        )


class CodeForm(forms.Form):
    """Step 1 of voting: the code from the code sheet."""

    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("12 letters and digits as printed on your code slip, e.g. ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_code(self):
        code = self.cleaned_data["code"]
        if len(normalize_code(code)) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A voting code has 12 letters and digits. Please check what you typed.")
            )
        return code


class BallotForm(forms.Form):
    """Step 2: the ballot. The code travels along in a hidden field, never in the session."""

    code = forms.CharField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=_("Your vote"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a candidate or abstention.")},
    )

    def __init__(self, *args, candidacies: list[Candidacy], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidacies = {str(candidacy.pk): candidacy for candidacy in candidacies}
        self.fields["choice"].choices = [
            *((key, str(candidacy.person)) for key, candidacy in self.candidacies.items()),
            (ABSTAIN, _("Abstention")),
        ]

    def candidacy(self) -> Candidacy | None:
        """The chosen candidacy, or None for an abstention."""
        return self.candidacies.get(self.cleaned_data["choice"])
