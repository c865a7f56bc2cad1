import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.models import Production
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
        production = Production.objects.select_related("station").filter(code=code).first()
        if production is None:
            raise CommandError(f'no production "{code}"')
        if not 1 <= minutes_per_page <= 24 * 60:
            raise CommandError("--minutes-per-page: from 1 to 1440")
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read: {error.strerror}") from None
        try:
            result = uss_import(production=production, data=data, apply=apply, minutes_per_page=minutes_per_page)
        except UssError as error:
            for line in error.lines():
                self.stderr.write(f"{file}: {line}")
            raise CommandError(f"{file}: rejected ({len(error.faults)} error(s)); nothing was written") from None
        for line in result.lines():
            self.stdout.write(line)
