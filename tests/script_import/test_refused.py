"""Imports refused whole, each fault naming its line, paragraph or path, with nothing written."""

import pytest

from scheduling.models import ScriptImport
from scheduling.screenplay import ScreenplayError
from scheduling.script_import import ScriptImportError, script_apply, script_preview
from scheduling.selectors import production_document
from tests.screenplay.test_refused import BILLION_LAUGHS

from .conftest import revised

pytestmark = pytest.mark.django_db


@pytest.fixture
def unchanged(challenge):
    """Checks, after the test, that the production is as it was and no import was recorded."""
    before = production_document(production=challenge)
    yield challenge
    assert production_document(production=challenge) == before
    assert not ScriptImport.objects.exists()


def refused(production, data: bytes, error=ScreenplayError, **options):
    with pytest.raises(error) as raised:
        script_apply(production=production, data=data, filename="draft.fdx", **options)
    return raised.value


@pytest.mark.parametrize("data, path, words", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "", "draft.fdx is a PDF, not a screenplay file."),
    (b"INT. NAUKA - NIGHT\n\nA.\n\x00\x01", "line 4", "neither Final Draft XML nor Fountain text"),
    (b'<?xml version="1.0"?>\n<FinalDraft><Content><Paragraph Type="Action">\n</Content></FinalDraft>', "line 3, column 3",
     "malformed XML: mismatched tag"),
    (BILLION_LAUGHS, "", "entity"),
    (b"", "", "draft.fdx is empty"),
    (b"Title: Nothing happens\n\nShe waits.\n", "", "no scene headings"),
    (b"INT. NAUKA #5#\n\nOne.\n\nINT. POISK #5#\n\nTwo.\n", "line 5",
     'scene number "5" is also the number of the scene at line 1 (INT. NAUKA); scene numbers must differ'),
])
def test_files_that_are_not_screenplays_are_refused_with_where_and_nothing_is_written(unchanged, data, path, words):
    error = refused(unchanged, data)
    assert error.faults[0].path == path
    assert words in error.faults[0].message


def test_a_preview_is_refused_like_the_import(unchanged):
    with pytest.raises(ScreenplayError):
        script_preview(production=unchanged, data=b"")


def test_a_revision_the_production_files_rules_refuse_names_the_script_line_and_the_file_path(challenge):
    # Scene 001 is pinned in zvezda; a draft that moves it to Poisk leaves the pin in a module it no longer allows.
    script_apply(production=challenge, data=revised(change_012=False, omit=()))  # ties 001 to its heading
    before = production_document(production=challenge)
    moved = revised(change_012=False, omit=(), replace=(("INT. ZARYA - DAY #001#", "INT. POISK - DAY #001#"),))
    error = refused(challenge, moved, error=ScriptImportError)
    assert [str(fault) for fault in error.faults] == [
        'line 11: scene 001 (INT. POISK - DAY): pinned[0].module: "zvezda" is not among scene 001\'s modules (poisk)'
    ]
    assert production_document(production=challenge) == before
    assert ScriptImport.objects.count() == 1  # the first draft's


def test_minutes_per_page_outside_its_range_is_refused(unchanged, demo_script):
    for minutes_per_page in (0, 601):
        error = refused(unchanged, demo_script, error=ScriptImportError, minutes_per_page=minutes_per_page)
        assert str(error) == f"minutes_per_page: must be 1 to 600, got {minutes_per_page}"
