"""Drucksachen and published Fassungen as papers, the Beratungsfolge, files, the stages."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from etappen.models import CouncilConsultation, DraftVersion, Paper, Stage
from gremien.models import Minutes

from ..timestamps import iso, last_published, last_record, latest
from .base import SCHEMA, Context, Part, compact
from .gremien import minutes_file, version_file


def paper_file(paper: Paper, ctx: Context, created, modified) -> dict:
    """The Drucksache as a PDF, as the platform renders it."""
    return compact(
        {
            "id": ctx.url("file-paper", pk=paper.pk),
            "type": SCHEMA + "File",
            "name": _("Drucksache %(number)s") % {"number": paper.number},
            "fileName": f"Drucksache-{paper.number.replace('/', '-')}.pdf",
            "mimeType": "application/pdf",
            "date": paper.date.isoformat() if paper.date else None,
            "accessUrl": ctx.absolute(reverse("etappen:paper-pdf", kwargs={"pk": paper.pk})),
            "paper": [ctx.url("paper", pk=paper.pk)],
            "web": ctx.absolute(paper.get_absolute_url()),
            "created": iso(created),
            "modified": iso(modified),
        }
    )


PUBLISHED_VERSIONS = DraftVersion.objects.filter(published_at__isnull=False).select_related(
    "draft__committee", "draft__stage"
)


def consultations_of_papers(ref: str = "pk"):
    return last_record(CouncilConsultation, key="paper_id", ref=ref)


def versions_published(ref: str = "pk"):
    """When a Fassung of the Drucksache was last published (it is then listed with it)."""
    return last_published(
        Paper.versions.through.objects, key="paper", field="draftversion__published_at", ref=ref
    )


class ConsultationPart(Part):
    """A step of the Beratungsfolge (CouncilConsultation) → Consultation."""

    route = "consultation"
    type_name = "Consultation"
    model = CouncilConsultation

    def serialize(self, obj: CouncilConsultation, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            paper=ctx.url("paper", pk=obj.paper_id),
            organization=[ctx.url("organization", pk=obj.committee_id)],
            role=obj.get_role_display(),
            authoritative=obj.role == CouncilConsultation.Role.DECIDING,
            web=ctx.absolute(reverse("etappen:paper-detail", kwargs={"pk": obj.paper_id})),
        )


CONSULTATIONS = ConsultationPart()


class PaperPart(Part):
    """Drucksache → Paper with its PDF, its Beratungsfolge and its published Fassungen."""

    route = "paper"
    type_name = "Paper"
    model = Paper

    def modified(self):
        return latest(last_record(Paper), consultations_of_papers(), versions_published())

    def with_related(self, queryset):
        return queryset.annotate(file_modified=latest(last_record(Paper))).prefetch_related(
            Prefetch("consultations", queryset=CONSULTATIONS.live().order_by("position")),
            Prefetch("versions", queryset=PUBLISHED_VERSIONS.order_by("pk"), to_attr="published"),
        )

    def serialize(self, obj: Paper, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            body=ctx.body(),
            name=obj.title,
            reference=obj.number,
            date=obj.date.isoformat() if obj.date else None,
            paperType=obj.get_kind_display(),
            subordinatedPaper=[ctx.url("paper-version", pk=v.pk) for v in obj.published],
            mainFile=paper_file(obj, ctx, obj.oparl_created, obj.file_modified),
            consultation=[CONSULTATIONS.serialize(c, ctx) for c in obj.consultations.all()],
            web=ctx.absolute(obj.get_absolute_url()),
        )


class VersionPaperPart(Part):
    """A published Fassung → Paper, with its page as the file; unpublished ones never."""

    route = "paper-version"
    type_name = "Paper"
    model = DraftVersion

    def public(self):
        return Q(published_at__isnull=False)

    def created(self):
        return F("created_at")

    def modified(self):
        return latest(F("created_at"), F("published_at"))

    def gone(self):
        return []  # a published Fassung is immutable and never deleted (PROTECT)

    def with_related(self, queryset):
        return queryset.select_related("draft__committee", "draft__stage").prefetch_related(
            Prefetch("papers", queryset=Paper.objects.order_by("pk"))
        )

    def serialize(self, obj: DraftVersion, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            body=ctx.body(),
            name=str(obj),
            date=timezone.localdate(obj.published_at).isoformat(),
            paperType=_("Version of an expert group's draft"),
            originatorOrganization=[ctx.url("organization", pk=obj.draft.committee_id)],
            superordinatedPaper=[ctx.url("paper", pk=p.pk) for p in obj.papers.all()],
            mainFile=version_file(obj, ctx),
            web=ctx.absolute(obj.get_absolute_url()),
        )


class PaperFilePart(PaperPart):
    """The PDF of a Drucksache as a File of its own."""

    route = "file-paper"
    type_name = "File"

    def modified(self):
        return last_record(Paper)

    def with_related(self, queryset):
        return queryset

    def serialize(self, obj: Paper, ctx: Context) -> dict:
        return paper_file(obj, ctx, obj.oparl_created, obj.oparl_modified)


class VersionFilePart(VersionPaperPart):
    """The page of a published Fassung as a File of its own."""

    route = "file-version"
    type_name = "File"

    def with_related(self, queryset):
        return queryset.select_related("draft__committee", "draft__stage")

    def serialize(self, obj: DraftVersion, ctx: Context) -> dict:
        return version_file(obj, ctx)


class MinutesFilePart(Part):
    """Published minutes as a File; drafts and internal minutes never."""

    route = "file-minutes"
    type_name = "File"
    model = Minutes

    def public(self):
        return Q(status=Minutes.Status.PUBLISHED)

    def ever_public(self):
        history = Minutes.history.model.objects.filter(
            id=OuterRef("id"), status=Minutes.Status.PUBLISHED
        )
        return Q(Exists(history))

    def created(self):
        return F("published_at")

    def modified(self):
        return latest(F("updated_at"), F("published_at"))

    def withdrawn_modified(self):
        return last_record(Minutes)

    def deleted_created(self):
        return F("published_at")  # the deletion record keeps the last values

    def with_related(self, queryset):
        return queryset.select_related("meeting__committee")

    def serialize(self, obj: Minutes, ctx: Context) -> dict:
        return minutes_file(obj, obj.meeting, ctx)


class LegislativeTermPart(Part):
    """Etappe (Stage) → LegislativeTerm: the periods in which the LIP's papers are made."""

    route = "legislative-term"
    type_name = "LegislativeTerm"
    model = Stage

    def serialize(self, obj: Stage, ctx: Context) -> dict:
        return self.stamped(
            obj,
            ctx,
            body=ctx.body(),
            name=str(obj),
            startDate=(obj.actual_start or obj.planned_start).isoformat(),
            endDate=(obj.actual_end or obj.planned_end).isoformat(),
            web=ctx.absolute(obj.get_absolute_url()),
        )
