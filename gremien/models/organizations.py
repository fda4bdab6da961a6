"""Where people come from: the districts, the organisation tree and the persons."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class District(models.Model):
    """A Stadtbezirk of Hannover (13, numbered 01-13)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return f"{self.number:02d} {self.name}"


class Organization(models.Model):
    """A Dezernat, Fachbereich, Bereich, umbrella organisation, MSO, association or university."""

    class Kind(models.TextChoices):
        DEPARTMENT = "dezernat", _("Department (Dezernat)")
        DIVISION = "fachbereich", _("Division (Fachbereich)")
        UNIT = "bereich", _("Unit (Bereich)")
        UMBRELLA = "dachorganisation", _("Umbrella organisation")
        MIGRANT_ORGANIZATION = "mso", _("Migrant organisation (MSO)")
        ASSOCIATION = "verein", _("Association or initiative")
        UNIVERSITY = "hochschule", _("University")
        PUBLIC_BODY = "koerperschaft", _("Public body or institution")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.short_name or self.name


class Person(models.Model):
    """A person who sits or may sit in a body; demographic data only with recorded consent."""

    class Gender(models.TextChoices):
        FEMALE = "weiblich", _("female")
        MALE = "maennlich", _("male")
        DIVERSE = "divers", _("diverse")

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    listed_publicly = models.BooleanField(
        _("agrees to be listed by name"),
        default=False,
        help_text=_("Without this consent the public pages show 'N. N. (organisation)'."),
    )
    gender = models.CharField(
        _("gender (self-declared)"), max_length=20, choices=Gender, blank=True
    )
    international_history = models.BooleanField(
        _("international history (self-declared)"), null=True, blank=True
    )
    demographics_consent_at = models.DateTimeField(
        _("consent to store gender and international history given at"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(demographics_consent_at__isnull=False)
                | (Q(gender="") & Q(international_history__isnull=True)),
                name="person_demographics_need_consent",
                violation_error_message=_(
                    "Gender and international history may only be stored with consent."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
