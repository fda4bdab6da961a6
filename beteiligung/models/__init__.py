"""Events and registrations, comment windows, contributions, Anliegen and their Abwägung.

The package splits the models by subject; import them from here.
"""

from .concerns import Concern
from .considerations import Consideration
from .contributions import CommentWindow, Contribution, Report
from .events import Event, Registration

__all__ = [
    "CommentWindow",
    "Concern",
    "Consideration",
    "Contribution",
    "Event",
    "Registration",
    "Report",
]
