"""The form on which OE 50.6 records the steering group's decision."""

from crispy_forms.layout import Fieldset
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import Decision, MeasureOutcome, Requirement
from ..services import Votes
from ._helpers import date_input, form_helper


class DecisionForm(forms.Form):
    """The steering group's decision on a version; in stage 2 with an outcome per measure."""

    outcome = forms.ChoiceField(
        label=_("Outcome of the decision"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the decision.")},
    )
    meeting = forms.ChoiceField(
        label=_("Decided in"),
        error_messages={
            "required": _(
                "Please choose the meeting in which the steering group decided, or circulation."
            ),
            "invalid_choice": _("Please choose a meeting of the steering group from the list."),
        },
        help_text=_(
            "The steering group's planned and held meetings up to today. If attendance was "
            "recorded, the meeting must have been quorate."
        ),
    )
    decided_on = forms.DateField(
        label=_("Date of the meeting"),
        widget=date_input(),
        required=False,
        help_text=_("For a meeting you may leave it empty: the day of the meeting is taken."),
    )
    requirements = forms.CharField(
        label=_("Requirements (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Needed when the draft goes back for revision."),
    )
    votes_yes = forms.IntegerField(label=_("Votes in favour"), min_value=0, required=False)
    votes_no = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pending_override_reason = forms.CharField(
        label=_("Why the steering group decides although statements are pending"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _(
                "Statements are still pending. Please give the reason why the steering group "
                "decides anyway."
            )
        },
        help_text=_("Recorded with the decision; the pending requests become moot."),
    )

    CIRCULATION = "umlaufverfahren"

    def __init__(
        self,
        *args,
        measures=(),
        open_requirements=(),
        pending: bool = False,
        meetings=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["meeting"].choices = [
            ("", _("Please choose")),
            (self.CIRCULATION, Decision.Procedure.CIRCULATION.label),
            *(
                (
                    key,
                    _("%(title)s on %(date)s (%(status)s)")
                    % {
                        "title": meeting.title,
                        "date": formats.date_format(
                            timezone.localtime(meeting.start), "SHORT_DATE_FORMAT"
                        ),
                        "status": meeting.get_status_display(),
                    },
                )
                for key, meeting in self.meetings.items()
            ),
        ]
        self.measures = list(measures)
        self.open_requirements = list(open_requirements)
        choices = [("", _("no outcome yet")), *MeasureOutcome.Outcome.choices]
        for measure in self.measures:
            self.fields[self.measure_field(measure)] = forms.ChoiceField(
                label=measure.heading, choices=choices, required=False
            )
        for requirement in self.open_requirements:
            self.fields[self.requirement_field(requirement)] = forms.ChoiceField(
                label=_("%(text)s (from the decision on version %(number)s)")
                % {"text": requirement.text, "number": requirement.decision.version.number},
                choices=Requirement.Settlement.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        if not pending:
            # Nothing is pending, so there is nothing to override.
            del self.fields["pending_override_reason"]
        layout = [
            Fieldset(
                _("Decision of the steering group"),
                "outcome",
                "meeting",
                "decided_on",
                "requirements",
                "note",
            ),
        ]
        if pending:
            layout.append(
                Fieldset(_("Deciding while statements are pending"), "pending_override_reason")
            )
        if self.open_requirements:
            layout.append(
                Fieldset(
                    _("Open requirements: when accepting, close or carry each of them"),
                    *(self.requirement_field(r) for r in self.open_requirements),
                )
            )
        layout.append(
            Fieldset(
                _("Votes (optional; all three or none)"), "votes_yes", "votes_no", "votes_abstain"
            )
        )
        if self.measures:
            layout.append(
                Fieldset(_("Outcome per measure"), *(self.measure_field(m) for m in self.measures))
            )
        self.helper = form_helper(*layout)

    @staticmethod
    def measure_field(measure) -> str:
        return f"measure-{measure.key}"

    @staticmethod
    def requirement_field(requirement) -> str:
        return f"requirement-{requirement.pk}"

    def clean(self):
        cleaned = super().clean()
        counts = [cleaned.get(name) for name in ("votes_yes", "votes_no", "votes_abstain")]
        if any(count is not None for count in counts) and None in counts:
            self.add_error(None, _("Enter all three vote counts or none."))
        meeting = self.chosen_meeting()
        if (
            meeting is not None
            and not cleaned.get("decided_on")
            and "decided_on" not in self.errors
        ):
            cleaned["decided_on"] = timezone.localdate(meeting.start)
        elif not cleaned.get("decided_on") and "decided_on" not in self.errors:
            self.add_error("decided_on", _("Please enter the date of the meeting."))
        if cleaned.get("outcome") == Decision.Outcome.ACCEPTED:
            for requirement in self.open_requirements:
                name = self.requirement_field(requirement)
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        _(
                            "The draft is being accepted: please choose whether this requirement "
                            "is closed as fulfilled or carried into the next stage."
                        ),
                    )
        return cleaned

    def requirement_settlements(self) -> dict[int, str]:
        """What accepting does with each open requirement (only what was chosen)."""
        settlements = {}
        for requirement in self.open_requirements:
            value = self.cleaned_data.get(self.requirement_field(requirement))
            if value:
                settlements[requirement.pk] = value
        return settlements

    def chosen_meeting(self):
        """The meeting chosen, or None for circulation (or nothing valid chosen)."""
        return self.meetings.get(self.cleaned_data.get("meeting") or "")

    def procedure(self) -> str:
        if self.cleaned_data.get("meeting") == self.CIRCULATION:
            return Decision.Procedure.CIRCULATION
        return Decision.Procedure.MEETING

    def votes(self) -> Votes | None:
        data = self.cleaned_data
        if data.get("votes_yes") is None:
            return None
        return Votes(data["votes_yes"], data["votes_no"], data["votes_abstain"])

    def requirement_texts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["requirements"].splitlines()]

    def measure_outcomes(self) -> dict:
        outcomes = {}
        for measure in self.measures:
            value = self.cleaned_data.get(self.measure_field(measure))
            if value:
                outcomes[measure.key] = value
        return outcomes
