"""bench.run: the whole table is one resumable command (results appended as JSON lines, runs already there not
repeated), and the tables are rendered from the results file."""

from __future__ import annotations

import json

from bench import run
from bench.generator import generate
from bench.report import render


def record(**fields) -> dict:
    """One run as `run.run_one` reports it (the figures made up: this is about the bookkeeping)."""
    return {
        "size": "small", "shape": "plain", "seed": 1, "engine": "cp-sat", "budget": 2.0, "workers": 2,
        "days": 12, "scenes": 42, "people": 5, "modules": 5, "optimum": 100, "planted": 100, "objective": 100,
        "bound": 100, "seconds": 1.0, "cpu_seconds": 1.5, "best_found_at": 0.5, "proven_at": 0.5,
        "method": "full model", "peak_mb": 100.0, "status": "optimal", "required_in": 3, "required": 3,
        "violations": 0, "declared": 0, "load_before": 1.0, "load_after": 1.2, "machine": "test machine",
        "finished": "2026-12-02T00:00:00+00:00", **fields,
    }


def test_a_stopped_table_resumes_where_it_was(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.jsonl"
    calls = []

    def fake_run(size, engine, *, seed, seconds, workers, shape):
        calls.append((shape, seed, engine))
        if (shape, seed, engine) == ("dark", 2, "cp-sat") and len(calls) == 8:
            return {"error": "killed"}  # the first time only
        objective = 90 if engine == "greedy" else 100
        return record(shape=shape, seed=seed, engine=engine, objective=objective)

    monkeypatch.setattr(run, "run_in_subprocess", fake_run)
    argv = ["--sizes", "small", "--shapes", "plain,dark", "--seeds", "1-2", "--results", str(results)]
    run.main(argv)
    assert len(calls) == 8
    assert len(results.read_text().splitlines()) == 8
    run.main(argv)  # only the failed run is repeated
    assert calls[8:] == [("dark", 2, "cp-sat")]
    table = capsys.readouterr().out
    row = next(line.split() for line in table.splitlines() if line.split()[3:6] == ["dark", "cp-sat", "1-2"])
    assert "+10" in row  # cp-sat against greedy on the same instance


def test_render_reads_only_the_file(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.jsonl"
    monkeypatch.setattr(run, "run_in_subprocess", lambda *args, **kwargs: (_ for _ in ()).throw(AssertionError))
    run.main(["--sizes", "small", "--render", "--results", str(results)])
    assert capsys.readouterr().out.strip() == "no results yet"


def test_the_summary_keeps_tuned_and_other_seeds_apart_and_the_targets_say_what_is_met():
    runs = [record(seed=seed, objective=100 - seed) for seed in range(1, 11)]
    text = render([dict(run) for run in runs], tuned={1, 2, 3, 4, 5}, markdown=True)
    summary = next(line for line in text.splitlines() if line.startswith("| small (12 days) | plain | cp-sat"))
    cells = [cell.strip() for cell in summary.strip("|").split("|")]
    assert cells[3:7] == ["1-10", "94.50", "95.00", "90.00"]  # median, worst of seeds 1-5, worst of 6-10
    assert "| violations, every run | 0 | 10 runs: 1 shape (plain), seeds 1-10 | yes |" in text


def test_an_overfull_stay_is_judged_by_its_gap_to_the_bound():
    overfull = record(size="medium", shape="overfull", optimum=None, objective=98, bound=100, status="feasible")
    text = render([overfull], tuned={1}, markdown=True)
    assert "| 30 days, overfull: gap to the bound at most 2% | 2.00% | 1 run: 1 shape (overfull), seeds 1 | yes |" in text


def test_a_target_says_which_shapes_and_seeds_it_was_judged_on():
    runs = [record(size="large", shape=shape, seed=seed, objective=99 + seed / 10)
            for shape in ("tight", "plain") for seed in (6, 7)]
    text = render(runs, tuned={1, 2, 3, 4, 5}, markdown=True)
    assert ("| 180 days, every shape: worst % of the optimum at least 99.5 | 99.60% "
            "| 4 runs: 2 shapes (plain, tight), seeds 6-7 | yes |") in text
    assert "| 365 days / 5,000 scenes: worst % of the optimum at least 99 | not measured | - | - |" in text


def test_a_long_overfull_stay_reports_its_gap_without_a_verdict():
    overfull = record(size="large", shape="overfull", optimum=None, objective=97, bound=100, status="feasible")
    text = render([overfull], tuned={1}, markdown=True)
    assert ("| 180 days, overfull: gap to the bound (no optimum known; reported, no target) | 3.00% "
            "| 1 run: 1 shape (overfull), seeds 1 | - |") in text
    assert "| 180 days, every shape: worst % of the optimum at least 99.5 | not measured |" in text


def test_results_lines_round_trip(tmp_path):
    path = tmp_path / "results.jsonl"
    run.append(path, {"a": 1})
    run.append(path, {"b": 2})
    assert run.load(path) == [{"a": 1}, {"b": 2}]
    assert [json.loads(line) for line in path.read_text().splitlines()] == [{"a": 1}, {"b": 2}]


def test_an_infeasible_answer_is_counted_apart_from_the_violations():
    greedy = record(engine="greedy", status="infeasible", declared=2, objective=90)
    text = render([greedy, record()], tuned={1}, markdown=True)
    summary = next(line for line in text.splitlines() if line.startswith("| small (12 days) | plain | greedy"))
    assert summary.endswith("| 1 | 0 |")  # one infeasible run, no violations
    assert "| violations, every run | 0 | 2 runs: 1 shape (plain), seeds 1 | yes |" in text


def test_run_one_separates_what_an_infeasible_answer_declares(monkeypatch):
    from scheduling.solver import engine as engines
    from scheduling.solver.solution import STATUS_INFEASIBLE, Solution, Unscheduled

    def leaves_everything_out(problem, **kwargs):
        return Solution(engine="greedy", status=STATUS_INFEASIBLE, objective=0, bound=None, seconds=0.0, shoots=(),
                        unscheduled=tuple(Unscheduled(scene.code, "no room") for scene in problem.scenes),
                        conflicts=("cannot",))

    monkeypatch.setattr(engines, "solve", leaves_everything_out)
    result = run.run_one("small", "greedy", seed=1, seconds=1, workers=1)
    pins = len(generate("small", seed=1).problem.pins)
    assert result["declared"] == result["required"] + pins > 0  # every required scene and pin left out
    assert result["violations"] == 0
    assert result["breaches"] == []  # what it declares is no breach


def test_run_one_keeps_what_an_answer_breaks_in_words(monkeypatch):
    from scheduling.solver import engine as engines
    from scheduling.solver.solution import STATUS_FEASIBLE, Solution, Unscheduled

    def claims_feasible_with_nothing_shot(problem, **kwargs):
        return Solution(engine="cp-sat", status=STATUS_FEASIBLE, objective=0, bound=None, seconds=0.0, shoots=(),
                        unscheduled=tuple(Unscheduled(scene.code, "no room") for scene in problem.scenes))

    monkeypatch.setattr(engines, "solve", claims_feasible_with_nothing_shot)
    result = run.run_one("small", "cp-sat", seed=1, seconds=1, workers=1)
    instance = generate("small", seed=1).problem
    missing = sum(scene.required for scene in instance.scenes) + len(instance.pins)
    assert result["violations"] == missing > 0  # a feasible answer declares nothing: each one left out is a breach
    assert len(result["breaches"]) == min(missing, run.MAX_BREACHES_KEPT)
    assert all(line.startswith(("[required] required scene ", "[pin] scene ")) for line in result["breaches"])
