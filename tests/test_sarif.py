"""``--format sarif``: a SARIF 2.1.0 log that validates against the official OASIS schema.

``sarif-schema-2.1.0.json`` beside this file is the OASIS SARIF TC's schema for SARIF 2.1.0
(oasis-tcs/sarif-spec, Documents/CommitteeSpecifications/2.1.0/sarif-schema-2.1.0.json), a
JSON Schema draft-07 document.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, run_cli

from podlint.engine import LintResult
from podlint.findings import Finding, ObjectRef, Severity
from podlint.registry import catalogue
from podlint.reporters import sarif_format
from podlint.sourcemap import Span

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
INPUT = "tests/reporters/input"

POD = b"""\
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: web
      image: nginx:latest
      resources: {requests: {cpu: 10m, memory: 16Mi}}
    - name: side
      image: busybox
      resources: {requests: {cpu: 10m, memory: 16Mi}}
"""

HELM_STREAM = b"""\
---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata: {name: Web}
spec: {ports: [{port: 80}]}
"""

# RFC 3986 URI reference characters, with every "%" starting a percent-encoded octet
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*\Z")


def validate(log: dict) -> None:
    validator = jsonschema.validators.validator_for(SCHEMA)
    assert validator is jsonschema.Draft7Validator
    validator(SCHEMA).validate(log)
    for run in log["runs"]:
        for result in run["results"]:
            for location in result["locations"] + result.get("relatedLocations", []):
                uri = location["physicalLocation"]["artifactLocation"]["uri"]
                assert URI_REFERENCE.match(uri), uri


def sarif(*args: str, input: bytes | None = None, cwd: Path = ROOT, code: int | None = None) -> dict:
    result = run_cli("lint", "--format", "sarif", *args, input=input, cwd=cwd)
    if code is not None:
        assert result.returncode == code, result.stderr
    text = result.stdout.decode("utf-8")
    assert text.endswith("}\n")
    log = json.loads(text)
    validate(log)
    return log


def region(result: dict) -> tuple:
    r = result["locations"][0]["physicalLocation"]["region"]
    return r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]


def artifact(result: dict) -> dict:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]


def test_the_shipped_schema_is_the_sarif_2_1_0_schema():
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert (
        SCHEMA["$id"]
        == "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    )
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    # and it does reject what SARIF forbids: podlint's own severity name is no SARIF level
    log = sarif(INPUT, code=1)
    log["runs"][0]["results"][1]["level"] = "info"
    with pytest.raises(jsonschema.ValidationError):
        validate(log)


def test_log_shape_and_known_findings():
    log = sarif(INPUT, code=1)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "podlint"
    assert driver["version"] == "0.1.0"
    assert "informationUri" not in driver
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": ROOT.resolve().as_uri() + "/"}}
    assert run["invocations"] == [{"executionSuccessful": True}]
    got = [(r["ruleId"], r["level"], artifact(r)["uri"], region(r)) for r in run["results"]]
    assert got == [
        ("yaml-syntax", "error", "tests/reporters/input/broken.yaml", (5, 13, 5, 14)),
        ("not-kubernetes-object", "note", "tests/reporters/input/broken.yaml", (7, 1, 7, 8)),
        ("automount-service-account-token", "note", "tests/reporters/input/workloads.yaml", (10, 5, 10, 9)),
        ("missing-memory-limit", "warning", "tests/reporters/input/workloads.yaml", (12, 11, 12, 15)),
        ("readonly-root-filesystem", "note", "tests/reporters/input/workloads.yaml", (12, 11, 12, 15)),
        ("latest-tag", "warning", "tests/reporters/input/workloads.yaml", (13, 18, 13, 29)),
        ("automount-service-account-token", "note", "tests/reporters/input/workloads.yaml", (19, 1, 19, 5)),
        ("readonly-root-filesystem", "note", "tests/reporters/input/workloads.yaml", (21, 7, 21, 11)),
        ("invalid-name", "error", "tests/reporters/input/workloads.yaml", (21, 13, 21, 32)),
        ("latest-tag", "warning", "tests/reporters/input/workloads.yaml", (22, 14, 22, 28)),
        ("missing-memory-limit", "warning", "tests/reporters/input/workloads.yaml", (23, 7, 23, 16)),
    ]
    assert all(artifact(r)["uriBaseId"] == "%SRCROOT%" for r in run["results"])
    syntax, _, _, _, _, deployment, _, _, _, pod, _ = run["results"]
    # file-level findings have neither an object nor a field path
    assert syntax["locations"][0].keys() == {"physicalLocation"}
    assert deployment["message"] == {"text": 'container "api" uses image "example/api" with no tag'}
    assert deployment["locations"][0]["logicalLocations"] == [
        {"name": "api", "fullyQualifiedName": "Deployment/prod/api", "kind": "object"}
    ]
    assert deployment["locations"][0]["properties"] == {"path": "spec.template.spec.containers[0].image"}
    # the message as podlint wrote it, control characters from the manifest included
    assert pod["message"]["text"] == 'container "shell\x1b[31m\x07" uses image "busybox:latest" with the "latest" tag'
    assert pod["locations"][0]["logicalLocations"] == [
        {"name": "debug", "fullyQualifiedName": "Pod/debug", "kind": "object"}
    ]
    assert all("relatedLocations" not in r for r in run["results"])


def test_rules_are_the_catalogue_and_results_point_at_theirs():
    run = sarif(INPUT, code=1)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(catalogue()) == list(catalogue())
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = {rule["id"]: rule for rule in rules}
    latest = by_id["latest-tag"]
    assert latest["name"] == "LatestTag"
    assert latest["shortDescription"] == {"text": "Container image has the `latest` tag or no tag."}
    assert latest["fullDescription"]["text"].startswith("An image without a tag means `:latest`, and `latest` moves:")
    assert latest["fullDescription"]["text"].endswith("is never pulled, so it has no tag to speak of and is not reported.")
    assert latest["help"]["text"] == (
        latest["fullDescription"]["text"]
        + "\n\nHow to fix: Pin the image to a version tag or a digest, e.g. `nginx:1.27.2`."
    )
    assert latest["help"]["markdown"].endswith(
        "\n\n**How to fix:** Pin the image to a version tag or a digest, e.g. `nginx:1.27.2`."
        "\n\n**References:**"
        "\n- <https://kubernetes.io/docs/concepts/containers/images/#image-names>"
        "\n- <https://kubernetes.io/docs/concepts/configuration/overview/#container-images>"
    )
    assert latest["helpUri"] == "https://kubernetes.io/docs/concepts/containers/images/#image-names"
    assert latest["defaultConfiguration"] == {"level": "warning"}
    assert latest["properties"] == {"category": "images", "tags": ["images"]}
    assert by_id["invalid-dns-policy"]["name"] == "InvalidDnsPolicy"
    assert by_id["yaml-syntax"]["defaultConfiguration"] == {"level": "error"}
    assert by_id["unused-suppression"]["defaultConfiguration"] == {"level": "note"}
    for rule in rules:
        spec = catalogue()[rule["id"]]
        assert rule["helpUri"] == spec.references[0] and rule["helpUri"].startswith("https://")
        assert rule["properties"] == {"category": spec.category, "tags": [spec.category]}


def test_configured_severity_and_relative_uris(tmp_path):
    (tmp_path / ".podlint.yaml").write_text("rules:\n  latest-tag:\n    severity: error\n")
    odd = tmp_path / "k8s dir" / "pod #1%é.yaml"
    odd.parent.mkdir()
    odd.write_bytes(POD)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_bytes(POD)
    try:
        run = sarif("k8s dir", str(odd), str(outside), cwd=tmp_path, code=1)["runs"][0]
    finally:
        outside.unlink()
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
    results = [r for r in run["results"] if r["ruleId"] == "latest-tag"]
    # configured to error: the result says so, the rule keeps its default
    assert {r["level"] for r in results} == {"error"}
    rules = run["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["defaultConfiguration"] == {"level": "warning"}
    locations = Counter(json.dumps(artifact(r), sort_keys=True) for r in results)
    assert locations == {
        # the directory's file, and the same file by its absolute path: one relative, percent-encoded URI
        json.dumps({"uri": "k8s%20dir/pod%20%231%25%C3%A9.yaml", "uriBaseId": "%SRCROOT%"}): 4,
        # outside the current directory: an absolute file URI
        json.dumps({"uri": outside.resolve().as_uri()}): 2,
    }


def test_stdin_and_helm_template(tmp_path):
    run = sarif("--stdin-filename", "shop.yaml", "-", input=HELM_STREAM, cwd=tmp_path, code=1)["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "invalid-name"
    assert result["level"] == "error"
    assert artifact(result) == {"uri": "shop.yaml", "uriBaseId": "%SRCROOT%"}
    assert region(result) == (5, 18, 5, 21)
    assert result["locations"][0]["logicalLocations"] == [
        {"name": "Web", "fullyQualifiedName": "Service/Web", "kind": "object"}
    ]
    assert result["relatedLocations"] == [
        {
            "id": 0,
            "physicalLocation": {"artifactLocation": {"uri": "shop/templates/service.yaml"}},
            "message": {"text": "rendered from the Helm template shop/templates/service.yaml"},
        }
    ]
    (result,) = sarif("-", input=HELM_STREAM, cwd=tmp_path, code=1)["runs"][0]["results"]
    assert artifact(result) == {"uri": "%3Cstdin%3E", "uriBaseId": "%SRCROOT%"}


def test_fingerprints_survive_lines_inserted_above(tmp_path):
    def results(text: bytes) -> list[dict]:
        log = sarif("--select", "latest-tag", "--stdin-filename", "k8s/pod.yaml", "-", input=text, cwd=tmp_path)
        return log["runs"][0]["results"]

    before = results(POD)
    after = results(b"# a comment\n# and another\n\n" + POD)
    assert [region(r)[0] for r in before] == [7, 10]
    assert [region(r)[0] for r in after] == [10, 13]
    prints = [r["partialFingerprints"] for r in before]
    assert prints == [r["partialFingerprints"] for r in after]
    expected = hashlib.sha256(b"latest-tag\0k8s/pod.yaml\0spec.containers[0].image\0Pod/shop/web").hexdigest()
    assert prints[0] == {"podlint/v1": expected}
    assert prints[0] != prints[1]  # the other container's image
    # two findings with no object and no field path in one file are still told apart
    notes = sarif("-", input=b"a: 1\n---\nb: 2\n", cwd=tmp_path, code=0)["runs"][0]["results"]
    assert [r["ruleId"] for r in notes] == ["not-kubernetes-object"] * 2
    assert notes[0]["partialFingerprints"] != notes[1]["partialFingerprints"]


def test_unreadable_paths_make_the_invocation_unsuccessful(tmp_path):
    (tmp_path / "pod.yaml").write_bytes(POD)
    run = sarif("pod.yaml", "missing.yaml", cwd=tmp_path, code=2)["runs"][0]
    assert run["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": "missing.yaml: no such file or directory"}}
            ],
        }
    ]
    assert [r["ruleId"] for r in run["results"]] == [
        "bare-pod", "automount-service-account-token",
        "readonly-root-filesystem", "latest-tag", "missing-memory-limit",
        "readonly-root-filesystem", "latest-tag", "missing-memory-limit",
    ]


def test_quiet_changes_nothing_and_no_findings_is_an_empty_run(tmp_path):
    (tmp_path / "ok.yaml").write_bytes(b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n")
    log = sarif("ok.yaml", cwd=tmp_path, code=0)
    assert log["runs"][0]["results"] == []
    assert sarif("-q", "ok.yaml", cwd=tmp_path, code=0) == log


def test_any_characters_in_messages_make_valid_json():
    message = 'quote " backslash \\ newline\nreturn\r tab\t nul \x00 escape \x1b[31m bell \x07 del \x7f ls \u2028 ✓ 🚀'
    finding = Finding(
        "latest-tag", Severity.INFO, message, 'we"ird\\name.yaml', Span(1, 1, 1, 2), ObjectRef("Pod", 'a"b', None), ""
    )
    stream = io.StringIO()
    sarif_format.render(LintResult(findings=[finding], files=1, objects=1), stream)
    text = stream.getvalue()
    assert text.endswith("}\n")
    log = json.loads(text)
    validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["message"]["text"] == message
    assert result["level"] == "note"
    assert artifact(result)["uri"] == "we%22ird%5Cname.yaml"
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == 'Pod/a"b'
    assert "properties" not in result["locations"][0]


def _dumped(result, tmp_path) -> tuple[str, str]:
    """The log as ``render`` streams it, and as ``json.dump`` writes it whole."""
    whole = io.StringIO()
    json.dump(sarif_format.as_log(result), whole, indent=2)
    whole.write("\n")
    streamed = io.StringIO()
    sarif_format.render(result, streamed)
    return streamed.getvalue(), whole.getvalue()


@pytest.mark.parametrize(
    "files",
    [
        {"ok.yaml": b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"},  # no result
        {"pod.yaml": POD, "helm.yaml": HELM_STREAM},  # two files, namespaced objects, a Helm template
        {"broken.yaml": b"a: [\n"},  # a syntax error: no object, no field path
        # no name, quotes, a backslash and non-ASCII in a message; a second file-level finding of
        # one rule in one file (its fingerprint counts its occurrence)
        {"odd name é.yaml": b'apiVersion: v1\nkind: Pod\nmetadata: {namespace: "pr\\u00f6d"}\n'
                            b'spec: {containers: [{name: c, image: "a\\\\b\\"c"}]}\n'
                            b"---\n# podlint: disable=nothing-such\n---\n# podlint: disable=nothing-such\n"},
    ],
)
def test_streamed_log_is_what_json_dump_writes(files, tmp_path, monkeypatch):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    from podlint.config import Config
    from podlint.engine import Linter

    result = Linter(Config()).lint_paths([*files, "missing.yaml"])
    assert result.errors  # notifications too
    streamed, whole = _dumped(result, tmp_path)
    assert streamed == whole
    validate(json.loads(streamed))


def test_a_finding_of_a_rule_outside_the_catalogue_streams_without_a_rule_index(tmp_path):
    finding = Finding("not-a-rule", Severity.ERROR, "m", "m.yaml", Span(2, 3, 2, 9), None, "spec")
    streamed, whole = _dumped(LintResult(findings=[finding], files=1, objects=0), tmp_path)
    assert streamed == whole
    assert "ruleIndex" not in json.loads(streamed)["runs"][0]["results"][0]
