import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from scheduling.models import Production
from scheduling.production_file import production_file_parse
from scheduling.roles import DIRECTORS, STATION_OPERATIONS, roles_ensure
from scheduling.services import production_import

DEMO_FILE = Path(settings.BASE_DIR) / "demo" / "challenge.json"


class Command(BaseCommand):
    help = "Load the Challenge demo production and the demo users (idempotent). Prints the logins."

    def handle(self, *args, **options):
        roles_ensure()
        password = os.environ.get("ORBITFILM_DEMO_PASSWORD", "orbitfilm-demo")
        director = self._user("director", DIRECTORS, password)
        self._user("stationops", STATION_OPERATIONS, password)

        document = production_file_parse(DEMO_FILE.read_bytes(), filename=DEMO_FILE.name)
        code = document["production"]["code"]
        if Production.objects.filter(code=code).exists():
            self.stdout.write(f"demo production {code} already loaded")
        else:
            for line in production_import(document=document, director=director).lines():
                self.stdout.write(line)
        self.stdout.write("demo logins (password from ORBITFILM_DEMO_PASSWORD):")
        self.stdout.write(f"  director   / {password}   (directs {code})")
        self.stdout.write(f"  stationops / {password}   (station operations)")

    def _user(self, username: str, group: str, password: str):
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=group))
        return user
