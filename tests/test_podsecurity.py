"""Which Pod Security Standards level applies to a pod, and how loud its violations are."""

from __future__ import annotations

import pytest

from podlint.findings import Severity
from podlint.podsecurity import Holds, NamespaceLevels, PodSecurity

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
    assert shown(policy.verdict(namespace, control, explicit)) == verdict


def shown(verdict):
    """A verdict as its finding shows it: severity, policy and verb."""
    return verdict and (verdict.severity, verdict.policy, verdict.verb)


HOST_PROBE = Holds((1, 34))  # a check that came in policy 1.34
WINDOWS_CAPABILITIES = Holds(restricted=((1, 0), (1, 25)))  # replaced at restricted by one exempting Windows
USER_NAMESPACE_PROC_MOUNT = Holds(until=(1, 35), restricted=((1, 0), None))


@pytest.mark.parametrize(
    "levels, control, explicit, holds, cluster, verdict",
    [
        # each mode at its own version: a check newer than the pin does not speak for it
        (NamespaceLevels(enforce="baseline", enforce_version=(1, 34)), "baseline", True, HOST_PROBE, (1, 37),
         (E, "baseline:v1.34", "violates")),
        (NamespaceLevels(enforce="baseline", enforce_version=(1, 33)), "baseline", True, HOST_PROBE, (1, 37),
         (W, "baseline:latest", "violates")),  # let in, but the cluster's own policy forbids it
        (NamespaceLevels(enforce="baseline", enforce_version=(1, 33), warn="baseline"), "baseline", True, HOST_PROBE,
         (1, 37), (W, "baseline:latest", "would violate")),
        # a pin beyond the cluster is the cluster's version, and keeps its name
        (NamespaceLevels(enforce="baseline", enforce_version=(1, 40)), "baseline", True, HOST_PROBE, (1, 34),
         (E, "baseline:v1.40", "violates")),
        (NamespaceLevels(enforce="baseline", enforce_version=(1, 40)), "baseline", True, HOST_PROBE, (1, 33), None),
        # the restricted check that replaces a baseline one: a Windows pod is let in from 1.25 ...
        (NamespaceLevels(enforce="restricted"), "baseline", True, WINDOWS_CAPABILITIES, (1, 37), None),
        (NamespaceLevels(enforce="restricted", enforce_version=(1, 24)), "baseline", True, WINDOWS_CAPABILITIES,
         (1, 37), (E, "restricted:v1.24", "violates")),
        (NamespaceLevels(enforce="baseline"), "baseline", True, WINDOWS_CAPABILITIES, (1, 37),
         (E, "baseline:latest", "violates")),
        # ... and a pod in a user namespace may mount /proc unmasked at baseline from 1.35
        (NamespaceLevels(enforce="baseline"), "baseline", True, USER_NAMESPACE_PROC_MOUNT, (1, 37),
         (W, "restricted:latest", "violates")),
        (NamespaceLevels(enforce="baseline", warn="restricted", warn_version=(1, 30)), "baseline", True,
         USER_NAMESPACE_PROC_MOUNT, (1, 37), (W, "restricted:v1.30", "would violate")),
        (NamespaceLevels(enforce="baseline"), "baseline", True, USER_NAMESPACE_PROC_MOUNT, (1, 34),
         (E, "baseline:latest", "violates")),
    ],
)
def test_verdict_at_the_policy_version_of_each_mode(levels, control, explicit, holds, cluster, verdict):
    policy = PodSecurity(namespaces={"shop": levels})
    assert shown(policy.verdict("shop", control, explicit, cluster, holds)) == verdict


def test_namespace_labels():
    labels = {
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "strict",  # not a level: ignored, as admission refuses it
    }
    assert NamespaceLevels.from_labels(labels) == NamespaceLevels(
        enforce="baseline", warn="restricted", enforce_version=(1, 33)
    )
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


