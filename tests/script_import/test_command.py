"""`manage.py import_script CODE FILE [--apply] [--minutes-per-page N]`: the preview by default, nothing written."""

import io

import pytest
from django.core.management import CommandError, call_command

from scheduling.models import Scene, ScriptImport

from .conftest import DEMO_SCRIPT, revised

pytestmark = pytest.mark.django_db


def run(*arguments) -> str:
    out = io.StringIO()
    call_command("import_script", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_without_apply_it_prints_the_preview_and_writes_nothing(challenge):
    output = run("challenge", str(DEMO_SCRIPT))
    lines = output.splitlines()
    assert lines[0] == "CHALLENGE (revision Blue, 2021-10-01): fountain, 60 minutes a page, into production challenge"
    assert lines[1] == "  1 new, 10 linked, 0 changed, 0 unchanged, 0 omitted, 0 kept"
    assert "linked    001 (line 11) INT. ZARYA - DAY" in lines
    assert ("new       027A (line 198) EXT. MOSCOW HOSPITAL - DAY - FLASHBACK: 2/8 page, 15 min, people peresild, "
            "modules zvezda, zarya, poisk, rassvet, nauka, soyuz-ms18, soyuz-ms19") in lines
    assert "not cast: NURSE is not cast: cast the part, or scene 027A has no one playing NURSE" in lines
    assert lines[-1] == "preview only: nothing was written (apply it with --apply)"
    assert not ScriptImport.objects.exists() and not Scene.objects.filter(code="027A").exists()


def test_with_apply_it_writes_and_says_so(challenge, tmp_path):
    run("challenge", str(DEMO_SCRIPT), "--apply", "--minutes-per-page", "90")
    assert Scene.objects.get(production=challenge, code="027A").minutes == 25
    pink = tmp_path / "pink.fountain"
    pink.write_bytes(revised())
    output = run("challenge", str(pink), "--apply")
    record = ScriptImport.objects.get(revision="Pink")
    assert record.imported_by is None and record.filename == "pink.fountain" and record.minutes_per_page == 60
    assert f"applied as import {record.pk} (revision Pink, 2021-10-09)" in output
    assert "            cast peresild, shipenko, dubrov → peresild, shipenko, dubrov, shkaplerov" in output.splitlines()


def test_a_refused_file_names_the_line_and_writes_nothing(challenge, tmp_path):
    repeated = tmp_path / "repeated.fountain"
    repeated.write_text("INT. NAUKA #5#\n\nOne.\n\nINT. POISK #5#\n\nTwo.\n")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="refused \\(1 error\\(s\\)\\); nothing was written"):
        call_command("import_script", "challenge", str(repeated), "--apply", stdout=io.StringIO(), stderr=errors)
    assert errors.getvalue().startswith(f"{repeated}: line 5: scene number \"5\" is also the number")
    assert not ScriptImport.objects.exists()


def test_an_unknown_production_or_file_is_an_error(challenge, tmp_path):
    with pytest.raises(CommandError, match='no production "nope"'):
        run("nope", str(DEMO_SCRIPT))
    with pytest.raises(CommandError, match="cannot read"):
        run("challenge", str(tmp_path / "missing.fountain"))
