"""A pure-Python "valid or not" check of objects against podlint's bundled schemas.

jsonschema-rs answers that question fastest, but importing it and compiling a kind's schema
(every definition it reaches, ~140 for a Pod) takes about 25 ms: a quarter of a pre-commit run
over one small file. The bundled schemas use a small vocabulary (``type``,
``properties``, ``additionalProperties``, ``items``, ``required``, ``enum``, ``oneOf``,
``$ref``; ``format`` and the ``x-kubernetes-*`` keywords only annotate), so a validator of
exactly that vocabulary is a few closures, compiled definition by definition as objects reach
them. It follows jsonschema's Draft 2020-12 semantics (``1.0`` is an integer, ``true`` is
not, ``null`` matches both alternatives of a ``oneOf`` of nullable types, so neither);
:mod:`podlint.checks.schema` still asks jsonschema to explain the objects it rejects.

A schema with any other keyword is not compiled: :class:`Unsupported`, and the bundle falls
back to jsonschema-rs or jsonschema for that kind.
"""

from __future__ import annotations

from typing import Any, Callable

Check = Callable[[Any], bool]

# keywords that never change a verdict here: format is an annotation in Draft 2020-12 unless
# a format checker is asked for (podlint asks for none), the rest are Kubernetes annotations
_ANNOTATIONS = frozenset(("format", "description", "x-kubernetes-list-type", "x-kubernetes-list-map-keys"))
_KEYWORDS = frozenset(("type", "enum", "required", "properties", "additionalProperties", "items", "oneOf", "$ref"))


class Unsupported(ValueError):
    """A schema uses a keyword this validator does not implement."""


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "null": lambda v: v is None,
    "number": _is_number,
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
}
_PLAIN = {"array": list, "boolean": bool, "object": dict, "string": str, "null": type(None)}


def _type_check(types: Any) -> Check:
    names = tuple(types) if isinstance(types, list) else (types,)
    if any(name not in _TYPES for name in names):
        raise Unsupported(f"type {types!r}")
    if all(name in _PLAIN for name in names):
        classes = tuple(_PLAIN[name] for name in names)  # none of them is a number: bool needs no care
        return lambda v: isinstance(v, classes)
    checks = tuple(_TYPES[name] for name in names)
    return lambda v: any(check(v) for check in checks)


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's ``equal``: booleans are not numbers, containers compare item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
        return False
    return a == b


class QuickValidator:
    """``is_valid(data)`` against the schema ``root``, whose ``$ref`` values are definition names
    that ``definition(name)`` returns (read from the bundle on first use). ``fallback(data)``
    decides what this validator cannot: a keyword it does not implement, or nesting deeper
    than Python's stack (default: not valid, so that jsonschema, asked to explain, decides)."""

    def __init__(self, root: dict, definition: Callable[[str], dict], fallback: Check | None = None):
        self._definition = definition
        self._fallback = fallback or (lambda data: False)
        self._compiled: dict[str, Check] = {}
        try:
            self._check: Check = self._compile(root)
        except Unsupported:
            self._check = self._fallback

    def is_valid(self, data: Any) -> bool:
        try:
            return self._check(data)
        except (Unsupported, RecursionError):
            return self._fallback(data)

    def _ref(self, name: str) -> Check:
        compiled = self._compiled

        def check(value: Any) -> bool:
            found = compiled.get(name)
            if found is None:  # compiled when an object first reaches it
                found = compiled[name] = self._compile(self._definition(name))
            return found(value)

        return check

    def _compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        unknown = set(schema) - _KEYWORDS - _ANNOTATIONS
        if unknown:
            raise Unsupported(f"keywords {sorted(unknown)}")
        checks: list[Check] = []
        if "type" in schema:
            checks.append(_type_check(schema["type"]))
        if "enum" in schema:
            values = tuple(schema["enum"])
            checks.append(lambda v: any(_equal(v, allowed) for allowed in values))
        if "required" in schema:
            required = tuple(schema["required"])
            checks.append(lambda v: not isinstance(v, dict) or all(name in v for name in required))
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self._object_check(schema))
        if "items" in schema:
            item = self._compile(schema["items"])
            checks.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
        if "oneOf" in schema:
            alternatives = tuple(self._compile(s) for s in schema["oneOf"])
            checks.append(lambda v: sum(1 for check in alternatives if check(v)) == 1)
        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda v: first(v) and second(v)
        every = tuple(checks)
        return lambda v: all(check(v) for check in every)

    def _object_check(self, schema: dict) -> Check:
        properties = {name: self._compile(sub) for name, sub in (schema.get("properties") or {}).items()}
        additional = schema.get("additionalProperties", True)
        other = None if additional is True or additional is False else self._compile(additional)

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key, item in value.items():
                known = properties.get(key)
                if known is not None:
                    if not known(item):
                        return False
                elif additional is False:
                    return False
                elif other is not None and not other(item):
                    return False
            return True

        return check
