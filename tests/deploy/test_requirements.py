"""The two requirement files: requirements.txt is the runtime set, requirements-test.txt adds the test tools.

Each file pins what the code uses directly and, marked `# via <what needs it>`, every dependency of those, so an
install resolves to exactly the pinned set. Dependencies are read from the metadata of the installed packages,
which these tests also require to be the pinned versions.
"""

from __future__ import annotations

from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .pins import RUNTIME, TEST, Pin, pins_read

TEST_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "playwright", "hypothesis", "schemathesis"}


def requires(name: str, extras: frozenset[str] = frozenset()) -> list[Requirement]:
    """What the installed distribution `name` needs here, with the given extras."""
    needed = []
    for text in metadata.distribution(name).requires or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in {"", *extras}):
            needed.append(requirement)
    return needed


def closure(roots: list[Pin]) -> dict[str, frozenset[str]]:
    """The direct pins and everything they need, transitively: each name with the extras asked of it."""
    seen: dict[str, frozenset[str]] = {}
    todo = [(root.name, root.extras) for root in roots]
    while todo:
        name, extras = todo.pop()
        if name in seen and extras <= seen[name]:
            continue
        seen[name] = seen.get(name, frozenset()) | extras
        todo += [(canonicalize_name(r.name), frozenset(r.extras)) for r in requires(name, seen[name])]
    return seen


@pytest.fixture(scope="module")
def runtime() -> dict[str, Pin]:
    pins, problems = pins_read(RUNTIME)
    assert problems == []
    return pins


@pytest.fixture(scope="module")
def test_only() -> dict[str, Pin]:
    pins, problems = pins_read(TEST)
    assert problems == []
    return pins


def test_the_test_file_builds_on_the_runtime_file_and_pins_nothing_twice(runtime, test_only):
    first = next(line for line in TEST.read_text().splitlines() if line.strip() and not line.startswith("#"))
    assert first == "-r requirements.txt"
    assert sorted(runtime.keys() & test_only.keys()) == []


def test_the_runtime_set_has_no_test_tools(runtime):
    assert sorted(TEST_TOOLS & runtime.keys()) == []


def test_the_installed_versions_are_the_pinned_ones(runtime, test_only):
    installed = {name: metadata.version(name) for name in {**runtime, **test_only}}
    assert {name: pin.version for name, pin in {**runtime, **test_only}.items()} == installed


def direct(pins: dict[str, Pin]) -> list[Pin]:
    return [pin for pin in pins.values() if not pin.via]


def test_the_runtime_set_is_what_its_direct_pins_need_nothing_more_nothing_less(runtime):
    assert sorted(closure(direct(runtime)).keys() ^ runtime.keys()) == []


def test_the_test_set_adds_what_the_test_tools_need_nothing_more_nothing_less(runtime, test_only):
    assert sorted((closure(direct(test_only)).keys() - runtime.keys()) ^ test_only.keys()) == []


def test_every_via_names_a_pin_that_needs_it(runtime, test_only):
    pinned = {**runtime, **test_only}
    extras = {**closure(direct(test_only)), **closure(direct(runtime))}
    wrong = [
        f"{pin.name} via {parent}"
        for pin in pinned.values()
        for parent in pin.via
        if parent not in pinned
        or pin.name not in {canonicalize_name(r.name) for r in requires(parent, extras.get(parent, frozenset()))}
    ]
    assert wrong == []


def test_the_line_check_catches_a_bad_line(tmp_path):
    broken = tmp_path / "requirements.txt"
    broken.write_text("Django==5.2.19\ncelery>=5\ndjango==5.2.19  # via celery\nCelery[redis,sqs]==5.7.0  # the worker\n")
    pins, problems = pins_read(broken)
    assert problems == [
        "requirements.txt:2: not a pin `name==version  # comment`: celery>=5",
        "requirements.txt:3: django is pinned twice",
    ]
    assert pins["django"] == Pin("django", "5.2.19", ("celery",))
    assert pins["celery"] == Pin("celery", "5.7.0", (), frozenset({"redis", "sqs"}))
