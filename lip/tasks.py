"""What a signed-in person has to do, for the "My account" page: one place to find their work."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from etappen.models import ConsultationRequest, Draft
from gremien.models import Membership
from gremien.permissions import is_office

from .roles import Role, roles_of


@dataclass
class Task:
    label: str
    url: str
    note: str = ""


@dataclass
class Tasks:
    drafts: list[Draft] = field(default_factory=list)
    requests: list[ConsultationRequest] = field(default_factory=list)
    links: list[Task] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.drafts or self.requests or self.links)


def tasks_for(user) -> Tasks:
    """Drafts of the person's expert groups, statements their bodies owe, and role links."""
    tasks = Tasks()
    roles = roles_of(user)
    committees = list(
        Membership.objects.current(timezone.localdate())
        .filter(person__user=user)
        .values_list("committee", flat=True)
    )
    if committees:
        tasks.drafts = list(
            Draft.objects.filter(committee__in=committees).select_related("committee", "stage")
        )
        tasks.requests = list(
            ConsultationRequest.objects.filter(
                committee__in=committees,
                statement__isnull=True,
                version__draft__state=Draft.State.SUBMITTED,
            )
            .exclude(kind=ConsultationRequest.Kind.DECISION)
            .select_related("committee", "version__draft__committee", "version__draft__stage")
            .order_by("deadline")
        )
    if Role.DEPARTMENT in roles or is_office(user):
        tasks.links.append(
            Task(_("Staffing of the expert groups"), reverse("gremien:staffing-overview"))
        )
    if is_office(user):
        tasks.links += [
            Task(
                _("Office of participation: comment windows, events"), reverse("beteiligung:office")
            ),
            Task(_("Moderation of comments"), reverse("beteiligung:moderation")),
            Task(_("Abwägung of all contributions"), reverse("beteiligung:consideration-list")),
            Task(_("Elections (Wahlleitung)"), reverse("wahlen:index")),
            Task(_("Stages, decisions and council papers"), reverse("etappen:index")),
        ]
    return tasks
