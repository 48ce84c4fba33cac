"""Validate an object against its Kubernetes JSON schema and explain each mistake once.

jsonschema reports what failed; this module turns each failure into one problem a
Kubernetes user recognises, at the field it is about:

- an unknown field (strict decoding) at its key, with the closest known field suggested;
- a missing required field at its parent, in the API server's words (``Required value``);
- a value of the wrong type at the value. ``oneOf`` alternatives that differ only in type
  (``IntOrString``, ``Quantity``) read as one expectation: ``expected string or integer``.

Messages name fields and types, never values: a value may be a secret.

:func:`bundled_problems` gives the same problems for podlint's bundled schemas without
jsonschema, which costs ~50 ms to import and validates many times slower.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterator, NamedTuple

from ..sourcemap import ROOT, FieldPath
from .quick import _ANNOTATIONS, Unsupported, _equal, _type_check

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
    """Every schema mistake of ``data``, explained once, in jsonschema's order of discovery."""
    seen: set[SchemaProblem] = set()
    for error in validator.iter_errors(data):
        for problem in _explain(error):
            # jsonschema reports each missing required field apart; each is explained by naming all
            if problem not in seen:
                seen.add(problem)
                yield problem


def bundled_problems(
    root: dict, definition: Callable[[str], dict], data: Any, where: set[tuple] | None = None
) -> list[SchemaProblem]:
    """What :func:`problems` says of ``data`` against ``root``, in the same order, read straight
    from the schema: the bundled schemas use only :mod:`podlint.schema.quick`'s vocabulary, and
    their ``$ref`` values are names that ``definition`` returns.

    ``where``, if given, holds the paths of the values that are not valid, and of every value
    above them (see :func:`error_paths`): the values elsewhere are not looked at.

    Raises ``Unsupported`` for any other keyword, and RecursionError for data nested deeper than
    Python's stack: jsonschema explains those. Where jsonschema visits the extra keys of a map
    in set order (``additionalProperties`` with a schema), this visits them in the map's.
    """
    found: list[SchemaProblem] = []
    _collect(root, data, ROOT, definition, found, where)
    return list(dict.fromkeys(found))


def error_paths(native, data: Any) -> set[tuple] | None:
    """The paths of the values where the compiled jsonschema-rs validator ``native`` finds a
    mistake in ``data``, and of every value above them; None if it cannot say. (It finds them
    many times faster than :func:`bundled_problems` walks a whole object.)"""
    paths: set[tuple] = {()}
    try:
        for error in native.iter_errors(data):
            at = tuple(error.instance_path)
            paths.update(at[:length] for length in range(1, len(at) + 1))
    except Exception:  # noqa: BLE001 - data jsonschema-rs cannot take: every value is looked at
        return None
    return paths


def _collect(
    schema: Any, value: Any, path: FieldPath, definition: Callable[[str], dict], found: list, where: set | None
) -> None:
    """The problems of ``value`` against ``schema``, keyword by keyword in the schema's order, as
    jsonschema's Draft 2020-12 validator finds them and :func:`_explain` words them; below
    ``path``, only the values whose paths are in ``where`` (unless it is None)."""
    if schema is True:
        return
    if not isinstance(schema, dict):
        raise Unsupported(f"schema {schema!r}")
    for keyword, argument in schema.items():
        if keyword == "type":
            if not _type_check(argument)(value):
                found.append(_wrong_type(path, _expected(argument), value))
        elif keyword == "properties":
            if isinstance(value, dict):
                for name, subschema in argument.items():
                    if name in value:
                        at = path / name
                        if where is None or at in where:
                            _collect(subschema, value[name], at, definition, found, where)
        elif keyword == "additionalProperties":
            if isinstance(value, dict) and argument is not True:
                known = schema.get("properties", {})
                extras = [key for key in value if key not in known]
                if isinstance(argument, dict):
                    for key in extras:
                        at = path / key
                        if where is None or at in where:
                            _collect(argument, value[key], at, definition, found, where)
                elif argument is False:
                    found.extend(_unknown(path, key, known) for key in extras)
                else:
                    raise Unsupported(f"additionalProperties {argument!r}")
        elif keyword == "items":
            if isinstance(value, list) and argument is not True:
                if not isinstance(argument, dict):
                    raise Unsupported(f"items {argument!r}")
                for index, item in enumerate(value):
                    at = path / index
                    if where is None or at in where:
                        _collect(argument, item, at, definition, found, where)
        elif keyword == "required":
            if isinstance(value, dict):
                found.extend(_missing(path, name) for name in argument if name not in value)
        elif keyword == "enum":
            if not any(_equal(value, allowed) for allowed in argument):
                where = f"{path}: " if path else ""
                found.append(SchemaProblem(WRONG_TYPE, path, f"{where}{value!r} is not one of {argument!r}", "value"))
        elif keyword == "oneOf":
            if not all(isinstance(branch, dict) and set(branch) == {"type"} for branch in argument):
                raise Unsupported("oneOf of more than types")  # jsonschema's best_match words those
            if sum(1 for branch in argument if _type_check(branch["type"])(value)) != 1:
                found.append(_wrong_type(path, [t for branch in argument for t in _expected(branch["type"])], value))
        elif keyword == "$ref":
            _collect(definition(argument), value, path, definition, found, where)
        elif keyword not in _ANNOTATIONS:
            raise Unsupported(f"keyword {keyword!r}")


def _expected(schema_types: Any) -> list[str]:
    types = schema_types if isinstance(schema_types, list) else [schema_types]
    return [t for t in types if t != "null"]


def _wrong_type(path: FieldPath, expected: list[str], instance: Any) -> SchemaProblem:
    where = f"{path}: " if path else ""
    wanted = " or ".join(dict.fromkeys(expected))
    return SchemaProblem(WRONG_TYPE, path, f"{where}expected {wanted}, got {json_type(instance)}", "value")


def _unknown(path: FieldPath, key: Any, known: dict) -> SchemaProblem:
    close = _closest(str(key), tuple(known))
    hint = f' (did you mean "{close}"?)' if close else ""
    return SchemaProblem(UNKNOWN_FIELD, path / key, f'unknown field "{path / key}"{hint}', "key")


@lru_cache(maxsize=1024)
def _closest(key: str, known: tuple[str, ...]) -> str | None:
    """The known field closest to a misspelt one (each typo of a run looked up once)."""
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _missing(path: FieldPath, name: str) -> SchemaProblem:
    return SchemaProblem(MISSING_FIELD, path / name, f"{path / name}: Required value", "key")


def _explain(error) -> Iterator[SchemaProblem]:
    path = FieldPath(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        for key in instance:
            if key not in known:
                yield _unknown(path, key, known)
    elif keyword == "required" and isinstance(instance, dict):
        for name in error.validator_value:
            if name not in instance:
                yield _missing(path, name)
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
