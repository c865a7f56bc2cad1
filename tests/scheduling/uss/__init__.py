"""What the USS tests share: our own sample file, the standard's samples (read from a checkout of the
standard's repository when there is one; never copied here), and productions loaded and scheduled."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path

import pytest

from scheduling.models import Production
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from scheduling.solver import greedy
from scheduling.solving import production_problem, schedule_publish

SAMPLE = Path(__file__).resolve().parent / "orbit_sample.uss"
# The standard's repository (UniversalScheduleStandard/UniversalScheduleStandard) as a git directory or a
# work tree; its samples are the reference shape of a .uss file.
STANDARD_REPOSITORY = Path(os.environ.get(
    "USS_STANDARD_REPOSITORY", "/work/.mirror/UniversalScheduleStandard+UniversalScheduleStandard/repo"
))
STANDARD_SAMPLES = ("samples/small_sample_schedule.uss", "samples/full_sample_schedule.uss")


def standard_sample(path: str) -> bytes:
    """A sample of the standard's repository, or a skip when no checkout of it is at hand."""
    if (STANDARD_REPOSITORY / path).is_file():
        return (STANDARD_REPOSITORY / path).read_bytes()
    if STANDARD_REPOSITORY.is_dir():
        shown = subprocess.run(["git", "--git-dir", str(STANDARD_REPOSITORY), "show", f"HEAD:{path}"],
                               capture_output=True, timeout=60, check=False)
        if shown.returncode == 0:
            return shown.stdout
    pytest.skip(f"no checkout of the standard's repository at {STANDARD_REPOSITORY} (set USS_STANDARD_REPOSITORY)")


def load(document: dict, *, director=None) -> Production:
    production_import(document=production_document_check(copy.deepcopy(document)), director=director)
    return Production.objects.get(code=document["production"]["code"])


def scheduled(production: Production) -> Production:
    """The production with a schedule published by the stripboard engine, as a worker would."""
    problem = production_problem(production=production)
    schedule_publish(production=production, problem=problem, solution=greedy.solve(problem))
    return production


def without_breakdown(document: dict, code: str) -> dict:
    """The production as a new one of code `code`: same station, people and window, no scenes, elements,
    casting or pins."""
    empty = copy.deepcopy(document)
    empty["production"]["code"] = code
    for key in ("scenes", "elements", "casting", "pinned"):
        empty[key] = []
    return empty


def dumped(document: dict) -> bytes:
    return json.dumps(document).encode()
