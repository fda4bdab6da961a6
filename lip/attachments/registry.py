"""Which records may carry files, and who may see them: each app registers its models.

The kernel imports no app (tests/lip/test_layering.py), so the apps tell it, in their
``AppConfig.ready()``, with a rule from their own permissions::

    from lip.attachments.registry import register

    register(Statement, can_view=can_view_statement_files)
    register(Meeting, can_view=can_view_meeting_files, is_public=lambda m: m.is_public)

A record of a model nobody registered takes no file and serves none. Deleting a registered
record deletes its attachments, and their files after the commit (lip/attachments/cleanup.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete

from .cleanup import delete_attachments_of


def _never_public(obj: models.Model) -> bool:
    return False


@dataclass(frozen=True)
class OwnerRule:
    # Whether the user may see the record, and so its files: the owner app's own rule.
    can_view: Callable[[Any, models.Model], bool]
    # Public records' files may be cached; all others are sent "private, no-store".
    is_public: Callable[[models.Model], bool] = _never_public


_rules: dict[type[models.Model], OwnerRule] = {}


def register(
    model: type[models.Model],
    *,
    can_view: Callable[[Any, models.Model], bool],
    is_public: Callable[[models.Model], bool] = _never_public,
) -> None:
    """Let the model's records carry files, seen by whom ``can_view(user, record)`` allows."""
    _rules[model] = OwnerRule(can_view=can_view, is_public=is_public)
    post_delete.connect(
        delete_attachments_of,
        sender=model,
        weak=False,
        dispatch_uid=f"attachments:owner:{model._meta.label}",
    )


def rule_for(model: type[models.Model] | None) -> OwnerRule | None:
    """The rule of a registered model, None for every other."""
    return _rules.get(model)
