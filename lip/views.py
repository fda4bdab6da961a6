import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .accounts import (
    check_second_factor,
    confirmed_device,
    is_second_factor_verified,
    needs_second_factor,
    pending_device,
    start_verified_session,
)
from .forms import LoginForm, TokenForm


class LoginView(auth_views.LoginView):
    """Django's login with our form; a staff session ends when the browser closes."""

    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.is_staff:
            self.request.session.set_expiry(0)
        return response


def login_locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows instead of a login after too many failures.

    Named in AXES_LOCKOUT_CALLABLE; status 429 (Too Many Requests).
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "lip/login_locked.html", {"minutes": minutes}, status=429)


def _next_url(request) -> str:
    """Where to go after the second factor: the page asked for, if it is ours; else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _with_next(url: str, request) -> str:
    """The url, passing on the page asked for."""
    target = request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


def _qr_code(text: str) -> str:
    """The QR code of text as an SVG data: URI (the CSP allows images from data:, no inline SVG
    styles)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def _readable_secret(device) -> str:
    """The device's key in Base32 as the apps expect it, in groups of four for typing."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor_setup(request):
    """Set up the second factor: QR code and key of a new TOTP device, confirmed by its code."""
    user = request.user
    if not needs_second_factor(user):
        raise PermissionDenied
    device = confirmed_device(user)
    if device is not None:
        # Set up already: a new device only after a superuser reset it (lost phone), so a
        # stolen password alone never brings its own second factor.
        if not is_second_factor_verified(user):
            return redirect(_with_next(reverse("two-factor-verify"), request))
        return render(request, "lip/two_factor_status.html", {"device": device})
    device = pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = check_second_factor(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            start_verified_session(request, device)
            messages.success(request, _("Two-factor login is set up."))
            return redirect(_next_url(request))
    context = {
        "form": form,
        "qr_code": _qr_code(device.config_url),
        "secret": _readable_secret(device),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "lip/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    """Ask for the code of the confirmed device before the back office opens."""
    user = request.user
    if not needs_second_factor(user):
        raise PermissionDenied
    device = confirmed_device(user)
    if device is None:
        return redirect(_with_next(reverse("two-factor-setup"), request))
    if request.method == "GET" and is_second_factor_verified(user):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = check_second_factor(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            start_verified_session(request, device)
            return redirect(_next_url(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "lip/two_factor_verify.html", context)
