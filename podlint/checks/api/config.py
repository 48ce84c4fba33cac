"""ConfigMaps and Secrets the API server refuses.

A Secret's ``data`` and a ConfigMap's ``binaryData`` are bytes, written in base64, which the API
server decodes with Go's ``base64.StdEncoding``: "Secret in version "v1" cannot be handled as a
Secret: illegal base64 data at input byte 7" on create, where kubectl sends the object as JSON
with its keys sorted and ``encoding/json`` keeps the first error. The object it decodes is then
checked by ``ValidateConfigMap`` or ``ValidateSecret`` (a Secret's ``stringData`` merged into its
``data`` first, as ``Convert_v1_Secret_To_core_Secret`` does); podlint reports those too, as it
reports every refusal, though the API server stops at the decoding.
"""

from __future__ import annotations

import binascii
from collections.abc import Iterator

from ... import apiserver as api
from ...findings import Violation
from ...golang import base64_error
from ...model import Manifest
from ...registry import rule
from ...sourcemap import FieldPath

MAX_SIZE = 1024 * 1024  # core.MaxSecretSize, which bounds ConfigMaps too
# the keys a Secret of a type must have (ValidateSecret); basic-auth needs one of its two
REQUIRED_KEYS = {
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
}
SERVICE_ACCOUNT_NAME = "kubernetes.io/service-account.name"
JSON_KEYS = frozenset((".dockercfg", ".dockerconfigjson"))  # whose content must be JSON
REDACTED = "<secret contents redacted>"  # the value the API server's error shows


def _bytes(field: str, value) -> bytes | None:
    """A Secret value's bytes: ``stringData``'s as written, ``data``'s decoded, none for null
    (None where they are not base64, or not a string: the schema and decoding errors say so)."""
    if value is None:
        return b""  # null: the key with no bytes
    if not isinstance(value, str):
        return None
    if field == "stringData":
        return value.encode()
    encoded = value.encode()
    return None if base64_error(encoded) is not None else binascii.a2b_base64(encoded)


def _decoded_size(value: str) -> int:
    try:
        return len(binascii.a2b_base64(value.encode()))
    except (binascii.Error, ValueError):
        return 0


@rule("invalid-config-data")
def invalid_config_data(manifest: Manifest) -> Iterator[Violation]:
    kind = manifest.kind
    if manifest.api_version != "v1" or kind not in ("ConfigMap", "Secret"):
        return
    data = manifest.data
    encoded = "binaryData" if kind == "ConfigMap" else "data"
    yield from _decoding_error(kind, encoded, data.get(encoded))
    if kind == "ConfigMap":
        yield from _config_map_errors(data, manifest.kubernetes_minor)
    else:
        yield from _secret_errors(data, manifest.kubernetes_minor)


def _decoding_error(kind: str, field: str, values) -> Iterator[Violation]:
    """Each value that is not base64. The API server names one: on create, the first in the
    order of the sorted keys; on an update or a server-side apply, which decode the object's map
    in no order, any of them (and in other words: "error decoding from json: ...")."""
    if not isinstance(values, dict):
        return
    for key, value in values.items():
        if isinstance(key, str) and isinstance(value, str):
            offset = base64_error(value.encode())
            if offset is not None:
                yield Violation(
                    FieldPath((field, key)),
                    f'{kind} in version "v1" cannot be handled as a {kind}: illegal base64 data at input byte {offset}',
                )


def _maps(data: dict, *fields: str) -> list[tuple[str, dict]]:
    return [(field, data[field]) for field in fields if isinstance(data.get(field), dict)]


def _config_map_errors(data: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateConfigMap``."""
    binary = data.get("binaryData") if isinstance(data.get("binaryData"), dict) else {}
    size = 0
    for field, values in _maps(data, "data", "binaryData"):
        for key, value in values.items():
            if not isinstance(key, str):
                continue
            path = FieldPath((field, key))
            for message in api.is_config_map_key(key):
                yield Violation(path, api.invalid(f"{field}[{key}]", key, message), on="key")
            if field == "data" and key in binary:
                yield Violation(path, api.invalid(f"data[{key}]", key, "duplicate of key present in binaryData"), on="key")
            if isinstance(value, str):
                size += len(value.encode()) if field == "data" else _decoded_size(value)
    if size > MAX_SIZE:
        # the path of the whole object, field.NewPath(""), prints as "[]"
        yield Violation(FieldPath(()), api.too_long("[]", MAX_SIZE, version), on="key")


def _secret_errors(data: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateSecret``, of its ``data`` with its ``stringData`` merged in."""
    merged: dict[str, tuple[FieldPath, int]] = {}  # each key: where it is written, its size in bytes
    values_of: dict[str, bytes | None] = {}  # each key's bytes (None: not base64, or not a string)
    for field, values in _maps(data, "data", "stringData"):
        for key, value in values.items():
            if isinstance(key, str):
                size = 0 if not isinstance(value, str) else len(value.encode()) if field == "stringData" else _decoded_size(value)
                merged[key] = (FieldPath((field, key)), size)
                values_of[key] = _bytes(field, value)
    for key, (path, _) in merged.items():
        for message in api.is_config_map_key(key):
            yield Violation(path, api.invalid(f"data[{key}]", key, message), on="key")
    if sum(size for _, size in merged.values()) > MAX_SIZE:
        where = FieldPath(("data" if isinstance(data.get("data"), dict) else "stringData",))
        yield Violation(where, api.too_long("data", MAX_SIZE, version), on="key")
    kind = data.get("type")
    if not isinstance(kind, str):
        return
    where = FieldPath(("type",))
    if kind == "kubernetes.io/service-account-token":
        metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        annotations = metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
        if not annotations.get(SERVICE_ACCOUNT_NAME):
            yield Violation(where, api.required(f"metadata.annotations[{SERVICE_ACCOUNT_NAME}]"))
    elif kind in REQUIRED_KEYS:
        for key in REQUIRED_KEYS[kind]:
            if key not in merged:
                yield Violation(where, api.required(f"data[{key}]"))
            elif key in JSON_KEYS and values_of[key] is not None:
                # "make sure that the content is well-formed json": json.Unmarshal into a map
                from ...golang import unmarshal_error

                problem = unmarshal_error(values_of[key])
                if problem is not None:
                    yield Violation(merged[key][0], api.invalid(f"data[{key}]", REDACTED, problem))
    elif kind == "kubernetes.io/basic-auth":
        if "username" not in merged and "password" not in merged:
            yield Violation(where, api.required("data[username]"))
            yield Violation(where, api.required("data[password]"))
    elif kind == "kubernetes.io/ssh-auth":
        if not merged.get("ssh-privatekey", (None, 0))[1]:
            yield Violation(where, api.required("data[ssh-privatekey]"))
