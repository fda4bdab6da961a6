"""The interface languages on every page: the switcher in the header and the hreflang links.

``{% load lip_i18n %}`` in base.html. Each language links to the same page in that language
(``translate_url`` keeps the path's arguments and the query), so nobody loses their place; plain
links, no form, so a page stays free of CSRF tokens and can be cached whole (lip/pagecache.py).
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


def language_versions(request) -> list[dict]:
    """The current page in each interface language: code, own name, address, whether current.

    A page without a translated address (a 404 for an unknown path) links to the start page of
    the other language instead of to itself.
    """
    cached = getattr(request, "_lip_language_versions", None)
    if cached is not None:
        return cached
    current = get_language()
    here = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = here if code == current else translate_url(here, code)
        if code != current and url == here:
            url = translate_url("/", code)
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    request._lip_language_versions = versions
    return versions


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """The list of interface languages in the header."""
    request = context.get("request")
    return {"languages": language_versions(request) if request else []}


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """``<link rel="alternate" hreflang>`` for each language, German also as x-default."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    alternates = [
        {"code": item["code"], "url": request.build_absolute_uri(item["url"])}
        for item in language_versions(request)
    ]
    default = next((a for a in alternates if a["code"] == settings.LANGUAGE_CODE), None)
    return {"alternates": alternates, "default": default}
