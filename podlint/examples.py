"""The ``# expect: COL [rule-id]`` markers of the catalogue's examples.

A marker at the end of a line expects a finding on that line; a marker on a line
of its own expects one on the next line. Several may share a line:
``# expect: 7 [a], 14 [b]``.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"\s*#\s*expect:\s*(.*)$")
_ITEM = re.compile(r"(\d+)\s*\[([a-z0-9-]+)\]")


def markers(text: str) -> list[tuple[int, int, str]]:
    """The expected (line, column, rule) findings of an example, 1-based."""
    expected = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.search(line)
        if not match:
            continue
        own_line = not line[: match.start()].strip()
        for column, rule in _ITEM.findall(match.group(1)):
            expected.append((number + 1 if own_line else number, int(column), rule))
    return sorted(expected)


def strip_markers(text: str) -> str:
    """The example as a user would write it: markers removed (own-line markers with their line)."""
    out = []
    for line in text.splitlines(keepends=True):
        match = _MARKER.search(line)
        if not match:
            out.append(line)
        elif line[: match.start()].strip():
            out.append(line[: match.start()] + line[len(line.rstrip("\r\n")) :])
    return "".join(out)


def run(spec, example: dict, kind: str, strip: bool = False):
    """Lint an example (``kind`` is ``bad`` or ``good``) as its rule file says to.

    The example runs with only its own rule selected, unless it carries a ``config:``
    (the same settings as ``.podlint.yaml``), and against the node inventory of its
    ``nodes:``, if any. Returns the text linted and the report.
    """
    from .config import _validate
    from .engine import Linter

    text = example[kind]
    if strip:
        text = strip_markers(text)
    settings = example.get("config") or {"select": [spec.id]}
    config = _validate(settings, f"rules/{spec.id}.yaml example", lambda *_: "", f"rules/{spec.id}.yaml")
    nodes = None
    if example.get("nodes"):
        from .scheduling.inventory import parse_inventory

        nodes = parse_inventory(example["nodes"], "example nodes")
    return text, Linter(config, nodes=nodes).lint_text(text, "example.yaml")
