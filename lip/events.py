"""Write the process event log. Services call record_event once per workflow step."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .digest import notify_process_event
from .models import ProcessEvent


def record_event(
    *,
    kind: str,
    summary: str,
    subject: models.Model | None = None,
    by=None,
    public: bool = False,
    url: str = "",
    data: dict | None = None,
) -> ProcessEvent:
    """Record one step; `summary` is the German sentence people read in lists, feed and digest.

    The members of the Internationaler Ausschuss are notified of it (lip/digest.py), in the same
    transaction.
    """
    event = ProcessEvent.objects.create(
        kind=kind,
        summary=str(summary)[:300],
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        actor=by if by is not None and by.is_authenticated else None,
        is_public=public,
        url=url,
        data=data or {},
    )
    notify_process_event(event)
    return event
