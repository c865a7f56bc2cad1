"""Writes for USS import: a .uss breakdown into a production, previewed or written, all or nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction

from ..models import SCENE_LINKS, Casting, Element, Production, Scene
from ..production_file import production_document_check
from ..schedule_checks import schedule_check_soon
from ..selectors import production_document
from ..services import _scene_columns, _scene_links_create, _scene_targets
from .merge import UssMerge, uss_merge
from .read import MINUTES_PER_PAGE, uss_read


@dataclass(frozen=True)
class UssImport:
    """What an import adds and changes (and, once applied, did), and what the file held that was dropped."""

    production: str
    file: str  # the .uss file's name, and the tool that wrote it
    source: str
    applied: bool
    scenes_added: list[str]
    scenes_changed: dict[str, list[str]]
    scenes_unchanged: int
    elements_added: list[str]
    elements_changed: list[str]
    casting_added: list[str]
    casting_changed: list[str]
    dropped: list[str]

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        verb = "imported into" if self.applied else "would import into (preview; --apply writes it)"
        changed = [f"{code} ({', '.join(fields)})" for code, fields in self.scenes_changed.items()]
        head = (f"{verb} production {self.production}: {len(self.scenes_added)} scene(s) added, "
                f"{len(self.scenes_changed)} changed, {self.scenes_unchanged} unchanged"
                f" (from {self.file or 'a file'} written by {self.source or 'an unnamed tool'})")
        lines = [head]
        for label, items in (
            ("scenes added", self.scenes_added), ("scenes changed", changed),
            ("elements added", self.elements_added), ("elements changed", self.elements_changed),
            ("casting added", self.casting_added), ("casting changed", self.casting_changed),
        ):
            if items:
                lines.append(f"  {label}: {', '.join(items)}")
        lines += [f"  dropped: {note}" for note in self.dropped]
        return lines


def uss_import(
    *, production: Production, data: bytes, apply: bool = False, minutes_per_page: int = MINUTES_PER_PAGE
) -> UssImport:
    """Merge a .uss file's breakdown into the production and check it with every rule of the production file
    (`production_file.production_document_check`); raises `uss.UssError` with every problem, paths as the
    file names them. Without `apply` nothing is written: the result is a preview."""
    with transaction.atomic():
        if apply:  # one import at a time per production: the second merges into what the first wrote
            production = Production.objects.select_for_update().select_related("station").get(pk=production.pk)
        document = production_document_check(production_document(production=production))
        merge = uss_merge(document, uss_read(data, production=document, minutes_per_page=minutes_per_page))
        if apply:
            _merge_write(production, merge)
            schedule_check_soon(production=production)  # changed scenes may no longer fit their shoots
    return UssImport(
        production=production.code, file=merge.file, source=merge.source, applied=apply,
        scenes_added=merge.scenes_added, scenes_changed=merge.scenes_changed, scenes_unchanged=merge.scenes_unchanged,
        elements_added=merge.elements_added, elements_changed=merge.elements_changed,
        casting_added=merge.casting_added, casting_changed=merge.casting_changed, dropped=merge.dropped,
    )


def _merge_write(production: Production, merge: UssMerge) -> None:
    """Write what the checked merge adds and changes: elements, then casting, then scenes and their links."""
    document = merge.document
    positions = {element["code"]: position for position, element in enumerate(document["elements"])}
    entries = {element["code"]: element for element in document["elements"]}
    Element.objects.bulk_create(
        Element(production=production, position=positions[code], **entries[code]) for code in merge.elements_added
    )
    for element in Element.objects.filter(production=production, code__in=merge.elements_changed):
        element.name, element.category = entries[element.code]["name"], entries[element.code]["category"]
        element.save(update_fields=["name", "category"])

    targets = _scene_targets(production)
    wanted = {cast["character"]: cast["person"] for cast in document["casting"]}
    kept = set()
    for cast in Casting.objects.filter(production=production).select_related("person"):
        kept.add(cast.character)
        if cast.person.code != wanted[cast.character]:
            cast.person = targets["person"][wanted[cast.character]]
            cast.save(update_fields=["person"])
    Casting.objects.bulk_create(
        Casting(production=production, character=cast["character"], person=targets["person"][cast["person"]], position=position)
        for position, cast in enumerate(document["casting"]) if cast["character"] not in kept
    )

    scene_positions = {scene["code"]: position for position, scene in enumerate(document["scenes"])}
    checked = {scene["code"]: scene for scene in document["scenes"]}
    changed = list(Scene.objects.filter(production=production, code__in=list(merge.scenes_changed)))
    for scene in changed:
        for name, value in _scene_columns(checked[scene.code], targets).items():
            setattr(scene, name, value)
        scene.save()
    for link in SCENE_LINKS.values():
        link.model.objects.filter(scene__in=changed).delete()
    Scene.objects.bulk_create(
        Scene(production=production, position=scene_positions[code], **_scene_columns(checked[code], targets))
        for code in merge.scenes_added
    )
    written = {scene.code: scene for scene in Scene.objects.filter(production=production, code__in=[*merge.scenes_changed, *merge.scenes_added])}
    _scene_links_create(
        [(written[code], checked[code]) for code in [*merge.scenes_changed, *merge.scenes_added]],
        {**targets, "scene": {scene.code: scene for scene in Scene.objects.filter(production=production)}},
    )
