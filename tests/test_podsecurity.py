"""Which Pod Security Standards level applies to a pod, and how loud its violations are."""

from __future__ import annotations

import pytest

from podlint.findings import Severity
from podlint.podsecurity import NamespaceLevels, PodSecurity

E, W = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize(
    "policy, namespace, control, explicit, verdict",
    [
        # no level anywhere: baseline and explicit restricted violations warn, the rest is silent
        (PodSecurity(), None, "baseline", False, (W, "baseline:latest", "violates")),
        (PodSecurity(), None, "restricted", True, (W, "restricted:latest", "violates")),
        (PodSecurity(), None, "restricted", False, None),
        # --pod-security: that level's controls (and the levels below) are errors
        (PodSecurity("baseline"), None, "baseline", False, (E, "baseline:latest", "violates")),
        (PodSecurity("baseline"), None, "restricted", True, (W, "restricted:latest", "violates")),
        (PodSecurity("baseline"), None, "restricted", False, None),
        (PodSecurity("restricted"), "shop", "baseline", False, (E, "restricted:latest", "violates")),
        (PodSecurity("restricted"), "shop", "restricted", False, (E, "restricted:latest", "violates")),
        (PodSecurity("privileged"), None, "baseline", False, None),
        (PodSecurity("privileged"), None, "restricted", True, None),
        # a Namespace's labels: enforce is an error, warn and audit a warning; unset namespace is "default"
        (PodSecurity(namespaces={"shop": NamespaceLevels(enforce="restricted")}), "shop", "restricted", False,
         (E, "restricted:latest", "violates")),
        (PodSecurity(namespaces={"shop": NamespaceLevels(enforce="restricted")}), "other", "restricted", False, None),
        (PodSecurity(namespaces={"default": NamespaceLevels(warn="restricted")}), None, "restricted", False,
         (W, "restricted:latest", "would violate")),
        (PodSecurity(namespaces={"shop": NamespaceLevels(audit="baseline")}), "shop", "restricted", False, None),
        # the namespace's enforce label overrides the run's level; privileged allows what is not warned about
        (PodSecurity("restricted", {"shop": NamespaceLevels(enforce="privileged", warn="baseline")}), "shop",
         "baseline", False, (W, "baseline:latest", "would violate")),
        (PodSecurity("restricted", {"shop": NamespaceLevels(enforce="privileged", warn="baseline")}), "shop",
         "restricted", True, None),
        (PodSecurity("restricted", {"shop": NamespaceLevels(enforce="privileged")}), "other", "restricted", False,
         (E, "restricted:latest", "violates")),
        (PodSecurity(namespaces={"shop": NamespaceLevels(enforce="baseline")}), "shop", "restricted", True,
         (W, "restricted:latest", "violates")),
    ],
)
def test_verdict(policy, namespace, control, explicit, verdict):
    assert policy.verdict(namespace, control, explicit) == verdict


def test_namespace_labels():
    labels = {
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "strict",  # not a level: ignored, as admission refuses it
    }
    assert NamespaceLevels.from_labels(labels) == NamespaceLevels(enforce="baseline", warn="restricted")
    assert NamespaceLevels.from_labels({"team": "shop"}) is None


@pytest.mark.parametrize(
    "value, valid",
    [("latest", True), ("v1.0", True), ("v1.33", True), ("v1.9223372036854775807", True), ("Latest", False),
     ("1.33", False), ("v1.033", False), ("v2.0", False), ("v1.33\n", False), ("v1.9223372036854775808", False)],
)
def test_version_labels_as_admission_parses_them(value, valid):
    from podlint.podsecurity import VERSION_ERROR, label_errors

    key = "pod-security.kubernetes.io/warn-version"
    assert label_errors({key: value}) == ([] if valid else [(key, VERSION_ERROR)])