def test_a_bare_pod_template_is_only_warned_about(lint):
    # admission checks a PodTemplate in the warn and audit modes only: no pod is made from it
    template = """\
apiVersion: v1
kind: PodTemplate
metadata: {name: runner, namespace: shop}
template:
  spec:
    hostNetwork: true
    containers: [{name: runner, image: "example/runner:1.0"}]
"""
    report = lint(NAMESPACE + "---\n" + template, select=["host-namespaces"])
    assert [(f.line, f.column, str(f.severity), f.message) for f in report.findings] == [
        (14, 18, "warning", 'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)')
    ]
    warned = NAMESPACE.replace("enforce-version: latest", "enforce-version: latest\n    pod-security.kubernetes.io/warn: baseline")
    report = lint(warned + "---\n" + template, select=["host-namespaces"])
    assert [(f.line, str(f.severity), f.message) for f in report.findings] == [
        (15, "warning", 'would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)')
    ]


def test_a_copy_with_other_namespaces_does_not_reuse_the_verdicts_of_the_original():
    import dataclasses

    run = PodSecurity()
    assert shown(run.verdict("shop", "baseline", True)) == (W, "baseline:latest", "violates")
    enforced = dataclasses.replace(run, namespaces={"shop": NamespaceLevels(enforce="baseline")})
    assert shown(enforced.verdict("shop", "baseline", True)) == (E, "baseline:latest", "violates")
    assert shown(run.verdict("shop", "baseline", True)) == (W, "baseline:latest", "violates")


PINNED = """\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: v1.24
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: Pod
metadata: {name: win, namespace: shop}
spec:
  os: {name: windows}
  securityContext: {runAsNonRoot: true}
  containers:
    - name: web
      image: "example/web:1.0"
      securityContext: {capabilities: {add: [SYS_ADMIN]}}
      readinessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}
---
apiVersion: v1
kind: Pod
metadata: {name: userns, namespace: shop}
spec:
  hostUsers: false
  securityContext: {runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: web
      image: "example/web:1.0"
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, procMount: Unmasked, runAsUser: 0}
"""


def test_a_pinned_policy_version_is_checked_as_admission_checks_it():
    """restricted:v1.24 still holds Windows pods to the Linux-only controls and pods in a user
    namespace to the root ones (both exempt from 1.25 and 1.35), and has no host probe
    control (1.34), which the namespace's warn label at latest has."""
    from podlint.config import Config
    from podlint.engine import Linter

    report = Linter(Config(select=["security"], ignore=["automount-service-account-token", "readonly-root-filesystem"])).lint_text(PINNED, "shop.yaml")
    found = [(f.line, f.column, f.rule, f.severity, f.message) for f in report.findings]
    v124 = 'violates PodSecurity "restricted:v1.24": '
    assert found == [
        (19, 7, "privilege-escalation", E, v124 + "allowPrivilegeEscalation != false (container \"web\" must set "
         "securityContext.allowPrivilegeEscalation=false)"),
        (19, 7, "seccomp-required", E, v124 + 'seccompProfile (pod or container "web" must set '
         'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")'),
        (19, 25, "capabilities-drop-all", E, v124 + 'unrestricted capabilities (container "web" must set '
         'securityContext.capabilities.drop=["ALL"])'),
        (19, 46, "added-capabilities", E, v124 + 'unrestricted capabilities (container "web" must not include '
         '"SYS_ADMIN" in securityContext.capabilities.add)'),
        (20, 42, "host-probe", W, 'would violate PodSecurity "restricted:latest": probe or lifecycle host (container '
         '"web" uses probe or lifecycle host "10.0.0.1")'),
        (27, 35, "run-as-non-root", E, v124 + "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)"),
        (31, 98, "proc-mount", E, v124 + 'procMount (container "web" must not set securityContext.procMount to '
         '"Unmasked")'),
        (31, 119, "run-as-root-user", E, v124 + 'runAsUser=0 (container "web" must not set runAsUser=0)'),
    ]
    latest = Linter(Config(select=["security"], ignore=["automount-service-account-token", "readonly-root-filesystem"])).lint_text(
        PINNED.replace("enforce-version: v1.24", "enforce-version: latest"), "shop.yaml"
    )
    # SYS_ADMIN: restricted replaces the baseline check with one that exempts Windows pods;
    # procMount_restricted: a user namespace does not help at restricted
    assert [(f.rule, f.severity) for f in latest.findings] == [("host-probe", E), ("proc-mount", E)]
