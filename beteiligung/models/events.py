"""Events (Veranstaltungen) and registrations with capacity and waiting list."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee

from .contributions import site_language_choices


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def public(self):
        """Published public events: what everyone may see."""
        return self.published().filter(is_public=True)

    def upcoming(self, today: datetime.date | None = None):
        """Events that have not ended yet (an event without end date lasts one day)."""
        today = today or timezone.localdate()
        return self.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))

    def with_places_taken(self):
        """Count the confirmed registrations in the same query (``Event.registration_state``
        reads it), so that a list of events costs one query however many register."""
        return self.annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )


@dataclass(frozen=True)
class RegistrationState:
    """Whether a person can register for an event now, and on what terms.

    The event cards and the event page read this one value, so they never disagree. An event
    with registration has a waiting list while registration is open: once every place is taken,
    a new registration lands on it (``services.confirm_registration``).
    """

    NONE = "none"  # the event takes no registrations (and has none)
    OPEN = "open"  # places free, or no limit
    WAITING_LIST = "waiting_list"  # every place taken, registration puts you on the waiting list
    FULL = "full"  # every place taken and registration closed
    CLOSED = "closed"  # registration closed with places left
    ENDED = "ended"
    CANCELLED = "cancelled"

    code: str
    free: int | None = None  # free places; None without a limit

    @property
    def can_register(self) -> bool:
        return self.code in (self.OPEN, self.WAITING_LIST)

    @property
    def label(self) -> str:
        """The badge: "noch 7 Plätze frei", "ausgebucht – Warteliste", "ausgebucht", …"""
        if self.code == self.OPEN:
            if self.free is None:
                return gettext("registration open")
            return ngettext("%(count)s place left", "%(count)s places left", self.free) % {
                "count": self.free
            }
        return {
            self.NONE: "",
            self.WAITING_LIST: gettext("fully booked – waiting list"),
            self.FULL: gettext("fully booked"),
            self.CLOSED: gettext("registration closed"),
            self.ENDED: gettext("over"),
            self.CANCELLED: gettext("cancelled"),
        }[self.code]

    @property
    def button_label(self) -> str:
        """The register button's words; "" when there is no button."""
        if self.code == self.OPEN:
            return pgettext("button", "Register")
        if self.code == self.WAITING_LIST:
            return gettext("Join the waiting list")
        return ""


