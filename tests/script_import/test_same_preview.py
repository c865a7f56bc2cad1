"""A Fountain script and the same script saved as Final Draft preview the same import.

screenplain's Final Draft export drops the scene numbers (and the title page), so its files number scenes by
position: the numbered comparison uses the Final Draft 12-shaped file written by hand for the screenplay
reader's tests (tests/screenplay/scripts/night_shift_fd12.fdx), which keeps both.
"""

import pytest

from scheduling.script_import import preview_document, script_preview

from .conftest import SCREENPLAY_FIXTURES

pytestmark = pytest.mark.django_db


def without_source(document: dict) -> dict:
    """The preview without what tells the files apart: their format, name, and where each heading is."""
    return {
        **document,
        "script": {**document["script"], "format": "", "filename": ""},
        "scenes": [{**scene, "where": ""} for scene in document["scenes"]],
    }


def test_fountain_and_final_draft_files_of_one_script_give_the_same_preview(tiny):
    fountain = script_preview(production=tiny, data=(SCREENPLAY_FIXTURES / "night_shift.fountain").read_bytes())
    final_draft = script_preview(production=tiny, data=(SCREENPLAY_FIXTURES / "night_shift_fd12.fdx").read_bytes())
    assert (fountain.format, final_draft.format) == ("fountain", "fdx")
    assert without_source(preview_document(final_draft)) == without_source(preview_document(fountain))
    assert [plan.number for plan in fountain.scenes] == ["1", "2", "12A", "13"]
    assert fountain.revision == "Pink Rev." and fountain.draft_date == "October 5, 2021"
    assert final_draft.scenes[0].where.startswith("paragraph ")
