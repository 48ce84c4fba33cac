"""What must hold for any input, whatever its bytes: used by the fuzzer and by the tests that
replay ``tests/regressions/``."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET


def check(linter, data: bytes) -> None:
    """Lint ``data`` and write every output format; raise if an invariant does not hold."""
    from podlint.engine import LintResult
    from podlint.reporters import FORMATS, render

    report = linter.lint_bytes(data, "input.yaml")
    lines = max(len(report.lines), 1)
    for finding in report.findings:
        span = finding.span
        assert 1 <= span.line <= lines and span.column >= 1, (finding, lines)
        assert (span.end_line, span.end_column) >= (span.line, span.column), finding
    result = LintResult()
    result.add(report)
    for fmt in FORMATS:
        stream = io.StringIO()
        render(fmt, result, stream)
        if fmt in ("json", "sarif"):
            json.loads(stream.getvalue())
        elif fmt == "junit":
            ET.fromstring(stream.getvalue())
