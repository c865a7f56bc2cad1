"""The Challenge demo production, its screenplay, and revisions of that screenplay written for the tests."""

import pytest

from scheduling.models import Production
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from scheduling.solver import engine
from scheduling.solving import production_problem, schedule_publish
from tests.conftest import REPO

DEMO_SCRIPT = REPO / "demo" / "challenge.fountain"
SCREENPLAY_FIXTURES = REPO / "tests" / "screenplay" / "scripts"

# Scene 012 moves from Nauka to Zvezda, grows by half a page and gains the commander; scene 021 is cut.
SCENE_012 = """INT. NAUKA - NIGHT #012#

The ENGINEER bolts a folding table to the wall rails. Zhenya holds a lamp where he needs it."""
SCENE_012_REVISED = """INT. ZVEZDA - NIGHT #012#

The ENGINEER bolts a folding table to the galley rails. Zhenya holds a lamp where he needs it.

The COMMANDER drifts in, arms folded, and watches them work for a long moment before he speaks.

COMMANDER
Not in my galley. Not without asking me first, and not at this hour of the night.

ENGINEER
Nauka has no rails left. It is here or nowhere, Commander."""


def revised(revision: str = "Pink", draft_date: str = "2021-10-09", *, omit: tuple[str, ...] = ("021",),
            change_012: bool = True, replace: tuple[tuple[str, str], ...] = ()) -> bytes:
    """The demo screenplay as a later draft: a new revision colour and date, scene 012 changed, scenes cut."""
    text = DEMO_SCRIPT.read_text()
    text = text.replace("Revision: Blue", f"Revision: {revision}").replace("Draft date: 2021-10-01", f"Draft date: {draft_date}")
    if change_012:
        assert SCENE_012 in text
        text = text.replace(SCENE_012, SCENE_012_REVISED)
    for number in omit:
        text = _without_scene(text, number)
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text.encode()


def _without_scene(text: str, number: str) -> str:
    """The script without the scene numbered `number`: from its heading to the next heading or act."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.endswith(f"#{number}#"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith(("INT.", "EXT.", "# ")) or lines[i].endswith("#") and lines[i].startswith(".")), len(lines))
    return "\n".join(lines[:start] + lines[end:])


@pytest.fixture
def demo_script() -> bytes:
    return DEMO_SCRIPT.read_bytes()


@pytest.fixture
def challenge(db, demo_document, director) -> Production:
    production_import(document=production_document_check(demo_document), director=director)
    return Production.objects.get(code="challenge")


@pytest.fixture
def tiny(db, small_document, director) -> Production:
    """The tests' tiny production (modules zvezda and poisk, scenes 001-003, 001 pinned), with ZHENYA and ARTEM
    cast."""
    small_document["casting"] = [{"character": "ZHENYA", "person": "peresild"}, {"character": "ARTEM", "person": "shipenko"}]
    production_import(document=production_document_check(small_document), director=director)
    return Production.objects.get(code="tiny")


def fountain(*scenes: str, title_page: str = "") -> bytes:
    """A Fountain script of the scenes given (each a heading, a blank line and its body)."""
    return ((title_page + "\n\n" if title_page else "") + "\n\n".join(scenes) + "\n").encode()


def publish(production: Production):
    """A schedule version from the greedy engine, published as a worker publishes one (validated first)."""
    problem = production_problem(production=production)
    return schedule_publish(production=production, problem=problem, solution=engine.solve(problem, engine="greedy"))
