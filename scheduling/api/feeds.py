"""Per-person calendar feeds: a secret URL a calendar app subscribes to, showing one crew member their shoots.

The token is the only credential, so it is long and random (`secrets.token_urlsafe(32)`, 256 bits), and a
revoked feed answers 404 like one that never existed. The calendar holds the person's shoots in the current
schedule version of every production on their station, with the same UIDs as the production exports, so a
calendar app updates shoots in place when a new version is published.
"""

from __future__ import annotations

import secrets

from django.utils import timezone
from icalendar import Calendar, vText

from crew.models import CalendarFeed, CrewMember
from scheduling.exports import schedule_document, schedule_ical
from scheduling.models import Production
from scheduling.selectors import schedule_version_get


def calendar_feed_create(*, crew_member: CrewMember) -> CalendarFeed:
    return CalendarFeed.objects.create(crew_member=crew_member, token=secrets.token_urlsafe(32))


def calendar_feed_revoke(*, feed: CalendarFeed) -> CalendarFeed:
    """Revoke once; revoking again keeps the first revocation time."""
    CalendarFeed.objects.filter(pk=feed.pk, revoked__isnull=True).update(revoked=timezone.now())
    feed.refresh_from_db()
    return feed


def calendar_feed_active(*, token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token=token, revoked__isnull=True)
        .select_related("crew_member", "crew_member__station")
        .first()
    )


def calendar_feed_ical(*, feed: CalendarFeed) -> bytes:
    """The person's shoots across the current versions of their station's productions, one VEVENT each."""
    member = feed.crew_member
    calendar = Calendar()
    calendar.add("prodid", "-//orbitfilm//crew calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{member.name or member.code}: shoots aboard {member.station.code}")
    productions = Production.objects.filter(station=member.station_id, rosterentry__crew_member=member).order_by("code")
    for production in productions:
        version = schedule_version_get(production=production)
        if version is None:
            continue
        exported = Calendar.from_ical(schedule_ical(schedule_document(version=version), people={member.code}))
        for event in exported.walk("VEVENT"):
            event["summary"] = vText(f"{production.title or production.code}: {event['summary']}")
            calendar.add_component(event)
    return calendar.to_ical()
