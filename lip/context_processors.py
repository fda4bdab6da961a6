from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    ("home", _("Start")),
    ("gremien:index", _("Committees")),
    ("etappen:index", _("Stages")),
    ("beteiligung:index", _("Participation")),
    ("progress", _("Progress")),
    ("umsetzung:index", _("Implementation")),
    ("wahlen:index", _("Elections")),
]


def navigation(request):
    """Main navigation entries, with the current one marked for aria-current."""
    match = getattr(request, "resolver_match", None)
    current = ""
    if match is not None:
        current = f"{match.namespace}:index" if match.namespace else match.url_name or ""
    items = [
        {"url": reverse(name), "label": label, "current": name == current}
        for name, label in NAVIGATION
    ]
    return {"main_navigation": items}
