"""ConfigMaps and Secrets the API server refuses (invalid-config-data)."""

from __future__ import annotations

import pytest

from podlint.golang import base64_error
from podlint.config import Config
from podlint.engine import Linter

RULE = "invalid-config-data"


# What Go 1.19's encoding/json answered, decoding {"data": {"k": VALUE}} into a map[string][]byte
# (the byte of "illegal base64 data at input byte N", or None where it decoded)
@pytest.mark.parametrize(
    "value, offset",
    [
        ("", None),
        ("=", 0),
        ("a", 0),
        ("ab", 0),
        ("abc", 0),
        ("abcd", None),
        ("ab=", 3),
        ("ab==", None),
        ("abc=", None),
        ("abc==", 4),
        ("ab=c", 2),
        ("a===", 1),
        ("abcd=", 4),
        ("abcd\n", None),
        ("ab\n==", None),
        ("ab==x", 4),
        ("hunter2!", 7),
        ("admin", 4),
        ("My-pass-123", 2),
        ("YWRtaW4=", None),
        ("YWRt\naW4=", None),
        ("YWRt aW4=", 4),
        ("aé==", 1),
        ("ab\r\n==", None),
        ("abcdefg", 4),
        ("abcdef==", None),
    ],
)
def test_base64_errors_are_found_where_go_finds_them(value, offset):
    assert base64_error(value.encode()) == offset


def found(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in Linter(Config(select=[RULE])).lint_text(text, "case.yaml").findings]


def test_every_value_that_is_not_base64_is_reported():
    text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  user: admin\n  pass: My-pass-123\n"
    # on create the API server names "pass", the first of the sorted keys; an update, either
    assert found(text) == [
        (5, 9, 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4'),
        (6, 9, 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 2'),
    ]


def test_a_folded_block_of_base64_is_refused_and_a_literal_one_is_not():
    head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData:\n  logo.png: "
    assert found(head + "|\n    iVBORw0K\n    GgoAAAAN\n") == []
    assert found(head + ">\n    iVBORw0K\n    GgoAAAAN\n") == [
        (5, 13, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 8')
    ]


def test_a_value_of_another_type_is_wrong_type_s():
    text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  a: 12\n  b: null\n"
    assert found(text) == []


def test_config_map_keys():
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
        "data: {app.conf: x, ..hidden: v, logo: w}\nbinaryData: {logo: AA==}\n"
    )
    assert [message for _, _, message in found(text)] == [
        'data[..hidden]: Invalid value: "..hidden": must not start with \'..\'',
        'data[logo]: Invalid value: "logo": duplicate of key present in binaryData',
    ]


@pytest.mark.parametrize(
    "secret_type, data, expected",
    [
        ("kubernetes.io/tls", "{tls.crt: AA==}", ["data[tls.key]: Required value"]),
        ("kubernetes.io/tls", "{tls.crt: AA==}\nstringData: {tls.key: x}", []),  # stringData counts
        ("kubernetes.io/basic-auth", "{}", ["data[username]: Required value", "data[password]: Required value"]),
        ("kubernetes.io/basic-auth", "{password: ''}", []),  # present, even empty
        ("kubernetes.io/ssh-auth", "{ssh-privatekey: ''}", ["data[ssh-privatekey]: Required value"]),
        ("kubernetes.io/dockerconfigjson", "{}", ["data[.dockerconfigjson]: Required value"]),
        # a null value is the key with no bytes: json.Unmarshal(nil) fails
        (
            "kubernetes.io/dockerconfigjson",
            "{.dockerconfigjson: null}",
            ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input'],
        ),
        (
            "kubernetes.io/dockercfg",
            "{}\nstringData: {.dockercfg: }",
            ['data[.dockercfg]: Invalid value: "<secret contents redacted>": unexpected end of JSON input'],
        ),
        (
            "kubernetes.io/service-account-token",
            "{}",
            ["metadata.annotations[kubernetes.io/service-account.name]: Required value"],
        ),
        ("example.com/custom", "{}", []),
    ],
)
def test_the_keys_a_secret_type_needs(secret_type, data, expected):
    text = f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ntype: {secret_type}\ndata: {data}\n"
    assert [message for _, _, message in found(text)] == expected


def test_a_secret_over_one_mebibyte():
    text = f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n  big: {'x' * (1024 * 1024 + 1)}\n"
    assert found(text) == [(4, 1, "data: Too long: may not be more than 1048576 bytes")]


def test_a_config_map_over_one_mebibyte_is_refused_as_a_whole():
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  big: {'x' * (1024 * 1024 + 1)}\n"
    # ValidateConfigMap: field.TooLong(field.NewPath(""), ...), a path that prints as "[]"
    assert found(text) == [(1, 1, "[]: Too long: may not be more than 1048576 bytes")]
