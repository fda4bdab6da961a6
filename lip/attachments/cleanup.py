"""Stored files go when their row goes: after the commit, so a rollback keeps them.

``delete_stored_file`` is connected for Attachment in LipConfig.ready(); the registry connects
``delete_attachments_of`` for every owner model. These are storage housekeeping, not rules of
the process, hence receivers (a queryset delete, the admin and a cascade all end here).
"""

from django.db import transaction


def delete_stored_file(sender, instance, using, **kwargs):
    """Remove the attachment's file from the storage once the deletion is committed."""
    name = instance.file.name
    if not name:
        return
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name), using=using, robust=True)


def delete_attachments_of(sender, instance, **kwargs):
    """A deleted record takes its attachments with it (each one then removes its file)."""
    from .models import Attachment

    Attachment.objects.of(instance).delete()
