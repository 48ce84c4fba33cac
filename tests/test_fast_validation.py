"""The fast paths (podlint's quick validator, jsonschema-rs) and the slow path (jsonschema)
agree on every verdict, the bundled schemas' own explanations are jsonschema's, and the
findings are the same whichever path a run takes."""

from __future__ import annotations

import builtins
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from test_api_conformance import CASES
from test_rules_robustness import mutated

from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load
from podlint.model import manifests
from podlint.schema import bundle as bundles
from podlint.schema.bundle import available_versions, for_version, root_schema
from podlint.schema.catalog import Schemas
from podlint.schema.quick import QuickValidator, Unsupported
from podlint.schema.validate import bundled_problems, error_paths, problems

BUNDLE = for_version()
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


def quick(api_version: str, kind: str) -> QuickValidator | None:
    name = BUNDLE.definition_for(api_version, kind)
    return None if name is None else QuickValidator(root_schema(BUNDLE.schema(name)), BUNDLE.schema)


def verdicts(text: str):
    """(quick, jsonschema-rs or None, jsonschema) for each object of the text that a bundled
    schema knows, after checking that the bundled schema explains the object as jsonschema does."""
    for document in load(text).documents:
        for manifest in manifests(document):
            fast = quick(manifest.api_version, manifest.kind)
            if fast is None:
                continue
            native = BUNDLE.native_validator(manifest.api_version, manifest.kind)
            slow = list(problems(BUNDLE.validator(manifest.api_version, manifest.kind), manifest.data))
            assert explained(manifest.api_version, manifest.kind, manifest.data) == in_order(slow)
            yield (fast.is_valid(manifest.data), None if native is None else native.is_valid(manifest.data), not slow)


def explained(api_version: str, kind: str, data) -> list:
    """The bundled schema's explanation of ``data``; the same when jsonschema-rs says where to look."""
    name = BUNDLE.definition_for(api_version, kind)
    found = bundled_problems(root_schema(BUNDLE.schema(name)), BUNDLE.schema, data)
    native = BUNDLE.native_validator(api_version, kind)
    where = None if native is None else error_paths(native, data)
    if where is not None:
        assert bundled_problems(root_schema(BUNDLE.schema(name)), BUNDLE.schema, data, where) == found
    return in_order(found)


def in_order(found: list) -> list:
    """The problems of each field in the order they were found. jsonschema visits the extra keys
    of a map (``additionalProperties`` with a schema) in set order, which differs between runs;
    the problems of one field, which are reported at one position, keep their order."""
    return sorted(found, key=lambda problem: [str(key) for key in problem.path])


def agree(text: str) -> int:
    seen = 0
    for fast, native, slow in verdicts(text):
        assert fast == slow
        # jsonschema-rs may refuse what jsonschema accepts (.inf, .nan: serde_json has no
        # spelling for them); that is safe, as jsonschema then decides. The other way is not.
        assert native is None or native == slow or (not native and _unrepresentable(text))
        seen += 1
    return seen


def _unrepresentable(text: str) -> bool:
    return ".inf" in text or ".nan" in text


@pytest.mark.parametrize("manifest", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_every_validator_agrees_on_the_table(manifest):
    agree(manifest)


@pytest.mark.parametrize("path", EXAMPLES, ids=[str(p.relative_to(ROOT)) for p in EXAMPLES])
def test_every_validator_agrees_on_the_examples(path):
    agree(path.read_text(encoding="utf-8"))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(mutated())
def test_every_validator_agrees_on_mutated_manifests(text):
    agree(text)


# The values where JSON Schema's types are subtle: booleans are not integers, 1.0 is one,
# null matches both alternatives of IntOrString and Quantity (so neither), big and odd numbers.
SUBTLE = [None, True, False, 0, 1, -1, 1.0, 1.5, 2**70, float("inf"), float("nan"), "", "1", [], {}, [1], {"a": 1}]
SUBTLE_PATHS = [
    ("spec", "containers", 0, "ports", 0, "containerPort"),  # integer
    ("spec", "containers", 0, "livenessProbe", "httpGet", "port"),  # IntOrString
    ("spec", "containers", 0, "resources", "limits", "cpu"),  # Quantity
    ("spec", "containers", 0, "tty"),  # boolean
    ("spec", "containers", 0, "imagePullPolicy"),  # an enum
    ("spec", "containers", 0, "args"),  # array of strings
    ("metadata", "labels"),  # map of strings
    ("spec", "containers", 0, "securityContext"),  # object
]
POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web"},
    "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "livenessProbe": {"httpGet": {"port": 80}}}]},
}


