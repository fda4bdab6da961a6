"""Forms of beteiligung: they parse input; the services check the rules and write."""

from .office import (
    CancelEventForm,
    ConcernEntryForm,
    ConsiderationForm,
    PublishForCommentForm,
    RejectForm,
    RouteConcernForm,
    WindowEndForm,
)
from .public import CommentForm, ConcernForm, RegistrationForm, ReportForm, SuggestionForm

__all__ = [
    "CancelEventForm",
    "CommentForm",
    "ConcernEntryForm",
    "ConcernForm",
    "ConsiderationForm",
    "PublishForCommentForm",
    "RegistrationForm",
    "RejectForm",
    "ReportForm",
    "RouteConcernForm",
    "SuggestionForm",
    "WindowEndForm",
]
