"""The text of a version, rendered once and cached forever: versions never change."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from etappen.models import DraftVersion, VersionSection

# Bump the suffix when the section template changes, so old renderings are not served.
CACHE_KEY = "beteiligung:version-text:{pk}:{language}:2"


def rendered_sections(version: DraftVersion) -> list[dict]:
    """Each section as {id, key, heading, level, html}; at most two queries, on a cold cache."""
    key = CACHE_KEY.format(pk=version.pk, language=translation.get_language())
    sections = cache.get(key)
    if sections is None:
        rows = (
            VersionSection.objects.filter(version_id=version.pk)
            .prefetch_related("districts")
            .order_by("position")
        )
        sections = [
            {
                "id": section.pk,
                "key": str(section.key),
                "heading": section.heading,
                "level": section.level,
                "html": render_to_string("beteiligung/_section_text.html", {"section": section}),
            }
            for section in rows
        ]
        cache.set(key, sections, timeout=None)
    return sections
