"""Stages, drafts and their versions, consultation, decisions and the council paper.

The package splits the models by step of the process; import them from here.
"""

from .consultation import ConsultationRequest, Statement, StatementDraft
from .council import CouncilConsultation, Paper
from .decisions import Decision, MeasureOutcome, Requirement
from .drafts import Draft, DraftSection, DraftVersion, MeasureKind, SectionKind, VersionSection
from .stages import Stage
from .translations import EasyReadSummary, SectionTranslation

__all__ = [
    "ConsultationRequest",
    "CouncilConsultation",
    "Decision",
    "Draft",
    "DraftSection",
    "DraftVersion",
    "EasyReadSummary",
    "MeasureKind",
    "MeasureOutcome",
    "Paper",
    "Requirement",
    "SectionKind",
    "SectionTranslation",
    "Stage",
    "Statement",
    "StatementDraft",
    "VersionSection",
]
