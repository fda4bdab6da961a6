"""Comment windows on published versions, the contributions of the public and reports on them.

Comments (on a version or one of its sections, replies one level deep) and Vorschläge (standalone
suggestions by Themenfeld) share one table: they go through the same double opt-in, moderation
queue, reporting and Abwägung, so one model keeps one code path for all of it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee


def site_language_choices() -> list[tuple[str, str]]:
    """The interface languages (settings.LANGUAGES): mails go out in the one a person used."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def text_language_choices() -> list[tuple[str, str]]:
    """Languages an author may name for their text: German and the translation languages,
    each named in itself (docs/sprachen.md)."""
    return [("de", "Deutsch")] + [
        (code, name) for code, name, _direction in settings.TRANSLATION_LANGUAGES if code != "de"
    ]


def text_direction(language: str) -> str:
    """ "rtl" for a language written right to left, "" where the language is not known."""
    for code, _name, direction in settings.TRANSLATION_LANGUAGES:
        if code == language:
            return direction
    return "ltr" if language else ""


# Length limits of what people write; forms, services and the database enforce them.
TEXT_MAX_LENGTH = 4000
TITLE_MAX_LENGTH = 200
NAME_MAX_LENGTH = 80
REASON_MAX_LENGTH = 1000


class CommentWindowQuerySet(models.QuerySet):
    def open(self, now=None):
        """Windows taking comments now; the same rule as ``CommentWindow.is_open``."""
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now, version__closed_at__isnull=True)


class CommentWindow(models.Model):
    """The period in which the public may comment on a published version, and how OE 50.6
    moderates it. Created only by ``services.publish_for_comment``.

    A window is open between its own dates and only while its version takes input: once the
    steering group has decided on the version or a newer version is submitted
    (``DraftVersion.closed_at``), the window counts as closed at that moment. The close job
    (``services.record_elapsed_windows``) then stores that moment as ``closes_at``. Ask
    ``is_open``/``has_closed``/``ends_at`` (or ``CommentWindow.objects.open()``), never the dates
    alone; they need ``version`` loaded with the window.
    """

    class Moderation(models.TextChoices):
        PRE = "vorab", _("pre-moderation: comments show after approval")
        POST = "nachtraeglich", _("post-moderation: comments show once confirmed")

    version = models.OneToOneField(
        "etappen.DraftVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="comment_window",
    )
    opens_at = models.DateTimeField(_("comments possible from"))
    closes_at = models.DateTimeField(_("comments possible until"))
    moderation = models.CharField(_("moderation"), max_length=20, choices=Moderation)
    created_at = models.DateTimeField(_("published at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when the closing was recorded as a process event (early close or elapsed window).
    closing_recorded_at = models.DateTimeField(
        _("closing recorded at"), null=True, blank=True, editable=False
    )

    objects = CommentWindowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("comment window")
        verbose_name_plural = _("comment windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="comment_window_closes_after_opening",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self):
        return str(self.version)

    @property
    def ends_at(self):
        """When commenting ends: the window's own end, or earlier when its version closed."""
        closed_at = self.version.closed_at
        if closed_at is not None and closed_at < self.closes_at:
            return closed_at
        return self.closes_at

    @property
    def closed_by_version(self) -> bool:
        """The version was decided on or superseded before the window would have ended."""
        closed_at = self.version.closed_at
        return closed_at is not None and closed_at <= self.closes_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.ends_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    @property
    def is_premoderated(self) -> bool:
        return self.moderation == self.Moderation.PRE


class ContributionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Contribution.Status.PUBLISHED)

    def comments(self):
        return self.filter(kind=Contribution.Kind.COMMENT)

    def suggestions(self):
        return self.filter(kind=Contribution.Kind.SUGGESTION)

    def in_queue(self):
        """What OE 50.6 still has to look at: awaiting approval, published but not yet checked
        (post-moderation) or reported since the last check."""
        return self.filter(
            Q(status=Contribution.Status.PENDING)
            | Q(status=Contribution.Status.PUBLISHED)
            & (Q(moderated_at__isnull=True) | Q(reported_at__isnull=False))
        )


class Contribution(models.Model):
    """A comment on a published version or a Vorschlag on a Themenfeld, written without an
    account. It counts once its email link is confirmed; the email address is never shown."""

    class Kind(models.TextChoices):
        COMMENT = "kommentar", _("comment")
        SUGGESTION = "vorschlag", _("suggestion")

    class Status(models.TextChoices):
        UNCONFIRMED = "unbestaetigt", _("not yet confirmed")
        PENDING = "zu_pruefen", _("awaiting approval")
        PUBLISHED = "veroeffentlicht", _("published")
        REJECTED = "abgelehnt", _("rejected")
        SPAM = "spam", _("spam")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    version = models.ForeignKey(
        "etappen.DraftVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    section = models.ForeignKey(
        "etappen.VersionSection",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        help_text=_("Empty for comments on the whole version."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("topic field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    author_name = models.CharField(_("name or pseudonym"), max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email"), blank=True)
    consent_at = models.DateTimeField(_("consent to the privacy notice given at"))
    consent_version = models.CharField(_("version of the privacy notice"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.CharField(
        _("reason for the rejection"), max_length=REASON_MAX_LENGTH, blank=True
    )
    reported_at = models.DateTimeField(
        _("reported at"),
        null=True,
        blank=True,
        help_text=_("Last report since the last check; empty when nothing is open."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Opt-in, given with the contribution: mail the author when it is published after the
    # check and when the expert group answers it (docs/benachrichtigungen.md).
    wants_updates = models.BooleanField(_("author asked to be told by mail"), default=False)
    # The language the author says the text is in (optional; marks it up with lang), and the
    # interface language they used: mails to them go out in it (docs/sprachen.md).
    text_language = models.CharField(
        _("language of the text"), max_length=8, choices=text_language_choices, blank=True
    )
    site_language = models.CharField(
        _("language of the site when written"),
        max_length=8,
        choices=site_language_choices,
        default="de",
    )

    objects = ContributionQuerySet.as_manager()
    # Name and address stay out of the history: deleting them must leave no copy behind.
    history = HistoricalRecords(excluded_fields=["author_name", "email"])

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["version", "status", "section"]),
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["status", "moderated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="kommentar", version__isnull=False, committee__isnull=True)
                | Q(
                    kind="vorschlag",
                    committee__isnull=False,
                    version__isnull=True,
                    section__isnull=True,
                    parent__isnull=True,
                ),
                name="contribution_comment_or_suggestion",
                violation_error_message=_(
                    "A comment belongs to a version, a suggestion to a topic field."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="contribution_has_text",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), TEXT_MAX_LENGTH),
                name="contribution_text_length",
            ),
            models.CheckConstraint(
                condition=Q(status="unbestaetigt") | Q(confirmed_at__isnull=False),
                name="contribution_counts_only_when_confirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="veroeffentlicht") | Q(published_at__isnull=False),
                name="contribution_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="abgelehnt") | ~Q(rejection_reason=""),
                name="contribution_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_comment(self) -> bool:
        return self.kind == self.Kind.COMMENT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def display_name(self) -> str:
        return self.author_name or str(_("anonymous"))

    @property
    def text_direction(self) -> str:
        return text_direction(self.text_language)


class Report(models.Model):
    """Someone flagged a contribution; it returns to the moderation queue until checked."""

    contribution = models.ForeignKey(
        Contribution,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self.contribution)
