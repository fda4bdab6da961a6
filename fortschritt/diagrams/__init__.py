"""The pictures of the start page and /fortschritt/, drawn from live data.

The document's Infografik 1 (organisation) and 2 (process) and the timeline of the stages. Each
is built here as plain data, and the templates render it as HTML whose text wraps inside its
boxes: CSS (static/fortschritt/fortschritt.css) lays the boxes out side by side on wide screens
and one below the other on phones, so there is one text for every reader and every width.
"""

from .organisation import OrganisationDiagram, organisation_diagram
from .process import ProcessDiagram, process_diagram
from .timeline import Timeline, timeline

__all__ = [
    "OrganisationDiagram",
    "ProcessDiagram",
    "Timeline",
    "organisation_diagram",
    "process_diagram",
    "timeline",
]
