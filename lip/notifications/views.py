from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .forms import PreferencesForm
from .kinds import account_kinds
from .services import preferences_of, set_preferences, unsubscribe
from .tokens import read_token


@login_required
def preferences(request):
    """The signed-in person chooses per kind: immediately, daily digest, or not at all."""
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            set_preferences(user=request.user, modes=form.modes())
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notifications:preferences")
    else:
        current = preferences_of(request.user)
        form = PreferencesForm(initial={kind.value: current[kind] for kind in account_kinds()})
    return render(request, "lip/notifications/preferences.html", {"form": form})


# Mail clients POST "List-Unsubscribe=One-Click" (RFC 8058) without a session or CSRF token; the
# signed token is what authorises the change, and it only ever turns mails off.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token):
    """GET asks for confirmation (link scanners must not unsubscribe); POST unsubscribes."""
    try:
        email, kinds = read_token(token)
    except signing.BadSignature:
        return render(request, "lip/notifications/unsubscribe_invalid.html", status=404)
    done = request.method == "POST"
    if done:
        unsubscribe(email=email, kinds=kinds)
    context = {"email": email, "kinds": kinds, "done": done}
    return render(request, "lip/notifications/unsubscribe.html", context)
