"""What etappen tells apps above it, without importing them.

``version_closed`` is sent inside the transaction that decides on a version or supersedes it,
right after ``DraftVersion.closed_at`` is stored; receivers act in the same transaction (for
example beteiligung ends the version's comment window and records why, so the public page and
the feed say so at once).
"""

from django.dispatch import Signal

# Arguments: version (DraftVersion, closed_at and closed_reason set).
version_closed = Signal()