def _set(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    key = path[0]
    copy[key] = _set(copy[key] if isinstance(copy, list) or key in copy else {}, path[1:], new)
    return copy


def _text(path, value) -> str:
    """The pod with ``value`` at ``path``: JSON, or YAML for NaN and infinity (JSON has no spelling for them)."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        text = json.dumps(_set(POD, path, "__VALUE__"))
        return text.replace('"__VALUE__"', ".nan" if math.isnan(value) else ".inf")
    return json.dumps(_set(POD, path, value))


@pytest.mark.parametrize("path", SUBTLE_PATHS, ids=[".".join(map(str, p)) for p in SUBTLE_PATHS])
def test_every_validator_agrees_on_subtle_values(path):
    for value in SUBTLE:
        assert agree(_text(path, value)) == 1


@pytest.mark.parametrize("version", available_versions())
def test_every_bundled_definition_compiles(version):
    """No definition of any bundle uses a keyword the quick validator lacks (it would leave
    that kind's verdicts to jsonschema-rs or jsonschema: correct, but slow)."""
    bundle = for_version(version)
    for name in set(bundle.kinds.values()):
        validator = QuickValidator(root_schema(bundle.schema(name)), bundle.schema)
        for definition in _reachable(bundle, name):
            validator._compile(bundle.schema(definition))  # raises Unsupported


def _reachable(bundle, name):
    seen, pending = set(), [name]
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(_refs(bundle.schema(current)))
    return seen


def _refs(schema):
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):  # not a property named "$ref" (JSONSchemaProps has one)
                yield value
            else:
                yield from _refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _refs(item)


def test_an_unsupported_keyword_leaves_the_verdict_to_the_fallback():
    schemas = {"Odd": {"type": "string", "pattern": "^a"}}
    validator = QuickValidator({"type": "object", "properties": {"x": {"$ref": "Odd"}}}, schemas.__getitem__)
    assert validator.is_valid({"y": 1})  # Odd is not reached
    assert not validator.is_valid({"x": "a"})  # reached: the default fallback says "not valid"
    with pytest.raises(Unsupported):
        validator._compile(schemas["Odd"])
    trusting = QuickValidator({"properties": {"x": {"$ref": "Odd"}}}, schemas.__getitem__, lambda data: True)
    assert trusting.is_valid({"x": "b"})


def test_a_missing_required_field_is_one_problem():
    # jsonschema reports each missing field apart, and each report names them all
    data = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 1}}
    expected = [
        ("missing-required-field", ("spec", "selector"), "spec.selector: Required value", "key"),
        ("missing-required-field", ("spec", "template"), "spec.template: Required value", "key"),
    ]
    assert explained("apps/v1", "Deployment", data) == expected
    assert list(problems(BUNDLE.validator("apps/v1", "Deployment"), data)) == expected


