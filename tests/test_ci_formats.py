"""The CI formats, run through the real command line: JUnit XML and GitHub Actions commands."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest
from conftest import ROOT, run_cli

INPUT = "tests/reporters/input"
BROKEN = "tests/reporters/input/broken.yaml"
WORKLOADS = "tests/reporters/input/workloads.yaml"
CLEAN = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n"
NAME_RULE = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end"
    " with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is"
    " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)


def junit(*args: str, input: bytes | None = None, cwd=ROOT) -> tuple[ET.Element, object]:
    result = run_cli("lint", "--format", "junit", *args, input=input, cwd=cwd)
    assert b"Traceback" not in result.stderr
    assert result.stdout.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    return ET.fromstring(result.stdout), result


def cases(suite: ET.Element) -> dict[str, list[ET.Element]]:
    """Testcase name: its failures."""
    return {case.get("name"): case.findall("failure") for case in suite.findall("testcase")}


def counts(element: ET.Element) -> tuple[str, str, str]:
    return element.get("tests"), element.get("failures"), element.get("errors")


# --- JUnit --------------------------------------------------------------------------------------------


def test_junit_structure(tmp_path):
    (tmp_path / "clean.yaml").write_bytes(CLEAN)
    root, result = junit(INPUT, str(tmp_path / "clean.yaml"))
    assert result.returncode == 1, result.stderr
    assert root.tag == "testsuites"
    assert root.get("name") == "podlint"
    assert counts(root) == ("4", "3", "0")
    clean = str(tmp_path / "clean.yaml")
    suites = root.findall("testsuite")
    # every linted file, sorted, the clean one included
    assert [s.get("name") for s in suites] == sorted([clean, BROKEN, WORKLOADS])
    by_name = {s.get("name"): s for s in suites}

    assert counts(by_name[clean]) == ("1", "0", "0")
    assert cases(by_name[clean]) == {"ConfigMap/settings": []}
    assert by_name[clean].find("testcase").get("classname") == clean

    # a syntax error and a document that is no object: findings of the file
    broken = by_name[BROKEN]
    assert counts(broken) == ("1", "1", "0")
    assert {name: [f.get("type") for f in fs] for name, fs in cases(broken).items()} == {
        "(file)": ["yaml-syntax", "not-kubernetes-object"]
    }

    workloads = by_name[WORKLOADS]
    assert counts(workloads) == ("2", "2", "0")
    assert [(c.get("classname"), c.get("name")) for c in workloads.findall("testcase")] == [
        (WORKLOADS, "Deployment/prod/api"),
        (WORKLOADS, "Pod/debug"),
    ]
    by_case = cases(workloads)
    assert [f.get("type") for f in by_case["Deployment/prod/api"]] == [
        "automount-service-account-token",
        "missing-memory-limit",
        "readonly-root-filesystem",
        "latest-tag",
    ]
    assert [f.get("type") for f in by_case["Pod/debug"]] == [
        "automount-service-account-token",
        "readonly-root-filesystem",
        "invalid-name",
        "latest-tag",
        "missing-memory-limit",
    ]
    failure = by_case["Deployment/prod/api"][3]
    assert failure.attrib == {
        "type": "latest-tag",
        "message": '13:18: warning [latest-tag] container "api" uses image "example/api" with no tag',
    }
    assert (
        failure.text == f'{WORKLOADS}:13:18: warning [latest-tag] container "api" uses image "example/api" with no tag'
    )
    # control characters of a manifest, escaped as the concise format escapes them
    odd = by_case["Pod/debug"][2]
    assert odd.get("message") == (
        f'21:13: error [invalid-name] spec.containers[0].name: Invalid value: "shell\\x1b[31m\\a": {NAME_RULE}'
    )
    assert odd.text == f"{WORKLOADS}:{odd.get('message')}"


def test_junit_failure_texts_are_the_concise_lines():
    root, _ = junit(INPUT)
    concise = run_cli("lint", "--format", "concise", INPUT, cwd=ROOT).stdout.decode().splitlines()
    assert [f.text for f in root.iter("failure")] == concise


ODD = (
    b"apiVersion: v1\n"
    b"kind: Pod\n"
    b'metadata: {name: "x\\0y<&>\'q\\"\\uFFFE"}\n'
    b"spec:\n"
    b'  containers: [{name: "a\\a\\x1b]]>\\t", image: "nginx:1", resources: {requests: {cpu: 1, memory: 1Mi}}}]\n'
)


def test_junit_is_valid_xml_whatever_the_manifest_holds():
    root, _ = junit("--stdin-filename", "odd\x01<&>.yaml", "-", input=ODD)
    suite = root.find("testsuite")
    assert suite.get("name") == "odd\\x01<&>.yaml"
    assert list(cases(suite)) == ["Pod/x\\x00y<&>'q\"\\ufffe"]
    messages = [f.get("message") for f in root.iter("failure")]
    assert messages == [
        '2:7: warning [bare-pod] pod "x\\x00y<&>\'q"\\ufffe" is not managed by a controller',
        (
            '3:18: error [invalid-name] metadata.name: Invalid value: "x\\x00y<&>\'q\\"\\ufffe": a lowercase RFC 1123'
            " subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an"
            " alphanumeric character (e.g. 'example.com', regex used for validation is"
            " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        ),
        (
            "4:1: info [automount-service-account-token] the pod mounts the default service account's API token"
            " (automountServiceAccountToken is not false)"
        ),
        # the concise format keeps a tab as it is
        '5:17: info [readonly-root-filesystem] container "a\\x07\\x1b]]>\t" has a writable root filesystem',
        f'5:23: error [invalid-name] spec.containers[0].name: Invalid value: "a\\a\\x1b]]>\\t": {NAME_RULE}',
        # the concise format keeps a tab as it is
        '5:57: warning [missing-memory-limit] container "a\\x07\\x1b]]>\t" has no memory limit',
        (
            '5:96: warning [suspicious-quantity] memory request "1Mi" of container "a\\x07\\x1b]]>\t"'
            " is 1,048,576 bytes, less than 4Mi"
        ),
    ]
    assert next(f.text for f in root.iter("failure")) == f"odd\\x01<&>.yaml:{messages[0]}"


SAME_NAMES = b"""\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: a, image: "nginx:1", resources: {requests: {cpu: 1}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: b, image: nginx, resources: {requests: {cpu: 1, memory: 1Mi}}}]
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: c, image: "x:1"}]}}
  - {apiVersion: v1, kind: Pod, metadata: {}, spec: {containers: [{name: d, image: "x:1", resources: {limits: {cpu: 1}}}]}}
  - {apiVersion: v1, kind: Pod, metadata: {}, spec: {containers: [{name: e, image: "x"}]}}
