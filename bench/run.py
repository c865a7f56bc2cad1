"""Benchmark both engines on generated instances with a planted (known) optimum.

    python -m bench.run [--sizes small,medium,large] [--shapes plain,equipment]
                        [--seconds-small 2 --seconds-medium 60 --seconds-large 300] [--seed 1] [--workers 2] [--markdown]

Each engine runs on each instance in a fresh subprocess, so the peak memory reported (the child's
ru_maxrss: generating the instance, building and solving) is that engine's alone. Every result is checked
by the independent validator; the table says how many rules it breaks (0 is the only good answer).
Shapes (`bench/generator.py`): "plain" (the default) and "equipment" (a single camera most scenes need, and a
few other limited elements).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

ENGINES = ("greedy", "cp-sat")
DEFAULT_SECONDS = {"small": 2.0, "medium": 60.0, "large": 300.0}


def run_one(size: str, engine: str, *, seed: int, seconds: float, workers: int, shape: str = "plain") -> dict:
    """Generate the instance, solve it with one engine, validate; what one table row needs."""
    from bench.generator import generate
    from scheduling.solver import engine as engines
    from scheduling.solver.validator import validate

    instance = generate(size, seed=seed, shape=shape)
    started = time.perf_counter()
    solution = engines.solve(instance.problem, engine=engine, seconds=seconds, workers=workers)
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    violations = validate(instance.problem, solution)
    required = [scene.code for scene in instance.problem.scenes if scene.required]
    shot = {shoot.scene for shoot in solution.shoots}
    return {
        "instance": f"{size}{'' if shape == 'plain' else ' ' + shape} (seed {seed})",
        "days": instance.problem.horizon // 1440,
        "scenes": len(instance.problem.scenes),
        "people": len(instance.problem.people),
        "modules": len(instance.problem.modules),
        "optimum": instance.optimum,
        "engine": engine,
        "objective": solution.objective,
        "bound": solution.bound,
        "percent": 100 * solution.objective / instance.optimum,
        "seconds": wall,
        "best_found_at": solution.stats.get("best_found_at"),
        "method": solution.stats.get("method", "-"),
        "peak_mb": peak_mb,
        "status": solution.status,
        "required_in": f"{sum(code in shot for code in required)}/{len(required)}",
        "violations": len(violations),
    }


def run_in_subprocess(size: str, engine: str, *, seed: int, seconds: float, workers: int, shape: str) -> dict:
    command = [sys.executable, "-m", "bench.run", "--one", size, "--engine", engine, "--seed", str(seed),
               "--seconds", str(seconds), "--workers", str(workers), "--shapes", shape]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} on {size} {shape} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


HEADER = ("instance", "days/scenes/people/modules", "optimum (planted)", "engine", "objective", "bound",
          "% of optimum", "seconds", "best found at s", "method", "peak MB", "status", "required in", "violations")


def row(result: dict) -> tuple[str, ...]:
    return (
        result["instance"],
        f"{result['days']}/{result['scenes']}/{result['people']}/{result['modules']}",
        str(result["optimum"]),
        result["engine"],
        str(result["objective"]),
        "-" if result["bound"] is None else str(result["bound"]),
        f"{result['percent']:.2f}",
        f"{result['seconds']:.1f}",
        "-" if result["best_found_at"] is None else f"{result['best_found_at']:.1f}",
        result["method"],
        f"{result['peak_mb']:.0f}",
        result["status"],
        result["required_in"],
        str(result["violations"]),
    )


def table(results: list[dict], *, markdown: bool) -> str:
    rows = [HEADER, *(row(result) for result in results)]
    if markdown:
        lines = ["| " + " | ".join(cells) + " |" for cells in rows]
        lines.insert(1, "|" + "|".join("---" for _ in HEADER) + "|")
        return "\n".join(lines)
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(HEADER))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(cells, widths)) for cells in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--shapes", default="plain", help="comma-separated: plain, equipment")
    for size, seconds in DEFAULT_SECONDS.items():
        parser.add_argument(f"--seconds-{size}", type=float, default=seconds)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.engine, seed=args.seed, seconds=args.seconds, workers=args.workers,
                                 shape=args.shapes)))
        return
    results = []
    for shape in args.shapes.split(","):
        for size in args.sizes.split(","):
            seconds = getattr(args, f"seconds_{size}")
            for engine in ENGINES:
                results.append(run_in_subprocess(size, engine, seed=args.seed, seconds=seconds, workers=args.workers, shape=shape))
                print(f"done: {size} {shape} {engine}", file=sys.stderr, flush=True)
    print(table(results, markdown=args.markdown))


if __name__ == "__main__":
    main()
