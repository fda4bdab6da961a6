"""Who may see the internal detail of the progress pages."""

from etappen.permissions import can_view_all_statements


def can_see_internal_progress(user) -> bool:
    """Ausschuss members, Lenkungsgruppe members and the office see pending and overdue detail.

    That detail says which statements exist on every draft, so it follows the statement rule:
    exactly those who read the consultation of every version.
    """
    return can_view_all_statements(user)
