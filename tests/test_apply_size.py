"""Objects too large for client-side kubectl apply (too-large-to-apply)."""

from __future__ import annotations

import json

from podlint.checks.api.apply import json_size_at_least
from podlint.config import Config
from podlint.engine import Linter

RULE = "too-large-to-apply"
LIMIT = 256 * 1024
KEY = "kubectl.kubernetes.io/last-applied-configuration"


def config_map(size: int, annotations: dict | None = None) -> tuple[str, int]:
    """A ConfigMap whose JSON, without ``annotations``, is ``size`` bytes long; then annotated."""
    head = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": ""}}
    filler = size - len(json.dumps(head, separators=(",", ":")))
    head["data"]["k"] = "x" * filler
    if annotations:
        head["metadata"]["annotations"] = annotations
    return json.dumps(head), filler


def found(text: str) -> list[str]:
    return [f.message for f in Linter(Config(select=[RULE])).lint_text(text, "case.json").findings]


def test_the_limit_is_the_annotation_s_with_its_key():
    at_limit = LIMIT - len(KEY)
    assert found(config_map(at_limit)[0]) == []
    (message,) = found(config_map(at_limit + 1)[0])
    assert message == (
        f"kubectl apply stores this ConfigMap, {at_limit + 1:,} bytes of JSON at least, in its annotation {KEY}, and "
        "the API server refuses it (metadata.annotations: Too long: may not be more than 262144 bytes): apply it "
        "with --server-side, or create it with kubectl create"
    )


def test_other_annotations_count_and_an_earlier_last_applied_one_does_not():
    size = LIMIT - len(KEY) - 200
    assert found(config_map(size, {KEY: "x" * 100_000})[0]) == []
    assert found(config_map(size, {"note": "y" * 300})[0]) != []


def test_the_json_is_counted_as_go_writes_it():
    assert json_size_at_least({"a": 1.0, "b": [2.5, "é"]}) == len('{"a":1,"b":[2.5,"é"]}'.encode())
