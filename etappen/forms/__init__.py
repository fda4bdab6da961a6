"""Forms of etappen: they parse and check input; the services in etappen/services/ write."""

from .consultation import DeadlineForm, StatementForm
from .council import CouncilResultForm, PaperForm, StagePlanForm
from .decisions import DecisionForm
from .drafts import (
    GenderRelevanceForm,
    MoveForm,
    RevisionForm,
    SectionForm,
    SubmitForm,
    SynopsisForm,
    section_initial,
)
from .translations import EasyReadForm, SectionTranslationForm

__all__ = [
    "CouncilResultForm",
    "DeadlineForm",
    "DecisionForm",
    "EasyReadForm",
    "GenderRelevanceForm",
    "MoveForm",
    "PaperForm",
    "RevisionForm",
    "SectionForm",
    "SectionTranslationForm",
    "StagePlanForm",
    "StatementForm",
    "SubmitForm",
    "SynopsisForm",
    "section_initial",
]
