"""Production files, format `orbitfilm/production@1`: parse, check every rule, normalise, and write back.

`production_file_parse` turns JSON or YAML text into a normalised document (every key present, times as
`YYYY-MM-DDTHH:MM:SSZ`) or raises `ProductionFileError` with every problem found, each a `Fault` naming its
path: `scenes[3].people[1]: unknown person "peresil"`. Nothing here touches the database, so a file is checked
whole before anything is written.

- `text`: JSON and YAML in and out;
- `shapes`: the shapes values come in, and faults collected by path;
- `document`: the file as a whole and the cross-references between its parts;
- `scenes`: scenes, field by field from their one definition (`scene_fields.SCENE_FIELDS`).

Hostile input is bounded before it costs anything: YAML aliases are refused (each level of nested aliases
multiplies the document), nesting deeper than `core.payloads.MAX_DEPTH` is refused, a file may hold at most
`MAX_SCENES` scenes, texts have the lengths the database stores, `after` cycles are found without recursion,
and at most `MAX_FAULTS` problems are listed, each quoting at most a few dozen characters of the value.
"""

from .document import FORMAT, MAX_SCENES, production_document_check
from .shapes import MAX_FAULTS, ProductionFileError
from .text import production_document_dump, production_file_load

__all__ = [
    "FORMAT",
    "MAX_FAULTS",
    "MAX_SCENES",
    "ProductionFileError",
    "production_document_check",
    "production_document_dump",
    "production_file_load",
    "production_file_parse",
]


def production_file_parse(text: str | bytes, *, filename: str = "") -> dict:
    return production_document_check(production_file_load(text, filename=filename))
