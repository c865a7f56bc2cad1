from django.core.management.base import BaseCommand

from scheduling.runs import solve_runs_sweep


class Command(BaseCommand):
    help = (
        "Sweep the solve runs once, as every worker does every ORBITFILM_SOLVE_RUN_SWEEP_SECONDS: requeue runs "
        "whose worker stopped answering, send again queued runs no worker took, fail runs past their hard limit."
    )

    def handle(self, *args, **options):
        sweep = solve_runs_sweep()
        for what, runs in (("requeued", sweep.requeued), ("sent again", sweep.resent), ("ended", sweep.ended)):
            self.stdout.write(f"{what} {len(runs)} run(s){': ' if runs else ''}{', '.join(map(str, runs))}")
