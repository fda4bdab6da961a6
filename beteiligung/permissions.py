"""Who may see and do what in beteiligung: the only place that decides it.

Citizens need no account: they read what is published, comment, report, register. Everything
else is the office's (OE 50.6), except the Abwägung, which the expert group writes.

| who | moderation, routing, windows, events | Abwägung | Anliegen | registrations |
|---|---|---|---|---|
| OE 50.6 | yes | every group (on its behalf) | all | read, with needs |
| current members of an expert group | – | their group's items | routed to them | – |
| everyone | – | read (public table) | read once routed | own, by link |
"""

from django.db.models import QuerySet

from etappen.models import DraftVersion
from gremien.models import Committee, Membership
from gremien.permissions import is_office
from lip.roles import roles_of

from .models import Concern, Contribution, Event


def member_group_ids(user) -> frozenset[int]:
    """The expert groups the user currently sits in; loaded once per (per-request) user."""
    cached = getattr(user, "_beteiligung_groups", None)
    if cached is not None:
        return cached
    groups: frozenset[int] = frozenset()
    if user.is_authenticated:
        groups = frozenset(
            Membership.objects.current()
            .filter(person__user=user, committee__kind=Committee.Kind.EXPERT_GROUP)
            .values_list("committee_id", flat=True)
        )
    user._beteiligung_groups = groups
    return groups


def _office(user) -> bool:
    cached = getattr(user, "_beteiligung_office", None)
    if cached is None:
        cached = is_office(user)
        user._beteiligung_office = cached
    return cached


def can_moderate(user) -> bool:
    """Approve, reject and mark contributions as spam: OE 50.6."""
    return _office(user)


def can_publish_for_comment(user) -> bool:
    """Publish a version for comment and change or end its window: OE 50.6."""
    return _office(user)


def can_manage_events(user) -> bool:
    """See registrations with their needs, cancel events, fill places: OE 50.6."""
    return _office(user)


def can_manage_concerns(user) -> bool:
    """Enter Anliegen from events, route them, mark spam: OE 50.6."""
    return _office(user)


def can_export_considerations(user) -> bool:
    """CSV and XLSX exports of the Abwägung: OE 50.6."""
    return _office(user)


def can_view_comments(user, version: DraftVersion) -> bool:
    """The comment page of a version exists only once the version is published."""
    return version.is_public


def can_view_event(user, event: Event) -> bool:
    """Published public events: everyone; internal ones: accounts with a role and OE 50.6."""
    if event.published_at is None:
        return _office(user)
    if event.is_public:
        return True
    return _office(user) or bool(user.is_authenticated and roles_of(user))


def visible_events(user, events: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """The events a user may see, as a queryset (same rule as can_view_event)."""
    events = Event.objects.all() if events is None else events
    if _office(user):
        return events
    if user.is_authenticated and roles_of(user):
        return events.published()
    return events.public()


def can_answer(user, group_id: int | None) -> bool:
    """Write the Abwägung of an item: its expert group's current members, and OE 50.6."""
    return _office(user) or (group_id is not None and group_id in member_group_ids(user))


def can_work_on_considerations(user) -> bool:
    """The Abwägung work list: members of an expert group and OE 50.6."""
    return _office(user) or bool(member_group_ids(user))


def can_view_concern_list(user) -> bool:
    """OE 50.6 sees all Anliegen; an expert group sees those routed to it."""
    return _office(user) or bool(member_group_ids(user))


def visible_concerns(user) -> QuerySet[Concern]:
    concerns = Concern.objects.exclude(status=Concern.Status.UNCONFIRMED)
    if _office(user):
        return concerns
    return concerns.routed_to(member_group_ids(user))


def considerable_contributions(user) -> QuerySet[Contribution]:
    """Published contributions the user may answer."""
    published = Contribution.objects.published()
    if _office(user):
        return published
    groups = member_group_ids(user)
    return published.filter(committee__in=groups) | published.filter(
        version__draft__committee__in=groups
    )
