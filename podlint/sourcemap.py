"""Field paths and the positions the loader recorded for them.

Positions are stored 0-based, as the YAML parser reports them, and turned
1-based once, in :meth:`SourceMap.span`, at the boundary to findings.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

Key = Union[str, int]

_SIMPLE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


class FieldPath(tuple):
    """A path into an object: ``FieldPath(("spec", "containers", 0, "image"))``.

    ``path / "image"`` and ``path / 0`` extend it; ``str(path)`` renders it the way
    the Kubernetes API server names fields: ``spec.containers[0].image``.
    """

    __slots__ = ()

    def __truediv__(self, key: Key) -> FieldPath:
        return _new(FieldPath, (*self, key))

    def __str__(self) -> str:
        out = []
        for key in self:
            if isinstance(key, int):
                out.append(f"[{key}]")
            elif _SIMPLE_KEY.match(key):
                out.append(f".{key}" if out else key)
            else:
                out.append(f"[{key}]")
        return "".join(out)

    def __repr__(self) -> str:
        return f"FieldPath({str(self)!r})"


_new = tuple.__new__
ROOT = FieldPath()


class Span(NamedTuple):
    """A 1-based range in a file: first character and the character after the last."""

    line: int
    column: int
    end_line: int
    end_column: int


# A raw mark as the parser gives it: 0-based (line, column, end_line, end_column).
Mark = tuple


class SourceMap:
    """Where every key and value of one YAML document was written.

    ``keys`` maps a path to the mark of its mapping key, ``values`` to the mark of
    its value; both hold 0-based marks. ``aliased`` holds the paths whose value
    the user wrote as an alias (``*name``) or merged in (``<<``): what lies below
    them is reported at that alias, where the user wrote it.
    """

    __slots__ = ("keys", "values", "aliased", "lines")

    def __init__(self, keys: dict, values: dict, lines: list[str], aliased: frozenset | set = frozenset()):
        self.keys = keys
        self.values = values
        self.aliased = aliased
        self.lines = lines

    def __contains__(self, path: tuple) -> bool:
        return tuple(path) in self.values

    def span(self, path: tuple, on: str = "value") -> Span:
        """The span of ``path``'s value (``on="value"``) or key (``on="key"``).

        A path that is not in the document resolves to its nearest existing
        parent, at that parent's key where it has one: a missing
        ``resources.requests`` is reported at ``resources:``; at an item of a list (a
        container, a volume, a port) with a ``name``, at its name, which says which.
        """
        path = tuple(path)
        if path in self.values:
            table = self.keys if on == "key" and path in self.keys else self.values
            return self.span_of(table[path])
        while path:
            path = path[:-1]
            if path in self.aliased:
                return self.span_of(self.values[path])
            if path in self.keys:
                return self.span_of(self.keys[path])
            if path in self.values:
                named = (*path, "name")
                if path and isinstance(path[-1], int) and named in self.keys:
                    return self.span_of(self.keys[named])
                return self.span_of(self.values[path])
        return Span(1, 1, 1, 1)

    def span_of(self, mark: Mark) -> Span:
        """The 1-based span of a 0-based mark."""
        line, col, end_line, end_col = mark
        content = len(self.lines[line].rstrip()) if line < len(self.lines) else col + 1
        if end_line > line:
            # A block collection or a multi-line scalar: end at its first line's end,
            # so editors underline what the reader sees as the field.
            end_line, end_col = line, content
        elif end_col > content:  # never past the line's last visible character
            end_col = content
        if end_col <= col:
            end_col = col + 1
        return Span(line + 1, col + 1, end_line + 1, end_col + 1)
