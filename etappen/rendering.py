"""The text of a version as HTML, cached forever under the version's id.

A version is immutable, so its rendered text never goes stale; the key also names the moment
the version was made (ids can repeat when a database is rebuilt) and the language.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import DraftVersion


def _cache_key(version: DraftVersion) -> str:
    stamp = int(version.created_at.timestamp() * 1_000_000)
    # The last part names the template's revision: bump it when _version_text.html changes.
    return f"etappen:version-text:{version.pk}:{stamp}:{get_language()}:2"


def version_text(version: DraftVersion) -> SafeString:
    """The sections of a version as HTML (two queries on the first call, none afterwards)."""
    key = _cache_key(version)
    html = cache.get(key)
    if html is None:
        sections = list(version.sections.prefetch_related("districts").order_by("position"))
        html = render_to_string("etappen/_version_text.html", {"sections": sections})
        cache.set(key, html, timeout=None)
    # Rendered by our own template with autoescaping.
    return mark_safe(html)  # noqa: S308
