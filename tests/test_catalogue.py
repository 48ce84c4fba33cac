"""Every rule file's examples, run: each finding of the rule in ``bad`` matches a
``# expect:`` marker and each marker a finding; ``good`` gives none."""

from __future__ import annotations

import pytest

from podlint.examples import markers, run
from podlint.registry import catalogue

CASES = [
    pytest.param(spec, index, kind, id=f"{spec.id}-{index}-{kind}")
    for spec in catalogue().values()
    for index, example in enumerate(spec.examples)
    for kind in ("bad", "good")
    if kind in example
]


@pytest.mark.parametrize("spec, index, kind", CASES)
def test_example(spec, index, kind):
    example = spec.examples[index]
    text, report = run(spec, example, kind)
    found = sorted((f.line, f.column, f.rule) for f in report.findings if f.rule == spec.id)
    if kind == "good":
        assert found == []
        assert markers(text) == []
    else:
        assert found == markers(text)
        assert found, "a bad example must be flagged"


@pytest.mark.parametrize("spec", catalogue().values(), ids=lambda spec: spec.id)
def test_stripped_example_is_flagged_the_same(spec):
    """What `podlint explain` shows (markers stripped) is flagged as often as the marked text."""
    for example in spec.examples:
        if "bad" in example:
            _, marked = run(spec, example, "bad")
            _, stripped = run(spec, example, "bad", strip=True)
            assert [f.rule for f in stripped.findings] == [f.rule for f in marked.findings]
