"""Attaching, removing and moving files: the only writes of Attachment.

The owner app calls these inside its own service (and transaction) and checks there who may
attach; who may see the files is its registered rule (registry.py).
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from lip.history import as_history_user
from lip.pagecache import AREAS, bump
from lip.text import strip_control_characters

from .detection import check_upload
from .models import Attachment
from .registry import rule_for

NAME_LENGTH = Attachment._meta.get_field("original_name").max_length


def clean_name(name: str) -> str:
    """The person's file name without folders and invisible characters, at most 200 long
    (the extension kept)."""
    name = strip_control_characters(PurePath((name or "").replace("\\", "/")).name)
    name = " ".join(name.split()) or "anhang"
    if len(name) <= NAME_LENGTH:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: NAME_LENGTH - len(suffix)] + suffix


def _checksum(uploaded_file) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _owner_changed(model: type[models.Model] | None) -> None:
    """Cached public pages that list the owner's files render anew (lip/pagecache.py)."""
    label = model._meta.app_label if model is not None else None
    if label in AREAS:
        bump(label)


@transaction.atomic
def attach(*, obj: models.Model, uploaded_file, by: AbstractBaseUser | None) -> Attachment:
    """Store a file with a record; a refused file (type, size) raises ValidationError and
    leaves nothing behind, neither a row nor a stored file."""
    if rule_for(type(obj)) is None:
        raise ValueError(f"{obj._meta.label} is not registered for attachments.")
    file_type = check_upload(uploaded_file)
    attachment = Attachment(
        owner=obj,
        original_name=clean_name(uploaded_file.name),
        mime_type=file_type.mime,
        size=uploaded_file.size,
        sha256=_checksum(uploaded_file),
        uploaded_by=by,
    )
    # The name is made by stored_name (random, extension by type), not taken from the upload.
    attachment.file.save(file_type.extension, uploaded_file, save=False)
    try:
        as_history_user(attachment, by).save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    _owner_changed(type(obj))
    return attachment


@transaction.atomic
def remove(*, attachment: Attachment, by: AbstractBaseUser | None) -> None:
    """Delete an attachment; its stored file goes after the commit (cleanup.py)."""
    as_history_user(attachment, by).delete()
    _owner_changed(attachment.owner_type.model_class())


@transaction.atomic
def move_attachments(
    *, source: models.Model, target: models.Model, by: AbstractBaseUser | None
) -> list[Attachment]:
    """Hand a record's files to another (a statement's draft to the filed statement)."""
    if rule_for(type(target)) is None:
        raise ValueError(f"{target._meta.label} is not registered for attachments.")
    moved = list(Attachment.objects.of(source).select_for_update())
    owner_type = ContentType.objects.get_for_model(target)
    for attachment in moved:
        attachment.owner_type = owner_type
        attachment.owner_id = target.pk
        as_history_user(attachment, by).save(update_fields=["owner_type", "owner_id"])
    if moved:
        _owner_changed(type(target))
    return moved


def attachments_of(obj: models.Model) -> list[Attachment]:
    """One record's attachments, oldest first (one query)."""
    return list(Attachment.objects.of(obj))


def attachments_by_owner(objects: Iterable[models.Model]) -> dict[int, list[Attachment]]:
    """The attachments of many records of one model, by the record's pk (one query).

    For lists: ``files = attachments_by_owner(meetings)`` then ``files.get(meeting.pk, [])``.
    """
    objects = list(objects)
    grouped: dict[int, list[Attachment]] = defaultdict(list)
    if not objects:
        return grouped
    rows = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(objects[0]),
        owner_id__in=[obj.pk for obj in objects],
    ).order_by("uploaded_at", "pk")
    for attachment in rows:
        grouped[attachment.owner_id].append(attachment)
    return grouped
