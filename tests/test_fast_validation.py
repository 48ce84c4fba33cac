"""The fast path (jsonschema-rs) and the slow path (jsonschema) agree on every verdict."""

from __future__ import annotations

import builtins
import json

import pytest
from hypothesis import given, settings
from test_api_conformance import CASES
from test_rules_robustness import mutated

from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load
from podlint.model import manifests
from podlint.schema.bundle import for_version
from podlint.schema.validate import problems

jsonschema_rs = pytest.importorskip("jsonschema_rs")
BUNDLE = for_version()


def verdicts(text: str):
    for document in load(text).documents:
        for manifest in manifests(document):
            fast = BUNDLE.fast_validator(manifest.api_version, manifest.kind)
            slow = BUNDLE.validator(manifest.api_version, manifest.kind)
            if fast is not None:
                yield fast.is_valid(manifest.data), not list(problems(slow, manifest.data))


@pytest.mark.parametrize("manifest", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_fast_and_slow_agree_on_the_table(manifest):
    for fast, slow in verdicts(manifest):
        assert fast == slow


@settings(max_examples=500, deadline=None, derandomize=True)
@given(mutated())
def test_fast_and_slow_agree_on_mutated_manifests(text):
    for fast, slow in verdicts(text):
        assert fast == slow


def test_findings_are_the_same_without_jsonschema_rs(monkeypatch):
    texts = [case[1] for case in CASES]
    with_fast = [json.dumps([repr(f) for f in Linter(Config()).lint_text(t, "x.yaml").findings]) for t in texts]
    real_import = builtins.__import__

    def no_jsonschema_rs(name, *args, **kwargs):
        if name == "jsonschema_rs":
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_jsonschema_rs)
    monkeypatch.setattr(BUNDLE, "_fast", {})
    without = [json.dumps([repr(f) for f in Linter(Config()).lint_text(t, "x.yaml").findings]) for t in texts]
    assert with_fast == without
    assert all(value is None for value in BUNDLE._fast.values())
