"""What every page shows the same way: status badges, breadcrumbs, dates and deadlines in words.

``{% load lip_ui %}`` in a template. The word helpers are plain functions as well, so that code
and tests call them directly; every word goes through gettext.
"""

import datetime

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

# A state -> the Bootstrap 5.3 colour family of its badge. The "-subtle" background with the
# "-emphasis" text of the same family reaches at least 7:1; the badge always says the state in
# words, so colour never carries it alone.
BADGE_TONES = {
    # Comment windows and registration (beteiligung)
    "open": "success",
    "coming": "info",
    "waiting_list": "warning",
    "full": "danger",
    "closed": "secondary",
    "ended": "secondary",
    "cancelled": "danger",
    # Drafts (etappen.Draft.State)
    "in_arbeit": "secondary",
    "eingereicht": "primary",
    "zur_ueberarbeitung": "warning",
    "angenommen": "success",
    # Measures and their status reports (umsetzung)
    "geplant": "secondary",
    "begonnen": "primary",
    "umgesetzt": "success",
    "verzoegert": "warning",
    "aufgegeben": "danger",
    "entwurf": "secondary",
    "freigegeben": "success",
    "zurueckgegeben": "warning",
    # Meetings, events, scope changes, minutes (gremien, beteiligung); "geplant", "umgesetzt" and
    # "entwurf" above mean the same here
    "stattgefunden": "success",
    "abgesagt": "danger",
    "vorgeschlagen": "info",
    "abgestimmt": "primary",
    "abgelehnt": "danger",
    "intern": "info",
    "veroeffentlicht": "success",
    # The MSO election and its voting rounds (wahlen)
    "vorbereitung": "secondary",
    "laufend": "primary",
    "offen": "success",
    "geschlossen": "warning",
    "ausgezaehlt": "success",
    # Answers of the Abwägung (beteiligung.Consideration.Outcome)
    "beruecksichtigt": "success",
    "teilweise": "info",
    "nicht_beruecksichtigt": "warning",
    "zur_kenntnis": "secondary",
}
DEFAULT_TONE = "secondary"


def badge_tone(state) -> str:
    """The colour family of a state's badge; unknown states get the neutral one."""
    return BADGE_TONES.get(str(state), DEFAULT_TONE)


@register.inclusion_tag("includes/status_badge.html")
def status_badge(state, label):
    """``{% status_badge draft.state draft.get_state_display %}``."""
    return {"state": str(state), "label": label, "tone": badge_tone(state)}


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts):
    """``{% breadcrumbs label url label url … current_label %}``: the trail from the start page.

    Pairs of label and address, then the current page's label. An empty address (``{% url … as
    x %}`` that did not resolve) shows the label without a link rather than a link to nowhere.
    """
    if not parts or len(parts) % 2 == 0:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes pairs of label and url, then the current page's label"
        )
    items = [(_("Home"), reverse("home"))]
    items += [(label, url or None) for label, url in zip(parts[:-1:2], parts[1:-1:2], strict=True)]
    items.append((parts[-1], None))
    return {"breadcrumbs": items}


def _deadline(moment: datetime.datetime) -> tuple[datetime.date, str]:
    """The local day and clock time of a deadline. Midnight is 24:00 of the day before, as German
    notices write it: a window open "until 15 March, 0:00" is open all of 14 March."""
    local = timezone.localtime(moment)
    if local.time() == datetime.time(0, 0):
        return local.date() - datetime.timedelta(days=1), "24:00"
    return local.date(), local.strftime("%H:%M")


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _clock(value: str) -> str:
    return _("%(time)s o'clock") % {"time": value}


def moment_in_words(moment: datetime.datetime) -> str:
    """E.g. "15. März 2027, 18:00 Uhr"."""
    day, clock = _deadline(moment)
    return f"{_day(day)}, {_clock(clock)}"


def until_in_words(moment: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """How long something stays open, e.g. "noch 12 Tage, bis 15. März 2027, 18:00 Uhr",
    "endet heute um 18:00 Uhr", "endet morgen um 18:00 Uhr", "beendet am 15. März 2027"."""
    now = now or timezone.now()
    day, clock = _deadline(moment)
    words = {"date": _day(day), "time": _clock(clock)}
    if moment <= now:
        return _("ended on %(date)s") % words
    days = (day - timezone.localtime(now).date()).days
    if days <= 0:
        return _("ends today at %(time)s") % words
    if days == 1:
        return _("ends tomorrow at %(time)s") % words
    return ngettext(
        "%(count)s more day, until %(date)s, %(time)s",
        "%(count)s more days, until %(date)s, %(time)s",
        days,
    ) % {"count": days, **words}


def starts_in_words(first_day: datetime.date, today: datetime.date | None = None) -> str:
    """When an event begins, seen from today: "heute", "morgen", "in 12 Tagen", "läuft"."""
    days = (first_day - (today or timezone.localdate())).days
    if days < 0:
        return _("running now")
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}


@register.filter
def deadline_date(moment):
    """``{{ window.ends_at|deadline_date }}``: the last day, e.g. "15. März 2027"."""
    return _day(_deadline(moment)[0]) if moment else ""


@register.filter
def moment_words(moment):
    """``{{ window.closes_at|moment_words }}``."""
    return moment_in_words(moment) if moment else ""


@register.filter
def until_words(moment):
    """``{{ window.ends_at|until_words }}``."""
    return until_in_words(moment) if moment else ""


@register.filter
def starts_words(first_day):
    """``{{ event.starts_on|starts_words }}``."""
    return starts_in_words(first_day) if first_day else ""
