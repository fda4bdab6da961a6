"""Helpers the gremien services share."""


def _by(instance, user):
    """Name the acting user in the history record also outside a request."""
    instance._history_user = user
    return instance
