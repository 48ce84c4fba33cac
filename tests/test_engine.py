"""The engine on odd but legal input, and what it reports about objects."""

from __future__ import annotations

import pytest

from podlint.engine import Linter
from podlint.imageref import ImageRef

ALL = None  # every default rule


@pytest.mark.parametrize(
    "text, expected",
    [
        ("null\n", [(1, 1, "not-kubernetes-object", "document is null, not a mapping: not a Kubernetes object, skipped")]),
        ("just a string\n", [(1, 1, "not-kubernetes-object", "document is a string, not a mapping: not a Kubernetes object, skipped")]),
        ("- a\n- b\n", [(1, 1, "not-kubernetes-object", "document is a list, not a mapping: not a Kubernetes object, skipped")]),
        ("apiVersion: v1\nkind: [Pod]\n", [(1, 1, "not-kubernetes-object", "document has no kind: not a Kubernetes object, skipped")]),
        ("1: 2\ntrue: x\n", [(1, 1, "not-kubernetes-object", "document has no apiVersion or kind: not a Kubernetes object, skipped")]),
        ("apiversion: v1\nkind: Service\n",
         [(1, 1, "not-kubernetes-object", 'document has no apiVersion (found "apiversion"): not a Kubernetes object, skipped')]),
        ("# only a comment\n", []),
        ("", []),
        ("---\n---\n", []),
    ],
)
def test_documents_that_are_not_objects(lint, text, expected):
    report = lint(text)
    assert [(f.line, f.column, f.rule, f.message) for f in report.findings] == expected
    assert report.objects == 0


def test_odd_objects_do_not_crash(lint):
    text = """\
    apiVersion: v1
    kind: Pod
    metadata: {name: 42, namespace: [x], annotations: {podlint.io/ignore: 7}}
    spec:
      containers:
        - name: 1
          image: 3
          resources: {requests: [], limits: 5}
        - image: ""
        - null
        - {name: x, image: "nginx:1", resources: {requests: {cpu: .inf, memory: 99999999999999999999999}}}
      initContainers: {}
    """
    report = lint(text)
    assert report.objects == 1
    assert [(f.line, f.column, f.rule, f.message) for f in report.findings] == [
        (2, 7, "bare-pod", 'the pod is not managed by a controller'),
        (3, 18, "wrong-type", "metadata.name: expected string, got integer"),
        (3, 33, "wrong-type", "metadata.namespace: expected string, got array"),
        (3, 71, "wrong-type", "metadata.annotations[podlint.io/ignore]: expected string, got integer"),
        (
            4,
            1,
            "automount-service-account-token",
            "the pod mounts the default service account's API token (automountServiceAccountToken is not false)",
        ),
        (6, 7, "readonly-root-filesystem", 'container "#0" has a writable root filesystem'),
        (6, 13, "wrong-type", "spec.containers[0].name: expected string, got integer"),
        (7, 14, "wrong-type", "spec.containers[0].image: expected string, got integer"),
        (8, 19, "missing-requests", 'container "#0" has no cpu or memory request'),  # at requests: (a list)
        (8, 29, "wrong-type", "spec.containers[0].resources.requests: expected object, got array"),
        (8, 33, "missing-memory-limit", 'container "#0" has no memory limit'),  # at limits: (an integer)
        (8, 41, "wrong-type", "spec.containers[0].resources.limits: expected object, got integer"),
        (9, 7, "missing-memory-limit", 'container "#1" has no memory limit'),
        (9, 7, "missing-requests", 'container "#1" has no cpu or memory request'),
        (9, 7, "missing-required-field", "spec.containers[1].name: Required value"),
        (9, 7, "missing-required-field", "spec.containers[1].image: Required value"),
        (9, 7, "readonly-root-filesystem", 'container "#1" has a writable root filesystem'),
        (11, 8, "readonly-root-filesystem", 'container "x" has a writable root filesystem'),
        (11, 35, "missing-memory-limit", 'container "x" has no memory limit'),
        (
            11,
            63,
            "invalid-quantity",
            "spec.containers[3].resources.requests[cpu]: Invalid value: +Inf: "
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        (
            11,
            77,
            "suspicious-quantity",
            'memory request "1e+23" of container "x" is 100,000,000,000,000,000,000,000 bytes (about 8.67e+04Ei), '
            "more than 1Ti",
        ),
        (12, 19, "wrong-type", "spec.initContainers: expected array, got object"),
    ]
    (finding,) = [f for f in report.findings if f.rule == "bare-pod"]
    assert finding.object.name is None and finding.object.namespace is None


def test_findings_are_sorted_and_carry_the_object(lint):
    text = """\
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: data}
    spec:
      template:
        spec:
          containers:
            - {name: db, image: "postgres", resources: {requests: {cpu: 1, memory: 1Gi}}}
            - {name: backup, image: "restic/restic:latest"}
    """
    report = lint(text, select=["latest-tag", "missing-requests"])
    assert [(f.line, f.column, f.rule, f.path) for f in report.findings] == [
        (8, 29, "latest-tag", "spec.template.spec.containers[0].image"),
        (9, 12, "missing-requests", "spec.template.spec.containers[1].resources.requests"),
        (9, 33, "latest-tag", "spec.template.spec.containers[1].image"),
    ]
    assert {f.object for f in report.findings} == {type(report.findings[0].object)("StatefulSet", "db", "data")}


def test_missing_requests_understands_defaults_and_roles(lint):
    from podlint.config import Config, RuleConfig

    text = """\
    apiVersion: v1
    kind: PodTemplate
    metadata: {name: t}
    template:
      spec:
        initContainers:
          - {name: setup, image: "a:1"}
          - {name: proxy, image: "b:1", restartPolicy: Always, resources: {limits: {cpu: 1}}}
        containers:
          - {name: app, image: "c:1", resources: {limits: {cpu: 1, memory: 1Gi}}}
        ephemeralContainers:
          - {name: debug, image: "d:1"}
    """
    assert [f.message for f in lint(text, select=["missing-requests"]).findings] == [
        'sidecar container "proxy" has no memory request',
    ]
    config = Config(rules={"missing-requests": RuleConfig(params={"include-init-containers": True})})
    assert [f.message for f in lint(text, select=["missing-requests"], config=config).findings] == [
        'init container "setup" has no cpu or memory request',
        'sidecar container "proxy" has no memory request',
    ]


def test_allowed_tags_parameter(lint):
    from podlint.config import Config, RuleConfig

    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: 'x:stable'}, {name: b, image: 'x:latest'}]}\n"
    config = Config(rules={"latest-tag": RuleConfig(params={"allowed-tags": ["latest"]})})
    assert lint(text, select=["latest-tag"], config=config).findings == []


