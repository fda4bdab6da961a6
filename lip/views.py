from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .roles import roles_of


def home(request):
    """Start page: what the LIP is and how the process runs."""
    return render(request, "lip/home.html")


def progress(request):
    """Progress of the process; the live figures follow with the Fortschritt issue."""
    return render(request, "lip/progress.html")


@login_required
def account(request):
    """The signed-in person's account: roles and links to their work."""
    return render(request, "lip/account.html", {"roles": roles_of(request.user)})
