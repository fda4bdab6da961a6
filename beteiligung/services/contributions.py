"""Comments and Vorschläge: submit, confirm by email link, moderate, report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etappen.models import DraftVersion, VersionSection
from gremien.models import Committee
from lip.events import record_event
from lip.history import as_history_user

from .. import conf, tokens
from ..models import CommentWindow, Contribution, Report
from ..models.contributions import (
    NAME_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    text_language_choices,
)
from ..notifications import notify_contribution_published
from ._common import (
    absolute,
    check_length,
    clean_line,
    clean_text,
    current_site_language,
    date_text,
    mail_after_commit,
    normalise_email,
    require_consent,
)

CONSENT_TEXT = gettext_lazy(
    "I have read the privacy notice and agree that my contribution is published with the name "
    "or pseudonym I gave. My email address is used only to confirm the contribution and to tell "
    "me about its moderation; it is never shown."
)


def _clean_author(author_name: str, email: str, consent: bool) -> tuple[str, str]:
    require_consent(consent)
    name = clean_line(author_name)
    if not name:
        raise ValidationError(_("Please enter a name or pseudonym."), code="name")
    check_length(name, NAME_MAX_LENGTH, field="name")
    return name, normalise_email(email)


def _clean_body(text: str) -> str:
    text = clean_text(text)
    if not text:
        raise ValidationError(_("Please write your text."), code="text")
    check_length(text, TEXT_MAX_LENGTH)
    return text


def _send_confirmation(contribution: Contribution, *, site_url: str) -> None:
    token = tokens.make_token(tokens.CONFIRM_CONTRIBUTION, contribution.pk)
    with translation.override(contribution.site_language):  # the link opens in that language
        link = absolute(site_url, reverse("beteiligung:contribution-confirm", args=[token]))
    mail_after_commit(
        language=contribution.site_language,
        to=contribution.email,
        subject=gettext_lazy("Please confirm your contribution"),
        template="contribution_confirm",
        context={
            "contribution": contribution,
            "link": link,
            "hours": conf.get("BETEILIGUNG_CONFIRMATION_HOURS"),
        },
    )


def _check_window(window: CommentWindow | None) -> None:
    now = timezone.now()
    if window is None:
        raise ValidationError(_("This version is not open for comments."), code="no_window")
    if now < window.opens_at:
        raise ValidationError(
            _("Comments on this version are possible from %(date)s.")
            % {"date": date_text(window.opens_at)},
            code="not_yet_open",
        )
    if window.has_closed(now):
        raise ValidationError(
            _(
                "The comment period on this version ended on %(date)s. The comments remain "
                "readable, but no new ones can be added."
            )
            % {"date": date_text(window.ends_at)},
            code="closed",
        )


@transaction.atomic
def submit_comment(
    *,
    version: DraftVersion,
    text: str,
    author_name: str,
    email: str,
    consent: bool,
    section: VersionSection | None = None,
    parent: Contribution | None = None,
    wants_updates: bool = False,
    text_language: str = "",
    site_url: str,
) -> Contribution:
    """Store a comment on a version, one of its sections or (one level deep) on a comment, and
    mail the confirmation link (in the interface language in use); it counts only once
    confirmed. ``text_language`` is the language the author names for the text, if any."""
    if text_language and text_language not in dict(text_language_choices()):
        raise ValidationError(_("Please choose one of the listed languages."), code="language")
    # The window decides; lock it so a comment cannot slip past an early close.
    window = (
        CommentWindow.objects.select_for_update(of=("self",))
        .select_related("version")
        .filter(version_id=version.pk)
        .first()
    )
    _check_window(window)
    if parent is not None:
        parent = Contribution.objects.get(pk=parent.pk)
        if parent.kind != Contribution.Kind.COMMENT or parent.version_id != version.pk:
            raise ValidationError(
                _("You can only reply to a comment on this version."), code="parent"
            )
        if parent.parent_id is not None:
            raise ValidationError(
                _("Replies to replies are not possible; please reply to the original comment."),
                code="reply_to_reply",
            )
        if parent.status != Contribution.Status.PUBLISHED:
            raise ValidationError(
                _("This comment is not published, so you cannot reply to it."), code="parent"
            )
        section_id = parent.section_id  # a reply belongs where its comment belongs
    elif section is not None:
        if section.version_id != version.pk:
            raise ValidationError(_("This section is not part of the version."), code="section")
        section_id = section.pk
    else:
        section_id = None
    name, address = _clean_author(author_name, email, consent)
    contribution = Contribution.objects.create(
        kind=Contribution.Kind.COMMENT,
        version_id=version.pk,
        section_id=section_id,
        parent=parent,
        text=_clean_body(text),
        author_name=name,
        email=address,
        consent_at=timezone.now(),
        consent_version=conf.get("PRIVACY_NOTICE_VERSION"),
        wants_updates=bool(wants_updates),
        text_language=text_language,
        site_language=current_site_language(),
    )
    _send_confirmation(contribution, site_url=site_url)
    return contribution


@transaction.atomic
def submit_suggestion(
    *,
    committee: Committee,
    title: str,
    text: str,
    author_name: str,
    email: str,
    consent: bool,
    wants_updates: bool = False,
    site_url: str,
) -> Contribution:
    """Store a Vorschlag on a Themenfeld and mail the confirmation link."""
    if committee.kind != Committee.Kind.EXPERT_GROUP:
        raise ValidationError(_("Please choose one of the listed topic fields."), code="topic")
    title = clean_line(title)
    if not title:
        raise ValidationError(_("Please give your suggestion a short title."), code="title")
    check_length(title, TITLE_MAX_LENGTH, field="title")
    name, address = _clean_author(author_name, email, consent)
    contribution = Contribution.objects.create(
        kind=Contribution.Kind.SUGGESTION,
        committee=committee,
        title=title,
        text=_clean_body(text),
        author_name=name,
        email=address,
        consent_at=timezone.now(),
        consent_version=conf.get("PRIVACY_NOTICE_VERSION"),
        wants_updates=bool(wants_updates),
        site_language=current_site_language(),
    )
    _send_confirmation(contribution, site_url=site_url)
    return contribution


@transaction.atomic
def confirm_contribution(*, contribution: Contribution) -> Contribution:
    """The email link was followed: the contribution counts now. With post-moderation a comment
    shows at once; with pre-moderation (and every Vorschlag) it waits for approval."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("version__comment_window")
        .get(pk=contribution.pk)
    )
    if contribution.status != Contribution.Status.UNCONFIRMED:
        return contribution  # a second click changes nothing
    now = timezone.now()
    contribution.confirmed_at = now
    shows_at_once = (
        contribution.is_comment and not contribution.version.comment_window.is_premoderated
    )
    if shows_at_once:
        contribution.status = Contribution.Status.PUBLISHED
        contribution.published_at = now
    else:
        contribution.status = Contribution.Status.PENDING
    contribution.save(update_fields=["confirmed_at", "status", "published_at"])
    return contribution


