"""Template context every page gets."""

from ..notifications import notifications_unread_count


def notifications_unread(request) -> dict:
    """How many notifications the user has not read, for the header; counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": lambda: notifications_unread_count(user=user)}
