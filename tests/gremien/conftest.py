"""Fixtures shared by the gremien test modules."""

# The meeting world (an expert group, its internal meeting of yesterday, its members and every
# kind of user) serves the agenda, attendance and minutes tests and the minutes' files.
from .test_meetings_agenda import world  # noqa: F401
