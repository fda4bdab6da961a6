"""Forms for a draft: its working sections, submitting it, and comparing its versions."""

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext_lazy as _

from gremien.models import District

from ..models import DraftSection, SectionKind
from ..models.drafts import MeasureKind
from ..services import SectionData
from ._helpers import form_helper

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
            self.helper = form_helper("heading", "text", *extra)
            return
        self.fields["parent"].choices = [("", _("– none (goal or section) –"))] + [
            (section.pk, f"{section.get_kind_display()}: {section.heading}") for section in parents
        ]
        self.helper = form_helper(
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
        self.helper = form_helper()

    def chosen_requirements(self) -> list:
        return [self.open_requirements[pk] for pk in self.cleaned_data.get("requirements", [])]


class GenderRelevanceForm(forms.Form):
    gender_relevant = forms.BooleanField(
        label=_("Relevant to gender equality: consult the equal opportunities officer"),
        required=False,
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
