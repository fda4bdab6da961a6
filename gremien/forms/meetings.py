"""Forms of the meeting pages: plan, move, cancel, agenda, attendance, minutes, chair.

They parse and check what was typed; the services in gremien/services/ write.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from lip.attachments.forms import AttachmentField

from ..models import Attendance, Committee, Meeting, Membership, Minutes

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input() -> forms.DateTimeInput:
    """A native date and time picker; the value must be ISO so the browser understands it."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class MeetingTimesForm(forms.Form):
    """Start, end and place: what a move changes."""

    start = forms.DateTimeField(
        label=_("Starts at"),
        widget=datetime_input(),
        input_formats=[DATETIME_FORMAT],
        error_messages={"required": _("Please enter the date and time the meeting starts.")},
    )
    end = forms.DateTimeField(
        label=_("End (optional)"),
        widget=datetime_input(),
        input_formats=[DATETIME_FORMAT],
        required=False,
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end must not be before the start."))
        return cleaned


class MeetingPlanForm(MeetingTimesForm):
    """A new meeting of a body; OE 50.6 may invite further bodies (a Klausurtagung)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please enter a title.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    is_public = forms.BooleanField(label=_("Open to the public"), required=False)
    notes = forms.CharField(
        label=_("Notes for the invitation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The agenda items are added on the next page."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating bodies"),
        queryset=Committee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Their members are invited as well."),
    )

    field_order = ["title", "kind", "start", "end", "location", "is_public", "notes"]

    def __init__(self, *args, committee: Committee, with_participants: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_participants:
            self.fields["participants"].queryset = Committee.objects.exclude(pk=committee.pk)
        else:
            del self.fields["participants"]


class MeetingCancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel the meeting and tell the members"),
        error_messages={"required": _("Please confirm the cancellation.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


def version_queryset(committee: Committee):
    """The versions a body can put on its agenda: an expert group its own drafts', other
    bodies (the steering group) every version. etappen is loaded by name: it imports gremien."""
    versions = (
        apps.get_model("etappen", "DraftVersion")
        .objects.select_related("draft__committee", "draft__stage")
        .order_by("draft__stage__number", "draft__committee__position", "-number")
    )
    if committee.kind == Committee.Kind.EXPERT_GROUP:
        versions = versions.filter(draft__committee=committee)
    return versions


class AgendaItemForm(forms.Form):
    """A Tagesordnungspunkt: a title, optionally a text and a version of a draft."""

    title = forms.CharField(
        label=_("Title of the agenda item"),
        max_length=300,
        error_messages={"required": _("Please enter the title of the agenda item.")},
    )
    text = forms.CharField(
        label=_("Explanation (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.ModelChoiceField(
        label=_("Version of a draft (optional)"),
        queryset=Committee.objects.none(),
        required=False,
        empty_label=_("– no version –"),
        error_messages={"invalid_choice": _("Please choose a version from the list.")},
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = version_queryset(committee)
        self.helper = _helper()


class AttendanceForm(forms.Form):
    """One choice per member: present, excused or absent."""

    def __init__(self, *args, members: list[Membership], recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for membership in members:
            label = membership.person.full_name
            detail = membership.organization or membership.get_role_display()
            self.fields[self.field_name(membership)] = forms.ChoiceField(
                label=f"{label} ({detail})",
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=recorded.get(membership.person_id, Attendance.Status.ABSENT),
                error_messages={
                    "required": _("Please choose present, excused or absent."),
                    "invalid_choice": _("Please choose present, excused or absent."),
                },
            )
        self.helper = _helper()

    @staticmethod
    def field_name(membership: Membership) -> str:
        return f"person-{membership.person_id}"

    def statuses(self) -> dict[int, str]:
        return {m.person_id: self.cleaned_data[self.field_name(m)] for m in self.members}


class MinutesForm(forms.Form):
    """The text of the minutes; the button says whether it stays a draft, becomes internal or
    is to be published (which asks for confirmation first)."""

    SAVE_DRAFT = "entwurf"
    SAVE_INTERNAL = "intern"
    PUBLISH = "veroeffentlichen"

    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    action = forms.ChoiceField(
        choices=[(SAVE_DRAFT, SAVE_DRAFT), (SAVE_INTERNAL, SAVE_INTERNAL), (PUBLISH, PUBLISH)],
        widget=forms.HiddenInput,
        error_messages={"required": _("Please choose how to save the minutes.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("text", "revision")

    @property
    def status(self) -> str:
        return {
            self.SAVE_DRAFT: Minutes.Status.DRAFT,
            self.SAVE_INTERNAL: Minutes.Status.INTERNAL,
        }.get(self.cleaned_data["action"], "")


class MinutesFileForm(forms.Form):
    """One file for the minutes (the signed Protokoll, the slides); checked by its content."""

    file = AttachmentField(
        label=_("File"), error_messages={"required": _("Please choose a file to attach.")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("file")


class ChairForm(forms.Form):
    """Name a current member the chair of the expert group, or none."""

    membership = forms.ChoiceField(
        label=_("Chair (speaker)"),
        required=False,
        error_messages={"invalid_choice": _("Please choose a current member of the group.")},
    )

    def __init__(self, *args, members: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.fields["membership"].choices = [
            ("", _("– no chair –")),
            *((str(m.pk), m.person.full_name) for m in members),
        ]
        chair = next((m for m in members if m.is_chair), None)
        self.fields["membership"].initial = str(chair.pk) if chair else ""
        self.helper = _helper()

    def chosen(self) -> Membership | None:
        return self.members.get(self.cleaned_data["membership"])
