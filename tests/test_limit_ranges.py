"""LimitRanges: which ones podlint reads, and which pods they bound. The plugin's messages are
in the conformance table."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from podlint.config import Config
from podlint.engine import Linter
from podlint.limitrange import LimitRange, LimitRangeItem, accepted_limit_range
from podlint.quantity import Quantity

VERSION = (1, 34)


def _range(*limits: dict, namespace: str | None = None) -> dict:
    metadata = {"name": "limits", **({"namespace": namespace} if namespace else {})}
    return {"apiVersion": "v1", "kind": "LimitRange", "metadata": metadata, "spec": {"limits": list(limits)}}


def test_a_container_limit_is_defaulted_as_the_api_server_defaults_it():
    # SetDefaults_LimitRangeItem: the max is the default limit, the default limit the default
    # request, and the min the default request where there is none
    found = accepted_limit_range(_range({"type": "Container", "max": {"cpu": "2"}, "min": {"memory": "64Mi"}}), VERSION)
    cpu, memory = Quantity.parse("2"), Quantity.parse("64Mi")
    assert found == LimitRange(
        "limits",
        None,
        (LimitRangeItem("Container", (("cpu", cpu),), (("memory", memory),), (("cpu", cpu),), (("cpu", cpu), ("memory", memory))),),
    )


@pytest.mark.parametrize(
    "limits",
    [
        [{"type": "Container", "min": {"cpu": "2"}, "max": {"cpu": "1"}}],  # min above max
        [{"type": "Container", "default": {"cpu": "3"}, "max": {"cpu": "2"}}],  # default above max
        [{"type": "Container", "default": {"cpu": "1"}, "defaultRequest": {"cpu": "2"}}],
        [{"type": "Container", "min": {"cpu": "2"}, "default": {"cpu": "1"}}],  # min above the default (request)
        [{"type": "Container", "maxLimitRequestRatio": {"cpu": "500m"}}],  # a ratio below 1
        [{"type": "Container", "min": {"cpu": "1"}, "max": {"cpu": "2"}, "maxLimitRequestRatio": {"cpu": "3"}}],  # > max/min
        # a device is not overcommitted: its default request is its default limit
        [{"type": "Container", "default": {"nvidia.com/gpu": "2"}, "defaultRequest": {"nvidia.com/gpu": "1"}}],
        [{"type": "Pod", "default": {"cpu": "1"}}],  # no defaults for a pod
        [{"type": "Container", "max": {"cpus": "1"}}],  # no such resource
        [{"type": "Container", "max": {"cpu": "one"}}],  # no quantity
        [{"type": "Node", "max": {"cpu": "1"}}],  # no such type
        [{"type": "Container"}, {"type": "Container"}],  # a type twice
    ],
)
def test_a_limit_range_the_api_server_refuses_bounds_no_pod(limits):
    assert accepted_limit_range(_range(*limits), VERSION) is None


LIMIT_RANGE = """\
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
{namespace}spec:
  limits:
    - type: Container
      max: {{cpu: 500m}}
"""
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
{namespace}spec:
  containers:
    - name: web
      image: nginx:1.27.2
      resources:
        limits: {{cpu: "1"}}
"""
TOO_MUCH = "maximum cpu usage per Container is 500m, but limit is 1"


def _lint(tmp_path) -> list[tuple[str, int, str]]:
    findings = Linter(Config(select=["outside-limit-range"])).lint_paths([str(tmp_path)]).findings
    return [(f.file.rpartition("/")[2], f.line, f.message) for f in findings]


def test_a_limit_range_with_a_namespace_bounds_the_pods_of_that_namespace_in_every_file(tmp_path):
    (tmp_path / "limits.yaml").write_text(LIMIT_RANGE.format(namespace="  namespace: shop\n"))
    (tmp_path / "shop.yaml").write_text(POD.format(namespace="  namespace: shop\n"))
    (tmp_path / "other.yaml").write_text(POD.format(namespace="  namespace: other\n"))
    (tmp_path / "none.yaml").write_text(POD.format(namespace=""))
    assert _lint(tmp_path) == [("shop.yaml", 11, TOO_MUCH)]


