"""Anliegen: concerns from events and online, routed by OE 50.6 to an expert group."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gremien.models import Committee

from .contributions import NAME_MAX_LENGTH, TEXT_MAX_LENGTH, site_language_choices


class ConcernQuerySet(models.QuerySet):
    def routed_to(self, committee_ids):
        return self.filter(status=Concern.Status.ROUTED, routed_to__in=committee_ids)


class Concern(models.Model):
    """An Anliegen for the expert groups, by Themenfeld. Online ones are confirmed by email
    link; OE 50.6 enters those collected at events. Published (without name) once routed."""

    class Source(models.TextChoices):
        ONLINE = "online", _("online")
        EVENT = "veranstaltung", _("at an event")

    class Status(models.TextChoices):
        UNCONFIRMED = "unbestaetigt", _("not yet confirmed")
        RECEIVED = "eingegangen", _("received, not yet routed")
        ROUTED = "zugeordnet", _("routed to an expert group")
        SPAM = "spam", _("spam")

    topic = models.ForeignKey(
        Committee,
        verbose_name=_("topic field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
        help_text=_("As chosen by the person; empty if they did not know."),
    )
    text = models.TextField(_("concern"), max_length=TEXT_MAX_LENGTH)
    source = models.CharField(_("source"), max_length=20, choices=Source)
    event = models.ForeignKey(
        "beteiligung.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
    )
    author_name = models.CharField(_("name or pseudonym"), max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email"), blank=True)
    consent_at = models.DateTimeField(
        _("consent to the privacy notice given at"), null=True, blank=True
    )
    consent_version = models.CharField(
        _("version of the privacy notice"), max_length=20, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    # The confirmation mail goes out in the interface language used to send the concern.
    site_language = models.CharField(
        _("language of the site when written"),
        max_length=8,
        choices=site_language_choices,
        default="de",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    routed_to = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
    )
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("routed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = ConcernQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["author_name", "email"])

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [models.Index(fields=["routed_to", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="concern_has_text",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), TEXT_MAX_LENGTH),
                name="concern_text_length",
            ),
            models.CheckConstraint(
                condition=Q(source="veranstaltung", entered_by__isnull=False)
                | Q(source="online", consent_at__isnull=False),
                name="concern_online_consented_or_entered_by_office",
            ),
            models.CheckConstraint(
                condition=Q(status="unbestaetigt") | Q(confirmed_at__isnull=False),
                name="concern_counts_only_when_confirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status="zugeordnet") | Q(routed_to__isnull=False),
                name="concern_routed_has_group",
            ),
        ]

    def __str__(self):
        return _("Concern %(number)s") % {"number": self.pk}
