"""Forms of OE 50.6 and the expert groups: windows, moderation, Anliegen, Abwägung, events."""

from django import forms
from django.utils.translation import gettext_lazy as _

from etappen.models import DraftVersion, VersionSection
from gremien.models import Committee

from ..models import CommentWindow, Consideration, Event
from ..models.contributions import text_direction, text_language_choices
from ._helpers import TopicChoiceField, helper

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={
            "required": _("Please enter date and time."),
            "invalid": _("Please enter date and time, e.g. 01.03.2020 09:00."),
        },
        **kwargs,
    )


class PublishForCommentForm(forms.Form):
    opens_at = _datetime_field(_("Comments possible from"))
    closes_at = _datetime_field(_("Comments possible until"))
    moderation = forms.ChoiceField(
        label=_("Moderation"),
        choices=CommentWindow.Moderation.choices,
        initial=CommentWindow.Moderation.PRE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("opens_at", "closes_at", "moderation")


class WindowEndForm(forms.Form):
    closes_at = _datetime_field(_("New end of the comment period"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("closes_at")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the author)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Please give the reason for the rejection; the author receives it.")
        },
    )


class ConcernEntryForm(forms.Form):
    topic = TopicChoiceField(label=_("Topic field"), required=False, empty_label=_("not stated"))
    text = forms.CharField(
        label=_("Concern"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please describe your concern.")},
    )
    event = forms.ModelChoiceField(
        label=_("Collected at"),
        queryset=Event.objects.published().order_by("-starts_on"),
        required=False,
        empty_label=_("no event"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("topic", "text", "event")


class RouteConcernForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Expert group"),
        widget=forms.Select(attrs={"class": "form-select"}),
        queryset=Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).order_by(
            "position", "name"
        ),
        empty_label=_("Please choose"),
        error_messages={"required": _("Please choose an expert group.")},
    )


class LaterSectionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Version %(number)s: %(heading)s") % {
            "number": obj.version.number,
            "heading": obj.heading,
        }


class ConsiderationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Consideration.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the contribution was considered.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published in the Abwägung table."),
        error_messages={"required": _("Please give a reason.")},
    )
    later_section = LaterSectionField(
        label=_("Taken up in section"),
        queryset=VersionSection.objects.none(),
        required=False,
        empty_label=_("no section"),
        help_text=_("Optional: the section of a later version that takes the contribution up."),
    )

    reason_in_language = forms.CharField(
        label=_("Reason also in the language of the contribution"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional. Published below the German reason, which remains the one that counts."
        ),
    )

    def __init__(
        self, *args, later_versions: list[DraftVersion] | None = None, language: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["later_section"].queryset = (
            VersionSection.objects.filter(version__in=later_versions or [])
            .select_related("version")
            .order_by("version__number", "position")
        )
        fields = ["outcome", "reason", "later_section"]
        if language:
            # Only where the author named the language of the contribution.
            names = dict(text_language_choices())
            widget = self.fields["reason_in_language"].widget
            widget.attrs.update({"lang": language, "dir": text_direction(language)})
            self.fields["reason_in_language"].label = _(
                "Reason also in the language of the contribution (%(language)s)"
            ) % {"language": names.get(language, language)}
            fields.append("reason_in_language")
        else:
            del self.fields["reason_in_language"]
        self.helper = helper(*fields)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation (sent to everyone registered)"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Please give the reason for the cancellation.")},
    )
