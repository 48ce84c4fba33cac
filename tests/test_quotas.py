"""ResourceQuotas: which ones podlint reads, and which pods they judge. The plugin's messages
are in the conformance table."""

from __future__ import annotations

import pytest
from conftest import run_cli

from podlint.config import Config
from podlint.engine import Linter
from podlint.quota import ResourceQuota, ScopeRequirement, accepted_quota, required


def _quota(spec: dict, namespace: str | None = None) -> dict:
    metadata = {"name": "compute", **({"namespace": namespace} if namespace else {})}
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": metadata, "spec": spec}


def test_a_quota_and_what_it_requires():
    found = accepted_quota(
        _quota(
            {
                "hard": {"pods": "10", "requests.cpu": "4", "limits.memory": "8Gi"},
                "scopes": ["NotTerminating"],
                "scopeSelector": {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "NotIn", "values": ["low"]}]},
            },
            namespace="shop",
        )
    )
    assert found == ResourceQuota(
        "compute",
        "shop",
        ("limits.memory", "pods", "requests.cpu"),
        (ScopeRequirement("NotTerminating"), ScopeRequirement("PriorityClass", "NotIn", ("low",))),
    )
    assert required(found) == ("limits.memory", "requests.cpu")
    # the scope-for-resource rule binds the standard names only; spec.scopes are Exists requirements
    gpus = accepted_quota(_quota({"hard": {"requests.cpu": "4", "requests.nvidia.com/gpu": "2"}, "scopes": ["NotTerminating"]}))
    assert gpus is not None and required(gpus) == ("requests.cpu",)
    by_class = accepted_quota(_quota({"hard": {"requests.cpu": "4"}, "scopes": ["PriorityClass"]}))
    assert by_class is not None and by_class.scopes == (ScopeRequirement("PriorityClass", "Exists"),)
    unscoped = accepted_quota(
        _quota({"hard": {"requests.storage": "1Ti", "count/jobs.batch": "5", "memory": "1Gi", "requests.hugepages-2Mi": "1Gi"}})
    )
    assert unscoped is not None and required(unscoped) == ("memory",)


@pytest.mark.parametrize(
    "spec",
    [
        {"hard": {"cpu": "-1"}},  # a negative amount
        {"hard": {"cpu": "four"}},
        {"hard": {"cpu": "4"}, "scopes": ["CrossNamespacePodAffinity"]},  # a scope podlint does not decide
        {"hard": {"cpu": "4"}, "scopeSelector": {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "In"}]}},
        {"hard": {"cpu": "4"}, "scopeSelector": {"matchExpressions": [{"scopeName": "Terminating", "operator": "In", "values": ["x"]}]}},
        {"hard": ["cpu"]},
        {"hard": {"cpu": "4", "requests.storage": "1Ti"}, "scopes": ["Terminating"]},  # a scope only pods have
        {"hard": {"cpu": "4"}, "scopes": ["Terminating", "NotTerminating"]},  # conflicting scopes
        {"hard": {"requests.cpu": "4"}, "scopes": ["BestEffort"]},  # BestEffort counts pods only
        {"hard": {"pods": "1500m"}},  # a count must be whole
        {"hard": {"cpus": "4"}},  # no such resource
        {"hard": {"storage": "1Ti", "limits.cpu": "4"}},  # a resource name, but none quotas know
    ],
)
def test_a_quota_podlint_cannot_decide_judges_no_pod(spec):
    assert accepted_quota(_quota(spec)) is None


QUOTA = """\
apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
{namespace}spec:
  hard: {{limits.memory: 8Gi}}
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
"""
MUST = "failed quota: compute: must specify limits.memory for: web"


def _lint(tmp_path) -> list[tuple[str, int, str]]:
    findings = Linter(Config(select=["missing-quota-resources"])).lint_paths([str(tmp_path)]).findings
    return [(f.file.rpartition("/")[2], f.line, f.message) for f in findings]


def test_a_quota_with_a_namespace_judges_the_pods_of_that_namespace_in_every_file(tmp_path):
    (tmp_path / "quota.yaml").write_text(QUOTA.format(namespace="  namespace: shop\n"))
    (tmp_path / "shop.yaml").write_text(POD.format(namespace="  namespace: shop\n"))
    (tmp_path / "other.yaml").write_text(POD.format(namespace="  namespace: other\n"))
    (tmp_path / "none.yaml").write_text(POD.format(namespace=""))
    assert _lint(tmp_path) == [("shop.yaml", 6, MUST)]


def test_a_quota_without_a_namespace_judges_the_pods_without_one_in_its_own_file(tmp_path):
    (tmp_path / "chart.yaml").write_text(QUOTA.format(namespace="") + "---\n" + POD.format(namespace=""))
    (tmp_path / "other.yaml").write_text(POD.format(namespace=""))
    assert _lint(tmp_path) == [("chart.yaml", 12, MUST)]


def test_a_changed_quota_in_another_file_is_a_new_cache_key(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "quota.yaml").write_text(QUOTA.format(namespace="  namespace: shop\n").replace("limits.memory", "pods"))
    (tmp_path / "k8s" / "pod.yaml").write_text(POD.format(namespace="  namespace: shop\n"))
    env = {"PODLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run():
        return run_cli("lint", "--select", "missing-quota-resources", "--format", "concise", "k8s", cwd=tmp_path, env=env)

    assert run().returncode == 0
    (tmp_path / "k8s" / "quota.yaml").write_text(QUOTA.format(namespace="  namespace: shop\n"))
    second = run()
    assert second.returncode == 1
    assert second.stdout.decode().splitlines() == [f"k8s/pod.yaml:6:1: error [missing-quota-resources] {MUST}"]