def _lock_for_moderation(contribution: Contribution) -> Contribution:
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status not in (Contribution.Status.PENDING, Contribution.Status.PUBLISHED):
        raise ValidationError(
            _("This contribution has already been dealt with (“%(status)s”).")
            % {"status": contribution.get_status_display()},
            code="moderated",
        )
    return contribution


def _close_reports(contribution: Contribution, *, by, now) -> None:
    contribution.moderated_at = now
    contribution.moderated_by = by
    contribution.reported_at = None
    as_history_user(contribution, by)
    contribution.reports.filter(resolved_at__isnull=True).update(resolved_at=now)


def _moderation_event(kind: str, summary: str, contribution: Contribution, by) -> None:
    record_event(
        kind=kind,
        summary=summary % {"kind": contribution.get_kind_display(), "number": contribution.pk},
        subject=contribution,
        by=by,
        url=reverse("beteiligung:moderation"),
    )


@transaction.atomic
def approve_contribution(*, contribution: Contribution, by) -> Contribution:
    """OE 50.6 checked the contribution: it shows (again) and leaves the queue."""
    contribution = _lock_for_moderation(contribution)
    was_waiting = contribution.status == Contribution.Status.PENDING
    now = timezone.now()
    contribution.status = Contribution.Status.PUBLISHED
    contribution.published_at = contribution.published_at or now
    _close_reports(contribution, by=by, now=now)
    contribution.save()
    _moderation_event(
        "contribution_approved", _("%(kind)s %(number)s was approved."), contribution, by
    )
    if was_waiting:
        # Shown only now, after the check (pre-moderation, every Vorschlag): tell the author.
        notify_contribution_published(contribution=contribution)
    return contribution


@transaction.atomic
def reject_contribution(
    *, contribution: Contribution, reason: str, by, site_url: str
) -> Contribution:
    """OE 50.6 rejects the contribution; the author gets the reason by email."""
    contribution = _lock_for_moderation(contribution)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(
            _("Please give the reason for the rejection; the author receives it."),
            code="reason",
        )
    check_length(reason, Contribution._meta.get_field("rejection_reason").max_length)
    contribution.status = Contribution.Status.REJECTED
    contribution.rejection_reason = reason
    _close_reports(contribution, by=by, now=timezone.now())
    contribution.save()
    _moderation_event(
        "contribution_rejected", _("%(kind)s %(number)s was rejected."), contribution, by
    )
    mail_after_commit(
        language=contribution.site_language,
        to=contribution.email,
        subject=gettext_lazy("Your contribution was not published"),
        template="contribution_rejected",
        context={
            "contribution": contribution,
            "reason": reason,
            "rules_link": absolute(site_url, reverse("beteiligung:index") + "#regeln"),
        },
    )
    return contribution


@transaction.atomic
def mark_contribution_as_spam(*, contribution: Contribution, by) -> Contribution:
    """Spam disappears without a message to the sender."""
    contribution = _lock_for_moderation(contribution)
    contribution.status = Contribution.Status.SPAM
    _close_reports(contribution, by=by, now=timezone.now())
    contribution.save()
    _moderation_event(
        "contribution_marked_as_spam",
        _("%(kind)s %(number)s was marked as spam."),
        contribution,
        by,
    )
    return contribution


@transaction.atomic
def report_contribution(*, contribution: Contribution, reason: str) -> Report:
    """Anyone may report a published contribution; it returns to the moderation queue and stays
    visible until OE 50.6 has looked at it (a report alone does not silence anybody)."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status != Contribution.Status.PUBLISHED:
        raise ValidationError(_("Only published contributions can be reported."), code="status")
    reason = clean_line(reason)
    check_length(reason, Report._meta.get_field("reason").max_length, field="reason")
    now = timezone.now()
    report = Report.objects.create(contribution=contribution, reason=reason, created_at=now)
    contribution.reported_at = now
    contribution.save(update_fields=["reported_at"])
    return report
