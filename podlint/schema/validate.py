"""Validate an object against its Kubernetes JSON schema and explain each mistake once.

jsonschema reports what failed; this module turns each failure into one problem a
Kubernetes user recognises, at the field it is about:

- an unknown field (strict decoding) at its key, with the closest known field suggested;
- a missing required field at its parent, in the API server's words (``Required value``);
- a value of the wrong type at the value. ``oneOf`` alternatives that differ only in type
  (``IntOrString``, ``Quantity``) read as one expectation: ``expected string or integer``.

Messages name fields and types, never values: a value may be a secret.
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from ..sourcemap import FieldPath

UNKNOWN_FIELD, MISSING_FIELD, WRONG_TYPE = "unknown-field", "missing-required-field", "wrong-type"


class SchemaProblem(NamedTuple):
    kind: str  # UNKNOWN_FIELD | MISSING_FIELD | WRONG_TYPE
    path: FieldPath
    message: str
    on: str  # "key" or "value"


def json_type(value: Any) -> str:
    """The JSON Schema name of a value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def problems(validator, data: Any) -> Iterator[SchemaProblem]:
    """Every schema mistake of ``data``, explained once, in document order of discovery."""
    for error in validator.iter_errors(data):
        yield from _explain(error)


def _expected(schema_types: Any) -> list[str]:
    types = schema_types if isinstance(schema_types, list) else [schema_types]
    return [t for t in types if t != "null"]


def _wrong_type(path: FieldPath, expected: list[str], instance: Any) -> SchemaProblem:
    where = f"{path}: " if path else ""
    wanted = " or ".join(dict.fromkeys(expected))
    return SchemaProblem(WRONG_TYPE, path, f"{where}expected {wanted}, got {json_type(instance)}", "value")


def _explain(error) -> Iterator[SchemaProblem]:
    path = FieldPath(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(error.schema.get("properties", {}))
        for key in instance:
            if key not in known:
                import difflib

                close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                yield SchemaProblem(UNKNOWN_FIELD, path / key, f'unknown field "{path / key}"{hint}', "key")
    elif keyword == "required" and isinstance(instance, dict):
        for name in error.validator_value:
            if name not in instance:
                yield SchemaProblem(MISSING_FIELD, path / name, f"{path / name}: Required value", "key")
    elif keyword == "type":
        yield _wrong_type(path, _expected(error.validator_value), instance)
    elif keyword in ("oneOf", "anyOf"):
        branches = error.validator_value
        if all(set(branch) == {"type"} for branch in branches):
            expected = [t for branch in branches for t in _expected(branch["type"])]
            yield _wrong_type(path, expected, instance)
        else:
            from jsonschema.exceptions import best_match

            best = best_match(error.context)
            if best is not None:
                yield from _explain(best)
    else:
        where = f"{path}: " if path else ""
        yield SchemaProblem(WRONG_TYPE, path, f"{where}{error.message}", "value")
