from django.core.management.base import BaseCommand

from scheduling.runs import solve_runs_recover


class Command(BaseCommand):
    help = "Queue again the solve runs whose worker stopped answering (workers also do this when they start)."

    def handle(self, *args, **options):
        recovered = solve_runs_recover()
        self.stdout.write(f"requeued {len(recovered)} run(s){': ' if recovered else ''}{', '.join(map(str, recovered))}")
