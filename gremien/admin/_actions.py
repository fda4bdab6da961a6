"""What the admin actions share: run a service on each selected object."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def take_step(model_admin, request, objects, step, done_message, argument):
    """Run a service on each selected object; report refusals with the service's message."""
    done = 0
    for obj in objects:
        try:
            step(**{argument: obj}, by=request.user)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {error.messages[0]}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
