from django.core.management.base import BaseCommand, CommandError

from scheduling.models import Production
from scheduling.production_file import production_document_dump
from scheduling.selectors import production_document


class Command(BaseCommand):
    help = "Print a production as a production file (orbitfilm/production@1) on standard output."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the production's code")
        parser.add_argument("--format", choices=("json", "yaml"), default="json")

    def handle(self, *args, code: str, format: str, **options):
        production = Production.objects.select_related("station").filter(code=code).first()
        if production is None:
            raise CommandError(f'no production "{code}"')
        self.stdout.write(production_document_dump(production_document(production=production), fmt=format), ending="")
