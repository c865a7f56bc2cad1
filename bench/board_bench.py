"""Server time of every board action on a long, busy production: pin, unpin, mark shot, a move's live check,
a move into the draft, undo, redo, publishing by hand, and the API's dry run.

The 30-day, 300-scene production of `bench.timeline_bench` (a published greedy schedule of 300 shoots), in a
throwaway SQLite database with DEBUG off; each action is posted through Django's test client as the pages post
it (htmx for pin, unpin and shot; JSON for the board's checks and moves) and timed, with its query count.
Target: every action answers in under 300 ms (median). Numbers, not a pass/fail test.

    .venv/bin/python -m bench.board_bench                  # 20 of each action
    .venv/bin/python -m bench.board_bench --runs 50 --days 60 --scenes 600
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import timedelta

from bench.timeline_bench import benched_production, production_arguments

TARGET_MS = 300


def _slot(production, shoot):
    """A start on the shoot's own module, an hour or more away, where every rule holds: the move to time."""
    from scheduling.moves import Move, moves_check
    from scheduling.solving import production_problem

    problem = production_problem(production=production)
    for step in range(12, 24 * 12 * 30):
        start = shoot.start + timedelta(minutes=5 * step)
        if moves_check(production=production, moves=[Move(shoot.scene.code, start, shoot.module.code)], problem=problem).valid:
            return start
    raise SystemExit(f"no free slot for scene {shoot.scene.code}")


def _timed(client, method: str, url: str, data: dict | None = None, **headers) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = getattr(client, method)(url, data or {}, **headers)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(queries), response.status_code


def main() -> None:
    parser = production_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    with benched_production(args, "board") as (director, production, version):
        from django.test import Client
        from django.urls import reverse

        from scheduling.models import Shoot

        shoot = Shoot.objects.filter(version=version).select_related("scene", "module").order_by("start")[version.shoots.count() // 2]
        target = _slot(production, shoot)
        client = Client()
        client.force_login(director)
        code, pk = production.code, shoot.scene.pk

        def url(name, *extra):
            return reverse(f"web:{name}", args=[code, *extra])

        htmx = {"HTTP_HX_REQUEST": "true"}
        as_json = {"HTTP_ACCEPT": "application/json"}
        move = {"scene": shoot.scene.code, "start": f"{target:%Y-%m-%d %H:%M}", "module": shoot.module.code}
        clash = {**move, "start": f"{shoot.start:%Y-%m-%d %H:%M}", "scene": version.shoots.exclude(pk=shoot.pk).first().scene.code}
        api_move = json.dumps({
            "moves": [{"scene": move["scene"], "start": target.strftime("%Y-%m-%dT%H:%M:%SZ"), "module": move["module"]}],
            "dry_run": True,
        })
        steps = {
            "pin (htmx)": ("post", url("scene_pin", pk), {}, htmx),
            "unpin (htmx)": ("post", url("scene_unpin", pk), {}, htmx),
            "mark shot (htmx)": ("post", url("scene_shot", pk), {"shot": "1"}, htmx),
            "not shot (htmx)": ("post", url("scene_shot", pk), {"shot": "0"}, htmx),
            "live check, fits": ("post", url("board_check"), move, as_json),
            "live check, refused": ("post", url("board_check"), clash, as_json),
            "move into draft": ("post", url("board_move"), move, as_json),
            "undo (the move)": ("post", url("board_undo"), {}, {}),
            "redo (the move)": ("post", url("board_redo"), {}, {}),
            "undo again": ("post", url("board_undo"), {}, {}),
            "API dry run": ("post", f"/api/productions/{code}/moves/", api_move, {"content_type": "application/json"}),
        }
        client.get(url("production"))  # warm-up: templates, URL patterns, the problem of this production
        for method, path, data, headers in steps.values():
            _timed(client, method, path, data, **headers)
        results = {label: [] for label in steps}
        queries = {}
        for _ in range(args.runs):
            for label, (method, path, data, headers) in steps.items():
                elapsed, count, status = _timed(client, method, path, data, **headers)
                assert status < 400 or label == "live check, refused", (label, status)
                results[label].append(elapsed)
                queries[label] = count
        publish = []
        for index in range(min(args.runs, 5)):  # there and back again: each publication moves the shoot
            start = (target, shoot.start)[index % 2]
            client.post(url("board_move"), {**move, "start": f"{start:%Y-%m-%d %H:%M}"}, **as_json)
            elapsed, count, status = _timed(client, "post", url("board_publish"))
            assert status == 302, status
            publish.append(elapsed)
            queries["publish the draft"] = count
        results["publish the draft"] = publish

        print(
            f"production: {args.days} days, {args.scenes} scenes, {args.people} people, {args.modules} modules; "
            f"version 1: {version.shoots.count()} shoots; moving scene {shoot.scene.code}"
        )
        print(f"{'action':<22}{'median ms':>10}{'min ms':>9}{'max ms':>9}{'queries':>9}")
        worst = 0.0
        for label, timings in results.items():
            median = statistics.median(timings)
            if label != "publish the draft":
                worst = max(worst, median)
            print(f"{label:<22}{median:>10.1f}{min(timings):>9.1f}{max(timings):>9.1f}{queries[label]:>9}")
        verdict = "meets" if worst < TARGET_MS else "MISSES"
        print(f"slowest board action: median {worst:.1f} ms over {args.runs} runs, {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()
