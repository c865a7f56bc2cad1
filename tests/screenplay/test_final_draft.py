"""Final Draft: a file shaped like Final Draft 12's own, and the paragraph types and structures it holds."""

from scheduling.screenplay import Character, parse


def fdx(content: str, *, after: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n'
        f'<FinalDraft DocumentType="Script" Template="No" Version="5"><Content>{content}</Content>{after}</FinalDraft>'
    ).encode()


def paragraph(kind: str, text: str, **attributes: str) -> str:
    extra = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return f'<Paragraph Type="{kind}"{extra}><Text>{text}</Text></Paragraph>'


def test_a_final_draft_12_file_gives_numbers_headings_cues_title_page_and_revision(night_shift_fd12):
    screenplay = parse(night_shift_fd12, filename="night_shift.fdx")
    assert screenplay.format == "fdx"
    assert (screenplay.title, screenplay.draft_date, screenplay.revision) == (
        "THE NIGHT SHIFT", "October 5, 2021", "Pink Rev."
    )
    assert [(scene.number, scene.heading, scene.where) for scene in screenplay.scenes] == [
        ("1", "INT. ZVEZDA - NIGHT", "paragraph 1"),
        ("2", "INT. ZVEZDA - MOMENTS LATER", "paragraph 10"),
        ("12A", "THE CUPOLA WINDOW", "paragraph 15"),
        ("13", "EXT. SPACE - DAY", "paragraph 24"),
    ]
    first, second, cupola, _ = screenplay.scenes
    assert first.first_action.startswith("The cabin lights dim to amber. Two sleeping bags")
    assert first.characters == (Character("KIM", False), Character("VERA", False))
    assert second.characters == (Character("VERA", False), Character("KIM", False))  # the dual dialogue
    assert cupola.characters == (Character("MISSION CONTROL", True), Character("KIM", False))


def test_scenes_without_a_number_attribute_are_numbered_by_position():
    screenplay = parse(fdx(paragraph("Scene Heading", "INT. NAUKA - NIGHT") + paragraph("Action", "A.")
                           + paragraph("Scene Heading", "INT. ZARYA - DAY", Number="7")
                           + paragraph("Scene Heading", "EXT. SPACE - DAY")))
    assert [scene.number for scene in screenplay.scenes] == ["1", "7", "3"]


def test_paragraphs_before_the_first_heading_and_unknown_types_belong_to_no_scene_or_print_as_general():
    screenplay = parse(fdx(
        paragraph("Action", "FADE IN:") + paragraph("Scene Heading", "INT. NAUKA - NIGHT")
        + paragraph("Shot", "CLOSE ON THE MONITOR") + paragraph("New Act", "ACT TWO")
        + paragraph("Action", "She waits.")
    ))
    (scene,) = screenplay.scenes
    assert scene.first_action == "She waits."
    assert scene.where == "paragraph 2"


def test_dialogue_without_a_cue_has_no_speaker():
    (scene,) = parse(fdx(paragraph("Scene Heading", "INT. NAUKA - NIGHT") + paragraph("Dialogue", "Who said that?")
                         )).scenes
    assert scene.characters == ()


def test_a_cue_typed_in_lower_case_prints_and_reads_in_capitals():
    (scene,) = parse(fdx(paragraph("Scene Heading", "int. nauka - night") + paragraph("Character", "Zhenya (v.o.)")
                         + paragraph("Dialogue", "Hello."))).scenes
    assert scene.heading == "INT. NAUKA - NIGHT"
    assert scene.characters == (Character("ZHENYA", voice_over_only=True),)


def test_revision_is_the_latest_set_that_marks_text_and_empty_when_none_does():
    revisions = (
        '<Revisions ActiveSet="3"><Revision ID="1" Name="Blue Rev."/><Revision ID="2" Name="Pink Rev."/>'
        '<Revision ID="3" Name="Yellow Rev."/></Revisions>'
    )
    marked = ('<Paragraph Type="Scene Heading"><Text RevisionID="1">INT. NAUKA - NIGHT</Text></Paragraph>'
              '<Paragraph Type="Action"><Text RevisionID="0">A.</Text><Text RevisionID="2">B.</Text></Paragraph>')
    assert parse(fdx(marked, after=revisions)).revision == "Pink Rev."
    unmarked = paragraph("Scene Heading", "INT. NAUKA - NIGHT")
    assert parse(fdx(unmarked, after=revisions)).revision == ""


def test_the_title_page_draft_date_may_be_labelled():
    title_page = ('<TitlePage><Content><Paragraph><Text>Orbit</Text></Paragraph>'
                  '<Paragraph><Text>Written by A. Writer</Text></Paragraph>'
                  '<Paragraph><Text>Draft date: 1 October 2021</Text></Paragraph></Content></TitlePage>')
    screenplay = parse(fdx(paragraph("Scene Heading", "INT. NAUKA - NIGHT"), after=title_page))
    assert (screenplay.title, screenplay.draft_date) == ("Orbit", "1 October 2021")
