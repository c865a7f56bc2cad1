"""Schedule exports, format `orbitfilm/schedule@1`: JSON, CSV (one row per shoot), iCalendar (one event per shoot)."""

from __future__ import annotations

import csv
import io

from icalendar import Calendar, Event

from .models import ScheduleVersion
from core.times import format_time, parse_time

SCHEDULE_FORMAT = "orbitfilm/schedule@1"
CSV_COLUMNS = ("scene", "title", "module", "start", "end", "people")


def schedule_document(*, version: ScheduleVersion) -> dict:
    # Rows as tuples, not model instances: building 2,000 shoots with their scenes and modules as objects took
    # most of the export's time (bench/export_bench.py).
    shoots = version.shoots.order_by("start", "scene__code").values_list(
        "scene__code", "scene__title", "module__code", "start", "end", "people"
    )
    unscheduled = version.unscheduled.order_by("scene__position", "scene__id").values_list(
        "scene__code", "scene__title", "reason"
    )
    return {
        "format": SCHEDULE_FORMAT,
        "production": version.production.code,
        "version": version.number,
        "created": format_time(version.created.replace(second=0, microsecond=0)),
        "status": version.status,
        "objective": version.objective,
        "bound": version.bound,
        "engine": version.engine,
        "seconds": version.seconds,
        "shoots": [
            {
                "scene": scene, "title": title, "module": module,
                "start": format_time(start), "end": format_time(end), "people": list(people),
            }
            for scene, title, module, start, end, people in shoots
        ],
        "unscheduled": [
            {"scene": scene, "title": title, "reason": reason} for scene, title, reason in unscheduled
        ],
        # An extra key after the spec's: the version's revision colour (docs/schedule-file.md).
        "revision": version.revision,
    }


def schedule_csv(document: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for shoot in document["shoots"]:
        writer.writerow([shoot["scene"], shoot["title"], shoot["module"], shoot["start"], shoot["end"], ";".join(shoot["people"])])
    return out.getvalue()


def shoot_uid(production: str, scene: str) -> str:
    """Stable across versions, so a calendar that re-imports a new version updates the shoot in place."""
    return f"{production}-{scene}@orbitfilm"


def schedule_ical(document: dict, *, people: set[str] | None = None) -> bytes:
    """One VEVENT per shoot (only those involving `people` when given); SEQUENCE is the version number."""
    calendar = Calendar()
    calendar.add("prodid", "-//orbitfilm//schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{document['production']} schedule v{document['version']}")
    calendar.add("x-orbitfilm-revision", document["revision"])
    stamp = parse_time(document["created"])
    for shoot in document["shoots"]:
        if people is not None and not people.intersection(shoot["people"]):
            continue
        event = Event()
        event.add("uid", shoot_uid(document["production"], shoot["scene"]))
        event.add("dtstamp", stamp)
        event.add("sequence", document["version"])
        event.add("summary", f"{shoot['scene']} {shoot['title']}".strip())
        event.add("dtstart", parse_time(shoot["start"]))
        event.add("dtend", parse_time(shoot["end"]))
        event.add("location", shoot["module"])
        event.add("description", "People: " + ", ".join(shoot["people"]))
        calendar.add_component(event)
    return calendar.to_ical()
