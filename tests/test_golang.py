"""Go's encoding/json errors, as the API server gives them for a docker config Secret. The
expected words are Go's (encoding/json of Go 1.19, run on these bytes)."""

from __future__ import annotations

import pytest

from podlint.golang import go_string, unmarshal_error


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "unexpected end of JSON input"),
        (b" ", "unexpected end of JSON input"),
        (b"{", "unexpected end of JSON input"),
        (b'{"a":1,}', "invalid character '}' looking for beginning of object key string"),
        (b'{"a" 1}', "invalid character '1' after object key"),
        (b'{"a":1 "b":2}', "invalid character '\"' after object key:value pair"),
        (b"[1 2]", "invalid character '2' after array element"),
        (b"[1,]", "invalid character ']' looking for beginning of value"),
        (b'"\x01"', "invalid character '\\x01' in string literal"),
        (b'"\\x"', "invalid character 'x' in string escape code"),
        (b'"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"),
        (b"-a", "invalid character 'a' in numeric literal"),
        (b"1.e3", "invalid character 'e' after decimal point in numeric literal"),
        (b"1e+", "invalid character ' ' in exponent of numeric literal"),
        (b"tru", "invalid character ' ' in literal true (expecting 'e')"),
        (b"trux", "invalid character 'x' in literal true (expecting 'e')"),
        (b"nul1", "invalid character '1' in literal null (expecting 'l')"),
        (b"{} {}", "invalid character '{' after top-level value"),
        (b"'a'", "invalid character '\\'' looking for beginning of value"),
        (b"\xff", "invalid character 'ÿ' looking for beginning of value"),  # a byte, quoted as a rune
        (b"\xc3\xa9", "invalid character 'Ã' looking for beginning of value"),
        (b"\x85", "invalid character '\\u0085' looking for beginning of value"),
        (b"\x7f", "invalid character '\\x7f' looking for beginning of value"),
        (b"\x00", "invalid character '\\x00' looking for beginning of value"),
        (b"[", "unexpected end of JSON input"),
        (b'"abc', "unexpected end of JSON input"),
        (b"123", "json: cannot unmarshal number into Go value of type map[string]interface {}"),
        (b"true", "json: cannot unmarshal bool into Go value of type map[string]interface {}"),
        (b'"s"', "json: cannot unmarshal string into Go value of type map[string]interface {}"),
        (b"[]", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
        (b"null", None),
        (b"{}", None),
        (b'  {"auths":{}}\n', None),
        (b"[" * 10001, "invalid character '[' exceeded max depth"),
        (b"[" * 10000 + b"]" * 10000, "json: cannot unmarshal array into Go value of type map[string]interface {}"),
    ],
)
def test_what_go_says(data, expected):
    assert unmarshal_error(data) == expected


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"hi", "hi"),
        (b"\xc3\xa9\xe2\x82\xac", "é€"),
        (b"\xe2\x82A", "\ufffd\ufffdA"),  # a sequence cut short: each of its bytes
        (b"\xed\xa0\x80", "\ufffd\ufffd\ufffd"),  # a surrogate is not UTF-8
        (b"\xc0\xaf\xff", "\ufffd\ufffd\ufffd"),
    ],
)
def test_bytes_as_a_go_string_written_in_json(data, expected):
    # json.Marshal(string(data)) read back, in Go 1.19
    assert go_string(data) == expected
