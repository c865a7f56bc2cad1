"""Files that are not screenplays, or are hostile, are refused with a fault saying where; hostile ones fast."""

import time
import tracemalloc

import pytest

from scheduling.screenplay import ScreenplayError, parse
from scheduling.screenplay.limits import (
    MAX_FDX_PARAGRAPHS, MAX_FOUNTAIN_BYTES, MAX_FOUNTAIN_EMPHASIS_MARKS, MAX_FOUNTAIN_LINES, MAX_SCRIPT_BYTES,
)

from core.errors import DomainError

# CPU seconds, not wall-clock: other processes on the machine do not count. Each hostile input below takes
# well under half a second; the quadratic and unbounded behaviours these tests guard against take minutes.
HOSTILE_CPU_SECONDS = 5.0

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE FinalDraft [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (level, b"".join(b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1),)
                                                      for _ in range(10)))
        for level in range(1, 10)
    )
    + b']>\n<FinalDraft><Content><Paragraph Type="Action"><Text>&lol9;</Text></Paragraph></Content></FinalDraft>\n'
)


def refusal(data: bytes, **kwargs) -> ScreenplayError:
    with pytest.raises(ScreenplayError) as raised:
        parse(data, **kwargs)
    return raised.value


def cpu_seconds(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def test_a_screenplay_error_is_a_domain_error_with_faults():
    error = refusal(b"")
    assert isinstance(error, DomainError)
    assert error.faults and error.lines() == [str(error.faults[0])]


def test_an_empty_file_is_refused():
    assert refusal(b"", filename="draft.fountain").message == "draft.fountain is empty"
    assert refusal(b" \n\n\t\n").message == "the file is empty"


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
    (b"{\\rtf1\\ansi INT. NAUKA - NIGHT}", "an RTF document"),
])
def test_other_document_formats_are_named(data, what):
    error = refusal(data, filename="script.bin")
    assert error.message.startswith(f"script.bin is {what}")
    assert "not a screenplay file." in error.message
    assert "Fountain (.fountain) or Final Draft (.fdx)" in error.message


def test_binary_data_is_neither_format_and_says_which_line():
    error = refusal(b"INT. NAUKA - NIGHT\n\nA.\n\x00\x01\x02\x03")
    assert error.path == "line 4"
    assert "neither Final Draft XML nor Fountain text" in error.message and "U+0000" in error.message


def test_text_that_is_not_utf8_says_which_line_and_byte():
    error = refusal("INT. NAUKA - NIGHT\n\nCafé.\n".encode("latin-1"))
    assert error.path == "line 3"
    assert "byte 24 is not UTF-8 text" in error.message


def test_xml_that_is_not_final_draft_is_refused():
    error = refusal(b'<?xml version="1.0"?><html><body>INT. NAUKA - NIGHT</body></html>')
    assert error.message == "XML, but not a Final Draft file: its root element is <html>, not <FinalDraft>"


def test_malformed_xml_names_the_parsers_line_and_column():
    error = refusal(b'<FinalDraft>\n  <Content>\n    <Paragraph Type="Action"><Text>A.</Paragraph>\n</FinalDraft>')
    assert error.path == "line 3, column 40"  # the P of </Paragraph>, counted from 1 as editors count
    assert error.message == "malformed XML: mismatched tag"


