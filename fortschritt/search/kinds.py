"""What the search finds: one ``Kind`` per type of result, with who may see it and where it lives.

Every queryset below is what the public pages show a visitor without an account, built from the
apps' own rules (``visible_versions``, ``visible_events``, ``Contribution.objects.published()``,
``Person.listed_publicly``). The search shows the same to everyone, also to signed-in people
with roles: internal texts (working sections, unpublished versions, Stellungnahmen, decisions,
registrations, e-mail addresses) have no field here, so no query can find them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beteiligung.models import Concern, Consideration, Contribution
from beteiligung.permissions import visible_events
from etappen.models import DraftVersion, SectionTranslation, VersionSection
from etappen.permissions import visible_versions
from gremien.models import Committee, Membership


@dataclass(frozen=True)
class Description:
    """How one hit reads: where it links, its title where no field gives one, a context line."""

    url: str
    context: str
    title: str = ""
    language: str = ""  # the hit's language where it is not the page's (translations)


@dataclass(frozen=True)
class Kind:
    """One type of result.

    ``heading`` fields weigh most (weight A: titles, headings, names), ``body`` fields next
    (B: the text), ``more`` fields least (C: location, target group and the like).
    ``title_fields`` are shown, highlighted, as the hit's title (joined by a space); without
    them ``describe`` names the hit. ``snippet_field`` gives the highlighted excerpt.
    """

    slug: str
    label: Promise
    queryset: Callable[[], QuerySet]
    heading: tuple[str, ...]
    body: tuple[str, ...]
    describe: Callable[[Model], Description]
    more: tuple[str, ...] = ()
    title_fields: tuple[str, ...] = ()
    snippet_field: str = ""
    # PostgreSQL text search configuration: German stems German words; translations into
    # several languages share one column, so they are matched word for word ("simple").
    config: str = "german"

    @property
    def fields(self) -> tuple[str, ...]:
        return self.heading + self.body + self.more


def _visitor() -> AnonymousUser:
    return AnonymousUser()


def public_version_ids() -> QuerySet:
    """The versions everyone may read: etappen's rule for a visitor without account."""
    return visible_versions(_visitor()).order_by().values("pk")


def public_comments() -> QuerySet[Contribution]:
    """Published comments on public versions, as the comment pages show them: top-level
    comments and replies to published comments."""
    return (
        Contribution.objects.comments()
        .published()
        .filter(version__in=public_version_ids())
        .filter(Q(parent__isnull=True) | Q(parent__status=Contribution.Status.PUBLISHED))
    )


def public_suggestions() -> QuerySet[Contribution]:
    """Published Vorschläge, as the Themenfeld pages show them."""
    return Contribution.objects.suggestions().published()


def _routed_concerns() -> QuerySet[Concern]:
    """Anliegen are public (without name) once routed to an expert group (topic page)."""
    return Concern.objects.filter(status=Concern.Status.ROUTED)


# Querysets ----------------------------------------------------------------------------------


def _sections() -> QuerySet:
    return VersionSection.objects.filter(version__in=public_version_ids()).select_related(
        "version__draft__committee", "version__draft__stage"
    )


def _translations() -> QuerySet:
    """The newest revision of each section translation of a public version (etappen shows
    only that one)."""
    newer = SectionTranslation.objects.filter(
        section=OuterRef("section"),
        language=OuterRef("language"),
        revision__gt=OuterRef("revision"),
    )
    return (
        SectionTranslation.objects.filter(section__version__in=public_version_ids())
        .exclude(Exists(newer))
        .select_related("section__version__draft__committee", "section__version__draft__stage")
    )


def _versions() -> QuerySet:
    return DraftVersion.objects.filter(pk__in=public_version_ids()).select_related(
        "draft__committee", "draft__stage"
    )


def _comments() -> QuerySet:
    return public_comments().select_related(
        "version__draft__committee", "version__draft__stage", "section"
    )


def _considerations() -> QuerySet:
    return Consideration.objects.filter(
        Q(contribution__in=public_comments())
        | Q(contribution__in=public_suggestions())
        | Q(concern__in=_routed_concerns())
    ).select_related(
        "committee",
        "contribution__version__draft__committee",
        "contribution__version__draft__stage",
        "contribution__committee",
        "concern__routed_to",
    )


def _suggestions() -> QuerySet:
    return public_suggestions().select_related("committee")


def _events() -> QuerySet:
    return visible_events(_visitor())


def _committees() -> QuerySet:
    # Every body has its public page (gremien: committee_list, committee_detail).
    return Committee.objects.all()


def _members() -> QuerySet:
    # The committee pages name a person only with their consent (gremien public_name); the
    # others appear there as "N. N." and are not found by name either.
    return (
        Membership.objects.current()
        .filter(person__listed_publicly=True)
        .select_related("person", "committee")
    )


# Descriptions -------------------------------------------------------------------------------


def _section_comments_url(version_id: int, section) -> str:
    if section is None:
        return reverse("beteiligung:general-comments", kwargs={"pk": version_id})
    return reverse("beteiligung:section-comments", kwargs={"pk": version_id, "key": section.key})


def _describe_section(section: VersionSection) -> Description:
    return Description(
        url=_section_comments_url(section.version_id, section), context=str(section.version)
    )


def _describe_translation(translation: SectionTranslation) -> Description:
    version = translation.section.version
    return Description(
        url=f"{version.get_absolute_url()}?sprache={translation.language}"
        f"#abschnitt-{translation.section.key}",
        context=f"{version} · {translation.get_language_display()}",
        language=translation.language,
    )


