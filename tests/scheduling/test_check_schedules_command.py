"""`check_schedules [CODE ...]`: prints each production's broken shoots and exits 1 when there are any."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from crew.models import ModuleClosure
from scheduling.models import ScheduleCheck, Shoot
from tests.conftest import REPO, _database_url

pytestmark = pytest.mark.django_db(transaction=True)  # the subprocess reads what the test wrote


def close_over(production, scene: str) -> Shoot:
    shoot = Shoot.objects.select_related("module").get(version__production=production, scene__code=scene)
    ModuleClosure.objects.create(module=shoot.module, start=shoot.start, end=shoot.start + timedelta(minutes=5))
    return shoot


def command(*args) -> str:
    out = io.StringIO()
    call_command("check_schedules", *args, stdout=out)
    return out.getvalue()


def manage(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _database_url()}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_no_conflicts_prints_so_and_exits_0(tiny):
    assert command() == "tiny version 1: no conflicts\n"
    assert ScheduleCheck.objects.get(production=tiny).conflicts == []


def test_broken_shoots_are_printed_and_the_command_fails(tiny):
    shoot = close_over(tiny, "001")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 production with broken shoots") as raised:
        call_command("check_schedules", "tiny", stdout=out)
    assert raised.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == "tiny: 1 shoot broken by station changes since version 1"
    assert lines[1].startswith(f"  001 [closure] scene 001 in {shoot.module.code}") and len(lines) == 2


def test_an_unknown_code_is_a_usage_error(tiny):
    with pytest.raises(CommandError, match="no production nope") as raised:
        command("tiny", "nope")
    assert raised.value.returncode == 2


def test_the_exit_status_is_what_cron_and_ci_read(tiny):
    assert manage("check_schedules").returncode == 0
    close_over(tiny, "002")
    failed = manage("check_schedules", "tiny")
    assert failed.returncode == 1, failed.stderr
    assert "002 [closure]" in failed.stdout and "1 production with broken shoots" in failed.stderr
