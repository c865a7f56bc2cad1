"""Telling people: an in-app notification (listed until read, counted in the page header) and an email.

A director is told when station changes newly break shoots of their current schedule: once per change, naming
each broken shoot and why (`conflicts_notify`, called by `schedule_checks.schedule_check` only for conflicts
its previous stored check did not have). Only the production's own director is told: another production's
director must not learn it exists.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import Notification, Production, ScheduleVersion

log = logging.getLogger(__name__)


def broken_words(count: int, version_number: int) -> str:
    """'2 shoots broken by station changes since version 3': the banner's, the notification's and the
    email's headline."""
    return f"{count} shoot{'' if count == 1 else 's'} broken by station changes since version {version_number}"


def production_name(production: Production) -> str:
    return production.title or production.code


def shoot_when(start) -> str:
    """A shoot's start as the warnings give it: "13 Oct 08:00"."""
    return f"{start:%d %b %H:%M}"


def conflicts_notify(*, production: Production, version: ScheduleVersion, conflicts: list[dict]) -> Notification | None:
    """Tell the production's director that `conflicts` (newly found, {"scene", "rule", "message"}) break their
    schedule: a notification now, an email once the caller's transaction commits. None without a director."""
    director = production.director
    if director is None:
        return None
    starts = dict(version.shoots.values_list("scene__code", "start"))
    scenes = list(dict.fromkeys(conflict["scene"] for conflict in conflicts if conflict["scene"] is not None))
    lines = [f"- {_conflict_line(conflict, starts)}" for conflict in conflicts]
    page = reverse("web:production", args=[production.code])
    notification = Notification.objects.create(
        user=director, production=production, created=timezone.now(),
        subject=f"{production_name(production)}: {broken_words(len(scenes), version.number)}",
        body="\n".join([
            f"Station changes break shoots of {production_name(production)} (schedule version {version.number}):",
            "",
            *lines,
            "",
            f"See them marked on the timeline and schedule again: {settings.ORBITFILM_SITE_URL}{page}",
        ]),
    )
    if director.email:
        transaction.on_commit(lambda: notification_email(notification=notification), robust=True)
    return notification


def _conflict_line(conflict: dict, starts: dict) -> str:
    """'011 on 13 Oct 08:00: scene 011 in zarya ...: zarya is closed ...'"""
    scene = conflict["scene"]
    if scene is None:
        return conflict["message"]
    when = f" on {shoot_when(starts[scene])}" if scene in starts else ""
    return f"{scene}{when}: {conflict['message']}"


def notification_email(*, notification: Notification) -> bool:
    """Send the notification to its user by email (the configured `EMAIL_BACKEND`) and note when; False when
    the mail server refused it (the notification stays in the app all the same)."""
    try:
        send_mail(notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
    except OSError as error:  # smtplib's errors are OSErrors: the server is down or refuses us
        log.warning("notification %s not emailed to %s: %s", notification.pk, notification.user.email, error)
        return False
    Notification.objects.filter(pk=notification.pk).update(emailed=timezone.now())
    return True


def notifications_for_user(*, user) -> QuerySet:
    return Notification.objects.filter(user=user).select_related("production")


def notifications_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read__isnull=True).count()


def notifications_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them (None); how many were unread."""
    unread = Notification.objects.filter(user=user, read__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read=timezone.now())
