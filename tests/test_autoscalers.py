"""Workloads whose autoscaler is among the linted files (replicas-with-autoscaler)."""

from __future__ import annotations

import pytest

from podlint.config import Config
from podlint.engine import Linter

RULE = "replicas-with-autoscaler"


def hpa(target_kind: str = "Deployment", name: str = "web", namespace: str = "", hpa_name: str = "web") -> str:
    metadata = f"{{name: {hpa_name}, namespace: {namespace}}}" if namespace else f"{{name: {hpa_name}}}"
    return (
        f"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {metadata}\n"
        f"spec: {{scaleTargetRef: {{apiVersion: apps/v1, kind: {target_kind}, name: {name}}}, maxReplicas: 5}}\n---\n"
    )


def workload(kind: str = "Deployment", replicas: str = "  replicas: 2\n", namespace: str = "") -> str:
    metadata = f"{{name: web, namespace: {namespace}}}" if namespace else "{name: web}"
    service = "  serviceName: web\n" if kind == "StatefulSet" else ""
    return (
        f"apiVersion: apps/v1\nkind: {kind}\nmetadata: {metadata}\nspec:\n{replicas}{service}"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: web, image: 'nginx:1.27.3'}]}\n"
    )


def found(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in Linter(Config(select=[RULE])).lint_text(text, "case.yaml").findings]


def scaled(kind: str, by: str, replicas: int = 2) -> str:
    return (
        f"the replicas of this {kind} are scaled by {by}, and a client-side kubectl apply sets them back to {replicas}"
        " (a server-side one fails on a conflict over them): leave spec.replicas out"
    )


SCALED = scaled("Deployment", 'HorizontalPodAutoscaler "web"')
KEDA = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {{name: web-scaler{annotations}}}\nspec: {{scaleTargetRef: {target}}}\n---\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        (hpa() + workload(), [(10, 3, SCALED)]),
        (hpa() + workload(replicas=""), []),
        (hpa() + workload(replicas="  replicas: 0\n"), []),  # how an HPA is paused
        (hpa() + workload(replicas="  replicas: null\n"), []),
        (hpa(target_kind="StatefulSet") + workload(), []),  # another kind of the same name
        (hpa(name="api") + workload(), []),
        (hpa(namespace="shop") + workload(namespace="shop"), [(10, 3, SCALED)]),
        (hpa(namespace="other") + workload(namespace="shop"), []),
        (hpa(target_kind="StatefulSet") + workload(kind="StatefulSet"), [(10, 3, scaled("StatefulSet", 'HorizontalPodAutoscaler "web"'))]),
        # the controller scales the group of apiVersion and the kind: nothing else is this Deployment
        (hpa().replace("apiVersion: apps/v1, ", "") + workload(), []),
        (hpa().replace("apiVersion: apps/v1", "apiVersion: example.com/v1") + workload(), []),
        (hpa().replace("autoscaling/v2", "autoscaling/v2beta2") + workload(), []),  # no longer served
        (hpa().replace("autoscaling/v2", "autoscaling/v1") + workload(), [(10, 3, SCALED)]),
        (KEDA.format(annotations="", target="{name: web}") + workload(), [(10, 3, scaled("Deployment", 'ScaledObject "web-scaler"'))]),
        (KEDA.format(annotations="", target="{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}") + workload(), []),
        (KEDA.format(annotations=", annotations: {autoscaling.keda.sh/paused: 'true'}", target="{name: web}") + workload(), []),
        (
            hpa(hpa_name="cpu") + hpa(hpa_name="gpu") + workload(),
            [(15, 3, scaled("Deployment", 'HorizontalPodAutoscaler "cpu" and HorizontalPodAutoscaler "gpu"'))],
        ),
    ],
)
def test_a_workload_and_its_autoscaler(text, expected):
    assert found(text) == expected


def test_an_autoscaler_in_another_file(tmp_path):
    (tmp_path / "hpa.yaml").write_text(hpa().removesuffix("---\n"))
    (tmp_path / "web.yaml").write_text(workload())
    findings = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)]).findings
    assert [(f.file.rpartition("/")[2], f.line, f.column, f.path) for f in findings] == [("web.yaml", 5, 3, "spec.replicas")]


def test_autoscalers_of_one_name_in_several_files_are_named_once(tmp_path):
    # two versions of one HorizontalPodAutoscaler (one object in the cluster), different in their metrics
    (tmp_path / "hpa-v1.yaml").write_text(hpa().replace("autoscaling/v2", "autoscaling/v1").removesuffix("---\n"))
    (tmp_path / "hpa-v2.yaml").write_text(hpa().removesuffix("---\n"))
    (tmp_path / "web.yaml").write_text(workload())
    findings = Linter(Config(select=[RULE, "autoscaler-without-requests"])).lint_paths([str(tmp_path)]).findings
    assert [(f.rule, f.line, f.message) for f in findings] == [
        (RULE, 5, SCALED),
        ("autoscaler-without-requests", 9,
         'container "web" requests no cpu, so HorizontalPodAutoscaler "web", which scales this Deployment by cpu'
         ' utilization, cannot compute it and does not scale ("missing request for cpu in container web of Pod …")'),
    ]
