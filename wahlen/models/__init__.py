"""The MSO election: register, candidacies, voting rounds, codes, ballots, paper counts, lots.

The rules these models serve are written in docs/wahlordnung.md; wahlen/services/ applies them.

The package splits the models by step of the election; import them from here:
``elections`` (the election, its register and candidacies), ``voting`` (rounds, codes and the
secret vote, whose secrecy that module's docstring explains) and ``counts`` (paper counts, lots).
"""

from .counts import LotDraw, LotDrawEntry, PaperCount, PaperCountLine
from .elections import Candidacy, Election, EligibleOrganization, new_code_salt
from .voting import Ballot, Participation, VotingCode, VotingRound

# new_code_salt stays importable here: migration 0001 refers to wahlen.models.new_code_salt.
__all__ = [
    "Ballot",
    "Candidacy",
    "Election",
    "EligibleOrganization",
    "LotDraw",
    "LotDrawEntry",
    "PaperCount",
    "PaperCountLine",
    "Participation",
    "VotingCode",
    "VotingRound",
    "new_code_salt",
]