---
apiVersion: v1
kind: List
items: []
items: []
"""


def test_junit_objects_with_the_same_name_get_their_own_failures():
    root, _ = junit("--select", "bare-pod,latest-tag,missing-requests,duplicate-key", "-", input=SAME_NAMES)
    suite = root.find("testsuite")
    found = [(name, [f.text.partition(":")[2] for f in fs]) for name, fs in cases(suite).items()]
    assert found == [
        # the List's own duplicate key: the List is no object of its own, its items are
        ("(file)", ['27:1: error [duplicate-key] mapping key "items" already defined at line 26']),
        (
            "Pod/web #1",
            [
                '2:7: warning [bare-pod] pod "web" is not managed by a controller',
                '5:56: warning [missing-requests] container "a" has no memory request',
            ],
        ),
        ("ConfigMap/web", []),
        (
            "Pod/web #3",
            [
                '12:7: warning [bare-pod] pod "web" is not managed by a controller',
                '15:33: warning [latest-tag] container "b" uses image "nginx" with no tag',
            ],
        ),
        (
            "Pod/web #4",
            [
                '20:28: warning [bare-pod] pod "web" is not managed by a controller',
                '20:77: warning [missing-requests] container "c" has no cpu or memory request',
            ],
        ),
        (
            "Pod #5",
            [
                '21:28: warning [bare-pod] the pod is not managed by a controller',
                '21:91: warning [missing-requests] container "d" has no memory request',
            ],
        ),
        (
            "Pod #6",
            [
                '22:28: warning [bare-pod] the pod is not managed by a controller',
                '22:68: warning [missing-requests] container "e" has no cpu or memory request',
                '22:84: warning [latest-tag] container "e" uses image "x" with no tag',
            ],
        ),
    ]
    assert counts(suite) == ("7", "6", "0")


def test_attribution_without_positions_goes_by_order():
    """Without the file's lines, namesakes are told apart only by the findings between them."""
    from podlint.findings import Finding, ObjectRef, Severity
    from podlint.reporters.junit_format import attribute
    from podlint.sourcemap import Span

    web, other = ObjectRef("Pod", "web", None), ObjectRef("Pod", "other", None)

    def finding(line: int, ref: ObjectRef | None) -> Finding:
        return Finding("r", Severity.WARNING, "m", "f.yaml", Span(line, 1, line, 2), ref, "")

    findings = [finding(1, None), finding(2, web), finding(5, other), finding(8, web), finding(9, web)]
    loose, owned = attribute([web, other, web], findings, None)
    assert loose == findings[:1]
    assert owned == [findings[1:2], findings[2:3], findings[3:]]
    # nothing between the namesakes: ambiguous, so the first of them
    loose, owned = attribute([web, web], findings[1:2] + findings[3:], None)
    assert owned == [[findings[1], *findings[3:]], []]


