from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from scheduling.management.base import file_refused, production_named
from scheduling.models import MAX_MINUTES_PER_PAGE
from scheduling.script_import import preview_lines, script_apply, script_preview


class Command(BaseCommand):
    help = ("Import a screenplay (Fountain or Final Draft) into a production. Without --apply, print what the "
            "import would do and write nothing.")

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("file", help="path to the .fountain or .fdx file")
        parser.add_argument("--apply", action="store_true", help="write the import (default: only preview it)")
        parser.add_argument("--minutes-per-page", type=int, metavar="N",
                            help=f"shoot minutes per script page, 1 to {MAX_MINUTES_PER_PAGE} (default: the production's)")

    def handle(self, *args, code: str, file: str, apply: bool, minutes_per_page: int | None, **options):
        production = production_named(code)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read: {error.strerror}") from None
        write = script_apply if apply else script_preview
        try:
            result = write(production=production, data=data, filename=path.name, minutes_per_page=minutes_per_page)
        except DomainError as error:
            raise file_refused(self.stderr, file, error, verb="refused") from None
        for line in preview_lines(result):
            self.stdout.write(line)
        if apply:
            self.stdout.write(f"applied as import {result.applied.pk} ({result.applied.described})")
        else:
            self.stdout.write("preview only: nothing was written (apply it with --apply)")
