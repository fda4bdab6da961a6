"""simple-history helpers shared by the apps' services."""


def as_history_user(instance, user):
    """Name the acting user in the history record also outside a request."""
    instance._history_user = user
    return instance
