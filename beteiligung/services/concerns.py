"""Anliegen: submitted online (confirmed by email link) or entered by OE 50.6, then routed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gremien.models import Committee
from lip.events import record_event
from lip.history import as_history_user

from .. import conf, tokens
from ..models import Concern, Event
from ..models.contributions import NAME_MAX_LENGTH, TEXT_MAX_LENGTH
from ._common import (
    absolute,
    check_length,
    clean_line,
    clean_text,
    current_site_language,
    mail_after_commit,
    normalise_email,
    require_consent,
)

CONCERN_CONSENT_TEXT = gettext_lazy(
    "I have read the privacy notice and agree that my concern is passed on to the expert groups "
    "and published with their answer, without my name. My email address is used only to "
    "confirm the concern; it is never shown."
)


def _check_topic(topic: Committee | None) -> None:
    if topic is not None and topic.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(_("Please choose one of the listed topic fields."), code="topic")


def _clean_concern_text(text: str) -> str:
    text = clean_text(text)
    if not text:
        raise ValidationError(_("Please describe your concern."), code="text")
    check_length(text, TEXT_MAX_LENGTH)
    return text


@transaction.atomic
def submit_concern(
    *,
    topic: Committee | None,
    text: str,
    author_name: str,
    email: str,
    consent: bool,
    site_url: str,
) -> Concern:
    """Store an Anliegen from the website and mail the confirmation link."""
    _check_topic(topic)
    require_consent(consent)
    name = clean_line(author_name)
    check_length(name, NAME_MAX_LENGTH, field="name")
    concern = Concern.objects.create(
        topic=topic,
        text=_clean_concern_text(text),
        source=Concern.Source.ONLINE,
        author_name=name,
        email=normalise_email(email),
        consent_at=timezone.now(),
        consent_version=conf.get("PRIVACY_NOTICE_VERSION"),
        site_language=current_site_language(),
    )
    token = tokens.make_token(tokens.CONFIRM_CONCERN, concern.pk)
    with translation.override(concern.site_language):  # the link opens in that language
        link = absolute(site_url, reverse("beteiligung:concern-confirm", args=[token]))
    mail_after_commit(
        language=concern.site_language,
        to=concern.email,
        subject=gettext_lazy("Please confirm your concern"),
        template="concern_confirm",
        context={
            "concern": concern,
            "link": link,
            "hours": conf.get("BETEILIGUNG_CONFIRMATION_HOURS"),
        },
    )
    return concern


@transaction.atomic
def confirm_concern(*, concern: Concern) -> Concern:
    """The email link was followed: the Anliegen waits for OE 50.6 to route it."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status == Concern.Status.UNCONFIRMED:
        concern.status = Concern.Status.RECEIVED
        concern.confirmed_at = timezone.now()
        concern.save(update_fields=["status", "confirmed_at"])
    return concern


@transaction.atomic
def enter_concern(*, topic: Committee | None, text: str, event: Event | None, by) -> Concern:
    """OE 50.6 enters an Anliegen collected at an event (a card, a flip chart)."""
    _check_topic(topic)
    now = timezone.now()
    concern = Concern(
        topic=topic,
        text=_clean_concern_text(text),
        source=Concern.Source.EVENT,
        event=event,
        status=Concern.Status.RECEIVED,
        confirmed_at=now,
        created_at=now,
        entered_by=by,
    )
    as_history_user(concern, by)
    concern.save()
    record_event(
        kind="concern_entered",
        summary=_("Concern %(number)s from an event was entered.") % {"number": concern.pk},
        subject=concern,
        by=by,
        url=reverse("beteiligung:concern-list"),
    )
    return concern


@transaction.atomic
def route_concern(*, concern: Concern, committee: Committee, by) -> Concern:
    """OE 50.6 passes an Anliegen to the expert group that answers it (again, while unanswered)."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status not in (Concern.Status.RECEIVED, Concern.Status.ROUTED):
        raise ValidationError(
            _("Only a received concern can be routed; this one is “%(status)s”.")
            % {"status": concern.get_status_display()},
            code="status",
        )
    if hasattr(concern, "consideration"):
        raise ValidationError(
            _("The expert group has already answered this concern."), code="answered"
        )
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(_("Please choose an expert group."), code="committee")
    if concern.routed_to_id == committee.pk:
        raise ValidationError(_("Nothing has changed."), code="unchanged")
    concern.status = Concern.Status.ROUTED
    concern.routed_to = committee
    concern.routed_at = timezone.now()
    concern.routed_by = by
    as_history_user(concern, by)
    concern.save()
    record_event(
        kind="concern_routed",
        summary=_("Concern %(number)s was passed to the expert group %(group)s.")
        % {"number": concern.pk, "group": committee.name},
        subject=concern,
        by=by,
        url=reverse("beteiligung:concern-list"),
    )
    return concern


@transaction.atomic
def mark_concern_as_spam(*, concern: Concern, by) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != Concern.Status.RECEIVED:
        raise ValidationError(
            _("Only a concern that has not been routed can be marked as spam."), code="status"
        )
    concern.status = Concern.Status.SPAM
    as_history_user(concern, by)
    concern.save(update_fields=["status"])
    record_event(
        kind="concern_marked_as_spam",
        summary=_("Concern %(number)s was marked as spam.") % {"number": concern.pk},
        subject=concern,
        by=by,
        url=reverse("beteiligung:concern-list"),
    )
    return concern
