import json

from django.core.management.base import CommandError

from scheduling.exports import schedule_csv, schedule_document, schedule_ical
from scheduling.management.base import VersionedCommand, production_named
from scheduling.selectors import schedule_version_get


class Command(VersionedCommand):
    help = "Print a schedule version (the current one by default) as orbitfilm/schedule@1 JSON, CSV or iCalendar."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("--format", choices=("json", "csv", "ics"), default="json")
        parser.add_argument("--version", type=int, dest="number", help="version number (default: the latest)")

    def handle(self, *args, code: str, format: str, number: int | None, **options):
        production = production_named(code)
        version = schedule_version_get(production=production, number=number)
        if version is None:
            which = f"version {number}" if number else "schedule yet"
            raise CommandError(f"production {code} has no {which}; run `python manage.py solve {code}` first")
        document = schedule_document(version=version)
        if format == "json":
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
        elif format == "csv":
            self.stdout.write(schedule_csv(document), ending="")
        else:
            self.stdout.write(schedule_ical(document).decode("utf-8"), ending="")
