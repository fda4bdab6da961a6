"""Forms of etappen: they parse and check input; the services in etappen/services/ write."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gremien.models import Committee, District

from .models import CouncilConsultation, Decision, DraftSection, MeasureOutcome, SectionKind
from .models.drafts import MeasureKind
from .services import SectionData, Votes


def date_input() -> forms.DateInput:
    """A native date picker; the value must be ISO so the browser understands it."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


MEASURE_FIELDS = [
    "target_group",
    "districts",
    "responsible_unit",
    "time_frame",
    "indicator",
    "measure_kind",
]


class SectionForm(forms.Form):
    """One working section. ``revision`` is the revision the person started from.

    The options (kinds, parents, districts) come in from the view, built once per page.
    """

    heading = forms.CharField(
        label=_("Heading"),
        max_length=300,
        error_messages={"required": _("Please enter a heading.")},
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    kind = forms.ChoiceField(label=_("Kind of section"), choices=SectionKind.choices)
    parent = forms.TypedChoiceField(
        label=_("Belongs to"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("An intermediate goal belongs to a goal, a measure to an intermediate goal."),
    )
    target_group = forms.CharField(label=_("Target group"), max_length=300, required=False)
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"),
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if the measure applies to the whole city."),
    )
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=300, required=False)
    time_frame = forms.CharField(label=_("Time frame"), max_length=200, required=False)
    indicator = forms.CharField(label=_("Indicator"), max_length=500, required=False)
    measure_kind = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=[("", _("Please choose")), *MeasureKind.choices],
        required=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1, initial=1)

    def __init__(
        self, *args, structured: bool, parents: list[DraftSection], new: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.parents = {section.pk: section for section in parents}
        extra = [] if new else ["revision"]
        if new:
            # A new section has no revision to compare with yet.
            del self.fields["revision"]
        if not structured:
            for name in ["kind", "parent", *MEASURE_FIELDS]:
                del self.fields[name]
            self.helper = _helper("heading", "text", *extra)
            return
        self.fields["parent"].choices = [("", _("– none (goal or section) –"))] + [
            (section.pk, f"{section.get_kind_display()}: {section.heading}") for section in parents
        ]
        self.helper = _helper(
            "kind",
            "parent",
            "heading",
            "text",
            Fieldset(_("Details of a measure"), *MEASURE_FIELDS),
            *extra,
        )

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        if pk not in self.parents:
            raise forms.ValidationError(_("Please choose one of the listed sections."))
        return self.parents[pk]

    def section_data(self) -> SectionData:
        data = self.cleaned_data
        return SectionData(
            heading=data["heading"],
            text=data.get("text", ""),
            kind=data.get("kind") or SectionKind.TEXT,
            parent=data.get("parent"),
            target_group=data.get("target_group", ""),
            responsible_unit=data.get("responsible_unit", ""),
            time_frame=data.get("time_frame", ""),
            indicator=data.get("indicator", ""),
            measure_kind=data.get("measure_kind", ""),
            districts=list(data.get("districts") or []),
        )


def section_initial(section: DraftSection) -> dict:
    return {
        "heading": section.heading,
        "text": section.text,
        "kind": section.kind,
        "parent": section.parent_id,
        "target_group": section.target_group,
        "districts": [district.pk for district in section.districts.all()],
        "responsible_unit": section.responsible_unit,
        "time_frame": section.time_frame,
        "indicator": section.indicator,
        "measure_kind": section.measure_kind,
        "revision": section.revision,
    }


class RevisionForm(forms.Form):
    """Move or delete: the revision the person saw, so nobody deletes unseen changes."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class SubmitForm(forms.Form):
    """Submit the working sections as a new version; name the requirements it takes up."""

    requirements = forms.MultipleChoiceField(
        label=_("Requirements this version takes up"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, open_requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_requirements = {str(r.pk): r for r in open_requirements}
        self.fields["requirements"].choices = [(str(r.pk), r.text) for r in open_requirements]
        if not open_requirements:
            del self.fields["requirements"]
        self.helper = _helper()

    def chosen_requirements(self) -> list:
        return [self.open_requirements[pk] for pk in self.cleaned_data.get("requirements", [])]


class GenderRelevanceForm(forms.Form):
    gender_relevant = forms.BooleanField(
        label=_("Relevant to gender equality: consult the equal opportunities officer"),
        required=False,
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Please enter the text.")},
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        self.helper = _helper()


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"),
        widget=date_input(),
        error_messages={"required": _("Please enter the new deadline.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)


class DecisionForm(forms.Form):
    """The steering group's decision on a version; in stage 2 with an outcome per measure."""

    outcome = forms.ChoiceField(
        label=_("Outcome of the decision"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose the decision.")},
    )
    decided_on = forms.DateField(
        label=_("Date of the meeting"),
        widget=date_input(),
        error_messages={"required": _("Please enter the date of the meeting.")},
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

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        choices = [("", _("no outcome yet")), *MeasureOutcome.Outcome.choices]
        for measure in self.measures:
            self.fields[self.measure_field(measure)] = forms.ChoiceField(
                label=measure.heading, choices=choices, required=False
            )
        layout = [
            Fieldset(
                _("Decision of the steering group"), "outcome", "decided_on", "requirements", "note"
            ),
            Fieldset(
                _("Votes (optional; all three or none)"), "votes_yes", "votes_no", "votes_abstain"
            ),
        ]
        if self.measures:
            layout.append(
                Fieldset(_("Outcome per measure"), *(self.measure_field(m) for m in self.measures))
            )
        self.helper = _helper(*layout)

    @staticmethod
    def measure_field(measure) -> str:
        return f"measure-{measure.key}"

    def clean(self):
        cleaned = super().clean()
        counts = [cleaned.get(name) for name in ("votes_yes", "votes_no", "votes_abstain")]
        if any(count is not None for count in counts) and None in counts:
            self.add_error(None, _("Enter all three vote counts or none."))
        return cleaned

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


class StagePlanForm(forms.Form):
    planned_start = forms.DateField(label=_("Planned start"), widget=date_input())
    planned_end = forms.DateField(label=_("Planned end"), widget=date_input())
    planned_council = forms.DateField(
        label=_("Planned submission to the council"), widget=date_input(), required=False
    )
    actual_start = forms.DateField(label=_("Actual start"), widget=date_input(), required=False)
    actual_end = forms.DateField(label=_("Actual end"), widget=date_input(), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        error_messages={"required": _("Please give a reason for the change.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CommitteeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PaperForm(forms.Form):
    number = forms.CharField(
        label=_("Number"),
        max_length=9,
        help_text=_("Four digits, a slash and the year, e.g. 0108/2021."),
        error_messages={"required": _("Please enter the number of the paper.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("Please enter a title.")},
    )
    date = forms.DateField(
        label=_("Date of the paper"), widget=date_input(), initial=timezone.localdate
    )
    further_committees = CommitteeChoiceField(
        label=_("Further bodies advising before the council (in this order)"),
        queryset=Committee.objects.exclude(
            kind__in=[Committee.Kind.EXPERT_GROUP, Committee.Kind.INTEGRATION_COUNCIL]
        ).order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The Internationaler Ausschuss leads and the Ratsversammlung decides; both are "
            "added in any case."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CouncilResultForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("Date of the meeting"),
        widget=date_input(),
        error_messages={"required": _("Please enter the date of the meeting.")},
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("", _("Please choose")), *CouncilConsultation.Result.choices],
        error_messages={"required": _("Please choose the result.")},
    )


class SynopsisForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Earlier version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Later version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(number)s") % {"number": n}) for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError(_("Please choose two different versions."))
        return cleaned