def test_the_bundled_explanation_reads_keywords_in_the_schema_order():
    schemas = {
        "Port": {"type": "integer", "enum": [80, 443]},
        "Spec": {"additionalProperties": False, "required": ["port"], "properties": {"port": {"$ref": "Port"}}},
    }
    root = {"type": "object", "properties": {"spec": {"$ref": "Spec"}, "size": {"oneOf": [
        {"type": ["string", "null"]}, {"type": ["integer", "null"]}]}}}
    found = bundled_problems(root, schemas.__getitem__, {"spec": {"prot": 1, "port": 1.5}, "size": None})
    assert [(p.kind, str(p.path), p.message, p.on) for p in found] == [
        ("unknown-field", "spec.prot", 'unknown field "spec.prot" (did you mean "port"?)', "key"),
        ("wrong-type", "spec.port", "spec.port: expected integer, got number", "value"),
        ("wrong-type", "spec.port", "spec.port: 1.5 is not one of [80, 443]", "value"),
        ("wrong-type", "size", "size: expected string or integer, got null", "value"),
    ]
    with pytest.raises(Unsupported):
        bundled_problems({"properties": {"x": {"pattern": "^a"}}}, schemas.__getitem__, {"x": "b"})
    assert bundled_problems({"properties": {"x": {"pattern": "^a"}}}, schemas.__getitem__, {"y": "b"}) == []


def test_what_the_bundled_schema_cannot_explain_jsonschema_does(monkeypatch):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"nam": "x"}]}}
    direct = BUNDLE.problems("v1", "Pod", pod)
    assert [str(p.path) for p in direct] == ["spec.containers[0].nam", "spec.containers[0].name"]
    assert Schemas(BUNDLE.version).problems("v1", "Pod", pod) == direct
    assert BUNDLE.problems("v1", "Nothing", pod) is None

    def unsupported(*args):
        raise Unsupported("keyword 'pattern'")

    monkeypatch.setattr("podlint.schema.validate.bundled_problems", unsupported)
    assert BUNDLE.problems("v1", "Pod", pod) is None
    assert Schemas(BUNDLE.version).problems("v1", "Pod", pod) == direct  # from jsonschema


def test_the_run_switches_to_jsonschema_rs_after_the_first_objects(monkeypatch):
    pytest.importorskip("jsonschema_rs")
    bundle = bundles.SchemaBundle(BUNDLE.version)
    monkeypatch.setattr(bundles, "QUICK_OBJECTS", 3)
    validators = [bundle.fast_validator("v1", "Pod") for _ in range(5)]
    assert all(isinstance(validator, QuickValidator) for validator in validators[:3])
    native = bundle.native_validator("v1", "Pod")
    assert validators[3:] == [native, native] and not isinstance(native, QuickValidator)


def _findings(texts):
    return [json.dumps([repr(f) for f in Linter(Config()).lint_text(t, "x.yaml").findings]) for t in texts]


def test_findings_are_the_same_on_every_path(monkeypatch):
    texts = [case[1] for case in CASES]
    monkeypatch.setattr(bundles, "QUICK_OBJECTS", 10**9)
    monkeypatch.setattr(BUNDLE, "_validations", 0)
    quick_only = _findings(texts)
    monkeypatch.setattr(bundles, "QUICK_OBJECTS", 0)
    native_only = _findings(texts)
    real_import = builtins.__import__

    def no_jsonschema_rs(name, *args, **kwargs):
        if name == "jsonschema_rs":
            raise ImportError("not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_jsonschema_rs)
    monkeypatch.setattr(BUNDLE, "_fast", {})
    without = _findings(texts)
    assert quick_only == native_only == without
    assert all(value is None for value in BUNDLE._fast.values())


def test_linting_imports_no_jsonschema_for_the_bundled_schemas(tmp_path):
    """jsonschema and its ``referencing`` take ~50 ms to import: a pre-commit run over a file
    with a typo, or over a custom resource that no schema describes, does without them."""
    (tmp_path / "typo.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  nme: web\nspec: {}\n")
    (tmp_path / "custom.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
    code = (
        "import sys\nfrom podlint.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(f'IMPORTED {sorted(m for m in (\"jsonschema\", \"referencing\") if m in sys.modules)}')"
    )
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", code, "lint", "--no-cache", "--format", "concise", str(tmp_path)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": path}, timeout=60,
    )
    assert "unknown field \"metadata.nme\"" in done.stdout
    assert "spec.containers: Required value" in done.stdout
    assert done.stderr.endswith("IMPORTED []")
