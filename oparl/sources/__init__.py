"""The kinds of OParl objects and the lists they make up."""

from .attachments import ATTACHMENT_FILES
from .etappen import (
    ConsultationPart,
    LegislativeTermPart,
    MinutesFilePart,
    PaperFilePart,
    PaperPart,
    VersionFilePart,
    VersionPaperPart,
)
from .gremien import (
    AGENDA_ITEMS,
    LOCATIONS,
    MEMBERSHIPS,
    MeetingPart,
    OrganizationPart,
    PersonPart,
)

CONSULTATIONS = ConsultationPart()
LEGISLATIVE_TERMS = LegislativeTermPart()
ORGANIZATIONS = OrganizationPart()
PERSONS = PersonPart()
MEETINGS = MeetingPart()
PAPERS = PaperPart()
VERSION_PAPERS = VersionPaperPart()
PAPER_FILES = PaperFilePart()
VERSION_FILES = VersionFilePart()
MINUTES_FILES = MinutesFilePart()

# Each external list of the body, by its URL name, and the parts it is made of, in this order.
LISTS = {
    "organization-list": (ORGANIZATIONS,),
    "person-list": (PERSONS,),
    "membership-list": (MEMBERSHIPS,),
    "meeting-list": (MEETINGS,),
    "agenda-item-list": (AGENDA_ITEMS,),
    "location-list": (LOCATIONS,),
    "paper-list": (PAPERS, VERSION_PAPERS),
    "consultation-list": (CONSULTATIONS,),
    "file-list": (PAPER_FILES, VERSION_FILES, MINUTES_FILES, ATTACHMENT_FILES),
    "legislative-term-list": (LEGISLATIVE_TERMS,),
}

# Each object by its URL name.
PARTS = {part.route: part for parts in LISTS.values() for part in parts}