class Event(models.Model):
    """A Veranstaltung: the Auftakt, the Podiumsdiskussionen after each paper, others.

    Dates are local calendar days, times optional: the council document names days, not hours.
    OE 50.6 creates events in the back office; ``services.publish_event`` makes them visible.
    """

    class Kind(models.TextChoices):
        KICKOFF = "auftakt", _("kick-off event")
        PANEL = "podiumsdiskussion", _("panel discussion")
        WORKSHOP = "workshop", _("workshop")
        ONLINE = "online", _("online event")
        OTHER = "sonstige", _("other event")

    class Status(models.TextChoices):
        PLANNED = "geplant", _("planned")
        CANCELLED = "abgesagt", _("cancelled")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Only for events over several days.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300)
    accessibility = models.CharField(
        _("accessibility of the venue"),
        max_length=500,
        blank=True,
        help_text=_("E.g. step-free entrance, hearing loop, accessible toilet."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Internal events are shown only to signed-in accounts, not in the calendar."),
    )
    stage = models.ForeignKey(
        "etappen.Stage",
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("For the panel discussion after a stage's paper."),
    )
    committees = models.ManyToManyField(
        Committee,
        verbose_name=_("expert groups taking part"),
        blank=True,
        related_name="participation_events",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
    )
    registration_open = models.BooleanField(_("registration possible"), default=False)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    cancellation_reason = models.CharField(
        _("reason for the cancellation"), max_length=500, blank=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[committees])

    class Meta:
        ordering = ["starts_on", "start_time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("An event needs at least one place."),
            ),
            models.CheckConstraint(
                condition=~Q(status="abgesagt") | ~Q(cancellation_reason=""),
                name="event_cancellation_has_reason",
                violation_error_message=_("A cancellation needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("beteiligung:event-detail", kwargs={"pk": self.pk})

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.starts_on

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_multi_day(self) -> bool:
        return self.ends_on is not None and self.ends_on != self.starts_on

    @property
    def when(self) -> str:
        """Dates and times as people read them, e.g. "Freitag, 17. Januar 2020 – Samstag, …"."""

        def day(value: datetime.date) -> str:
            return formats.date_format(value, pgettext("long date with weekday", "l, j F Y"))

        def clock(value: datetime.time) -> str:
            return gettext("%(time)s o'clock") % {"time": value.strftime("%H:%M")}

        if self.is_multi_day:
            start = day(self.starts_on)
            if self.start_time:
                start += ", " + clock(self.start_time)
            end = day(self.ends_on)
            if self.end_time:
                end += ", " + clock(self.end_time)
            return f"{start} – {end}"
        text = day(self.starts_on)
        if self.start_time and self.end_time:
            text += ", " + clock(self.start_time).replace(
                self.start_time.strftime("%H:%M"),
                f"{self.start_time:%H:%M}–{self.end_time:%H:%M}",
            )
        elif self.start_time:
            text += ", " + clock(self.start_time)
        return text

    @cached_property
    def registration_state(self) -> RegistrationState:
        """Whether and how a person can register now (see ``RegistrationState``).

        Reads ``places_taken`` from ``EventQuerySet.with_places_taken()``; without it, one query.
        """
        if self.is_cancelled:
            return RegistrationState(RegistrationState.CANCELLED)
        if self.has_ended():
            return RegistrationState(RegistrationState.ENDED)
        taken = getattr(self, "places_taken", None)
        if taken is None:
            taken = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        free = None if self.capacity is None else max(self.capacity - taken, 0)
        if self.accepts_registrations():
            code = RegistrationState.WAITING_LIST if free == 0 else RegistrationState.OPEN
            return RegistrationState(code, free)
        if not self.registration_open and not taken:
            return RegistrationState(RegistrationState.NONE)
        # Registration has closed (the first day has come, or OE 50.6 closed it) after people
        # registered: say whether every place went.
        code = RegistrationState.FULL if free == 0 else RegistrationState.CLOSED
        return RegistrationState(code, free)

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.last_day

    def accepts_registrations(self, today: datetime.date | None = None) -> bool:
        """Registration is open until the first day of the event."""
        return (
            self.registration_open
            and self.published_at is not None
            and not self.is_cancelled
            and (today or timezone.localdate()) <= self.starts_on
        )


class Registration(models.Model):
    """One person's registration; it takes a place (or a waiting-list position) once the email
    link is confirmed. Needs are stored only with their own explicit consent (they can reveal
    health data)."""

    class Status(models.TextChoices):
        PENDING = "unbestaetigt", _("not yet confirmed")
        CONFIRMED = "angemeldet", _("registered")
        WAITING = "warteliste", _("on the waiting list")
        CANCELLED = "abgemeldet", _("cancelled")

    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING)
    NEEDS_FIELDS = ("step_free_access", "interpreting_language", "childcare", "other_needs")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    step_free_access = models.BooleanField(_("needs step-free access"), default=False)
    interpreting_language = models.CharField(_("interpreting into"), max_length=100, blank=True)
    childcare = models.BooleanField(_("needs childcare"), default=False)
    other_needs = models.CharField(_("other needs"), max_length=500, blank=True)
    needs_consent_at = models.DateTimeField(
        _("consent to process the needs given at"), null=True, blank=True
    )
    consent_at = models.DateTimeField(_("consent to the privacy notice given at"))
    consent_version = models.CharField(_("version of the privacy notice"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    queued_at = models.DateTimeField(
        _("on the waiting list since"), null=True, blank=True, editable=False
    )
    moved_up_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # Mails about the registration go out in the interface language used to register.
    site_language = models.CharField(
        _("language of the site when registering"),
        max_length=8,
        choices=site_language_choices,
        default="de",
    )

    # Only the course of the registration is kept in the history, no personal details.
    history = HistoricalRecords(
        excluded_fields=["name", "email", *NEEDS_FIELDS, "needs_consent_at"]
    )

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status", "queued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(needs_consent_at__isnull=False)
                | Q(step_free_access=False, interpreting_language="", childcare=False)
                & Q(other_needs=""),
                name="registration_needs_need_consent",
                violation_error_message=_("Needs may only be stored with consent."),
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["unbestaetigt", "angemeldet", "warteliste"]) & ~Q(email=""),
                name="one_active_registration_per_email",
                violation_error_message=_("This email address is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(status="unbestaetigt") | Q(confirmed_at__isnull=False),
                name="registration_confirmed_by_email",
            ),
            models.CheckConstraint(
                condition=~Q(status="warteliste") | Q(queued_at__isnull=False),
                name="registration_waiting_has_queue_time",
            ),
        ]

    def __str__(self):
        return f"{self.event} – {self.pk}"

    @property
    def has_needs(self) -> bool:
        return bool(
            self.step_free_access
            or self.interpreting_language
            or self.childcare
            or self.other_needs
        )
