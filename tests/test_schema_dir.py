"""The user's own JSON schemas (``--schema-dir``, config ``schema-dirs``) and unknown kinds."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from podlint.schema.catalog import schema_file_name

CERTIFICATE = b"""\
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
spec:
  secretName: web-tls
  dnsName: [example.com]
  issuerRef: {}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: gadget}
"""

CERTIFICATE_SCHEMA = {
    "type": "object",
    "properties": {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object"},
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "required": ["secretName", "issuerRef"],
            "properties": {
                "secretName": {"type": "string"},
                "dnsNames": {"type": "array", "items": {"type": "string"}},
                "issuerRef": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
            },
        },
    },
}


@pytest.mark.parametrize(
    "api_version, kind, name",
    [
        ("cert-manager.io/v1", "Certificate", "certificate-cert-manager-v1.json"),
        ("v1", "Pod", "pod-v1.json"),
        ("apps/v1", "Deployment", "deployment-apps-v1.json"),
        ("monitoring.coreos.com/v1", "ServiceMonitor", "servicemonitor-monitoring-v1.json"),
    ],
)
def test_kubeconform_file_names(api_version, kind, name):
    assert schema_file_name(api_version, kind) == name


@pytest.fixture
def schema_dir(tmp_path):
    directory = tmp_path / "schemas"
    directory.mkdir()
    (directory / "certificate-cert-manager-v1.json").write_text(json.dumps(CERTIFICATE_SCHEMA))
    return directory


def test_unknown_kinds_are_counted_not_validated():
    result = run_cli("lint", "-", input=CERTIFICATE)
    assert result.returncode == 0
    assert result.stdout.decode() == (
        "1 file, 2 objects (2 of unknown kinds, not validated): 0 errors, 0 warnings, 0 infos\n"
    )


def test_crd_validated_with_schema_dir(schema_dir):
    result = run_cli("lint", "--format", "concise", "--schema-dir", str(schema_dir), "-", input=CERTIFICATE)
    assert result.returncode == 1
    assert result.stdout.decode() == (
        '<stdin>:7:3: error [unknown-field] unknown field "spec.dnsName" (did you mean "dnsNames"?)\n'
        "<stdin>:8:3: error [missing-required-field] spec.issuerRef.name: Required value\n"
    )
    text = run_cli("lint", "--select", "unknown-field", "--schema-dir", str(schema_dir), "-", input=CERTIFICATE)
    assert text.stdout.decode().splitlines()[-1] == (
        "1 file, 2 objects (1 of an unknown kind, not validated): 1 error, 0 warnings, 0 infos"
    )


def test_schema_dirs_in_configuration_are_relative_to_it(schema_dir, tmp_path):
    (tmp_path / ".podlint.yaml").write_text("schema-dirs: [schemas]\nselect: [schema]\n")
    manifest = tmp_path / "cert.yaml"
    manifest.write_bytes(CERTIFICATE)
    result = run_cli("lint", "--format", "concise", "cert.yaml", cwd=tmp_path)
    assert result.stdout.decode().splitlines() == [
        'cert.yaml:7:3: error [unknown-field] unknown field "spec.dnsName" (did you mean "dnsNames"?)',
        "cert.yaml:8:3: error [missing-required-field] spec.issuerRef.name: Required value",
    ]


def test_missing_schema_dir(tmp_path):
    result = run_cli("lint", "--schema-dir", str(tmp_path / "nope"), "-", input=CERTIFICATE)
    assert result.returncode == 2
    assert result.stderr.decode() == f"podlint: error: {tmp_path / 'nope'}: schema directory not found\n"


def test_broken_schema_file_is_one_error_and_the_rest_is_linted(schema_dir):
    (schema_dir / "widget-example-v1.json").write_text("{\n  'type': 'object'}\n")
    result = run_cli("lint", "--format", "concise", "--schema-dir", str(schema_dir), "-", input=CERTIFICATE)
    assert result.returncode == 2
    assert result.stdout.decode().startswith("<stdin>:7:3: error [unknown-field]")
    assert result.stderr.decode() == (
        f"podlint: error: {schema_dir / 'widget-example-v1.json'}:2:3: not JSON: "
        "Expecting property name enclosed in double quotes\n"
    )


def test_invalid_schema_is_reported(schema_dir):
    (schema_dir / "widget-example-v1.json").write_text('{"type": "thing"}')
    result = run_cli("lint", "--schema-dir", str(schema_dir), "-", input=CERTIFICATE)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(
        f"podlint: error: {schema_dir / 'widget-example-v1.json'}: not a valid JSON schema at type: "
    )


@pytest.mark.parametrize("depth", [400, 100_000])  # too deep for jsonschema; too deep for json itself
def test_a_schema_nested_too_deeply_is_one_error(schema_dir, depth):
    (schema_dir / "widget-example-v1.json").write_text('{"properties": {"a": ' * depth + "{}" + "}}" * depth)
    result = run_cli("lint", "--schema-dir", str(schema_dir), "-", input=CERTIFICATE)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"podlint: error: {schema_dir / 'widget-example-v1.json'}: nested too deeply to be read as a JSON schema\n"
    )