@pytest.mark.parametrize(
    "image, expected",
    [
        ("nginx", ("nginx", None, None)),
        ("nginx:1.27", ("nginx", "1.27", None)),
        ("docker.io/library/nginx:latest", ("docker.io/library/nginx", "latest", None)),
        ("localhost:5000/app", ("localhost:5000/app", None, None)),
        ("localhost:5000/app:v2", ("localhost:5000/app", "v2", None)),
        ("app@sha256:abc", ("app", None, "sha256:abc")),
        ("app:1@sha256:abc", ("app", "1", "sha256:abc")),
    ],
)
def test_image_references(image, expected):
    ref = ImageRef.parse(image)
    assert (ref.repository, ref.tag, ref.digest) == expected


def test_no_image():
    assert ImageRef.parse("") is None and ImageRef.parse(None) is None and ImageRef.parse("  ") is None
    assert ImageRef.parse("docker.io/bitnami/mysql:8").name == "mysql"


def test_library_api(tmp_path):
    import podlint

    (tmp_path / "p.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n")
    result = podlint.lint_paths([str(tmp_path)], select=["bare-pod"])
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("bare-pod", 2, 7)]
    assert (result.files, result.objects, result.errors) == (1, 1, [])
    report = podlint.lint_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", select=["bare-pod"])
    assert report.findings[0].severity is podlint.Severity.WARNING


def test_a_crashing_rule_is_reported_on_one_line_and_other_files_go_on(tmp_path, monkeypatch):
    from podlint import engine

    (tmp_path / "a.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n")
    (tmp_path / "b.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n")
    linter = Linter(select=["bare-pod"])
    original = linter.lint_bytes

    def flaky(data, display):
        if display.endswith("a.yaml"):
            raise ValueError("boom")
        return original(data, display)

    monkeypatch.setattr(linter, "lint_bytes", flaky)
    result = linter.lint_paths([str(tmp_path)])
    assert result.errors == [f"{tmp_path}/a.yaml: internal error, please report it: ValueError: boom"]
    assert [f.file for f in result.findings] == [f"{tmp_path}/b.yaml"]
    assert engine.LintResult is type(result)


@pytest.mark.parametrize(
    "api_version, kind, version, expected",
    [
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.31",
         [("deprecated-api", "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated in v1.29+, "
                             "unavailable in v1.32+; use flowcontrol.apiserver.k8s.io/v1 FlowSchema")]),
        ("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32",
         [("removed-api", "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated in v1.29+, "
                          "unavailable in v1.32+; use flowcontrol.apiserver.k8s.io/v1 FlowSchema")]),
        ("policy/v1beta1", "PodSecurityPolicy", "1.30",
         [("removed-api", "policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+")]),
        ("v1", "Endpoints", "1.32", []),
        ("v1", "Endpoints", "1.33", [("deprecated-api", "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice")]),
        ("apps/v1", "Deployment", "1.30", []),
    ],
)
def test_api_lifecycle_follows_the_chosen_version(lint, api_version, kind, version, expected):
    from podlint.config import Config

    text = f"apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: x}}\n"
    report = lint(text, select=["removed-api", "deprecated-api"], config=Config(kubernetes_version=version))
    assert [(f.rule, f.message) for f in report.findings] == expected
    assert all((f.line, f.column) == (1, 13) for f in report.findings)


def test_a_linted_object_is_freed_without_the_cycle_collector():
    # a pod and its containers refer to each other; the engine breaks that once the object is linted
    import gc

    text = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
"""
    linter = Linter()
    linter.lint_text(text)  # compiles and caches what every later run shares
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        report = linter.lint_text(text)
        gc.collect()
        garbage = [type(item).__name__ for item in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert "missing-requests" in {finding.rule for finding in report.findings}  # the rules did run
    assert garbage == []


@pytest.mark.parametrize("kept", [True, False])
def test_a_file_is_out_of_the_collector_s_reach_while_it_is_linted(kept, monkeypatch):
    # the podlint command keeps a file's nodes and data from the cycle collector (frozen) while
    # its rules run, and gives them back after; a program using podlint as a library keeps its
    # collector as it has it
    import gc

    from podlint import engine

    seen = []
    lint_source = engine.Linter._lint_source

    def watched(self, source, filename):
        seen.append((gc.get_freeze_count() > 0, gc.isenabled()))
        return lint_source(self, source, filename)

    monkeypatch.setattr(engine, "KEEP_FILES_FROM_COLLECTOR", kept)
    monkeypatch.setattr(engine.Linter, "_lint_source", watched)
    report = Linter().lint_text("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web}]}\n")
    assert [f.rule for f in report.findings if f.rule == "missing-required-field"] == ["missing-required-field"]
    assert seen == [(kept, True)]
    assert gc.get_freeze_count() == 0 and gc.isenabled()
