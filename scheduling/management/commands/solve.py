import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scheduling.management.base import production_named
from scheduling.models import SolveRun
from core.times import TimeFormatError, parse_time
from scheduling.runs import BrokerUnavailable, SolveRunActive, solve_run_execute, solve_run_request
from scheduling.solving import NothingToRepair
from scheduling.solver.engine import ENGINES

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Schedule a production. By default the solve is queued on the Celery workers; --wait follows it with a "
        "progress bar; --inline solves in this process. Each success publishes a new schedule version."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("--engine", choices=ENGINES, default="cp-sat")
        parser.add_argument("--seconds", type=int, help="solver time limit (default ORBITFILM_SOLVER_SECONDS)")
        parser.add_argument("--inline", action="store_true", help="solve in this process instead of on a worker")
        parser.add_argument("--wait", action="store_true", help="follow a queued run until it ends")
        parser.add_argument("--replan-from", help='re-plan from this UTC instant ("now" or ISO 8601)')
        parser.add_argument(
            "--repair", action="store_true",
            help="repair the published schedule: keep every shoot that still holds, move only what the station broke",
        )

    def handle(self, *args, code, engine, seconds, inline, wait, replan_from, repair, **options):
        production = production_named(code)
        if seconds is not None and seconds <= 0:
            raise CommandError("--seconds must be positive")
        replan_instant = None
        if replan_from:
            try:
                replan_instant = timezone.now().replace(second=0, microsecond=0) if replan_from == "now" else parse_time(replan_from)
            except TimeFormatError as error:
                raise CommandError(f"--replan-from: {error}") from None
        try:
            run = solve_run_request(
                production=production, engine_name=engine, seconds=seconds, replan_from=replan_instant, repair=repair,
                queue=not inline,
            )
        except (BrokerUnavailable, SolveRunActive, NothingToRepair) as error:
            raise CommandError(str(error)) from None
        if inline:
            self.stdout.write(f"solving {code} in this process (run {run.pk}, {engine}, {run.time_limit_seconds}s)…")
            run = solve_run_execute(run_id=run.pk) or run
        else:
            self.stdout.write(f"queued solve run {run.pk} for {code} ({engine}, {run.time_limit_seconds}s)")
            if not wait:
                return
            run = self._follow(run)
        self._result(run)

    def _follow(self, run: SolveRun) -> SolveRun:
        while True:
            run.refresh_from_db()
            self.stdout.write("\r" + self._bar(run), ending="")
            self.stdout.flush()
            if not run.active:
                self.stdout.write("")
                return run
            time.sleep(0.5)

    def _bar(self, run: SolveRun) -> str:
        if run.status == SolveRun.Status.QUEUED:
            return f"[{' ' * BAR_WIDTH}] queued…"
        fraction = min(1.0, run.elapsed_seconds / run.time_limit_seconds) if run.active else 1.0
        filled = int(fraction * BAR_WIDTH)
        objective = "-" if run.best_objective is None else run.best_objective
        bound = "-" if run.best_bound is None else run.best_bound
        return (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {run.elapsed_seconds:5.1f}/{run.time_limit_seconds}s "
            f"solutions {run.solutions_found}  objective {objective}  bound {bound}  {run.status}   "
        )

    def _result(self, run: SolveRun) -> None:
        run.refresh_from_db()
        if run.status != SolveRun.Status.SUCCEEDED:
            raise CommandError(f"solve run {run.pk} {run.status}: {run.message}")
        version = run.schedule_version
        self.stdout.write(
            f"published {run.production.code} version {version.number}: {version.status}, objective "
            f"{version.objective}, bound {version.bound}, {version.seconds}s ({run.message})"
        )
        for move in run.moves:
            self.stdout.write(f"  {move['line']}")
