"""How fast the JSON schedule export is, for a 2,000-shoot schedule.

    .venv/bin/python -m bench.export_bench [--shoots 2000] [--repeat 30] [--load-seconds 10] [--connections 8]

Builds a throwaway SQLite database in a temporary directory (migrated from scratch), imports a production
with one scene per shoot and publishes a schedule in which every scene has a shoot (checked by the
validator like any publication). Then it measures, in this process:

1. `schedule_document` + `json.dumps` (the export itself, no HTTP),
2. `GET /api/productions/{code}/schedule/` through Django's test client with a token (JSON, CSV, iCalendar),

as median and 95th percentile of `--repeat` runs, and finally requests per second of that GET under a local
load generator: Debian's `wrk` when installed (else a bounded Python thread pool) against
`manage.py runserver --noreload` on a free loopback port, DEBUG off, for `--load-seconds`.
Target: median JSON export under 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = "bench2000"
SHOOT_MINUTES = 30
PEOPLE = 12
MODULES = 10


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def production_document_for(shoots: int) -> dict:
    """One scene per shoot, back to back (so every one fits), two or three people each, modules in turn."""
    start = datetime(2021, 10, 5, tzinfo=timezone.utc)
    end = start + timedelta(minutes=SHOOT_MINUTES * shoots + 60)
    people = [f"p{index + 1:02d}" for index in range(PEOPLE)]
    return {
        "format": "orbitfilm/production@1",
        "production": {"code": CODE, "title": "Benchmark", "station": "BENCH", "start": _stamp(start), "end": _stamp(end), "tle": None},
        "modules": [
            {"code": f"m{index + 1:02d}", "name": f"Module {index + 1}", "segment": "ROS", "capacity": 4, "window": True, "closed": []}
            for index in range(MODULES)
        ],
        "people": [
            {"code": code, "name": code.upper(), "role": "crew", "max_minutes_per_day": None,
             "free": [{"start": _stamp(start), "end": _stamp(end)}]}
            for code in people
        ],
        "events": [],
        "scenes": [
            {"code": f"S{index + 1:04d}", "title": f"Scene {index + 1}, take the long way round", "minutes": SHOOT_MINUTES,
             "people": sorted({people[index % PEOPLE], people[(index + 1) % PEOPLE], people[(index * 7) % PEOPLE]}),
             "modules": [f"m{index % MODULES + 1:02d}"], "priority": 1 + index % 10, "required": False,
             "earliest": None, "latest": None, "after": [], "light": "any", "window": False}
            for index in range(shoots)
        ],
        "pinned": [],
    }


def build(shoots: int):
    """Import the production and publish a schedule that has every scene (returns the production)."""
    from scheduling.models import Production
    from scheduling.production_file import production_document_check
    from scheduling.services import production_import
    from scheduling.solver.solution import Shoot, Solution
    from scheduling.solving import production_problem, schedule_publish

    production_import(document=production_document_check(production_document_for(shoots)))
    production = Production.objects.get(code=CODE)
    problem = production_problem(production=production)
    placed = tuple(
        Shoot(scene=scene.code, module=scene.modules[0], start=index * SHOOT_MINUTES, end=(index + 1) * SHOOT_MINUTES)
        for index, scene in enumerate(problem.scenes)
    )
    solution = Solution(
        engine="greedy", status="feasible", objective=sum(scene.priority for scene in problem.scenes), bound=None,
        seconds=0.0, shoots=placed, unscheduled=(),
    )
    schedule_publish(production=production, problem=problem, solution=solution)
    return production


def timed(function, repeat: int) -> tuple[float, float]:
    """Median and 95th percentile wall time of `function()` in milliseconds (after one warm-up call)."""
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("runserver exited")
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("runserver did not start in 30 s")


def load_with_wrk(url: str, token: str, seconds: int, connections: int) -> tuple[str, float, str]:
    out = subprocess.run(
        ["wrk", f"-t{min(connections, os.cpu_count() or 1)}", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", f"Authorization: Token {token}", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rate = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec:")))
    return "wrk", rate, out


def load_with_threads(url: str, token: str, seconds: int, connections: int) -> tuple[str, float, str]:
    done, failures = [0], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop:
            request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                ok = True
            except OSError:
                ok = False
            with lock:
                done[0] += ok
                failures[0] += not ok

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        for _ in range(connections):
            pool.submit(client)
    elapsed = time.monotonic() - started
    return "python threads", done[0] / elapsed, f"{done[0]} responses, {failures[0]} failures in {elapsed:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shoots", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--load-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]

    workdir = Path(tempfile.mkdtemp(prefix="orbitfilm-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "ORBITFILM_DATA_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "orbitfilm.settings",
        "DJANGO_DEBUG": "false",
    }
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from scheduling.exports import schedule_document
    from scheduling.selectors import schedule_version_get

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        production = build(args.shoots)
        build_seconds = time.perf_counter() - started
        director = get_user_model().objects.create_user(username="bench")
        production.director = director
        production.save(update_fields=["director"])
        token = Token.objects.create(user=director).key
        version = schedule_version_get(production=production)
        assert version.shoots.count() == args.shoots

        url = f"/api/productions/{CODE}/schedule/"
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        rows = [
            ("schedule_document + json.dumps", timed(lambda: json.dumps(schedule_document(version=version)), args.repeat)),
            (f"GET {url} (JSON)", timed(lambda: client.get(url).content, args.repeat)),
            (f"GET {url}?format=csv", timed(lambda: client.get(url + "?format=csv").content, args.repeat)),
            (f"GET {url}?format=ics", timed(lambda: client.get(url + "?format=ics").content, args.repeat)),
        ]
        size = len(client.get(url).content)

        port = free_port()
        server = serve(env, port)
        try:
            load = load_with_wrk if shutil.which("wrk") else load_with_threads
            generator, rate, raw = load(f"http://127.0.0.1:{port}{url}", token, args.load_seconds, args.connections)
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    print(f"machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"load average {load_before:.1f} at the start")
    print(f"schedule: {args.shoots} shoots, JSON {size / 1024:.0f} KiB; built and published in {build_seconds:.1f} s")
    print(f"\n{'measurement (' + str(args.repeat) + ' runs)':<62} {'median ms':>10} {'p95 ms':>10}")
    for name, (median, p95) in rows:
        print(f"{name:<62} {median:>10.1f} {p95:>10.1f}")
    verdict = "meets" if rows[1][1][0] < 150 else "MISSES"
    print(f"\nJSON export through the API: median {rows[1][1][0]:.1f} ms ({verdict} the 150 ms target)")
    print(f"load: {generator}, {args.connections} connections, {args.load_seconds} s, manage.py runserver (DEBUG off): "
          f"{rate:.1f} requests/s")
    if generator == "wrk":
        print("\n" + raw.rstrip())


if __name__ == "__main__":
    main()
