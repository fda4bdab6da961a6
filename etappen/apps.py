from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def can_view_statement_files(user, statement) -> bool:
    """A filed statement's files: whoever may read the statements on its version."""
    from .permissions import can_view_statements

    return can_view_statements(user, statement.request.version)


def can_view_statement_draft_files(user, statement_draft) -> bool:
    """Files of a statement not yet filed: the body's members and OE 50.6, like its text."""
    from .permissions import can_view_statement_draft

    return can_view_statement_draft(user, statement_draft.request)


class EtappenConfig(AppConfig):
    name = "etappen"
    verbose_name = _("Stages")

    def ready(self):
        # Statements carry files (a Beirat's signed letter); statements are never public.
        from lip.attachments.registry import register

        from .models import Statement, StatementDraft

        register(Statement, can_view=can_view_statement_files)
        register(StatementDraft, can_view=can_view_statement_draft_files)
