"""Meetings of the bodies: the date, the agenda, who attended and the minutes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .committees import Committee
from .memberships import Membership
from .organizations import Person


class Meeting(models.Model):
    """A meeting of a body, e.g. a Klausurtagung of the Internationaler Ausschuss."""

    class Kind(models.TextChoices):
        MEETING = "sitzung", _("Meeting")
        RETREAT = "klausurtagung", _("Retreat (Klausurtagung)")

    class Status(models.TextChoices):
        PLANNED = "geplant", _("planned")
        HELD = "stattgefunden", _("held")
        CANCELLED = "abgesagt", _("cancelled")

    committee = models.ForeignKey(
        Committee, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    participants = models.ManyToManyField(
        Committee,
        verbose_name=_("participating bodies"),
        blank=True,
        related_name="joint_meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    # The iCalendar SEQUENCE of the invitations the members got: 0 when planned, raised by every
    # move and by the cancellation, so calendar programs replace the entry they hold.
    sequence = models.PositiveIntegerField(
        _("version of the invitation"), default=0, editable=False
    )

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="meeting_ends_after_start",
                violation_error_message=_("The end must not be before the start."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse(
            "gremien:meeting-detail", kwargs={"slug": self.committee.slug, "pk": self.pk}
        )

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()


class AgendaItem(models.Model):
    """A Tagesordnungspunkt: free text, or a version of a draft the body deals with."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    # A string reference: etappen imports gremien, so gremien never imports etappen's models.
    version = models.ForeignKey(
        "etappen.DraftVersion",
        verbose_name=_("version of a draft"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="unique_agenda_item_position"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """Whether a member took part in a meeting; the quorum counts the present ones."""

    class Status(models.TextChoices):
        PRESENT = "anwesend", _("present")
        EXCUSED = "entschuldigt", _("excused")
        ABSENT = "abwesend", _("absent")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    # The seat the person held on the day: the quorum follows the seat's voting rules.
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__family_name", "person__given_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="one_attendance_per_person_and_meeting",
                violation_error_message=_("The attendance of this person is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"


class Minutes(models.Model):
    """The Protokoll of a meeting, written in the product: a draft, internal, then published.

    A draft is read only by those who write it; internal minutes by the members of the body and
    OE 50.6; published minutes by everyone. Published minutes are not changed any more.
    """

    class Status(models.TextChoices):
        DRAFT = "entwurf", _("draft")
        INTERNAL = "intern", _("internal")
        PUBLISHED = "veroeffentlicht", _("published")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    # Raised by every save: a form sent from an older state is refused instead of overwriting.
    revision = models.PositiveIntegerField(_("save counter"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="veroeffentlicht", published_at__isnull=False)
                | (~Q(status="veroeffentlicht") & Q(published_at__isnull=True)),
                name="minutes_published_at_when_published",
            ),
        ]

    def __str__(self):
        return str(self.meeting)

    def get_absolute_url(self):
        return self.meeting.get_absolute_url() + "#protokoll"