def test_an_entity_bomb_is_refused_fast_and_small_by_defusedxml():
    tracemalloc.start()
    try:
        seconds = cpu_seconds(lambda: refusal(BILLION_LAUGHS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = refusal(BILLION_LAUGHS)
    assert "declares XML entities" in error.message and "entity bomb" in error.message
    assert "refused by defusedxml before anything was expanded" in error.message
    assert seconds < 0.5
    assert peak < 1_000_000  # bytes: the billion laughs would be 3 GB expanded


def test_an_external_entity_is_refused_and_named():
    data = (b'<?xml version="1.0"?><!DOCTYPE FinalDraft [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            b'<FinalDraft><Content><Paragraph Type="Action"><Text>&secret;</Text></Paragraph></Content></FinalDraft>')
    error = refusal(data)
    assert 'external XML entity, "secret", which would read file:///etc/passwd' in error.message


def test_any_document_type_declaration_is_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE FinalDraft SYSTEM "finaldraft.dtd"><FinalDraft><Content/></FinalDraft>'
    assert refusal(data).message.startswith("the file has a document type declaration (<!DOCTYPE>)")


def test_a_script_without_scene_headings_is_refused():
    fountain = refusal(b"Title: Notes\n\nFADE IN:\n\nShe waits. Nothing happens.\n")
    assert fountain.message.startswith("no scene headings, so no scenes: a Fountain scene heading is a line")
    final_draft = refusal(b'<FinalDraft><Content><Paragraph Type="Action"><Text>A.</Text></Paragraph>'
                          b'</Content></FinalDraft>')
    assert "Scene Heading" in final_draft.message
    assert refusal(b"<FinalDraft/>").message.startswith("no scene headings")


def test_repeated_scene_numbers_name_both_places_in_fountain():
    error = refusal(b"INT. NAUKA - NIGHT #5#\n\nA.\n\nINT. ZARYA - DAY #6#\n\nB.\n\nEXT. SPACE - DAY #5#\n\nC.\n"
                    b"\nINT. POISK - NIGHT #6#\n\nD.\n")
    assert error.lines() == [
        'line 9: scene number "5" is also the number of the scene at line 1 (INT. NAUKA - NIGHT); '
        "scene numbers must differ",
        'line 13: scene number "6" is also the number of the scene at line 5 (INT. ZARYA - DAY); '
        "scene numbers must differ",
    ]


def test_repeated_scene_numbers_name_both_paragraphs_in_final_draft():
    heading = '<Paragraph Type="Scene Heading" Number="{}"><Text>{}</Text></Paragraph>'
    data = ("<FinalDraft><Content>" + heading.format("12A", "INT. NAUKA - NIGHT")
            + '<Paragraph Type="Action"><Text>A.</Text></Paragraph>' + heading.format("12a", "INT. ZARYA - DAY")
            + "</Content></FinalDraft>").encode()
    (fault,) = refusal(data).faults
    assert fault.path == "paragraph 3"
    assert fault.message.startswith('scene number "12A" is also the number of the scene at paragraph 1')


def test_an_unnumbered_scene_whose_position_a_printed_number_takes_is_refused_and_explained():
    (fault,) = refusal(b"INT. NAUKA - NIGHT #2#\n\nA.\n\nINT. ZARYA - DAY\n\nB.\n").faults
    assert fault.path == "line 5"
    assert fault.message.startswith('this scene prints no number, so it takes its position, "2", which is also '
                                    "the number of the scene at line 1")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    ten_megabytes = b"<FinalDraft>" + b"<" * (10 * 1024 * 1024)  # malformed too: not looked at
    error = refusal(ten_megabytes, filename="huge.fdx")
    assert error.message == f"huge.fdx is 10.0 MB; a screenplay file may be at most {MAX_SCRIPT_BYTES // 2**20} MB"
    assert cpu_seconds(lambda: refusal(ten_megabytes)) < 0.5


def test_fountain_has_its_own_limits_on_size_lines_and_emphasis():
    assert "a Fountain screenplay (plain text) may be at most 1 MB" in refusal(
        b"INT. NAUKA - NIGHT\n\n" + b"Beat. " * (MAX_FOUNTAIN_BYTES // 6 + 1)).message
    assert refusal(b"INT. NAUKA - NIGHT\n" + b"\n" * MAX_FOUNTAIN_LINES).message.startswith(
        f"{MAX_FOUNTAIN_LINES + 1:,} lines; a Fountain screenplay may have at most {MAX_FOUNTAIN_LINES:,}")
    assert refusal(b"INT. NAUKA - NIGHT\n\n" + b"*" * (MAX_FOUNTAIN_EMPHASIS_MARKS + 1)).message.startswith(
        f"{MAX_FOUNTAIN_EMPHASIS_MARKS + 1:,} emphasis marks")


def test_final_draft_has_a_limit_on_paragraphs():
    data = b"<FinalDraft><Content>" + b"<Paragraph/>" * (MAX_FDX_PARAGRAPHS + 1) + b"</Content></FinalDraft>"
    assert refusal(data).message.startswith(f"{MAX_FDX_PARAGRAPHS + 1:,} paragraphs")


def test_deeply_nested_xml_is_harmless():
    depth = 80_000  # as deep as the size limit allows
    anywhere = b"<FinalDraft><Content>" + b"<a>" * depth + b"</a>" * depth + b"</Content></FinalDraft>"
    in_dual_dialogue = (b'<FinalDraft><Content><Paragraph Type="Scene Heading"><Text>INT. NAUKA</Text></Paragraph>'
                        + b"<Paragraph><DualDialogue>" * depth + b"</DualDialogue></Paragraph>" * depth
                        + b"</Content></FinalDraft>")
    assert cpu_seconds(lambda: refusal(anywhere)) < HOSTILE_CPU_SECONDS
    assert cpu_seconds(lambda: parse(in_dual_dialogue)) < HOSTILE_CPU_SECONDS
    assert [scene.heading for scene in parse(in_dual_dialogue).scenes] == ["INT. NAUKA"]


@pytest.mark.parametrize("body", [
    b"a" + b" " * 200_000 + b"b\n",  # blank runs inside a line (screenplain's patterns are quadratic in them)
    (b"x" + b" " * 4_000 + b"y\n\n") * 200,
    b"/*" * 400_000,  # a boneyard opened again and again, never closed
    b"[[" * 400_000,  # notes likewise
    b"INT. A #" + b"a" * 500_000 + b"\n",
    b">" + b" " * 500_000 + b"a <\n",
    b"INT. A\n\n" * (MAX_FOUNTAIN_LINES // 2 - 2),  # as many scenes as lines allow
    b"A\nb\n\n" * (MAX_FOUNTAIN_LINES // 3 - 2),  # as many speeches
    b"word " * (MAX_FOUNTAIN_BYTES // 5 - 10),  # one enormous line to lay out
])
def test_hostile_fountain_is_read_or_refused_fast(body):
    def read():
        try:
            parse(b"INT. NAUKA - NIGHT\n\n" + body)
        except ScreenplayError:
            pass

    assert cpu_seconds(read) < HOSTILE_CPU_SECONDS


@pytest.mark.parametrize("text", [
    b"INT. A" + b" " * 2_000_000 + b"x",  # one blank run (Final Draft text is not shortened)
    b"INT. A" + b" - x" * 400_000,  # a dash-separated part after part
    b"INT. A - DAY " + b"(" * 2_000_000,
])
def test_hostile_final_draft_headings_and_cues_are_read_fast(text):
    paragraph = '<Paragraph Type="{}"><Text>{}</Text></Paragraph>'.format
    data = b"<FinalDraft><Content>%s%s</Content></FinalDraft>" % (
        paragraph("Scene Heading", text.decode()).encode(), paragraph("Character", text.decode()).encode())
    assert cpu_seconds(lambda: parse(data)) < HOSTILE_CPU_SECONDS
