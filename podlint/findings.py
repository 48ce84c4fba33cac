"""What rules yield (Violation) and what reporters receive (Finding)."""

from __future__ import annotations

import enum
from typing import NamedTuple

from .sourcemap import Span


class Severity(enum.IntEnum):
    """How bad a finding is. ``error``: apply or scheduling fails; ``warning``: it runs but
    hurts; ``info``: advice."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


SEVERITY_NAMES = ("error", "warning", "info")


class ObjectRef(NamedTuple):
    """The Kubernetes object a finding is about."""

    kind: str | None
    name: str | None
    namespace: str | None


class Violation(NamedTuple):
    """What a rule reports: a field path (relative to the object) and a message.

    ``on`` picks the value (default) or the key of that field. Only rules about the
    file itself (syntax, suppressions) give an explicit 0-based ``mark`` instead of a
    path. ``severity`` is for the few rules whose file documents two severities (e.g.
    an error for a certain failure, a warning for a likely one); a severity the user
    configures for the rule still wins.
    """

    at: tuple
    message: str
    on: str = "value"
    mark: tuple | None = None
    severity: Severity | None = None


class Finding(NamedTuple):
    """A violation placed in a file: what reporters receive. (A named tuple: worker processes
    send a run's findings back to the first one, and a tuple is the cheapest to pickle.)"""

    rule: str
    severity: Severity
    message: str
    file: str
    span: Span
    object: ObjectRef | None
    path: str
    source_template: str | None = None  # the Helm template the document was rendered from

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple:
        return (self.file, self.span.line, self.span.column, self.rule)
