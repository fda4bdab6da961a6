"""The text of a version, rendered once and cached forever: versions never change.

The page of a published version may have hundreds of sections. Its static part (each section's
text, heading and link) comes from the cache; only the comment counts are put in per request,
in plain Python rather than a template loop, so the page stays close to a page without data.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from etappen.models import DraftVersion, VersionSection

# Bump the suffix when the section template changes, so old renderings are not served.
CACHE_KEY = "beteiligung:version-text:{pk}:{language}:5"


def rendered_sections(version: DraftVersion) -> list[dict]:
    """Each section as {id, key, heading(_html), level, html, url}; 2 queries when cold."""
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
                "heading_html": escape(section.heading),
                "level": section.level,
                "html": render_to_string("beteiligung/_section_text.html", {"section": section}),
                "url": reverse(
                    "beteiligung:section-comments",
                    kwargs={"pk": version.pk, "key": section.key},
                ),
            }
            for section in rows
        ]
        cache.set(key, sections, timeout=None)
    return sections


def comment_link_text(count: int, *, is_open: bool) -> str:
    if is_open:
        return ngettext(
            "%(count)s comment – read and comment", "%(count)s comments – read and comment", count
        ) % {"count": count}
    return ngettext("%(count)s comment – read", "%(count)s comments – read", count) % {
        "count": count
    }


def version_page_parts(
    version: DraftVersion, counts: dict, *, is_open: bool
) -> tuple[SafeString, SafeString]:
    """The contents list and the sections of a version page, with each section's comment count."""
    contents, body = [], []
    link_texts: dict[int, str] = {}  # few distinct counts: translate each once
    for section in rendered_sections(version):
        count = counts.get(section["id"], 0)
        if count not in link_texts:
            link_texts[count] = escape(comment_link_text(count, is_open=is_open))
        heading = section["heading_html"]
        contents.append(f'<li><a href="#abschnitt-{section["key"]}">{heading}</a> ({count})</li>')
        body.append(
            f'<section class="lip-section lip-section-level-{section["level"]}">'
            f"{section['html']}"
            f'<p><a href="{section["url"]}">{link_texts[count]}'
            f'<span class="visually-hidden">: {heading}</span></a></p></section>'
        )
    # Everything user-written in these strings was escaped above or when the text was rendered.
    return mark_safe("".join(contents)), mark_safe("".join(body))  # noqa: S308
