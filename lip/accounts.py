"""Accounts in the back office: who may change whose access, roles, the second factor.

The ``can_*`` rules would live in lip/permissions.py; that module is the progress pages' and
changes with them, so the rules about accounts stay next to the writes they guard.
"""

from collections.abc import Iterable

from axes.utils import reset as reset_login_failures
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role, roles_of

# Who may


def can_edit_account(actor, account) -> bool:
    """Superusers edit every account; the office every account except a superuser's."""
    if actor.is_superuser:
        return True
    return actor.has_perm("auth.change_user") and not account.is_superuser


def can_change_access(actor, account) -> bool:
    """Roles, staff flag and active flag: never one's own unless superuser (no self-escalation)."""
    if actor.is_superuser:
        return True
    return can_edit_account(actor, account) and account.pk != actor.pk


def needs_second_factor(user) -> bool:
    """Everyone who may open the back office confirms their login with a TOTP code."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)


def is_second_factor_verified(user) -> bool:
    """Whether this session's login was confirmed with a code (set by django-otp's middleware)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


# Roles


def _log(*, account, by, message: str) -> None:
    """An entry in the account's history in the admin (who changed what, when)."""
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[account],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def log_role_change(*, account, before: Iterable[Role], after: Iterable[Role], by) -> None:
    """Record which roles an account gained and lost (nothing if they stayed the same)."""
    before, after = set(before), set(after)
    if before == after:
        return
    added = ", ".join(str(role.label) for role in Role if role in after - before) or "–"
    removed = ", ".join(str(role.label) for role in Role if role in before - after) or "–"
    message = _("Roles changed. Added: %(added)s. Removed: %(removed)s.") % {
        "added": added,
        "removed": removed,
    }
    _log(account=account, by=by, message=message)


@transaction.atomic
def set_roles(*, account, roles: Iterable[Role], by) -> None:
    """Give the account exactly these roles of the platform; any other group stays as it is."""
    if not can_change_access(by, account):
        raise PermissionDenied
    wanted = set(roles)
    before = set(roles_of(account))
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    account.groups.remove(*(groups[role.value] for role in before - wanted))
    account.groups.add(*(groups[role.value] for role in wanted - before))
    log_role_change(account=account, before=before, after=wanted, by=by)


# Second factor


def confirmed_device(user) -> TOTPDevice | None:
    """The account's TOTP device, once its first code has confirmed it."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The device being set up: one unconfirmed TOTP device per account, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=False)
    return device


def check_second_factor(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Check a code against the device; the first right code confirms a new device.

    Wrong codes slow further tries down (django-otp's throttling: 1, 2, 4 … seconds); the
    throttling is written before the error is raised, so it is never rolled back.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _details = device.verify_is_allowed()
        verified = allowed and device.verify_token(token)
        newly_confirmed = verified and not device.confirmed
        if newly_confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _log(account=device.user, by=device.user, message=_("Two-factor login set up."))
    if not allowed:
        raise ValidationError(
            _("Too many wrong codes. Please wait a minute, then enter the current code.")
        )
    if not verified:
        raise ValidationError(
            _("The code is wrong or has expired. Please enter the current code from your app.")
        )
    return device


def start_verified_session(request, device: TOTPDevice) -> None:
    """Mark the session as confirmed by the second factor.

    A new session key, as on every change of privileges; the session of a back-office account
    ends when the browser closes.
    """
    otp_login(request, device)
    request.session.cycle_key()
    request.session.set_expiry(0)


@transaction.atomic
def reset_second_factor(*, account, by) -> int:
    """Delete the account's TOTP devices (lost phone); it sets a new one up at its next login."""
    if not by.is_superuser:
        raise PermissionDenied
    count, _deleted = TOTPDevice.objects.filter(user=account).delete()
    if count:
        _log(account=account, by=by, message=_("Two-factor login reset."))
    return count


# Password reset by email (lip/password_reset.py)


@transaction.atomic
def finish_password_reset(*, account) -> None:
    """After a new password was set through a reset link: note it in the account's history and
    lift the lockout of this account, so that the person can sign in with it right away.

    The lockout of an address stays: it guards every account, and the person proved only that
    this one is theirs. The second factor of the back office stays as well.
    """
    _log(account=account, by=account, message=_("Password reset with an email link."))
    reset_login_failures(username=account.get_username())
