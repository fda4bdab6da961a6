"""The election, its register of migrant organisations (MSO) and the candidacies they nominate."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee, Organization, Person


def new_code_salt() -> str:
    """A per-election salt for the code hashes (used as part of the HMAC key)."""
    return secrets.token_hex(16)


class Election(models.Model):
    """One election of the MSO representatives into a body (the Lenkungsgruppe)."""

    # The Wahlordnung (docs/wahlordnung.md): two seats, four places in the runoff (Stichwahl).
    SEATS = 2
    RUNOFF_PLACES = 4

    class Status(models.TextChoices):
        PREPARATION = "vorbereitung", _("in preparation")
        RUNNING = "laufend", _("voting under way")
        PUBLISHED = "veroeffentlicht", _("result published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="elections",
        limit_choices_to={"kind": Committee.Kind.STEERING_GROUP},
    )
    description = models.TextField(_("description"), blank=True)
    nomination_deadline = models.DateTimeField(_("nomination deadline"))
    voting_date = models.DateField(_("election day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PREPARATION
    )
    code_salt = models.CharField(_("code salt"), max_length=64, default=new_code_salt)
    register_frozen_at = models.DateTimeField(_("register frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["code_salt"])

    class Meta:
        ordering = ["-nomination_deadline", "pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="vorbereitung") | Q(register_frozen_at__isnull=False),
                name="election_register_frozen_once_running",
            ),
            models.CheckConstraint(
                condition=~Q(status="veroeffentlicht") | Q(published_at__isnull=False),
                name="election_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wahlen:election-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def register_frozen(self) -> bool:
        return self.register_frozen_at is not None


class EligibleOrganization(models.Model):
    """An MSO on the register of an election (Wählerverzeichnis); frozen once voting opens."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="register"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("migrant organisation"),
        on_delete=models.PROTECT,
        related_name="election_registrations",
        limit_choices_to={"kind": Organization.Kind.MIGRANT_ORGANIZATION},
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["election", "organization__name"]
        verbose_name = _("registered organisation")
        verbose_name_plural = _("register of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organization"],
                name="one_registration_per_organization",
                violation_error_message=_("This organisation is already on the register."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.election})"


class Candidacy(models.Model):
    """A person an MSO nominated; withdrawn candidacies stay in the record."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="candidacies"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("nominating organisation"),
        on_delete=models.PROTECT,
        related_name="candidacies",
        limit_choices_to={"kind": Organization.Kind.MIGRANT_ORGANIZATION},
    )
    person = models.ForeignKey(
        Person, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="candidacies"
    )
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__family_name", "person__given_name", "pk"]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organization"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_candidacy_per_organization",
                violation_error_message=_("This organisation has already nominated a candidate."),
            ),
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_candidacy_per_person",
                violation_error_message=_("This person is already a candidate."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.organization})"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None