def test_a_limit_range_without_a_namespace_bounds_the_pods_without_one_in_its_own_file(tmp_path):
    (tmp_path / "chart.yaml").write_text(LIMIT_RANGE.format(namespace="") + "---\n" + POD.format(namespace=""))
    (tmp_path / "other.yaml").write_text(POD.format(namespace=""))
    (tmp_path / "shop.yaml").write_text(POD.format(namespace="  namespace: shop\n"))
    assert _lint(tmp_path) == [("chart.yaml", 19, TOO_MUCH)]


def test_a_limit_range_with_an_invalid_name_bounds_no_pod(tmp_path):
    (tmp_path / "chart.yaml").write_text(
        LIMIT_RANGE.format(namespace="").replace("name: limits", "name: Bad_Name") + "---\n" + POD.format(namespace="")
    )
    assert _lint(tmp_path) == []


def test_without_the_rules_no_file_is_read_for_cluster_objects(tmp_path, monkeypatch):
    (tmp_path / "pod.yaml").write_text(POD.format(namespace=""))
    linter = Linter(Config(select=["invalid-name"]))
    monkeypatch.setattr(Linter, "_find_cluster_objects", lambda *args: pytest.fail("read for cluster objects"))
    assert linter.lint_paths([str(tmp_path)]).findings == []


def test_a_changed_limit_range_in_another_file_is_a_new_cache_key(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "limits.yaml").write_text(LIMIT_RANGE.format(namespace="  namespace: shop\n").replace("500m", "2"))
    (tmp_path / "k8s" / "pod.yaml").write_text(POD.format(namespace="  namespace: shop\n"))
    env = {"PODLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run():
        return run_cli("lint", "--select", "outside-limit-range", "--format", "concise", "k8s", cwd=tmp_path, env=env)

    assert run().returncode == 0
    (tmp_path / "k8s" / "limits.yaml").write_text(LIMIT_RANGE.format(namespace="  namespace: shop\n"))
    second = run()
    assert second.returncode == 1
    assert second.stdout.decode().splitlines() == [f"k8s/pod.yaml:11:23: error [outside-limit-range] {TOO_MUCH}"]


# --- the scheduler sees the defaults ------------------------------------------------------------

NODES = "pools: [{name: node, count: 2, allocatable: {cpu: '2', memory: 4Gi, pods: '110'}}]\n"
DEFAULTS = """\
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 1500m}
      default: {cpu: "2"}
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27.2
"""


def test_the_scheduler_is_asked_for_the_default_requests(tmp_path):
    (tmp_path / "nodes.yaml").write_text(NODES)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "limits.yaml").write_text(DEFAULTS)
    (tmp_path / "k8s" / "web.yaml").write_text(DEPLOYMENT)
    lint = run_cli("lint", "--nodes", "nodes.yaml", "--select", "scheduling", "--format", "concise", "k8s", cwd=tmp_path)
    assert lint.stdout.decode().splitlines() == [
        "k8s/web.yaml:7:13: warning [replicas-exceed-capacity] 3 pods wanted at once, but at most 2 fit on the nodes "
        "(an estimate: each placed on the first node with room, beside the pods already running)"
    ]
    fit = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "k8s", cwd=tmp_path)
    (web,) = json.loads(fit.stdout)["workloads"]
    assert (web["replicas"], web["max_replicas"]) == (3, 2)
    # in another namespace the pods ask for nothing
    (tmp_path / "k8s" / "web.yaml").write_text(DEPLOYMENT.replace("namespace: shop", "namespace: other"))
    fit = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", "k8s", cwd=tmp_path)
    (web,) = json.loads(fit.stdout)["workloads"]
    assert (web["replicas"], web["max_replicas"]) == (3, 220)
