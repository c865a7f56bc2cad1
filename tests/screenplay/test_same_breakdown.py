"""A Fountain script and the same script saved as Final Draft give the same breakdown.

screenplain's Final Draft export writes neither scene numbers nor the title page, so its files number scenes by
position and have empty title fields; everything else must match. A Final Draft file with its `Number`s and
title page matches the Fountain script in every field but where each scene is.
"""

from dataclasses import replace

from scheduling.screenplay import parse

from .conftest import DEMO, SCRIPTS, screenplain_fdx


def without_places(scenes, *, numbers: bool = True):
    """The scenes as breakdowns, leaving out where each heading is (a line or a paragraph) and maybe its number."""
    return [replace(scene, where="", number=scene.number if numbers else "") for scene in scenes]


def assert_same_as_screenplain_export(fountain_path):
    fountain = parse(fountain_path.read_bytes())
    exported = parse(screenplain_fdx(fountain_path))
    assert exported.format == "fdx"
    assert without_places(exported.scenes, numbers=False) == without_places(fountain.scenes, numbers=False)
    assert [scene.number for scene in exported.scenes] == [str(position) for position in
                                                           range(1, len(fountain.scenes) + 1)]
    assert (exported.title, exported.draft_date, exported.revision) == ("", "", "")


def test_the_demo_screenplay_and_screenplains_final_draft_export_give_the_same_breakdown():
    assert_same_as_screenplain_export(DEMO / "challenge.fountain")


def test_a_synthetic_script_and_screenplains_final_draft_export_give_the_same_breakdown():
    assert_same_as_screenplain_export(SCRIPTS / "night_shift.fountain")


def test_multi_line_paragraphs_and_centred_action_survive_screenplains_export(tmp_path):
    script = tmp_path / "lines.fountain"
    script.write_text(
        "INT. NAUKA - NIGHT #4#\n\nThe lamp swings.\nIt swings back, slower, and slower, and slower, until it "
        "almost stops.\n\n> THE END <\n\nZHENYA\n(to herself)\nOne line.\nAnother line of the same speech, "
        "long enough to wrap twice at thirty-five.\n\nARTEM ^\n(at once)\nCut.\n"
    )
    assert_same_as_screenplain_export(script)


def test_a_final_draft_12_file_of_the_same_script_gives_the_same_breakdown(night_shift_fountain, night_shift_fd12):
    fountain, final_draft = parse(night_shift_fountain), parse(night_shift_fd12)
    assert without_places(final_draft.scenes) == without_places(fountain.scenes)
    assert (final_draft.title, final_draft.draft_date, final_draft.revision) == (
        fountain.title, fountain.draft_date, fountain.revision
    )


def test_the_committed_demo_final_draft_file_is_what_screenplain_writes():
    assert (DEMO / "challenge.fdx").read_bytes() == screenplain_fdx(DEMO / "challenge.fountain")
