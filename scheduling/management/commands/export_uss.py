import json

from django.core.management.base import BaseCommand, CommandError

from scheduling.models import Production
from scheduling.uss.selectors import uss_export


class Command(BaseCommand):
    help = "Print a production's breakdown and schedule as a Universal Schedule Standard (.uss) file."

    def add_base_argument(self, parser, *args, **kwargs):
        # `--version N` picks a schedule version here, so Django's own --version flag steps aside.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("--version", type=int, dest="number", help="schedule version (default: the latest)")

    def handle(self, *args, code: str, number: int | None, **options):
        production = Production.objects.select_related("station", "director").filter(code=code).first()
        if production is None:
            raise CommandError(f'no production "{code}"')
        if number is not None and not production.schedule_versions.filter(number=number).exists():
            raise CommandError(f"production {code} has no version {number}")
        self.stdout.write(json.dumps(uss_export(production=production, number=number), indent=2, ensure_ascii=False))
