from django.core.management.base import BaseCommand

from scheduling.management.base import production_named
from scheduling.production_file import production_document_dump
from scheduling.selectors import production_document


class Command(BaseCommand):
    help = "Print a production as a production file (orbitfilm/production@1) on standard output."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("--format", choices=("json", "yaml"), default="json")

    def handle(self, *args, code: str, format: str, **options):
        production = production_named(code, "station")
        self.stdout.write(production_document_dump(production_document(production=production), fmt=format), ending="")
