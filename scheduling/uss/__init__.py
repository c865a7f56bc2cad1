"""Universal Schedule Standard (USS) interchange: the open JSON format (`.uss`) that Cinapse, ThinkCrew and
other ground tools read and write for breakdowns and stripboards. docs/uss.md says what maps to what.

This package is pure Python, like the solver: production-file documents in, documents out.
- `uss_document` (write): a production's document and shooting days as a .uss document;
- `uss_parse` (parse): a .uss file checked whole as the standard shapes it;
- `uss_read` (read): a checked file turned into the parts of a production it carries;
- `uss_merge` (merge): those parts merged into a production's document and checked by the production file's rules.
Every problem is a `UssError` (a `core.errors.DomainError`) whose faults name paths as the file does:
`breakdowns[3].elements[1]: unknown element id "..."`.

The database side lives in `uss.selectors.uss_export(production=...)` and `uss.services.uss_import(production=...,
data=..., apply=...)`.
"""

from .merge import UssMerge, uss_merge
from .parse import UssError, UssFile, uss_parse
from .read import MINUTES_PER_PAGE, UssParts, uss_read
from .standard import EXTENSION, USS_VERSION
from .write import ExportInfo, ShootingDays, uss_document

__all__ = [
    "EXTENSION",
    "MINUTES_PER_PAGE",
    "USS_VERSION",
    "ExportInfo",
    "ShootingDays",
    "UssError",
    "UssFile",
    "UssMerge",
    "UssParts",
    "uss_document",
    "uss_merge",
    "uss_parse",
    "uss_read",
]