def _describe_version(version: DraftVersion) -> Description:
    stage = version.draft.stage
    return Description(
        url=reverse("beteiligung:version-comments", kwargs={"pk": version.pk}),
        title=str(version),
        context=_("Stage %(number)s: %(name)s") % {"number": stage.number, "name": stage.name},
    )


def _describe_comment(comment: Contribution) -> Description:
    if comment.section is None:
        title = _("Comment on the whole version")
    else:
        title = _("Comment on the section “%(section)s”") % {"section": comment.section.heading}
    return Description(
        url=f"{_section_comments_url(comment.version_id, comment.section)}#kommentar-{comment.pk}",
        title=title,
        context=str(comment.version),
    )


def _topic(committee: Committee) -> str:
    return committee.topic_field or committee.name


def _describe_consideration(consideration: Consideration) -> Description:
    title = _("Answer of the expert group %(group)s: %(outcome)s") % {
        "group": consideration.committee.name,
        "outcome": consideration.get_outcome_display(),
    }
    contribution = consideration.contribution
    if contribution is not None and contribution.is_comment:
        url = reverse("beteiligung:consideration-table", kwargs={"pk": contribution.version_id})
        return Description(
            url=f"{url}#abwaegung-{contribution.pk}",
            title=title,
            context=_("On a comment on %(version)s") % {"version": contribution.version},
        )
    if contribution is not None:
        url = reverse("beteiligung:topic-detail", kwargs={"slug": contribution.committee.slug})
        return Description(
            url=f"{url}#beitrag-{contribution.pk}",
            title=title,
            context=_("On the suggestion “%(title)s”") % {"title": contribution.title},
        )
    concern = consideration.concern
    url = reverse("beteiligung:topic-detail", kwargs={"slug": concern.routed_to.slug})
    return Description(
        url=f"{url}#anliegen-{concern.pk}",
        title=title,
        context=_("On a concern in the topic field %(topic)s")
        % {"topic": _topic(concern.routed_to)},
    )


def _describe_suggestion(suggestion: Contribution) -> Description:
    url = reverse("beteiligung:topic-detail", kwargs={"slug": suggestion.committee.slug})
    return Description(
        url=f"{url}#beitrag-{suggestion.pk}",
        title=_("Suggestion"),
        context=_("Suggestion on the topic field %(topic)s")
        % {"topic": _topic(suggestion.committee)},
    )


def _describe_event(event) -> Description:
    context = f"{event.when} · {event.location}"
    if event.is_cancelled:
        context = _("Cancelled: %(event)s") % {"event": context}
    return Description(url=event.get_absolute_url(), context=context)


def _describe_committee(committee: Committee) -> Description:
    context = str(committee.get_kind_display())
    if committee.topic_field and committee.topic_field != committee.name:
        context = f"{context} · {committee.topic_field}"
    return Description(url=committee.get_absolute_url(), context=context)


def _describe_member(membership: Membership) -> Description:
    return Description(
        url=f"{membership.committee.get_absolute_url()}#mitglieder",
        context=_("%(role)s in %(committee)s")
        % {"role": membership.get_role_display(), "committee": membership.committee.name},
    )


# The order of the groups on the results page.
KINDS: tuple[Kind, ...] = (
    Kind(
        slug="abschnitt",
        label=gettext_lazy("Sections of published versions"),
        queryset=_sections,
        heading=("heading",),
        body=("text",),
        more=("target_group", "responsible_unit", "time_frame", "indicator"),
        title_fields=("heading",),
        snippet_field="text",
        describe=_describe_section,
    ),
    Kind(
        slug="uebersetzung",
        label=gettext_lazy("Translations of sections"),
        queryset=_translations,
        heading=("heading",),
        body=("text",),
        title_fields=("heading",),
        snippet_field="text",
        describe=_describe_translation,
        config="simple",
    ),
    Kind(
        slug="fassung",
        label=gettext_lazy("Published versions"),
        queryset=_versions,
        heading=("draft__committee__name", "draft__committee__topic_field"),
        body=("note",),
        more=("draft__stage__name",),
        snippet_field="note",
        describe=_describe_version,
    ),
    Kind(
        slug="kommentar",
        label=gettext_lazy("Comments"),
        queryset=_comments,
        heading=(),
        body=("text",),
        snippet_field="text",
        describe=_describe_comment,
    ),
    Kind(
        slug="abwaegung",
        label=gettext_lazy("Answers of the expert groups (Abwägung)"),
        queryset=_considerations,
        heading=(),
        body=("reason",),
        snippet_field="reason",
        describe=_describe_consideration,
    ),
    Kind(
        slug="vorschlag",
        label=gettext_lazy("Suggestions"),
        queryset=_suggestions,
        heading=("title",),
        body=("text",),
        title_fields=("title",),
        snippet_field="text",
        describe=_describe_suggestion,
    ),
    Kind(
        slug="veranstaltung",
        label=gettext_lazy("Events"),
        queryset=_events,
        heading=("title",),
        body=("description",),
        more=("location",),
        title_fields=("title",),
        snippet_field="description",
        describe=_describe_event,
    ),
    Kind(
        slug="gremium",
        label=gettext_lazy("Committees"),
        queryset=_committees,
        heading=("name", "topic_field"),
        body=("task",),
        title_fields=("name",),
        snippet_field="task",
        describe=_describe_committee,
    ),
    Kind(
        slug="person",
        label=gettext_lazy("Persons in the committees"),
        queryset=_members,
        heading=("person__given_name", "person__family_name"),
        body=(),
        title_fields=("person__given_name", "person__family_name"),
        describe=_describe_member,
    ),
)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}
