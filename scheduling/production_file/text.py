"""Production files as text: JSON or YAML in, JSON or YAML out. Decoding refuses what would cost more than it
says (YAML aliases, nesting deeper than any production file needs) before building anything."""

from __future__ import annotations

import json
from typing import Any

import yaml

from core.payloads import MAX_DEPTH, JSONRefused, json_bounded_loads

from .shapes import ProductionFileError


def production_file_load(text: str | bytes, *, filename: str = "") -> Any:
    """Decode JSON or YAML (chosen by the file name, else by the first character)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProductionFileError(f"not UTF-8 text ({error.reason} at byte {error.start})", path="file") from None
    is_yaml = filename.lower().endswith((".yaml", ".yml")) or (
        not filename.lower().endswith(".json") and not text.lstrip().startswith(("{", "["))
    )
    too_deep = ProductionFileError(f"nested more than {MAX_DEPTH} levels deep; a production file needs five", path="file")
    if is_yaml:
        try:
            return yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader without aliases
        except RecursionError:
            raise too_deep from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            raise ProductionFileError(f"malformed YAML: {where}{problem}", path="file") from None
    try:
        return json_bounded_loads(text)
    except JSONRefused as refused:
        if refused.kind == "depth":
            raise too_deep from None
        raise ProductionFileError(refused.message, path="file") from None


class _YamlLoader(yaml.SafeLoader):
    """YAML's safe subset without aliases: a few bytes of nested aliases expand to gigabytes, and a production
    file never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in production files; write the value out", mark
            )
        return super().compose_node(parent, index)


def production_document_dump(document: dict, *, fmt: str = "json") -> str:
    if fmt == "yaml":
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
