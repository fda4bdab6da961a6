"""Every write with a rule in etappen; views and fixtures' loaders call these, nothing else writes.

Each draft transition (submit, accept, return for revision) is one function that locks the draft
row, checks the state against ``Draft.TRANSITIONS``, refuses everything else with a German
message and records exactly one process event.
"""

from .consultation import (
    ASSESSMENT_PERIOD,
    CONSULTATION_PERIOD,
    consulted_bodies,
    extend_deadline,
    file_statement,
    remove_statement_draft_file,
    save_statement_draft,
)
from .council import compile_council_paper, record_council_result
from .decisions import (
    DecisionPlan,
    Votes,
    accept_draft,
    plan_decision,
    return_draft_for_revision,
    steering_group_votes,
)
from .drafts import (
    SectionData,
    add_section,
    delete_section,
    move_section,
    set_gender_relevance,
    update_section,
)
from .stages import change_stage_plan, create_drafts_for_stage
from .submission import SubmissionPlan, plan_submission, submit_draft
from .translations import TranslatedText, add_easy_read_summary, add_section_translations

__all__ = [
    "ASSESSMENT_PERIOD",
    "CONSULTATION_PERIOD",
    "DecisionPlan",
    "SectionData",
    "SubmissionPlan",
    "TranslatedText",
    "Votes",
    "accept_draft",
    "add_easy_read_summary",
    "add_section",
    "add_section_translations",
    "change_stage_plan",
    "compile_council_paper",
    "consulted_bodies",
    "create_drafts_for_stage",
    "delete_section",
    "extend_deadline",
    "file_statement",
    "move_section",
    "plan_decision",
    "plan_submission",
    "record_council_result",
    "remove_statement_draft_file",
    "return_draft_for_revision",
    "save_statement_draft",
    "set_gender_relevance",
    "steering_group_votes",
    "submit_draft",
    "update_section",
]
