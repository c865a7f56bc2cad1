"""The .uss reader alone: a library without Django, lenient with what it does not read, strict with what it
does, and bounded on hostile input."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time

import pytest

from scheduling.production_file import MAX_SCENES, production_document_check
from scheduling.uss import UssError, uss_merge, uss_parse, uss_read
from scheduling.uss.read import code_from_name

from .uss import SAMPLE, dumped

REPO = SAMPLE.parents[3]


def sample() -> dict:
    return json.loads(SAMPLE.read_bytes())


def problems(data: bytes) -> list[str]:
    with pytest.raises(UssError) as caught:
        uss_parse(data)
    return caught.value.lines()


def test_reading_a_uss_file_imports_no_django():
    program = (
        "import sys, json\n"
        "from scheduling.uss import uss_read, uss_document\n"
        "from scheduling.production_file import production_document_check\n"
        f"production = production_document_check(json.load(open({str(REPO / 'demo' / 'challenge.json')!r})))\n"
        f"assert len(uss_read(open({str(SAMPLE)!r}, 'rb').read(), production=production).scenes) == 2\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in ('django', 'rest_framework'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"


def test_keys_it_does_not_read_and_the_drafts_spellings_are_accepted():
    file = sample()
    root = file["universalScheduleStandard"]
    root["_orbitfilm"] = {"anything": [1, 2]}
    del root["breakdowns"][1]["created"]
    root["breakdowns"][1]["type"] = "strip"
    root["elements"][0]["doodDayCount"] = root["elements"][0].pop("dropDayCount")
    root["stripboards"][0]["boards"][0]["breakdownArrays"] = root["stripboards"][0]["boards"][0].pop("breakdownIds")
    parsed = uss_parse(dumped(file))
    assert [breakdown.type for breakdown in parsed.breakdowns] == ["banner", "strip", "scene"]
    assert (parsed.stripboards, parsed.calendars, parsed.version) == (1, 1, "1.0.0")


def test_a_byte_order_mark_is_fine_and_other_encodings_are_not():
    assert uss_parse(b"\xef\xbb\xbf" + SAMPLE.read_bytes()).name == "Tiny: ground breakdown"
    assert problems("{}".encode("utf-16")) == ["not a .uss file: not UTF-8 text (invalid start byte at byte 0)"]


def test_nan_and_infinity_are_not_json():
    file = SAMPLE.read_text().replace('"pages": 0.5', '"pages": NaN')
    assert problems(file.encode()) == ["not a .uss file: malformed JSON: line 1 column 1: NaN is not a JSON value"]


def test_counts_are_bounded_before_anything_is_built():
    file = sample()
    root = file["universalScheduleStandard"]
    root["breakdowns"] = [root["breakdowns"][1]] * (MAX_SCENES + 1)
    started = time.perf_counter()
    assert problems(dumped(file)) == [f"breakdowns: {MAX_SCENES + 1:,} breakdowns; orbitfilm reads at most {MAX_SCENES:,}"]
    assert time.perf_counter() - started < 10


def test_too_many_problems_are_counted_not_listed():
    file = sample()
    file["universalScheduleStandard"]["breakdowns"] = [{"id": 7}] * 500
    lines = problems(dumped(file))
    assert len(lines) == 100 and lines[-1] == "... and 401 more problems"


def test_element_codes_come_from_names_when_the_file_has_none():
    assert code_from_name("Surgeon's scrubs") == "surgeon-s-scrubs"
    assert code_from_name("Ёлка — новогодняя") == "element"
    assert code_from_name("  Café au lait  ") == "cafe-au-lait"


def test_two_elements_whose_names_make_one_code_get_two_codes(small_document):
    file = sample()
    root = file["universalScheduleStandard"]
    twin = {**root["elements"][5], "id": "6516a3f0c2b1e80012a40298", "name": "Sleeping-bag!", "category": root["categories"][6]["id"]}
    root["elements"].append(twin)
    root["breakdowns"][2]["elements"].append(twin["id"])
    small_document["casting"] = [{"character": "ZHENYA", "person": "peresild"}]
    parts = uss_read(dumped(file), production=production_document_check(small_document))
    assert [(element.code, element.category) for element in parts.elements] == [
        ("sleeping-bag", "props"), ("cam-a", "equipment"), ("sleeping-bag-2", "equipment"),
    ]


def test_merging_leaves_the_production_s_document_as_it_was(demo_document):
    document = production_document_check(demo_document)
    before = copy.deepcopy(document)
    merge = uss_merge(document, uss_read(SAMPLE.read_bytes(), production=document))
    assert document == before
    assert merge.scenes_added == ["12A", "13"] and merge.document["scenes"][-1]["people"] == ["shipenko"]
