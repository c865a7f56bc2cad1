from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scheduling.management.base import file_read, file_refused
from scheduling.production_file import ProductionFileError, production_file_parse
from scheduling.services import production_import


class Command(BaseCommand):
    help = "Import a production file (orbitfilm/production@1, JSON or YAML). A bad file is rejected whole."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the production file, or - for standard input")
        parser.add_argument("--replace", action="store_true", help="overwrite a production with the same code")
        parser.add_argument("--director", help="username of the production's director")

    def handle(self, *args, file: str, replace: bool, director: str | None, **options):
        director_user = None
        if director:
            director_user = get_user_model().objects.filter(username=director).first()
            if director_user is None:
                raise CommandError(f'--director: no user "{director}"')
        text, name = file_read(file)
        try:
            document = production_file_parse(text, filename=name)
            report = production_import(document=document, replace=replace, director=director_user)
        except ProductionFileError as error:
            raise file_refused(self.stderr, file, error) from None
        for line in report.lines():
            self.stdout.write(line)
