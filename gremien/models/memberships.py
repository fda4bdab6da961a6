"""Who sits in which body, and when."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .committees import Committee, Role
from .organizations import Organization, Person


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        """Memberships that run on the given day (default: today); end_date is the last day."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Membership(models.Model):
    """A person in a body, for a time; a replacement ends one membership and starts another.

    The seat a membership fills follows from its role and sending organisation (see staffing.py).
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("committee"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role, default=Role.MEMBER)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_memberships",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until (last day)"), null=True, blank=True)
    has_vote = models.BooleanField(_("voting right"), default=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The Vorsitz / Sprecher*in of an expert group. A flag, not a role: the chair keeps the seat
    # of their role (internal or external expert ...), so the staffing check is unchanged. The
    # steering group's chair is a seat of its own (Role.CHAIR) and does not use this flag.
    is_chair = models.BooleanField(_("chair or speaker"), default=False)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "start_date", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.UniqueConstraint(
                fields=["person", "committee"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_person_and_committee",
                violation_error_message=_("This person is already a member of this body."),
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(is_chair=True, end_date__isnull=True),
                name="one_open_chair_per_committee",
                violation_error_message=_("This body already has a chair."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.committee}"

    @property
    def public_name(self) -> str:
        """The name the public pages show: the full name only with the person's consent."""
        if self.person.listed_publicly:
            return self.person.full_name
        if self.organization_id:
            return _("N. N. (%(organization)s)") % {"organization": self.organization}
        return str(_("N. N."))
