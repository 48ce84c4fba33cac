"""Objects too large for client-side kubectl apply (too-large-to-apply)."""

from __future__ import annotations

import json

from podlint.checks.api.apply import json_size_at_least
from podlint.config import Config
from podlint.engine import Linter

RULE = "too-large-to-apply"
LIMIT = 256 * 1024
KEY = "kubectl.kubernetes.io/last-applied-configuration"
ADDED = len("\n") + len(',"annotations":{}') + len(',"namespace":"x"')  # what kubectl adds, at least


def config_map(size: int, annotations: dict | None = None, kind: str = "ConfigMap") -> str:
    """An object whose compact JSON, without ``annotations``, is ``size`` bytes long; then annotated."""
    head = {"apiVersion": "v1", "kind": kind, "metadata": {"name": "c"}, "data": {"k": ""}}
    head["data"]["k"] = "x" * (size - len(json.dumps(head, separators=(",", ":"))))
    if annotations:
        head["metadata"]["annotations"] = annotations
    return json.dumps(head)


def found(text: str) -> list[str]:
    return [f.message for f in Linter(Config(select=[RULE])).lint_text(text, "case.json").findings]


def test_the_limit_is_the_annotation_s_with_its_key():
    at_limit = LIMIT - len(KEY) - ADDED
    assert found(config_map(at_limit)) == []
    (message,) = found(config_map(at_limit + 1))
    assert message == (
        f"kubectl apply stores this ConfigMap, {at_limit + 1 + ADDED:,} bytes of JSON at least, in its annotation "
        f"{KEY}, and the API server refuses it (metadata.annotations: Too long: may not be more than 262144 bytes): "
        "apply it with --server-side, or create it with kubectl create (without --save-config)"
    )


def test_other_annotations_count_twice_and_an_earlier_last_applied_one_not_at_all():
    size = LIMIT - len(KEY) - ADDED - 200
    assert found(config_map(size, {KEY: "x" * 100_000})) == []
    assert found(config_map(size, {"note": "y" * 150})) != []  # in the JSON and beside it


def test_an_annotation_that_is_not_a_string_makes_kubectl_drop_them_all():
    size = LIMIT - len(KEY) - ADDED - 10
    assert found(config_map(size, {"note": "y" * 100_000, "count": 3})) == []
    assert found(config_map(size, {"note": "y" * 100_000, "empty": None})) != []


def test_many_small_entries_are_measured_too():
    data = {f"key-{i:05}": "v" for i in range(20_000)}
    assert found(json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": data})) != []


def test_a_crd_s_namespace_is_not_counted():
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "things.example.com", "namespace": "monitoring"}, "spec": {"x": ""},
    }
    crd["spec"]["x"] = "x" * (LIMIT - len(KEY) - len(json.dumps(crd, separators=(",", ":"))) + len(',"namespace":"monitoring"') - 18)
    assert found(json.dumps(crd)) == []


def test_the_json_is_counted_as_go_writes_it():
    assert json_size_at_least({"a": 1.0, "b": [2.5, "é"]}) == len('{"a":1,"b":[2.5,"é"]}'.encode())
    assert json_size_at_least({"m": 1e-07}) == len('{"m":1e-7}')  # Go's encoder: one digit of exponent
    assert json_size_at_least({"n": float("nan")}) is None  # no JSON at all
