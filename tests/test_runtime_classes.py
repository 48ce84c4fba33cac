"""RuntimeClasses: which ones podlint reads, and what they give a pod the scheduler places.
The plugin's messages are in the conformance table."""

from __future__ import annotations

import json

import pytest
from conftest import cache_entries, run_cli

from podlint.quantity import Quantity
from podlint.runtimeclass import RuntimeClass, accepted_runtime_class

VERSION = (1, 34)


def _class(**fields) -> dict:
    return {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "kata"}, "handler": "kata", **fields}


def test_a_runtime_class_as_podlint_reads_it():
    found = accepted_runtime_class(
        _class(
            overhead={"podFixed": {"memory": "120Mi", "cpu": "0.25", "example.com/vm": "1"}},
            scheduling={"nodeSelector": {"sandbox": "kata"}, "tolerations": [{"key": "sandbox", "operator": "Exists"}]},
        ),
        VERSION,
    )
    assert found == RuntimeClass(
        "kata",
        (("cpu", Quantity.parse("250m")), ("example.com/vm", Quantity.parse("1")), ("memory", Quantity.parse("120Mi"))),
        (("sandbox", "kata"),),
        ({"key": "sandbox", "operator": "Exists"},),
        (("cpu", "0.25"), ("example.com/vm", "1"), ("memory", "120Mi")),
    )
    assert accepted_runtime_class(_class(), VERSION).overhead is None  # no overhead at all
    assert accepted_runtime_class(_class(overhead={}), VERSION).overhead == ()  # an empty one
    # stored as written, where a pod's overhead is rounded up to thousandths
    assert accepted_runtime_class(_class(overhead={"podFixed": {"cpu": "100u"}}), VERSION).overhead == (
        ("cpu", Quantity.parse("100u")),
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"handler": "Kata_2"},  # a handler is a DNS label
        {"handler": None},
        {"overhead": {"podFixed": {"cpu": "lots"}}},
        {"overhead": {"podFixed": {"cpu": "-1"}}},
        {"scheduling": {"nodeSelector": ["sandbox"]}},
        {"scheduling": {"tolerations": "all"}},
        # ValidateRuntimeClass: the overhead as a container's limits, labels, tolerations
        {"overhead": {"podFixed": {"foo": "1"}}},
        {"overhead": {"podFixed": {"hugepages-2Mi": "2Mi"}}},
        {"overhead": {"podFixed": {"example.com/vm": "0.5"}}},
        {"scheduling": {"nodeSelector": {"sandbox": "has space"}}},
        {"scheduling": {"tolerations": [{"key": "sandbox", "operator": "Exists", "value": "gvisor"}]}},
        {"scheduling": {"tolerations": [{"key": "a", "operator": "Exists"}, {"key": "a", "operator": "Exists"}]}},
    ],
)
def test_a_runtime_class_podlint_cannot_vouch_for_is_not_used(fields):
    assert accepted_runtime_class(_class(**fields), VERSION) is None


NODES = """\
pools:
  - {name: plain, count: 2, allocatable: {cpu: '2', memory: 4Gi, pods: '110'}}
  - name: sandbox
    count: 1
    allocatable: {cpu: '2', memory: 4Gi, pods: '110'}
    labels: {sandbox: kata}
    taints: [{key: sandbox, value: kata, effect: NoSchedule}]
"""
RUNTIME_CLASS = """\
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: kata
handler: kata
overhead:
  podFixed: {cpu: 500m}
scheduling:
  nodeSelector: {sandbox: kata}
  tolerations: [{key: sandbox, operator: Equal, value: kata, effect: NoSchedule}]
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: untrusted
spec:
  replicas: 3
  selector:
    matchLabels: {app: untrusted}
  template:
    metadata:
      labels: {app: untrusted}
    spec:
      runtimeClassName: kata
      containers:
        - name: job
          image: busybox:1.36
          resources: {requests: {cpu: 500m}}
"""


def test_the_scheduler_places_a_pod_with_its_class(tmp_path):
    (tmp_path / "nodes.yaml").write_text(NODES)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "runtime.yaml").write_text(RUNTIME_CLASS)
    (tmp_path / "k8s" / "untrusted.yaml").write_text(DEPLOYMENT)
    fit = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "k8s", cwd=tmp_path)
    (untrusted,) = json.loads(fit.stdout)["workloads"]
    # only the tainted sandbox node, which the class's toleration lets it on; 500m + 500m of overhead a pod
    assert untrusted["feasible_nodes"] == ["sandbox-1"]
    assert untrusted["message"] == "1/3 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."
    assert (untrusted["replicas"], untrusted["max_replicas"]) == (3, 2)
    lint = run_cli("lint", "--nodes", "nodes.yaml", "--select", "scheduling", "--format", "concise", "k8s", cwd=tmp_path)
    assert lint.stdout.decode().splitlines() == [
        "k8s/untrusted.yaml:6:13: warning [replicas-exceed-capacity] 3 pods wanted at once, but at most 2 fit on the "
        "nodes (an estimate: each placed on the first node with room, beside the pods already running)"
    ]


def test_a_pod_the_plugin_refuses_is_placed_as_written(tmp_path):
    # the class's node selector does not overwrite the pod's: the pod is refused (runtime-class-conflict)
    (tmp_path / "nodes.yaml").write_text(NODES)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "runtime.yaml").write_text(RUNTIME_CLASS)
    (tmp_path / "k8s" / "untrusted.yaml").write_text(
        DEPLOYMENT.replace("      runtimeClassName: kata\n", "      runtimeClassName: kata\n      nodeSelector: {sandbox: runc}\n")
    )
    fit = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "k8s", cwd=tmp_path)
    (untrusted,) = json.loads(fit.stdout)["workloads"]
    assert untrusted["message"] == (
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector."
        " preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    )


def test_a_pod_of_an_empty_runtime_class_name_is_refused_by_the_plugin_first():
    # prepareObjects looks a name its informer lacks up live, and the client refuses an empty
    # one: the API server answers with that error before it validates the pod
    from podlint.config import Config
    from podlint.engine import Linter

    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
        "spec:\n  runtimeClassName: ''\n  containers: [{name: web, image: 'nginx:1.27.3'}]\n"
    )
    findings = Linter(Config(select=["invalid-name"])).lint_text(text, "pod.yaml").findings
    assert [(f.line, f.column, f.message) for f in findings] == [
        (5, 21,
         'spec.runtimeClassName: the RuntimeClass admission plugin looks up a RuntimeClass named "" before the pod is'
         ' validated, and the API server answers "resource name may not be empty" (an internal error)'),
    ]


def test_fit_reads_the_class_from_the_cache_as_it_was_found(tmp_path):
    (tmp_path / "nodes.yaml").write_text(NODES)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "runtime.yaml").write_text(RUNTIME_CLASS)
    (tmp_path / "k8s" / "untrusted.yaml").write_text(DEPLOYMENT)
    env = {"PODLINT_CACHE_DIR": str(tmp_path / "cache")}
    uncached = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "--no-cache", "k8s", cwd=tmp_path, env=env)
    assert not (tmp_path / "cache").exists()
    first = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "k8s", cwd=tmp_path, env=env)
    (scan,) = (tmp_path / "cache").glob("cluster-*")
    assert [path for _, path, *_ in cache_entries(scan)] == ["k8s/runtime.yaml"]
    second = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "k8s", cwd=tmp_path, env=env)
    assert first.stdout == second.stdout == uncached.stdout
    assert json.loads(second.stdout)["workloads"][0]["max_replicas"] == 2  # with the class's overhead
