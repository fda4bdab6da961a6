"""Password reset by email: Django's four views with our form, mail, rate limit and record.

The answer never says whether an address belongs to an account: known or unknown, the form leads
to the same page, and only an active account with a usable password gets a mail (Django's
``PasswordResetForm.get_users``). The link holds a token made from the password hash and the
last login, so it stops working once the new password is set, and after PASSWORD_RESET_TIMEOUT.
The rate limit counts every request for a valid address, known or not, so refusing one says
nothing about the account either.

The reset sets only the password: the back office still asks for the second factor
(lip/admin_site.py), which the mail cannot replace.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .accounts import finish_password_reset
from .ratelimit import limit_reached

logger = logging.getLogger(__name__)

RATE_SCOPE = "password_reset"  # limits password_reset_email and password_reset_network


def link_validity() -> str:
    """How long a reset link is valid, in words ("24 Stunden")."""
    hours = max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1)
    return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}


class PasswordResetRequestForm(PasswordResetForm):
    """Django's form with a German label and help text, and a mail marked as automatic."""

    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        help_text=gettext_lazy("The email address stored in your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Django's ``send_mail`` plus the header that stops out-of-office replies (RFC 3834)."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject=subject,
            body=loader.render_to_string(email_template_name, context),
            from_email=from_email,
            to=[to_email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:
            # As Django does: the answer stays the same, or a failing mail would reveal the account.
            logger.exception("Password reset mail to account %s failed", context["user"].pk)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for the link; rate-limited per address and per network of the visitor."""

    form_class = PasswordResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    @property
    def from_email(self) -> str:
        # Read on each request, like the notifications: "Landeshauptstadt Hannover – … <…>".
        return settings.NOTIFICATION_FROM_EMAIL

    @property
    def extra_email_context(self) -> dict:
        return {"validity": link_validity()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(validity=link_validity(), **kwargs)

    def form_valid(self, form):
        if limit_reached(self.request, scope=RATE_SCOPE, email=form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "There have been many requests for a new password in a short time. Please "
                    "wait an hour and try again; no further email was sent."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """The same neutral answer for every address."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(validity=link_validity(), **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set the new password (Django's validators apply); record it and lift the account's
    lockout."""

    # Django replaces the token in the address by this word before the form is shown, so that the
    # token does not stay in the browser's history or reach another site as a Referer.
    reset_url_token = "festlegen"  # noqa: S105 (a word in the URL, not a secret)

    def get_context_data(self, **kwargs):
        return super().get_context_data(validity=link_validity(), **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            finish_password_reset(account=form.user)
        return response
