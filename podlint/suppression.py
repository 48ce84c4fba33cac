"""Suppressing findings: ``# podlint:`` comments and the ``podlint.io/ignore`` annotation.

- ``# podlint: disable=rule-a,rule-b`` at the end of the offending line;
- ``# podlint: disable-next-line=rule-a`` on the line above it;
- ``# podlint: disable-file=rule-a`` anywhere in the file;
- ``metadata.annotations: {podlint.io/ignore: "rule-a,rule-b"}`` on the object
  (it survives ``helm template``, comments do not).

The YAML parser drops comments, so directives are found by a light scan of the
lines that mention ``podlint:``, skipping quoted strings and block scalars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .findings import Finding

IGNORE_ANNOTATION = "podlint.io/ignore"
_DIRECTIVE = re.compile(r"#\s*podlint\s*:\s*([a-z-]+)\s*(?:=\s*([^#]*))?")
_KINDS = ("disable", "disable-next-line", "disable-file")


@dataclass(slots=True)
class Suppression:
    """One suppression as written: which rules, where, and which of them were used."""

    kind: str  # disable | disable-next-line | disable-file | annotation | invalid
    rules: tuple[str, ...]
    mark: tuple  # 0-based (line, column, end_line, end_column) of the comment or annotation value
    text: str = ""  # for an invalid directive: what was written
    used: set[str] = field(default_factory=set)

    def applies(self, rule: str) -> bool:
        return rule in self.rules


@dataclass(slots=True)
class Suppressions:
    """A file's suppressions, what the run enabled, and which were used (what
    ``unused-suppression`` is checked against)."""

    items: list[Suppression]
    enabled: frozenset[str]
    known: frozenset[str]


def comment_start(line: str) -> int:
    """Index of the ``#`` that starts a YAML comment on ``line``, or -1.

    A ``#`` starts a comment at the start of a line or after white space, and
    never inside a quoted string.
    """
    quote = ""
    previous = " "
    index, length = 0, len(line)
    while index < length:
        char = line[index]
        if quote == "'":
            if char == "'":
                if index + 1 < length and line[index + 1] == "'":
                    index += 1
                else:
                    quote = ""
        elif quote == '"':
            if char == "\\":
                index += 1
            elif char == '"':
                quote = ""
        elif char == "#" and previous in " \t":
            return index
        elif char in "'\"" and previous in " \t[{,:-":
            quote = char
        previous = char
        index += 1
    return -1


def parse_directives(lines: list[str], block_lines: set[int]) -> list[Suppression]:
    """Every ``# podlint:`` comment of a file."""
    found: list[Suppression] = []
    for number, line in enumerate(lines):
        if "podlint" not in line or number in block_lines:
            continue
        column = comment_start(line)
        if column < 0:
            continue
        match = _DIRECTIVE.match(line, column)
        if not match:
            continue
        end = len(line.rstrip())
        mark = (number, column, number, end)
        kind, names = match.group(1), match.group(2)
        rules = tuple(name.strip() for name in (names or "").split(",") if name.strip())
        if kind not in _KINDS or not rules:
            found.append(Suppression("invalid", (), mark, text=line[column:end]))
        else:
            found.append(Suppression(kind, rules, mark))
    return found


def annotation_rules(value: object) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    return tuple(name.strip() for name in value.split(",") if name.strip())


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """Drop the findings that a comment directive suppresses, marking those directives used."""
    if not suppressions:
        return findings
    by_line: dict[int, list[Suppression]] = {}
    whole_file: list[Suppression] = []
    for item in suppressions:
        if item.kind == "disable":
            by_line.setdefault(item.mark[0] + 1, []).append(item)
        elif item.kind == "disable-next-line":
            by_line.setdefault(item.mark[0] + 2, []).append(item)
        elif item.kind == "disable-file":
            whole_file.append(item)
    kept = []
    for finding in findings:
        suppressed = False
        for item in (*by_line.get(finding.span.line, ()), *whole_file):
            if item.applies(finding.rule):
                item.used.add(finding.rule)
                suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept
