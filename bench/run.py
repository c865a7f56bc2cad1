"""Benchmark both engines on generated stays of every shape, over many seeds, and check the targets.

    python -m bench.run [--sizes small,medium,large,series] [--shapes plain,tight,...|all] [--seeds 1-10]
                        [--engines greedy,cp-sat] [--seconds-large 300 ...] [--workers 2]
                        [--results var/bench/results.jsonl] [--markdown] [--render]

Each engine runs on each instance in a fresh subprocess, so the peak memory reported (the child's ru_maxrss:
generating the instance, building and solving) and its CPU time are that engine's alone. Every result is
checked by the independent validator; the table says how many rules it breaks (0 is the only good answer),
apart from the mandatory scenes an infeasible answer says it could not hold ("declared").

Each finished run is appended, as one JSON line, to the results file at once, so a run stopped halfway resumes
where it was: runs already in the file for the same engine fingerprint (a hash of the solver's and the
generator's sources), size, shape, seed, engine, budget and workers are not repeated. The tables are rendered
from that file (`--render` renders without running anything), so the whole table can run unattended:

    nohup nice .venv/bin/python -m bench.run --sizes medium,large --seeds 1-10 --shapes all --markdown \\
        > var/bench/table.md 2> var/bench/progress.log &

(bench/README.md: the series after it, and how long each takes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import render
from bench.shapes import SHAPES

REPO = Path(__file__).resolve().parent.parent
ENGINES = ("greedy", "cp-sat")
DEFAULT_SECONDS = {"small": 2.0, "medium": 30.0, "large": 300.0, "series": 600.0}
DEFAULT_RESULTS = REPO / "var" / "bench" / "results.jsonl"
# What a run's figures depend on: a change to any of these makes earlier results another engine's.
FINGERPRINTED = ("scheduling/solver/*.py", "scheduling/scene_fields.py", "core/intervals.py", "bench/generator.py",
                 "bench/shapes.py", "bench/orbit_shots.py", "bench/planted_board.py")
# The rules an infeasible answer may break, having said so in its conflicts (the required scenes, pins and
# orders it could not hold): counted apart from the violations, which must be 0 everywhere.
DECLARED_WHEN_INFEASIBLE = {"required", "pin", "after"}
# A child that has not answered this long after its budget is stuck: it is stopped and the run recorded failed.
CHILD_GRACE_SECONDS = 600
MAX_BREACHES_KEPT = 10  # of the violations, the first this many are kept in the row, in words


def run_one(size: str, engine: str, *, seed: int, seconds: float, workers: int, shape: str = "plain") -> dict:
    """Generate the instance, solve it with one engine, validate; what one table row needs."""
    from bench.generator import generate
    from scheduling.solver import engine as engines
    from scheduling.solver.solution import STATUS_INFEASIBLE
    from scheduling.solver.validator import validate

    instance = generate(size, seed=seed, shape=shape)
    problem = instance.problem
    load_before = os.getloadavg()[0]
    cpu_started = time.process_time()
    started = time.perf_counter()
    solution = engines.solve(problem, engine=engine, seconds=seconds, workers=workers)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    violations = validate(problem, solution)
    # An infeasible answer says which mandatory scenes it could not hold: those it declares, the rest it breaks.
    declared = [v for v in violations if solution.status == STATUS_INFEASIBLE and v.rule in DECLARED_WHEN_INFEASIBLE]
    broken = [v for v in violations if v not in declared]
    required = [scene.code for scene in problem.scenes if scene.required]
    shot = {shoot.scene for shoot in solution.shoots}
    return {
        "size": size, "shape": shape, "seed": seed, "engine": engine, "budget": seconds, "workers": workers,
        "days": problem.horizon // 1440, "scenes": len(problem.scenes), "people": len(problem.people),
        "modules": len(problem.modules), "optimum": instance.optimum, "planted": instance.planted_priority,
        "objective": solution.objective, "bound": solution.bound, "seconds": wall, "cpu_seconds": cpu,
        "best_found_at": solution.stats.get("best_found_at"), "proven_at": solution.stats.get("proven_at"),
        "method": solution.stats.get("method", "-"), "peak_mb": peak_mb, "status": solution.status,
        "required_in": sum(code in shot for code in required), "required": len(required),
        "violations": len(broken), "declared": len(declared), "load_before": load_before, "load_after": os.getloadavg()[0],
        # What was broken, in the validator's words, so a rare breach can be diagnosed from the row alone.
        "breaches": [f"[{v.rule}] {v.message}" for v in broken[:MAX_BREACHES_KEPT]],
        "repaired": solution.stats.get("repaired", 0),
        "machine": machine(),
    }


def machine() -> str:
    """Cores, CPU model, memory, Python and OR-Tools: what the figures were measured on."""
    from ortools import __version__ as ortools_version

    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "?")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {model}, {memory:.0f} GB RAM, Python {sys.version.split()[0]}, "
            f"OR-Tools {ortools_version}")


def fingerprint() -> str:
    """A short hash of the sources the figures depend on."""
    digest = hashlib.sha256()
    for pattern in FINGERPRINTED:
        for path in sorted(REPO.glob(pattern)):
            digest.update(path.relative_to(REPO).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def run_in_subprocess(size: str, engine: str, *, seed: int, seconds: float, workers: int, shape: str) -> dict:
    command = [sys.executable, "-m", "bench.run", "--one", size, "--engine", engine, "--seed", str(seed),
               "--seconds", str(seconds), "--workers", str(workers), "--shapes", shape]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO,
                              timeout=seconds + CHILD_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        return {"error": f"no answer {seconds + CHILD_GRACE_SECONDS:.0f} s after it started"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def seeds_in(text: str) -> list[int]:
    """"1-10" or "1,3,5" or "2" -> the seeds."""
    seeds = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds.extend(range(int(first), int(last or first) + 1))
    return seeds


def load(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def key(record: dict) -> tuple:
    return (record["fingerprint"], record["size"], record["shape"], record["seed"], record["engine"],
            float(record["budget"]), record["workers"])


def append(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as results:
        results.write(json.dumps(record) + "\n")
        results.flush()
        os.fsync(results.fileno())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--shapes", default="plain", help=f"comma-separated, or all: {', '.join(SHAPES)}")
    parser.add_argument("--seeds", default="1", help='e.g. "1-10" or "1,3,5"')
    parser.add_argument("--seed", type=int, help="one seed (the same as --seeds N)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    for size, seconds in DEFAULT_SECONDS.items():
        parser.add_argument(f"--seconds-{size}", type=float, default=seconds)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="JSON lines file, appended to")
    parser.add_argument("--tuned-seeds", default="1-5", help="the seeds the engine's parameters were chosen on")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--render", action="store_true", help="only render what the results file holds")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    seeds = [args.seed] if args.seed is not None else seeds_in(args.seeds)
    shapes = list(SHAPES) if args.shapes == "all" else args.shapes.split(",")
    if args.one:
        print(json.dumps(run_one(args.one, args.engine, seed=seeds[0], seconds=args.seconds, workers=args.workers,
                                 shape=shapes[0])))
        return
    sizes, engines = args.sizes.split(","), args.engines.split(",")
    code = fingerprint()
    wanted = [(code, size, shape, seed, engine, getattr(args, f"seconds_{size}"), args.workers)
              for size in sizes for shape in shapes for seed in seeds for engine in engines]
    done = {key(record) for record in load(args.results) if "error" not in record}
    for number, (_, size, shape, seed, engine, seconds, workers) in enumerate(wanted, 1):
        if args.render or (code, size, shape, seed, engine, seconds, workers) in done:
            continue
        started = time.perf_counter()
        result = run_in_subprocess(size, engine, seed=seed, seconds=seconds, workers=workers, shape=shape)
        record = {"fingerprint": code, "size": size, "shape": shape, "seed": seed, "engine": engine, "budget": seconds,
                  "workers": workers, **result, "finished": datetime.now(UTC).isoformat(timespec="seconds")}
        append(args.results, record)
        print(f"[{number}/{len(wanted)}] {size} {shape} seed {seed} {engine}: "
              f"{result.get('error') or result['status']} in {time.perf_counter() - started:.0f} s",
              file=sys.stderr, flush=True)
    wanted_keys = set(wanted)
    latest = {key(record): record for record in load(args.results) if "error" not in record and key(record) in wanted_keys}
    results = sorted(latest.values(), key=lambda record: wanted.index(key(record)))
    print(render(results, tuned=set(seeds_in(args.tuned_seeds)), markdown=args.markdown))


if __name__ == "__main__":
    main()
