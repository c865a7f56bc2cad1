"""Final Draft (.fdx): XML, read with defusedxml so that no entity is ever expanded and nothing is fetched.

What is read: `FinalDraft/Content/Paragraph` in order, by `Type` (Scene Heading with its `Number`, Action,
Character, Parenthetical, Dialogue, Transition, Shot; any other type prints as a general paragraph), the
`Text` runs of each paragraph joined, `DualDialogue` inside a paragraph, the title page
(`TitlePage/Content/Paragraph`: its first line is the title, and a "Draft date:" line or a line that is only a
date gives the draft date) and the revision (the last set under `Revisions` whose `RevisionID` marks any text of
the script). `SceneProperties` (Final Draft's own page count) is not read: lengths are laid out as for Fountain,
so both formats count alike. Only the element paths above are visited, so deeply nested XML costs nothing.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import errors as expat_errors

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from .errors import ScreenplayError
from .limits import MAX_FDX_PARAGRAPHS, refuse_more_than
from .page import (
    ACTION, DIALOGUE, FINAL_DRAFT, GENERAL, PARENTHETICAL, SHOT, TRANSITION, DualSpeech, Element, PageText,
    SceneText, Speech,
)

ROOT = "FinalDraft"
_ELEMENT_KINDS = {"Action": ACTION, "Transition": TRANSITION, "Shot": SHOT}
_SPEECH_KINDS = {"Parenthetical": PARENTHETICAL, "Dialogue": DIALOGUE}
_DRAFT_DATE_LABEL = re.compile(r"^\s*draft\s+date\s*:\s*(.+)$", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}}",
    re.IGNORECASE,
)


def read_fdx(data: bytes) -> PageText:
    root = _xml_root(data)
    if root.tag != ROOT:
        raise ScreenplayError(f"XML, but not a Final Draft file: its root element is <{root.tag}>, not <{ROOT}>")
    content = root.find("Content")
    paragraphs = content.findall("Paragraph") if content is not None else []
    refuse_more_than(MAX_FDX_PARAGRAPHS, len(paragraphs), things="paragraphs", script="a Final Draft screenplay",
                     feature_film="about 3,000")
    title_lines = [line for line in map(_text, root.findall("TitlePage/Content/Paragraph")) if line.strip()]
    return PageText(
        format=FINAL_DRAFT,
        title=title_lines[0].strip() if title_lines else "",
        draft_date=_draft_date(title_lines[1:]),
        revision=_revision(root, content),
        scenes=_scenes(paragraphs),
    )


def _xml_root(data: bytes) -> XmlElement:
    try:
        return defused.fromstring(data, forbid_dtd=True)
    except DTDForbidden:
        raise ScreenplayError(_why_doctype_refused(data)) from None
    except ParseError as error:
        line, column = error.position
        reason = expat_errors.messages.get(error.code, str(error))
        # expat counts columns from 0; editors, and so users, from 1.
        raise ScreenplayError(f"malformed XML: {reason}", path=f"line {line}, column {column + 1}") from None


def _why_doctype_refused(data: bytes) -> str:
    """What the refused <!DOCTYPE> holds, found by a second defused parse that stops at the first declaration."""
    refused = "refused by defusedxml before anything was expanded or fetched; Final Draft never writes one"
    try:
        defused.fromstring(data, forbid_dtd=False)
    except EntitiesForbidden as entity:
        if entity.sysid or entity.pubid:
            return (f'the file declares an external XML entity, "{entity.name}", which would read '
                    f'{entity.sysid or entity.pubid}: {refused}')
        return (f'the file declares XML entities ("{entity.name}"), the makings of an entity bomb that expands '
                f"a few bytes into gigabytes: {refused}")
    except ExternalReferenceForbidden as reference:
        return f"the file refers to an outside file, {reference.sysid}: {refused}"
    except (DefusedXmlException, ParseError):
        pass
    return f"the file has a document type declaration (<!DOCTYPE>): {refused}"


def _text(paragraph: XmlElement) -> str:
    """The paragraph's `Text` runs joined; a line break inside a run is the writer's."""
    return "".join(run.text or "" for run in paragraph.findall("Text"))


def _scenes(paragraphs: list[XmlElement]) -> tuple[SceneText, ...]:
    scenes: list[tuple[XmlElement, int, list]] = []  # heading paragraph, its index, what follows it
    for index, paragraph in enumerate(paragraphs, start=1):
        if paragraph.get("Type") == "Scene Heading":
            scenes.append((paragraph, index, []))
        elif scenes:
            _add(scenes[-1][2], paragraph)
    return tuple(
        SceneText(
            heading=_text(heading).strip().upper(),
            number=(heading.get("Number") or "").strip().upper(),
            where=f"paragraph {index}",
            body=tuple(body),
        )
        for heading, index, body in scenes
    )


def _add(body: list, paragraph: XmlElement) -> None:
    """Append a Content paragraph to a scene's body; one holding a DualDialogue adds its two speeches side by side."""
    dual = paragraph.find("DualDialogue")
    if dual is None:
        _add_printed(body, paragraph)
        return
    inside: list = []
    for inner in dual.findall("Paragraph"):
        _add_printed(inside, inner)
    speeches = [element for element in inside if isinstance(element, Speech)]
    if len(speeches) < 2:
        body.extend(inside)
        return
    body.append(DualSpeech(speeches[0], speeches[1]))
    body.extend(element for element in inside if element is not speeches[0] and element is not speeches[1])


def _add_printed(body: list, paragraph: XmlElement) -> None:
    """Append one printed paragraph: a new element, or a part of the speech before it."""
    kind = paragraph.get("Type", "")
    if kind == "Character":
        body.append(Speech(cue=_text(paragraph).strip(), parts=()))
    elif kind in _SPEECH_KINDS:
        part = Element(_SPEECH_KINDS[kind], _text(paragraph))
        speech = body.pop() if body and isinstance(body[-1], Speech) else Speech(cue="", parts=())
        body.append(Speech(speech.cue, (*speech.parts, part)))
    else:
        body.append(Element(_ELEMENT_KINDS.get(kind, GENERAL), _text(paragraph)))


def _draft_date(lines: list[str]) -> str:
    for line in lines:
        if labelled := _DRAFT_DATE_LABEL.match(line):
            return labelled.group(1).strip()
    return next((line.strip() for line in lines if _DATE.fullmatch(line.strip())), "")


def _revision(root: XmlElement, content: XmlElement | None) -> str:
    """The name of the latest revision set that marks some text, or "" for a script with no revised text."""
    if content is None:
        return ""
    marked = {run.get("RevisionID") for run in content.iter("Text")} - {None, "", "0"}
    names = [revision.get("Name", "") for revision in root.findall("Revisions/Revision")
             if revision.get("ID") in marked]
    return names[-1].strip() if names else ""
