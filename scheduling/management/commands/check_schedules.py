from django.core.management.base import BaseCommand, CommandError

from scheduling.models import Production
from scheduling.notifications import broken_words
from scheduling.schedule_checks import schedule_check

NO_SUCH_PRODUCTION = 2  # exit status for a code that names no production, apart from 1: conflicts found


class Command(BaseCommand):
    help = (
        "Check published schedules against the station as it is now (every production with one, or those "
        "named), store the results as a worker would, and print every broken shoot. Exits 1 when any shoot "
        "is broken, for cron and CI."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", metavar="CODE", help="productions to check (default: all)")

    def handle(self, *args, codes, **options):
        productions = Production.objects.select_related("station", "director").order_by("code")
        if codes:
            productions = productions.filter(code__in=codes)
            unknown = sorted(set(codes) - set(productions.values_list("code", flat=True)))
            if unknown:
                raise CommandError(f"no production {', '.join(unknown)}", returncode=NO_SUCH_PRODUCTION)
        broken = 0
        for production in productions:
            check = schedule_check(production=production)
            if check is None:
                if codes:
                    self.stdout.write(f"{production.code}: no published schedule yet")
                continue
            scenes = {conflict["scene"] for conflict in check["conflicts"]}
            if not check["conflicts"]:
                self.stdout.write(f"{production.code} version {check['version']}: no conflicts")
                continue
            broken += 1
            self.stdout.write(f"{production.code}: {broken_words(len(scenes - {None}), check['version'])}")
            for conflict in check["conflicts"]:
                self.stdout.write(f"  {conflict['scene'] or '-'} [{conflict['rule']}] {conflict['message']}")
        if broken:
            raise CommandError(f"{broken} production{'s' if broken > 1 else ''} with broken shoots", returncode=1)
