"""The bounded JSON decoding the API body parser, the .uss reader and production files share."""

import pytest

from core.payloads import MAX_DEPTH, JSONRefused, json_bounded_loads


def refusal(data, **options) -> tuple[str, str]:
    with pytest.raises(JSONRefused) as caught:
        json_bounded_loads(data, **options)
    return caught.value.kind, caught.value.message


def test_json_within_the_bounds_is_read_from_bytes_or_text():
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert json_bounded_loads(b'{"scenes": []}') == {"scenes": []}
    assert json_bounded_loads(nested) == json_bounded_loads(nested.encode())


def test_bytes_that_are_not_utf8_are_refused_naming_the_byte():
    assert refusal("{}".encode("utf-16")) == ("encoding", "not UTF-8 text (invalid start byte at byte 0)")


def test_a_byte_order_mark_is_read_only_where_the_caller_allows_it():
    assert json_bounded_loads(b"\xef\xbb\xbf[1]", encoding="utf-8-sig") == [1]
    assert refusal(b"\xef\xbb\xbf[1]")[0] == "syntax"


def test_nesting_one_level_too_deep_is_refused_before_parsing():
    assert refusal("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) == ("depth", f"nested more than {MAX_DEPTH} levels deep")


def test_malformed_json_names_line_and_column_and_keeps_the_decoders_error():
    with pytest.raises(JSONRefused) as caught:
        json_bounded_loads(b'{\n  "scenes": }')
    assert (caught.value.kind, caught.value.message) == ("syntax", "malformed JSON: line 2 column 13: Expecting value")
    assert str(caught.value.cause) == "Expecting value: line 2 column 13 (char 14)"
