"""Serving a stored file, to those who may see the record it belongs to and to nobody else."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .models import Attachment
from .registry import rule_for


@require_safe
def download(request, uuid):
    """The file, under its type as detected at upload; 404 for anyone the owner's rule refuses.

    PDF and images open in the browser, everything else is downloaded. Files of records that are
    not public are never stored by a browser or proxy.
    """
    attachment = get_object_or_404(Attachment.objects.select_related("owner_type"), uuid=uuid)
    rule = rule_for(attachment.owner_type.model_class())
    owner = attachment.owner if rule is not None else None
    if owner is None or not rule.can_view(request.user, owner):
        raise Http404
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=attachment.mime_type,
        as_attachment=not attachment.file_type.inline,
        filename=attachment.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not rule.is_public(owner):
        response["Cache-Control"] = "private, no-store"
    return response
