"""Station data does not know about productions: nothing under crew/ imports scheduling (scheduling imports crew)."""

import ast
from pathlib import Path

import crew

CREW = Path(crew.__file__).resolve().parent


def scheduling_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of `scheduling` or one of its modules in `source`, wherever it stands
    (module level, inside a function, under TYPE_CHECKING)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return sorted((line, module) for line, module in found if module == "scheduling" or module.startswith("scheduling."))


def test_no_module_under_crew_imports_scheduling():
    offenders = [
        f"{path.relative_to(CREW.parent)}:{line}: imports {module}"
        for path in sorted(CREW.rglob("*.py"))
        for line, module in scheduling_imports(path.read_text())
    ]
    assert offenders == []


def test_the_scan_finds_every_form_of_import():
    source = (
        "import scheduling\n"
        "import os, scheduling.models as models\n"
        "from scheduling.api.fields import MinuteTimeField\n"
        "def later():\n"
        "    from scheduling import selectors\n"
        "from schedulingtools import x\n"
        "from .scheduling import y\n"
    )
    assert scheduling_imports(source) == [
        (1, "scheduling"), (2, "scheduling.models"), (3, "scheduling.api.fields"), (5, "scheduling"),
    ]
