"""Forms of OE 50.6 for a stage: its plan, the council paper and the council's results."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gremien.models import Committee

from ..models import CouncilConsultation
from ._helpers import date_input, form_helper


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
        self.helper = form_helper()


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
    text = forms.CharField(
        label=_("Full text of the paper"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_(
            "Antrag, Begründung and financial effects as the council reads them; the "
            "consolidated paper and the consideration tables are attached automatically."
        ),
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
        self.helper = form_helper()


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
