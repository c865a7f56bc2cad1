import json

from django.core.management.base import CommandError

from scheduling.management.base import VersionedCommand, production_named
from scheduling.uss.selectors import uss_export


class Command(VersionedCommand):
    help = "Print a production's breakdown and schedule as a Universal Schedule Standard (.uss) file."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("--version", type=int, dest="number", help="schedule version (default: the latest)")

    def handle(self, *args, code: str, number: int | None, **options):
        production = production_named(code, "station", "director")
        if number is not None and not production.schedule_versions.filter(number=number).exists():
            raise CommandError(f"production {code} has no version {number}")
        self.stdout.write(json.dumps(uss_export(production=production, number=number), indent=2, ensure_ascii=False))
