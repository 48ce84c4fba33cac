"""Autoscalers that scale by the usage of a container the pods do not run (autoscaler-container-not-found)."""

from __future__ import annotations

import pytest

from podlint.config import Config
from podlint.engine import Linter

RULE = "autoscaler-container-not-found"


def hpa(*metrics: tuple[str, str], other: bool = False, api: str = "autoscaling/v2", kind: str = "Deployment") -> str:
    items = [
        f"    - {{type: ContainerResource, containerResource: {{name: {resource}, container: {container}, "
        "target: {type: AverageValue, averageValue: 500m}}}\n"
        for resource, container in metrics
    ]
    if other:
        items.append("    - {type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 80}}}\n")
    return (
        f"apiVersion: {api}\nkind: HorizontalPodAutoscaler\nmetadata: {{name: web-hpa}}\n"
        f"spec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: {kind}, name: web}}\n  maxReplicas: 5\n"
        "  metrics:\n" + "".join(items) + "---\n"
    )




def deployment(containers: str = "[{name: web, image: 'nginx:1.27.3'}]", init: str = "", kind: str = "Deployment") -> str:
    service = "  serviceName: web\n" if kind == "StatefulSet" else ""
    return (
        f"apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: web}}\nspec:\n{service}"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        f"    spec:\n{init}      containers: {containers}\n"
    )


def found(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in Linter(Config(select=[RULE])).lint_text(text, "case.yaml").findings]


def absent(name: str, resource: str = "cpu", outcome: str = "does not scale", kind: str = "Deployment", hint: str = "") -> str:
    return (
        f'the pods of this {kind} have no container "{name}"{hint}, whose {resource} usage HorizontalPodAutoscaler '
        f'"web-hpa" scales by, so the autoscaler {outcome} ("container {name} not present in metrics for pod …")'
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (hpa(("cpu", "web")) + deployment(), []),
        (hpa(("cpu", "nginx")) + deployment(), [(18, 7, absent("nginx"))]),
        # a typo: the closest running container is suggested
        (hpa(("cpu", "wbe")) + deployment(), [(18, 7, absent("wbe", hint=' (did you mean "web"?)'))]),
        # any target, each failing metric once; with a metric that works, it scales only up
        (
            hpa(("cpu", "proxy"), ("memory", "web")) + deployment(),
            [(19, 7, absent("proxy", outcome="scales only by its other metrics, and never down"))],
        ),
        (
            hpa(("cpu", "proxy"), other=True) + deployment(),
            [(19, 7, absent("proxy", outcome="scales only by its other metrics, and never down"))],
        ),
        (
            hpa(("cpu", "proxy"), ("memory", "proxy")) + deployment(),
            [(19, 7, absent("proxy")), (19, 7, absent("proxy", resource="memory"))],
        ),
        (hpa(("cpu", "web")).replace("kind: Deployment", "kind: StatefulSet") + deployment(kind="StatefulSet"), []),
        # another kind of the same name, an HPA of another version: not this Deployment's autoscaler
        (hpa(("cpu", "nginx"), kind="StatefulSet") + deployment(), []),
        (hpa(("cpu", "nginx"), api="autoscaling/v1") + deployment(), []),
    ],
)
def test_the_container_an_autoscaler_reads(text, expected):
    assert found(text) == expected


def test_sidecars_run_and_init_containers_have_exited():
    init = (
        "      initContainers:\n"
        "        - {name: migrate, image: 'example/migrate:1.0'}\n"
        "        - {name: proxy, image: 'example/proxy:1.0', restartPolicy: Always}\n"
    )
    text = hpa(("cpu", "proxy"), ("cpu", "migrate")) + deployment(init=init)
    assert found(text) == [
        (22, 7,
         'container "migrate", whose cpu usage HorizontalPodAutoscaler "web-hpa" scales by, is an init container, '
         "which has exited before the app containers start, so the autoscaler scales only by its other metrics, "
         'and never down ("container migrate not present in metrics for pod …")'),
    ]


def test_a_container_without_a_name_is_left_to_the_schema():
    text = hpa(("cpu", "nginx")) + deployment(containers="[{image: 'nginx:1.27.3'}]")
    assert found(text) == []


