"""Proposals from outside and from the groups: Initiativvorschläge and scope changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .committees import Committee
from .memberships import Membership
from .organizations import Organization


class Nomination(models.Model):
    """An Initiativvorschlag: an organisation proposes a person for an expert group."""

    class Status(models.TextChoices):
        PROPOSED = "eingegangen", _("received")
        ACCEPTED = "uebernommen", _("taken over")
        DECLINED = "abgelehnt", _("declined")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        related_name="nominations",
        limit_choices_to={"kind": Committee.Kind.EXPERT_GROUP},
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("proposing organisation (known)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    organization_name = models.CharField(_("proposing organisation"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    given_name = models.CharField(_("given name of the proposed person"), max_length=100)
    family_name = models.CharField(_("family name of the proposed person"), max_length=100)
    email = models.EmailField(_("email of the proposed person"), blank=True)
    expertise = models.TextField(_("expertise"), max_length=3000)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_text = models.CharField(_("consent text"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("resulting membership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative proposal")
        verbose_name_plural = _("initiative proposals")

    def __str__(self):
        return f"{self.given_name} {self.family_name} ({self.organization_name})"


class ScopeChange(models.Model):
    """A change of an expert group's Themenzuschnitt: proposed, agreed, then applied."""

    class Status(models.TextChoices):
        PROPOSED = "vorgeschlagen", _("proposed")
        AGREED = "abgestimmt", _("agreed with the steering group")
        APPLIED = "umgesetzt", _("applied")
        REJECTED = "abgelehnt", _("rejected")

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("expert group"),
        on_delete=models.PROTECT,
        related_name="scope_changes",
    )
    old_name = models.CharField(_("previous name"), max_length=200)
    old_subtopics = models.TextField(_("previous subtopics"), blank=True)
    new_name = models.CharField(_("new name"), max_length=200)
    new_subtopics = models.TextField(
        _("new subtopics"), blank=True, help_text=_("One subtopic per line.")
    )
    reason = models.TextField(_("reason"), max_length=3000)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("change of topic scope")
        verbose_name_plural = _("changes of topic scope")
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(status__in=["vorgeschlagen", "abgestimmt"]),
                name="one_pending_scope_change_per_committee",
                violation_error_message=_("A change of this group's scope is already pending."),
            ),
        ]

    def __str__(self):
        return f"{self.old_name} → {self.new_name}"

    @property
    def new_subtopic_list(self) -> list[str]:
        return [line.strip() for line in self.new_subtopics.splitlines() if line.strip()]
