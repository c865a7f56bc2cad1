"""A person's notifications: what they were told (station changes that broke their shoots), and marking it read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ..notifications import notifications_for_user, notifications_mark_read

SHOWN = 100  # the latest ones; older notifications stay in the database


@require_safe
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    listed = list(notifications_for_user(user=request.user)[:SHOWN])
    return render(request, "scheduling/notifications.html", {
        "notifications": listed, "unread": sum(1 for notification in listed if notification.read is None),
    })


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (`notification` posted) or all of them: the user's own, so no production's
    write rule applies (tests/web/test_write_access.py knows it as the one such page)."""
    posted = request.POST.get("notification", "")
    marked = notifications_mark_read(user=request.user, notification_id=int(posted) if posted.isdigit() else None)
    if not posted:
        messages.success(request, f"{marked} notification{'' if marked == 1 else 's'} marked read.")
    return redirect("web:notifications")