def test_an_autoscaler_in_another_file(tmp_path):
    (tmp_path / "hpa.yaml").write_text(hpa(("cpu", "nginx")))
    (tmp_path / "web.yaml").write_text(deployment())
    result = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)])
    assert [(f.file.rsplit("/", 1)[-1], f.line, f.column, f.message) for f in result.findings] == [
        ("web.yaml", 9, 7, absent("nginx")),
    ]


def test_autoscalers_of_one_name_in_several_files_say_it_once(tmp_path):
    (tmp_path / "hpa-a.yaml").write_text(hpa(("cpu", "nginx")))
    (tmp_path / "hpa-b.yaml").write_text(hpa(("cpu", "nginx"), other=True).replace("AverageValue, averageValue: 500m", "Utilization, averageUtilization: 60"))
    (tmp_path / "hpa-c.yaml").write_text(hpa(("cpu", "nginx")).replace("500m", "600m"))
    (tmp_path / "web.yaml").write_text(deployment())
    result = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)])
    # the cluster keeps one of them: the first (by metrics) says it, once
    assert [(f.line, f.message) for f in result.findings] == [(9, absent("nginx"))]


def scaled_object(*triggers: str, paused: bool = False) -> str:
    annotations = "  annotations: {autoscaling.keda.sh/paused: 'true'}\n" if paused else ""
    return (
        f"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web-so\n{annotations}"
        "spec:\n  scaleTargetRef: {name: web}\n  triggers:\n" + "".join(f"    - {t}\n" for t in triggers) + "---\n"
    )


CPU_APP = "{type: cpu, metricType: Utilization, metadata: {value: '60', containerName: app}}"


def keda(name: str, resource: str = "cpu", outcome: str = "does not scale", line: int = 18) -> tuple[int, int, str]:
    return (
        line, 7,
        f'the pods of this Deployment have no container "{name}", whose {resource} usage ScaledObject "web-so" scales '
        f'by, so the autoscaler {outcome} ("container {name} not present in metrics for pod …")',
    )


@pytest.mark.parametrize(
    "triggers, expected",
    [
        ((CPU_APP,), [keda("app")]),
        # the deprecated metadata.type gives the metric type too
        (("{type: memory, metadata: {type: AverageValue, value: 200Mi, containerName: app}}",), [keda("app", "memory")]),
        (("{type: cpu, metricType: Utilization, metadata: {value: '60', containerName: web}}",), []),
        # without containerName, a Resource metric of the whole pod
        (("{type: cpu, metricType: Utilization, metadata: {value: '60'}}",), []),
        (("{type: cpu, metricType: Utilization, metadata: {value: '60', containerName: ''}}",), []),
        # without a metric type, KEDA makes no cpu scaler
        (("{type: cpu, metadata: {value: '60', containerName: app}}",), []),
        # any other trigger is another metric of its autoscaler
        (
            (CPU_APP, "{type: prometheus, metadata: {serverAddress: 'http://prometheus:9090', query: up, threshold: '1'}}"),
            [keda("app", outcome="scales only by its other metrics, and never down", line=19)],
        ),
        (
            (CPU_APP, "{type: memory, metricType: Utilization, metadata: {value: '80'}}"),
            [keda("app", outcome="scales only by its other metrics, and never down", line=19)],
        ),
    ],
)
def test_the_container_a_keda_trigger_reads(triggers, expected):
    assert found(scaled_object(*triggers) + deployment()) == expected


def test_a_paused_scaled_object_reads_nothing():
    assert found(scaled_object(CPU_APP, paused=True) + deployment()) == []


def test_scaling_modifiers_keep_no_metric_by_a_container():
    text = scaled_object(CPU_APP, "{type: prometheus, name: queue, metadata: {serverAddress: 'http://p:9090', query: up, threshold: '1'}}")
    modifiers = "  advanced: {scalingModifiers: {formula: queue, target: '10'}}\n"
    assert found(text.replace("  triggers:\n", modifiers + "  triggers:\n", 1) + deployment()) == []


def test_an_autoscaler_and_a_scaled_object_of_one_name_each_say_theirs():
    hpa_text = hpa(("cpu", "app")).replace("web-hpa", "web-so")
    messages = [message for _, _, message in found(hpa_text + scaled_object(CPU_APP) + deployment())]
    assert [m.split(" usage ")[1].split(" scales by")[0] for m in messages] == [
        'HorizontalPodAutoscaler "web-so"', 'ScaledObject "web-so"',
    ]
