from django.core.management.base import BaseCommand, CommandError

from scheduling.management.base import file_read, file_refused, production_named
from scheduling.uss import MINUTES_PER_PAGE, UssError
from scheduling.uss.services import uss_import


class Command(BaseCommand):
    help = (
        "Import a Universal Schedule Standard (.uss) breakdown into a production: scenes, elements and casting. "
        "Prints what it would change; --apply writes it. A bad file is rejected whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("file", help="path to the .uss file, or - for standard input")
        parser.add_argument("--apply", action="store_true", help="write the import (default: a preview only)")
        parser.add_argument("--minutes-per-page", type=int, default=MINUTES_PER_PAGE,
                            help=f"shoot minutes per script page, for scenes without a duration (default {MINUTES_PER_PAGE})")

    def handle(self, *args, code: str, file: str, apply: bool, minutes_per_page: int, **options):
        production = production_named(code, "station")
        if not 1 <= minutes_per_page <= 24 * 60:
            raise CommandError("--minutes-per-page: from 1 to 1440")
        data, _ = file_read(file)
        try:
            result = uss_import(production=production, data=data, apply=apply, minutes_per_page=minutes_per_page)
        except UssError as error:
            raise file_refused(self.stderr, file, error) from None
        for line in result.lines():
            self.stdout.write(line)