def test_level_labels_as_admission_parses_them():
    from podlint.podsecurity import LEVEL_ERROR, label_errors

    labels = {f"pod-security.kubernetes.io/{mode}": value for mode, value in
              [("enforce", "Restricted"), ("audit", "baseline"), ("warn", "")]}
    assert label_errors(labels) == [
        ("pod-security.kubernetes.io/enforce", LEVEL_ERROR), ("pod-security.kubernetes.io/warn", LEVEL_ERROR)
    ]


# --- the levels in a run: --pod-security, the setting, and Namespace objects in the linted files --------------------

HOST_NETWORK_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: {namespace}
spec:
  hostNetwork: true
  containers: [{{name: web, image: "nginx:1.27.2"}}]
"""
NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
"""


def _host_namespaces(stdout: bytes) -> list[str]:
    return [line for line in stdout.decode().splitlines() if "[host-namespaces]" in line]


def test_baseline_violations_warn_by_default_and_are_errors_at_the_level(tmp_path):
    from conftest import run_cli

    (tmp_path / "pod.yaml").write_text(HOST_NETWORK_POD.format(namespace="shop"))
    expected = f'{tmp_path / "pod.yaml"}:7:16: {{}} [host-namespaces] violates PodSecurity "{{}}": host namespaces (hostNetwork=true)'
    out = run_cli("lint", "--format", "concise", "--select", "security", str(tmp_path)).stdout
    assert _host_namespaces(out) == [expected.format("warning", "baseline:latest")]
    out = run_cli("lint", "--format", "concise", "--select", "security", "--pod-security", "baseline", str(tmp_path)).stdout
    assert _host_namespaces(out) == [expected.format("error", "baseline:latest")]
    (tmp_path / ".podlint.yaml").write_text("pod-security: restricted\nselect: [security]\n")
    out = run_cli("lint", "--format", "concise", str(tmp_path), cwd=tmp_path).stdout
    assert _host_namespaces(out) == [expected.format("error", "restricted:latest")]
    (tmp_path / ".podlint.yaml").write_text("pod-security: strict\n")
    result = run_cli("lint", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "pod-security must be one of privileged, baseline, restricted, not 'strict'" in result.stderr.decode()


def test_a_namespace_in_another_file_sets_the_level_of_its_pods(tmp_path):
    from conftest import run_cli

    (tmp_path / "namespace.yaml").write_text(NAMESPACE)
    (tmp_path / "shop.yaml").write_text(HOST_NETWORK_POD.format(namespace="shop"))
    (tmp_path / "other.yaml").write_text(HOST_NETWORK_POD.format(namespace="other"))
    out = run_cli("lint", "--format", "concise", "--select", "security", "--jobs", "1", str(tmp_path)).stdout
    assert _host_namespaces(out) == [
        f'{tmp_path / "other.yaml"}:7:16: warning [host-namespaces] violates PodSecurity "baseline:latest": '
        "host namespaces (hostNetwork=true)",
        f'{tmp_path / "shop.yaml"}:7:16: error [host-namespaces] violates PodSecurity "restricted:latest": '
        "host namespaces (hostNetwork=true)",
    ]


def test_a_namespace_in_the_same_text_counts_when_it_is_linted_alone(lint):
    report = lint(NAMESPACE + "---\n" + HOST_NETWORK_POD.format(namespace="shop"), select=["host-namespaces"])
    assert [(f.line, f.column, str(f.severity), f.message) for f in report.findings] == [
        (15, 16, "error", 'violates PodSecurity "restricted:latest": host namespaces (hostNetwork=true)')
    ]


def test_a_copy_with_other_namespaces_does_not_reuse_the_verdicts_of_the_original():
    import dataclasses

    run = PodSecurity()
    assert run.verdict("shop", "baseline", True) == (W, "baseline:latest", "violates")
    enforced = dataclasses.replace(run, namespaces={"shop": NamespaceLevels(enforce="baseline")})
    assert enforced.verdict("shop", "baseline", True) == (E, "baseline:latest", "violates")
    assert run.verdict("shop", "baseline", True) == (W, "baseline:latest", "violates")