def test_junit_unreadable_files_are_errors(tmp_path):
    (tmp_path / "pod.yaml").write_bytes(CLEAN)
    paths = ["missing.yaml", "pod.yaml"]
    unreadable = tmp_path / "secret.yaml"
    unreadable.write_bytes(CLEAN)
    unreadable.chmod(0)
    root_can_read = os.access(unreadable, os.R_OK)  # root reads it anyway
    if not root_can_read:
        paths.append("secret.yaml")
    root, result = junit(*paths, cwd=tmp_path)
    assert result.returncode == 2
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == sorted(paths)
    assert counts(suites["pod.yaml"]) == ("1", "0", "0")
    missing = suites["missing.yaml"]
    assert counts(missing) == ("1", "0", "1")
    case = missing.find("testcase")
    assert case.attrib == {"classname": "missing.yaml", "name": "(file)"}
    error = case.find("error")
    assert error.attrib == {"type": "error", "message": "missing.yaml: no such file or directory"}
    assert error.text == "missing.yaml: no such file or directory"
    if not root_can_read:
        assert suites["secret.yaml"].find("testcase/error").get("message") == (
            "secret.yaml: cannot read: Permission denied"
        )
    assert counts(root) == (str(len(paths)), "0", str(len(paths) - 1))


def test_junit_output_file(tmp_path):
    report = tmp_path / "report.xml"
    result = run_cli("lint", "--format", "junit", "--output-file", str(report), INPUT, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout == b"2 files, 2 objects: 2 errors, 4 warnings, 5 infos\n"
    assert ET.parse(report).getroot().get("failures") == "3"


# --- GitHub Actions ------------------------------------------------------------------------------------


def test_github_commands():
    result = run_cli("lint", "--format", "github", INPUT, cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr == b""
    assert result.stdout.decode().splitlines() == [
        (
            f"::error file={BROKEN},line=5,col=13,endLine=5,endColumn=14,title=yaml-syntax"
            "::mapping values are not allowed in this context"
        ),
        (
            f"::notice file={BROKEN},line=7,col=1,endLine=7,endColumn=8,title=not-kubernetes-object"
            "::document has no apiVersion or kind: not a Kubernetes object, skipped"
        ),
        (
            f"::notice file={WORKLOADS},line=10,col=5,endLine=10,endColumn=9,title=automount-service-account-token"
            "::the pod mounts the default service account's API token (automountServiceAccountToken is not false)"
        ),
        (
            f"::warning file={WORKLOADS},line=12,col=11,endLine=12,endColumn=15,title=missing-memory-limit"
            '::container "api" has no memory limit'
        ),
        (
            f"::notice file={WORKLOADS},line=12,col=11,endLine=12,endColumn=15,title=readonly-root-filesystem"
            '::container "api" has a writable root filesystem'
        ),
        (
            f"::warning file={WORKLOADS},line=13,col=18,endLine=13,endColumn=29,title=latest-tag"
            '::container "api" uses image "example/api" with no tag'
        ),
        (
            f"::notice file={WORKLOADS},line=19,col=1,endLine=19,endColumn=5,title=automount-service-account-token"
            "::the pod mounts the default service account's API token (automountServiceAccountToken is not false)"
        ),
        (
            f"::notice file={WORKLOADS},line=21,col=7,endLine=21,endColumn=11,title=readonly-root-filesystem"
            '::container "shell\\x1b[31m\\x07" has a writable root filesystem'
        ),
        (
            f"::error file={WORKLOADS},line=21,col=13,endLine=21,endColumn=32,title=invalid-name"
            f'::spec.containers[0].name: Invalid value: "shell\\x1b[31m\\a": {NAME_RULE}'
        ),
        (
            f"::warning file={WORKLOADS},line=22,col=14,endLine=22,endColumn=28,title=latest-tag"
            '::container "shell\\x1b[31m\\x07" uses image "busybox:latest" with the "latest" tag'
        ),
        (
            f"::warning file={WORKLOADS},line=23,col=7,endLine=23,endColumn=16,title=missing-memory-limit"
            '::container "shell\\x1b[31m\\x07" has no memory limit'
        ),
        "2 files, 2 objects: 2 errors, 4 warnings, 5 infos",
    ]


def test_github_quiet_has_no_summary():
    result = run_cli("lint", "--format", "github", "--quiet", INPUT, cwd=ROOT)
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 11
    assert all(line.startswith("::") for line in lines)


ESCAPES = b'apiVersion: v1\nkind: Pod\nmetadata: {name: "we\\nb%:,\\r"}\nspec: {containers: [{name: c, image: "x:1", resources: {requests: {cpu: 1, memory: 1Mi}}}]}\n'


@pytest.mark.parametrize(
    "filename, escaped",
    [
        ("a,b:c%.yaml", "a%2Cb%3Ac%25.yaml"),
        ("dir\nx.yaml", "dir%0Ax.yaml"),
        ("C:\\k8s\\%41.yaml", "C%3A\\k8s\\%2541.yaml"),
    ],
)
def test_github_escaping(filename, escaped):
    result = run_cli(
        "lint", "--format", "github", "--select", "bare-pod", "--stdin-filename", filename, "-", input=ESCAPES
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.decode() == (
        f"::warning file={escaped},line=2,col=7,endLine=2,endColumn=10,title=bare-pod"
        '::pod "we%0Ab%25:,%0D" is not managed by a controller\n'
        "1 file, 1 object: 0 errors, 1 warning, 0 infos\n"
    )


def test_github_escape_functions():
    from podlint.reporters.github_format import escape_data, escape_property

    assert escape_data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad"
    assert escape_property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad"
    assert escape_data("%0A") == "%250A"  # already escaped-looking text stays what it was
