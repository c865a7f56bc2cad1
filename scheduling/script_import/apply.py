"""Applying a screenplay: the preview's checked production written, all or nothing, with a record of the import."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from ..models import SCENE_LINKS, Production, Scene, ScriptImport
from ..services import _scene_columns, _scene_links_create, _scene_targets
from .plan import CHANGED, NEW, OMITTED, ScriptImportError, ScriptPreview, script_preview
from .report import preview_fingerprint
from .rules import shortened


class PreviewOutdated(ScriptImportError):
    """The production changed between the preview a director saw and the apply: preview again."""


@transaction.atomic
def script_apply(
    *, production: Production, data: bytes, filename: str = "", minutes_per_page: int | None = None, user=None,
    expected: str | None = None,
) -> ScriptPreview:
    """Import the screenplay `data` into the production as `script_preview` describes, all or nothing, and keep
    a `ScriptImport` of it (returned as the preview's `applied`).

    New scenes are made, changed ones rewritten, omitted ones marked omitted; scenes the import changes or
    omits remember it (`revised_by`), so their shoots published before it show as changed. With `expected`
    (a `preview_fingerprint`), an import that would now differ from that preview is refused (`PreviewOutdated`).
    """
    production = Production.objects.select_for_update().get(pk=production.pk)  # one import at a time
    preview = script_preview(production=production, data=data, filename=filename, minutes_per_page=minutes_per_page)
    if expected is not None and preview_fingerprint(preview) != expected:
        raise PreviewOutdated("the production changed since this preview: look at the new preview and apply it again")
    record = ScriptImport.objects.create(
        production=production, title=shortened(preview.title, 300), draft_date=shortened(preview.draft_date, 100),
        revision=shortened(preview.revision, 100), format=preview.format, filename=shortened(filename, 255),
        minutes_per_page=preview.minutes_per_page, imported_by=user, applied=timezone.now(),
        counts=preview.counts, scenes=list(preview.snapshot),
    )
    _scenes_write(production, preview, record)
    return replace(preview, applied=record)


def _scenes_write(production: Production, preview: ScriptPreview, record: ScriptImport) -> None:
    checked = {entry["code"]: (position, entry) for position, entry in enumerate(preview.document["scenes"])}
    targets = _scene_targets(production)
    existing: dict[str, Scene] = targets["scene"]
    new = [
        Scene(production=production, position=checked[plan.code][0], **_scene_columns(checked[plan.code][1], targets))
        for plan in preview.scenes if plan.action == NEW
    ]
    Scene.objects.bulk_create(new)
    if not all(scene.pk for scene in new):  # backends that return no ids from bulk inserts
        new = list(production.scenes.filter(code__in=[scene.code for scene in new]))
    rewritten = [existing[plan.code] for plan in preview.scenes if plan.entry is not None and plan.action != NEW]
    for scene in rewritten:
        for name, value in _scene_columns(checked[scene.code][1], targets).items():
            setattr(scene, name, value)
        scene.save()
    for link in SCENE_LINKS.values():
        link.model.objects.filter(scene__in=rewritten).delete()
    scenes = {**existing, **{scene.code: scene for scene in new}}
    _scene_links_create([(scene, checked[scene.code][1]) for scene in [*new, *rewritten]], {**targets, "scene": scenes})

    moved = [scene for code, scene in existing.items() if scene.position != checked[code][0]]
    for scene in moved:
        scene.position = checked[scene.code][0]
    Scene.objects.bulk_update(moved, ["position"])

    revised = [plan.code for plan in preview.scenes if plan.revises]
    omitted = [plan.code for plan in preview.scenes if plan.action == OMITTED]
    restored = [plan.code for plan in preview.scenes if plan.action == CHANGED and any(c.field == "omitted" for c in plan.changes)]
    production.scenes.filter(code__in=revised).update(revised_by=record)
    production.scenes.filter(code__in=omitted).update(omitted=True, omitted_by=record)
    production.scenes.filter(code__in=restored).update(omitted=False, omitted_by=None)
