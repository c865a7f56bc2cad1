"""Server-side render time of the director's timeline page for a long, busy production.

A 30-day, 300-scene, 8-person, 8-module production (tests/factories.py) with a published schedule, in a
throwaway SQLite database; the timeline page is rendered through Django's test client and timed, with its
query count. Target: the whole-stay timeline renders in under 300 ms (median).

    .venv/bin/python -m bench.timeline_bench                 # 20 renders of each zoom
    .venv/bin/python -m bench.timeline_bench --renders 50 --days 60 --scenes 600
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

TARGET_MS = 300


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orbitfilm.settings")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # measure what production serves
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _production(*, days: int, scenes: int, people: int, modules: int):
    """Import the generated production for a director and publish one schedule of it."""
    from django.contrib.auth import get_user_model

    from scheduling.models import Production
    from scheduling.production_file import production_document_check
    from scheduling.services import production_import
    from scheduling.solver import greedy
    from scheduling.solving import production_problem, schedule_publish
    from tests.factories import production_document_build

    director = get_user_model().objects.create_user("bench-director", password="bench")
    document = production_document_build(code="bench", days=days, scenes=scenes, people=people, modules=modules)
    for person in document["people"]:
        person["max_minutes_per_day"] = None  # room for every scene: the page is measured, not the solver
    production_import(document=production_document_check(document), director=director)
    production = Production.objects.get(code="bench")
    problem = production_problem(production=production)
    version = schedule_publish(production=production, problem=problem, solution=greedy.solve(problem))
    return director, production, version


def _measure(client, url: str, renders: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: template compilation, first connection
    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return timings, len(queries), len(response.content)


def production_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The size of the generated production, as every page benchmark takes it."""
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--scenes", type=int, default=300)
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--modules", type=int, default=8)
    return parser


@contextlib.contextmanager
def benched_production(args: argparse.Namespace, name: str):
    """(director, production, version) of the generated production in a throwaway database, for the block."""
    with tempfile.TemporaryDirectory(prefix=f"orbitfilm-{name}-bench-") as workdir:
        _setup(Path(workdir) / "bench.sqlite3")
        yield _production(days=args.days, scenes=args.scenes, people=args.people, modules=args.modules)


def main() -> None:
    parser = production_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args()

    with benched_production(args, "timeline") as (director, production, version):
        from django.test import Client
        from django.urls import reverse

        client = Client()
        client.force_login(director)
        base = reverse("web:production", args=[production.code])
        print(
            f"production: {args.days} days, {args.scenes} scenes, {args.people} people, {args.modules} modules; "
            f"version {version.number}: {version.shoots.count()} shoots, {version.unscheduled.count()} unscheduled"
        )
        print(f"{'view':<18}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'queries':>9}{'KiB':>8}")
        results = {}
        for label, query in (("stay (whole)", ""), ("week 2", "?week=2"), ("day 10", "?day=2021-10-14")):
            timings, queries, size = _measure(client, base + query, args.renders)
            results[label] = statistics.median(timings)
            print(f"{label:<18}{results[label]:>10.1f}{min(timings):>9.1f}{max(timings):>9.1f}{queries:>9}{size / 1024:>8.0f}")
        verdict = "meets" if results["stay (whole)"] < TARGET_MS else "MISSES"
        print(f"whole-stay timeline: median {results['stay (whole)']:.1f} ms over {args.renders} renders, {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
