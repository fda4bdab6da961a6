"""Who may see and do what in etappen: the only place that decides it.

Membership in a body is what counts (Person.user + a current Membership); the roles add the
office (OE 50.6) and the members of the Internationaler Ausschuss (Role.COMMITTEE).

| who | working sections | submitted versions | statements, decisions, Vorgaben | office pages |
|---|---|---|---|---|
| the draft's expert group | read, edit, submit | its own | on its own versions | – |
| members of a consulted body | – | those it is asked about | read on those, file their own | – |
| steering group, Ausschuss role | – | all | all | – |
| OE 50.6 | read, edit, submit | all | all, file | all |
| everyone | – | only published ones | – (also on published versions) | – |

A body's statement in the making (StatementDraft) is seen only by those who file it: the body's
members and the office (``can_view_statement_draft``).

``can_view_statements`` is the one rule for everything a consultation shows: the statement
pages and forms, the consultation on the draft and version pages, decisions and Vorgaben, the
Synopse's Vorgaben, and the internal detail of /fortschritt/, the feed and the digest.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gremien.models import Committee, Membership
from gremien.permissions import is_office
from lip import pagecache
from lip.roles import Role, has_role

from .models import ConsultationRequest, Draft, DraftVersion


@dataclass(frozen=True)
class _Facts:
    office: bool
    committee_role: bool
    committees: frozenset[int]
    steering: bool


def _facts(user) -> _Facts:
    """What the checks need to know about a user, loaded once per user object.

    Pages ask many questions about many rows; keeping the answers on the (per-request) user
    object keeps their number of queries fixed.
    """
    cached = getattr(user, "_etappen_facts", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        facts = _Facts(False, False, frozenset(), False)
    else:
        # From the fragment cache, keyed by the account and the day (memberships end by date),
        # rebuilt after any change in gremien: a signed-in page reads no membership row.
        memberships = pagecache.cached(
            "current-memberships",
            (pagecache.GREMIEN,),
            lambda: list(
                Membership.objects.current()
                .filter(person__user=user)
                .values_list("committee_id", "committee__kind")
            ),
            vary=[user.pk, timezone.localdate()],
        )
        facts = _Facts(
            office=is_office(user),
            committee_role=has_role(user, Role.COMMITTEE),
            committees=frozenset(pk for pk, _kind in memberships),
            steering=any(kind == Committee.Kind.STEERING_GROUP for _pk, kind in memberships),
        )
    user._etappen_facts = facts
    return facts


def is_group_member(user, draft: Draft) -> bool:
    """A current member of the expert group that writes the draft."""
    return draft.committee_id in _facts(user).committees


def can_edit_draft(user, draft: Draft) -> bool:
    """Read and change the working sections, mark gender relevance: the group and the office."""
    facts = _facts(user)
    return facts.office or draft.committee_id in facts.committees


def can_submit_draft(user, draft: Draft) -> bool:
    """Submit the working sections as a new version: the group and the office."""
    return can_edit_draft(user, draft)


def can_view_all_statements(user) -> bool:
    """The steering group, the Ausschuss and the office read the consultation of every version."""
    facts = _facts(user)
    return facts.office or facts.steering or facts.committee_role


def can_view_statements(user, version: DraftVersion) -> bool:
    """The statements, decision and Vorgaben on a version: the group whose draft it is, the
    bodies consulted on it, the steering group, the Ausschuss and the office.

    They stay internal even once the version is published. Uses prefetched
    ``consultation_requests`` where present.
    """
    if can_view_all_statements(user):
        return True
    facts = _facts(user)
    if version.draft.committee_id in facts.committees:
        return True
    consulted = {request.committee_id for request in version.consultation_requests.all()}
    return bool(consulted & facts.committees)


def can_view_version(user, version: DraftVersion) -> bool:
    """A published version: everyone; otherwise whoever may read its consultation."""
    return version.is_public or can_view_statements(user, version)


def can_view_consolidated_paper(user, versions: Sequence[DraftVersion]) -> bool:
    """The consolidated paper of a stage (etappen.consolidation): whoever may read every version
    in it, so the public once all of them are published. Without any accepted version there is
    nothing to read: the page is then only for those who read every consultation."""
    if not versions:
        return can_view_all_statements(user)
    return all(can_view_version(user, version) for version in versions)


def can_view_draft(user, draft: Draft) -> bool:
    """The internal draft page (consultation, decisions, Vorgaben): the group, the office and
    the internal readers of one of its versions.

    Everyone sees the draft's state on the stage pages and reads published versions on their
    own pages; this page shows more.
    """
    if can_edit_draft(user, draft):
        return True
    return any(can_view_statements(user, version) for version in draft.versions.all())


def can_compare_versions(user, first: DraftVersion, second: DraftVersion) -> bool:
    """The Synopse of two versions of one draft: whoever may read both."""
    return (
        first.draft_id == second.draft_id
        and can_view_version(user, first)
        and can_view_version(user, second)
    )


def can_file_statement(user, request: ConsultationRequest) -> bool:
    """Current members of the asked body, and the office filing on a body's behalf."""
    facts = _facts(user)
    return request.expects_statement and (facts.office or request.committee_id in facts.committees)


def can_view_statement_draft(user, request: ConsultationRequest) -> bool:
    """A body's unfiled draft text: only the body's members and the office (who file it)."""
    return can_file_statement(user, request)


def can_extend_deadline(user) -> bool:
    return _facts(user).office


def can_record_decision(user) -> bool:
    """The office records the steering group's decisions."""
    return _facts(user).office


def can_manage_stage(user) -> bool:
    """Change a stage's plan, open its drafts, compile its council paper and record results."""
    return _facts(user).office


def visible_versions(user, versions: QuerySet[DraftVersion] | None = None) -> QuerySet:
    """The versions a user may read, as a queryset (same rule as can_view_version)."""
    versions = DraftVersion.objects.all() if versions is None else versions
    if can_view_all_statements(user):
        return versions
    facts = _facts(user)
    return versions.filter(
        Q(published_at__isnull=False)
        | Q(draft__committee__in=facts.committees)
        | Q(consultation_requests__committee__in=facts.committees)
    ).distinct()


def can_translate_version(user, version: DraftVersion) -> bool:
    """Add translations and the Leichte-Sprache summary: OE 50.6, on a published version."""
    return version.is_public and is_office(user)
