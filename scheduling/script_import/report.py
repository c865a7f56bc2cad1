"""A script import's preview as the API's JSON and as the command line's lines."""

from __future__ import annotations

import hashlib
import json

from core.times import format_time

from .plan import ACTIONS, ScriptPreview
from .rules import pages


def preview_document(preview: ScriptPreview) -> dict:
    """The preview (or, once applied, what was done) as JSON."""
    record = preview.applied
    return {
        "production": preview.production,
        "applied": None if record is None else {
            "id": record.pk, "at": format_time(record.applied.replace(second=0, microsecond=0)),
            "by": record.imported_by.get_username() if record.imported_by else None,
        },
        "script": {
            "title": preview.title, "draft_date": preview.draft_date, "revision": preview.revision,
            "format": preview.format, "filename": preview.filename,
            "scenes": sum(1 for plan in preview.scenes if plan.where),
        },
        "minutes_per_page": preview.minutes_per_page,
        "counts": preview.counts,
        "scenes": [
            {
                "action": plan.action, "code": plan.code, "number": plan.number, "heading": plan.heading,
                "where": plan.where, "title": plan.title, "eighths": plan.eighths, "pages": pages(plan.eighths),
                "minutes": plan.minutes, "people": list(plan.people), "modules": list(plan.modules),
                "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in plan.changes],
                "published": plan.published, "note": plan.note,
            }
            for plan in preview.scenes
        ],
        "uncast": [{"character": item.name, "scenes": list(item.scenes), "message": item.message} for item in preview.uncast],
        "unmatched_locations": [
            {"location": item.name, "scenes": list(item.scenes), "message": item.message} for item in preview.unmatched
        ],
        "story_times": [
            {"story_time": item.name, "scenes": list(item.scenes), "message": item.message} for item in preview.story_times
        ],
        "warnings": list(preview.warnings),
    }


def preview_fingerprint(preview: ScriptPreview) -> str:
    """Identifies what a preview says would be done: the same file on an unchanged production gives the same."""
    document = {**preview_document(preview), "applied": None}
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def preview_lines(preview: ScriptPreview) -> list[str]:
    """The preview for a terminal: the script, what happens to each scene, then what to look at."""
    draft = ", ".join(part for part in (f"revision {preview.revision}" if preview.revision else "", preview.draft_date) if part)
    counts = preview.counts
    lines = [
        (f"{preview.title or preview.filename or 'script'}{f' ({draft})' if draft else ''}: {preview.format}, "
         f"{preview.minutes_per_page} minutes a page, into production {preview.production}"),
        "  " + ", ".join(f"{counts[action]} {action}" for action in ACTIONS),
    ]
    for plan in preview.scenes:
        where = f" ({plan.where})" if plan.where else ""
        head = f"{plan.action:9} {plan.code}{where} {plan.heading}"
        if plan.action == "new":
            head += (f": {pages(plan.eighths)} page, {plan.minutes} min, people {', '.join(plan.people) or 'none'}, "
                     f"modules {', '.join(plan.modules)}")
        lines.append(head)
        lines += [f"            {change}" for change in plan.changes]
        if plan.note and plan.action != "unchanged":
            lines.append(f"            {plan.note}")
        if plan.published:
            lines.append(f"            its shoot in version {plan.published} is marked changed")
    for heading, items in (("not cast", preview.uncast), ("no module", preview.unmatched), ("story time", preview.story_times)):
        lines += [f"{heading}: {item.message}" for item in items]
    lines += [f"warning: {warning}" for warning in preview.warnings]
    return lines
