"""The benchmark's tables, rendered from its results (one dict per run, as `bench.run` records them): a summary
per size, shape and engine (median and worst over the seeds, the seeds the engine was tuned on apart from the
others), the targets and whether the worst run meets each, and every run.

An instance's "% of optimum" is its objective over the planted optimum; an overfull stay has none, so its
quality is the gap between the objective and the engine's proven bound, `100 * (bound - objective) / bound`.
"infeasible" counts the runs that answered so (the greedy engine when it cannot hold every required scene or
pin); the mandatory scenes such an answer says it left out are "declared", apart from the "violations": rules a
schedule breaks without saying so, which must be 0 in every run.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

SUMMARY = ("stay", "shape", "engine", "seeds", "% of optimum: median", "worst, tuned seeds", "worst, other seeds",
           "gap to bound: worst %", "seconds: median", "worst", "proven at s: median", "worst", "CPU s: worst",
           "peak MB", "required in", "vs greedy: worst", "infeasible", "violations")
RUNS = ("stay", "shape", "seed", "engine", "days/scenes/people/modules", "optimum", "objective", "bound",
        "% of optimum", "gap %", "seconds", "CPU s", "best found at s", "proven at s", "method", "peak MB", "status",
        "required in", "load", "declared", "violations")


def percent(run: dict) -> float | None:
    return None if run["optimum"] is None else 100 * run["objective"] / run["optimum"]


def gap(run: dict) -> float | None:
    return None if run["bound"] is None else 100 * (run["bound"] - run["objective"]) / max(1, run["bound"])


@dataclass(frozen=True)
class Target:
    """One target of issue 15: which runs it is about, what is measured on each, and the limit."""

    words: str
    applies: Callable[[dict], bool]
    measure: Callable[[list[dict]], float | None]
    meets: Callable[[float], bool] | None  # None: a figure reported beside the targets, with no limit of its own
    unit: str = ""


def _worst(values: Iterable[float | None], *, highest: bool) -> float | None:
    known = [value for value in values if value is not None]
    return (max if highest else min)(known) if known else None


def _plain_cp_sat(size: str) -> Callable[[dict], bool]:
    return lambda run: run["size"] == size and run["engine"] == "cp-sat" and run["optimum"] is not None


def _proven_at(run: dict) -> float:
    """When the optimum was proven; a run that never proved it counts as its whole budget, and more."""
    return run["proven_at"] if run["proven_at"] is not None and run["status"] == "optimal" else float("inf")


TARGETS = (
    Target("180 days, every shape: worst % of the optimum at least 99.5", _plain_cp_sat("large"),
           lambda runs: _worst(map(percent, runs), highest=False), lambda value: value >= 99.5, "%"),
    Target("180 days: every required scene in", _plain_cp_sat("large"),
           lambda runs: sum(run["required"] - run["required_in"] for run in runs), lambda value: value == 0, " missing"),
    Target("180 days: within 300 s", _plain_cp_sat("large"),
           lambda runs: _worst((run["seconds"] for run in runs), highest=True), lambda value: value <= 300, " s"),
    Target("180 days: under 1 GB", _plain_cp_sat("large"),
           lambda runs: _worst((run["peak_mb"] for run in runs), highest=True), lambda value: value < 1024, " MB"),
    Target("365 days / 5,000 scenes: worst % of the optimum at least 99", _plain_cp_sat("series"),
           lambda runs: _worst(map(percent, runs), highest=False), lambda value: value >= 99, "%"),
    Target("365 days: within 600 s", _plain_cp_sat("series"),
           lambda runs: _worst((run["seconds"] for run in runs), highest=True), lambda value: value <= 600, " s"),
    Target("365 days: under 2 GB", _plain_cp_sat("series"),
           lambda runs: _worst((run["peak_mb"] for run in runs), highest=True), lambda value: value < 2048, " MB"),
    Target("30 days: proven optimal within 10 s (median)", _plain_cp_sat("medium"),
           lambda runs: statistics.median(map(_proven_at, runs)), lambda value: value <= 10, " s"),
    Target("30 days: proven optimal, never above 30 s", _plain_cp_sat("medium"),
           lambda runs: max(map(_proven_at, runs)), lambda value: value <= 30, " s"),
    Target("30 days, overfull: gap to the bound at most 2%",
           lambda run: run["size"] == "medium" and run["engine"] == "cp-sat" and run["optimum"] is None,
           lambda runs: _worst(map(gap, runs), highest=True), lambda value: value <= 2, "%"),
    Target("180 days, overfull: gap to the bound (no optimum known; reported, no target)",
           lambda run: run["size"] == "large" and run["engine"] == "cp-sat" and run["optimum"] is None,
           lambda runs: _worst(map(gap, runs), highest=True), None, "%"),
    Target("never below the greedy engine (worst difference)",
           lambda run: run["engine"] == "cp-sat" and run.get("versus_greedy") is not None,
           lambda runs: min(run["versus_greedy"] for run in runs), lambda value: value >= 0, ""),
    Target("violations, every run", lambda run: True,
           lambda runs: sum(run["violations"] for run in runs), lambda value: value == 0, ""),
)


def render(results: list[dict], *, tuned: set[int], markdown: bool) -> str:
    """The summary, the targets and every run, with the machine, dates and load they were measured at."""
    if not results:
        return "no results yet"
    _versus_greedy(results)
    parts = [_measured(results), "", _table(SUMMARY, _summary_rows(results, tuned), markdown), "",
             _table(("target", "measured", "over", "met"), _target_rows(results), markdown), "",
             _table(RUNS, [_run_row(run) for run in results], markdown)]
    return "\n".join(parts)


def _versus_greedy(results: list[dict]) -> None:
    """Each CP-SAT run's objective less the greedy one's on the same instance (when both ran)."""
    greedy = {(run["size"], run["shape"], run["seed"]): run["objective"] for run in results if run["engine"] == "greedy"}
    for run in results:
        if run["engine"] == "cp-sat":
            baseline = greedy.get((run["size"], run["shape"], run["seed"]))
            run["versus_greedy"] = None if baseline is None else run["objective"] - baseline


def _measured(results: list[dict]) -> str:
    finished = sorted(run["finished"] for run in results)
    loads = [load for run in results for load in (run["load_before"], run["load_after"])]
    machines = sorted({run["machine"] for run in results})
    return (f"Measured {finished[0]} to {finished[-1]} on {'; '.join(machines)}; load average (1 min) "
            f"{min(loads):.1f} to {max(loads):.1f}, median {statistics.median(loads):.1f}.")


def _summary_rows(results: list[dict], tuned: set[int]) -> list[tuple[str, ...]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for run in results:
        groups[run["size"], run["shape"], run["engine"]].append(run)
    rows = []
    for (size, shape, engine), runs in groups.items():
        percents = [percent(run) for run in runs]
        seeds = sorted(run["seed"] for run in runs)
        versus = [run.get("versus_greedy") for run in runs if run.get("versus_greedy") is not None]
        proven = [_proven_at(run) for run in runs] if engine == "cp-sat" else []
        rows.append((
            f"{size} ({runs[0]['days']} days)", shape, engine, _seeds(seeds),
            _number(statistics.median(percents)) if None not in percents else "-",
            _number(_worst((percent(run) for run in runs if run["seed"] in tuned), highest=False)),
            _number(_worst((percent(run) for run in runs if run["seed"] not in tuned), highest=False)),
            _number(_worst(map(gap, runs), highest=True)),
            _number(statistics.median(run["seconds"] for run in runs), 1),
            _number(max(run["seconds"] for run in runs), 1),
            _number(statistics.median(proven), 1) if proven else "-",
            _number(max(proven), 1) if proven else "-",
            _number(max(run["cpu_seconds"] for run in runs), 1),
            f"{max(run['peak_mb'] for run in runs):.0f}",
            _required(runs),
            f"{min(versus):+d}" if versus else "-",
            str(sum(run["status"] == "infeasible" for run in runs)),
            str(sum(run["violations"] for run in runs)),
        ))
    return rows


def _target_rows(results: list[dict]) -> list[tuple[str, ...]]:
    rows = []
    for target in TARGETS:
        runs = [run for run in results if target.applies(run)]
        if not runs:
            rows.append((target.words, "not measured", "-", "-"))
            continue
        value = target.measure(runs)
        if value == float("inf"):
            shown = "one or more never proven"
        else:
            shown = f"{value if isinstance(value, int) else _number(value)}{target.unit}"
        met = "-" if target.meets is None else "yes" if target.meets(value) else "NO"
        rows.append((target.words, shown, _coverage(runs), met))
    return rows


def _coverage(runs: list[dict]) -> str:
    """How many runs a target was judged on, and which shapes and seeds: a "yes" over two seeds is not ten."""
    shapes = sorted({run["shape"] for run in runs})
    seeds = _seeds(sorted({run["seed"] for run in runs}))
    return f"{_count(len(runs), 'run')}: {_count(len(shapes), 'shape')} ({', '.join(shapes)}), seeds {seeds}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def _run_row(run: dict) -> tuple[str, ...]:
    return (
        run["size"], run["shape"], str(run["seed"]), run["engine"],
        f"{run['days']}/{run['scenes']}/{run['people']}/{run['modules']}",
        "-" if run["optimum"] is None else str(run["optimum"]), str(run["objective"]),
        "-" if run["bound"] is None else str(run["bound"]), _number(percent(run)), _number(gap(run)),
        _number(run["seconds"], 1), _number(run["cpu_seconds"], 1), _number(run["best_found_at"], 1),
        _number(run["proven_at"], 1), run["method"], f"{run['peak_mb']:.0f}", run["status"],
        f"{run['required_in']}/{run['required']}", f"{run['load_before']:.1f}-{run['load_after']:.1f}",
        str(run.get("declared", "-")), str(run["violations"]),
    )


def _required(runs: list[dict]) -> str:
    missing = sum(run["required"] - run["required_in"] for run in runs)
    return "all" if not missing else f"{missing} missing"


def _seeds(seeds: list[int]) -> str:
    if seeds == list(range(seeds[0], seeds[-1] + 1)) and len(seeds) > 1:
        return f"{seeds[0]}-{seeds[-1]}"
    return ",".join(map(str, seeds))


def _number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    if value == float("inf"):
        return "never"
    return f"{value:.{digits}f}"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], markdown: bool) -> str:
    rows = [header, *rows]
    if markdown:
        lines = ["| " + " | ".join(cells) + " |" for cells in rows]
        lines.insert(1, "|" + "|".join("---" for _ in header) + "|")
        return "\n".join(lines)
    widths = [max(len(cells[i]) for cells in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(cells, widths)) for cells in rows)
