from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .roles import Role


class LoginForm(AuthenticationForm):
    """Django's login form with a message that says plainly what went wrong."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or the password is wrong. Please check both; upper and lower case count."
        ),
    }


class TokenForm(forms.Form):
    """The six-digit code of the authenticator app; the view checks it against the device."""

    token = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("The six digits your authenticator app shows for this account."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isdigit() and len(token) == 6):
            raise ValidationError(_("Please enter the six digits of the code."))
        return token


class AccountForm(UserChangeForm):
    """An account as staff who are not superusers edit it: never superuser status, permissions
    or groups (the admin narrows the fields further, see lip/admin.py)."""

    class Meta(UserChangeForm.Meta):
        fields = [
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
        ]


class AccountRolesForm(AccountForm):
    """The same with the platform's roles; lip.accounts.set_roles writes them."""

    roles = forms.TypedMultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        coerce=Role,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the roles of the platform; other groups stay as they are."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = self.instance.groups.filter(name__in=Role.values).values_list("name", flat=True)
            self.fields["roles"].initial = list(names)


def call_service(form, function, /, *, field: str | None = None, **kwargs):
    """Run a service from a view; its refusal (ValidationError, in German) becomes an error of
    the form (on ``field``, or the whole form) and the result None, so the page shows the form
    again with what was entered and nothing changed. Services called this way return what
    they changed, never None."""
    try:
        return function(**kwargs)
    except ValidationError as error:
        form.add_error(field, error)
        return None
