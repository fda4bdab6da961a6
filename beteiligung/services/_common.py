"""Helpers the beteiligung services share: cleaning what people write, mails after commit."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lip.text import strip_control_characters


def clean_text(value: str) -> str:
    """Plain text as stored: no HTML, no control characters, unified line breaks.

    Cleaned once on write; pages print it escaped with ``linebreaks`` and never clean it again.
    """
    text = strip_control_characters(strip_tags(strip_control_characters(value)))
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_line(value: str) -> str:
    """A one-line entry (name, title, language): cleaned text with spaces for line breaks."""
    return " ".join(clean_text(value).split())


def check_length(text: str, maximum: int, *, field: str = "text") -> None:
    if len(text) > maximum:
        raise ValidationError(
            _("Please shorten the text to %(max)s characters; it has %(count)s.")
            % {"max": maximum, "count": len(text)},
            code=f"{field}_too_long",
        )


def normalise_email(value: str) -> str:
    """The address as stored and compared: trimmed, lower case, and valid."""
    email = (value or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Please enter a valid email address, e.g. name@example.org."), code="email"
        ) from None
    return email


def require_consent(consent: bool) -> None:
    if not consent:
        raise ValidationError(
            _("Please agree to the privacy notice; without it we cannot store your entry."),
            code="consent",
        )


def date_text(value) -> str:
    """A date or date-time as people read it in German texts."""
    if hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


def current_site_language() -> str:
    """The interface language of the request being served (German outside a request): stored
    with what a citizen sends, so that mails to them go out in it (docs/sprachen.md)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def mail_after_commit(
    *, to: str, subject: str, template: str, context: dict, language: str = ""
) -> None:
    """Send a plain-text mail once the transaction has committed (never on rollback).

    The text is rendered now, in ``language`` (the one the person used on the site; German
    when not given), and sent later.
    """
    if not to:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(f"emails/beteiligung/{template}.txt", context)
        subject = str(subject)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    )
