"""Reading the pins of requirements.txt and requirements-test.txt: `name==version` or `name[extras]==version`,
with `# via a, b` on the pins that are there because other pins need them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
RUNTIME = REPO / "requirements.txt"
TEST = REPO / "requirements-test.txt"
PIN = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[(?P<extras>[A-Za-z0-9._,-]+)\])?==(?P<version>\S+)(\s+#\s*(?P<comment>.*))?"
)


@dataclass(frozen=True)
class Pin:
    name: str  # canonical
    version: str
    via: tuple[str, ...]  # canonical names of what needs it; empty for what the code uses directly
    extras: frozenset[str] = frozenset()


def pins_read(path: Path) -> tuple[dict[str, Pin], list[str]]:
    """The pins of one file by canonical name, and the problems with its lines."""
    pins: dict[str, Pin] = {}
    problems = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#") or (path == TEST and line == "-r requirements.txt"):
            continue
        match = PIN.fullmatch(line)
        if match is None:
            problems.append(f"{path.name}:{number}: not a pin `name==version  # comment`: {line}")
            continue
        name = canonicalize_name(match["name"])
        comment = match["comment"] or ""
        via = tuple(canonicalize_name(part.strip()) for part in comment[4:].split(",")) if comment.startswith("via ") else ()
        if name in pins:
            problems.append(f"{path.name}:{number}: {name} is pinned twice")
        extras = frozenset(extra.strip() for extra in (match["extras"] or "").split(",") if extra.strip())
        pins[name] = Pin(name, match["version"], via, extras)
    return pins, problems
