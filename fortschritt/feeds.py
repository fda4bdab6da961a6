"""Atom feed of the public process steps (Django's syndication framework).

Everyone reads the feed: its links lead to public pages only (fortschritt.progress.with_links).
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from lip.models import ProcessEvent

from .progress import with_links


class ProgressFeed(Feed):
    feed_type = Atom1Feed
    title = _("Local Integration Plan Hannover: steps of the process")
    subtitle = _("Public steps of the renewal of the Local Integration Plan.")

    def link(self):
        return reverse("progress")

    def items(self):
        return with_links(list(ProcessEvent.objects.public()[:50]), internal=False)

    def item_title(self, item):
        return item.summary

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Each entry needs its own link; the anchor keeps entries distinct on one page.
        return item.link or f"{reverse('progress')}#schritt-{item.pk}"

    def item_guid(self, item):
        return f"lip-process-event-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.occurred_at

    def item_updateddate(self, item):
        return item.occurred_at
