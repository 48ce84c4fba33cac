"""One pod view for every pod-bearing kind, with positions right in each."""

from __future__ import annotations

import textwrap

import pytest

from podlint.loader import load
from podlint.model import APP, EPHEMERAL, INIT, SIDECAR, manifests, pod_view

POD_SPEC = """\
containers:
  - name: web
    image: nginx
"""


def wrap(head: str, indent: int) -> str:
    return textwrap.dedent(head) + textwrap.indent(POD_SPEC, " " * indent)


KINDS = {
    "Pod": ("spec", wrap("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n", 2), 7),
    "PodTemplate": (
        "template.spec",
        wrap("apiVersion: v1\nkind: PodTemplate\nmetadata: {name: p}\ntemplate:\n  spec:\n", 4),
        8,
    ),
    "ReplicationController": (
        "spec.template.spec",
        wrap("apiVersion: v1\nkind: ReplicationController\nmetadata: {name: p}\nspec:\n  template:\n    spec:\n", 6),
        9,
    ),
    **{
        kind: (
            "spec.template.spec",
            wrap(f"apiVersion: {api}\nkind: {kind}\nmetadata: {{name: p}}\nspec:\n  template:\n    spec:\n", 6),
            9,
        )
        for kind, api in [
            ("Deployment", "apps/v1"),
            ("StatefulSet", "apps/v1"),
            ("DaemonSet", "apps/v1"),
            ("ReplicaSet", "apps/v1"),
            ("Job", "batch/v1"),
        ]
    },
    "CronJob": (
        "spec.jobTemplate.spec.template.spec",
        wrap(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: p}\nspec:\n  jobTemplate:\n    spec:\n"
            "      template:\n        spec:\n",
            10,
        ),
        11,
    ),
    "extensions/v1beta1 Deployment": (
        "spec.template.spec",
        wrap("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: p}\nspec:\n  template:\n    spec:\n", 6),
        9,
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_gives_a_pod_view_with_right_positions(kind, lint):
    spec_path, text, image_line = KINDS[kind]
    document = load(text).documents[0]
    (manifest,) = manifests(document)
    pod = pod_view(manifest)
    assert pod is not None
    assert str(pod.path) == spec_path
    (container,) = pod.containers
    assert (container.role, container.name, str(container.path)) == (APP, "web", spec_path + ".containers[0]")
    report = lint(text, select=["latest-tag"])
    (finding,) = report.findings
    indent = len(spec_path.split(".")) * 2
    assert (finding.line, finding.column) == (image_line, indent + 12)
    assert finding.path == spec_path + ".containers[0].image"
    assert finding.object.kind == manifest.kind and finding.object.name == "p"


def test_container_roles_and_order():
    text = textwrap.dedent(
        """\
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: prod}
        spec:
          initContainers:
            - {name: setup, image: a}
            - {name: proxy, image: b, restartPolicy: Always}
          containers:
            - {name: web, image: c}
            - not a container
            - {name: worker, image: d}
          ephemeralContainers:
            - {name: debug, image: e}
          volumes: [{name: data, emptyDir: {}}, 7]
        """
    )
    pod = pod_view(next(manifests(load(text).documents[0])))
    assert [(c.name, c.role, c.index) for c in pod.containers] == [
        ("setup", INIT, 0),
        ("proxy", SIDECAR, 1),
        ("web", APP, 0),
        ("worker", APP, 2),
        ("debug", EPHEMERAL, 0),
    ]
    assert [c.name for c in pod.app_containers] == ["web", "worker"]
    assert [c.name for c in pod.init_containers] == ["setup", "proxy"]
    assert [c.name for c in pod.sidecars] == ["proxy"]
    assert [c.name for c in pod.ephemeral_containers] == ["debug"]
    assert pod.volumes == [{"name": "data", "emptyDir": {}}]
    assert pod.manifest.ref.namespace == "prod"
    assert pod.containers[1].label == 'sidecar container "proxy"'


def test_kinds_without_pods_and_lookalike_custom_resources():
    for text in (
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
        "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: {name: j}\nspec: {tasks: []}\n",
    ):
        (manifest,) = manifests(load(text).documents[0])
        assert pod_view(manifest) is None


def test_malformed_pod_fields_read_as_absent():
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: [x]\nspec: {template: {spec: {containers: {a: 1}}}}\n"
    (manifest,) = manifests(load(text).documents[0])
    assert manifest.ref.name is None
    pod = pod_view(manifest)
    assert pod.containers == () and pod.volumes == []


def test_list_items_are_objects_with_their_own_positions(lint):
    text = """\
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Pod
        metadata: {name: a}
        spec:
          containers: [{name: a, image: "nginx:latest"}]
      - apiVersion: apps/v1
        kind: Deployment
        metadata: {name: b, namespace: web}
        spec:
          template:
            spec:
              containers: [{name: b, image: redis}]
    """
    report = lint(text, select=["latest-tag"])
    assert report.objects == 2
    assert [(f.line, f.column, f.object.kind, f.object.name, f.object.namespace, f.path) for f in report.findings] == [
        (8, 37, "Pod", "a", None, "spec.containers[0].image"),
        (15, 41, "Deployment", "b", "web", "spec.template.spec.containers[0].image"),
    ]


def test_typed_list_kinds_are_lists_too(lint):
    text = """\
    apiVersion: apps/v1
    kind: DeploymentList
    items:
      - apiVersion: apps/v1
        kind: Deployment
        metadata: {name: a}
        spec: {template: {spec: {containers: [{name: a, image: nginx}]}}}
    """
    report = lint(text, select=["latest-tag"])
    assert report.objects == 1
    assert [(f.line, f.column, f.object.name) for f in report.findings] == [(7, 60, "a")]
