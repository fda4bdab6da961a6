"""What the beteiligung views share: the site address for mail links, public form handling."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from etappen.models import DraftVersion
from lip.ratelimit import limit_reached

from ..permissions import can_view_comments

PAGE_SIZE = 20


def site_url(request) -> str:
    """Scheme and host the request came in on: the links in mails point back here."""
    return request.build_absolute_uri("/")


def public_version(request, pk: int) -> DraftVersion:
    """A version published for comment, with what its pages show; everything else is a 404."""
    version = get_object_or_404(
        DraftVersion.objects.select_related("draft__committee", "draft__stage", "comment_window"),
        pk=pk,
    )
    if not can_view_comments(request.user, version):
        raise Http404
    return version


def window_of(version: DraftVersion):
    return getattr(version, "comment_window", None)


def newer_version(version: DraftVersion) -> tuple[DraftVersion | None, str]:
    """The draft's newest version after this one, and where the public reads about it: its
    comment page once published, else the stage page. No query while the version is open."""
    if not version.is_closed:
        return None, ""
    newer = (
        DraftVersion.objects.filter(draft_id=version.draft_id, number__gt=version.number)
        .order_by("-number")
        .first()
    )
    if newer is None:
        return None, ""
    if newer.is_public:
        return newer, reverse("beteiligung:version-comments", kwargs={"pk": newer.pk})
    return newer, version.draft.stage.get_absolute_url()


def page_of(request, items, *, size: int = PAGE_SIZE, param: str = "seite"):
    page = Paginator(items, size).get_page(request.GET.get(param))
    page.param = param
    return page


def refuse_if_limited(request, form, *, scope: str, email: str | None) -> bool:
    """Apply the rate limits; on refusal the form keeps what the person wrote."""
    if limit_reached(request, scope=scope, email=email):
        form.add_error(
            None,
            _(
                "You have sent many entries in a short time. Please wait a while and try again; "
                "what you wrote is still in the form."
            ),
        )
        return True
    return False
