"""Rules about the file itself: YAML syntax, duplicate keys, what is not an object, suppressions."""

from __future__ import annotations

from typing import Iterator

from ..config import suggest
from ..findings import Violation
from ..loader import Document
from ..model import is_object, object_candidates
from ..registry import rule
from ..schema.validate import json_type
from ..sourcemap import ROOT
from ..suppression import Suppressions


@rule("yaml-syntax")
def yaml_syntax(document: Document) -> Iterator[Violation]:
    for problem in document.errors:
        yield Violation(ROOT, problem.message, mark=problem.mark)


@rule("yaml-resource-limit")
def yaml_resource_limit(document: Document) -> Iterator[Violation]:
    for problem in document.limits:
        yield Violation(ROOT, problem.message, mark=problem.mark)


@rule("duplicate-key")
def duplicate_key(document: Document) -> Iterator[Violation]:
    for problem in document.duplicate_keys:
        yield Violation(problem.path, problem.message, mark=problem.mark)


@rule("converted-key")
def converted_key(document: Document) -> Iterator[Violation]:
    for problem in document.converted_keys:
        yield Violation(problem.path, problem.message, mark=problem.mark)


@rule("not-kubernetes-object")
def not_kubernetes_object(document: Document) -> Iterator[Violation]:
    if document.broken or document.empty:
        return
    for path, data in object_candidates(document):
        if is_object(data):
            continue
        if isinstance(data, dict):
            missing = [key for key in ("apiVersion", "kind") if not isinstance(data.get(key), str) or not data[key]]
            what = f"has no {' or '.join(missing)}"
            keys = [key for key in data if isinstance(key, str) and key not in missing]
            import difflib

            typos = [close for key in missing for close in difflib.get_close_matches(key, keys, n=1, cutoff=0.6)]
            if typos:
                what += " (found " + ", ".join(f'"{typo}"' for typo in typos) + ")"
        else:
            what = f"is {_describe(data)}, not a mapping"
        where = "list item" if path else "document"
        yield Violation(path, f"{where} {what}: not a Kubernetes object, skipped")


_DESCRIPTIONS = {"null": "null", "array": "a list", "boolean": "a boolean", "string": "a string"}


def _describe(data: object) -> str:
    return _DESCRIPTIONS.get(json_type(data), "a number")


@rule("unused-suppression")
def unused_suppression(suppressions: Suppressions) -> Iterator[Violation]:
    for item in suppressions.items:
        if item.kind == "invalid":
            yield Violation(ROOT, f"cannot read suppression {item.text!r}", mark=item.mark)
            continue
        where = "annotation" if item.kind == "annotation" else f"{item.kind} comment"
        for rule_id in item.rules:
            if rule_id not in suppressions.known:
                hint = suggest(rule_id, suppressions.known)
                yield Violation(ROOT, f'{where} names unknown rule "{rule_id}"{hint}', mark=item.mark)
            elif rule_id in suppressions.enabled and rule_id not in item.used:
                yield Violation(ROOT, f'{where} suppresses no "{rule_id}" finding', mark=item.mark)
