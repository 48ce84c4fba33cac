"""Containers without the requests their autoscaler's utilization needs (autoscaler-without-requests)."""

from __future__ import annotations

import pytest

from podlint.config import Config
from podlint.engine import Linter

RULE = "autoscaler-without-requests"

HPA_V2 = (
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: web}}\n"
    "spec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}\n  maxReplicas: 5\n{metrics}---\n"
)


def deployment(containers: str, extra: str = "") -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        f"    spec:\n{extra}      containers:\n{containers}"
    )


WEB = "        - {name: web, image: 'nginx:1.27.3', resources: {requests: {cpu: 100m}}}\n"
BARE = "        - {name: proxy, image: 'envoyproxy/envoy:v1.32.1'}\n"
LIMITED = "        - {name: proxy, image: 'envoyproxy/envoy:v1.32.1', resources: {limits: {cpu: 200m, memory: 64Mi}}}\n"


def messages(text: str) -> list[str]:
    return [f.message for f in Linter(Config(select=[RULE])).lint_text(text, "case.yaml").findings]


def missing(resource="cpu", container="proxy", scaler='HorizontalPodAutoscaler "web"', role="container", outcome="does not scale") -> str:
    return (
        f'{role} "{container}" requests no {resource}, so {scaler}, which scales this Deployment by {resource}'
        f' utilization, cannot compute it and {outcome} ("missing request for {resource} in container {container} of'
        " Pod …\")"
    )


def refused(resource: str, container: str, scaler: str) -> str:
    return (
        f'container "{container}" requests no {resource}, so KEDA\'s admission webhook refuses ScaledObject "{scaler}"'
        f' ("the scaledobject has a {resource} trigger but the container {container} doesn\'t have the {resource}'
        ' request defined")'
    )


CPU = "  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]\n"
MEMORY_VALUE = "  metrics: [{type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 1Gi}}}]\n"
CONTAINER_CPU = (
    "  metrics: [{type: ContainerResource, containerResource: {name: cpu, container: web, "
    "target: {type: Utilization, averageUtilization: 70}}}]\n"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (HPA_V2.format(metrics=CPU) + deployment(WEB + BARE), [missing()]),
        (HPA_V2.format(metrics="") + deployment(WEB + BARE), [missing()]),  # no metrics: 80% CPU
        (HPA_V2.format(metrics=CPU) + deployment(WEB + LIMITED), []),  # the request defaults to the limit
        (HPA_V2.format(metrics=MEMORY_VALUE) + deployment(WEB + BARE), []),  # an average value needs no request
        (HPA_V2.format(metrics=CONTAINER_CPU) + deployment(WEB + BARE), []),  # only the container it names
        (
            HPA_V2.format(metrics=CPU) + deployment(WEB, "      initContainers: [{name: proxy, image: 'envoyproxy/envoy:v1.32.1', restartPolicy: Always}]\n"),
            [missing(role="sidecar container")],  # a sidecar counts
        ),
        (
            HPA_V2.format(metrics=CPU) + deployment(WEB, "      initContainers: [{name: migrate, image: 'example/migrate:1.0.0'}]\n"),
            [],  # an init container that runs to completion does not
        ),
        (
            HPA_V2.format(metrics=CPU) + deployment(WEB + BARE, "      resources: {requests: {cpu: 500m}}\n"),
            [],  # pod-level requests: not checked
        ),
        (
            "apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults}\n"
            "spec: {limits: [{type: Container, defaultRequest: {cpu: 50m}}]}\n---\n"
            + HPA_V2.format(metrics=CPU) + deployment(WEB + BARE),
            [],  # the LimitRange gives it one
        ),
        (
            "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: old}\n"
            "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 5}\n---\n"
            + deployment(WEB + BARE),
            [missing(scaler='HorizontalPodAutoscaler "old"')],
        ),
        (
            "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: keda}\n"
            "spec: {scaleTargetRef: {name: web}, triggers: [{type: memory, metricType: AverageValue, metadata: {value: 1Gi}}]}\n---\n"
            + deployment(WEB + BARE),
            [refused("memory", "web", "keda")],  # any metric type; the first container without one
        ),
        (
            "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: keda}\n"
            "spec: {scaleTargetRef: {name: web}, triggers: [{type: memory, metadata: {value: '60'}}]}\n---\n"
            + deployment(WEB + BARE),
            [],  # no metric type: KEDA refuses the trigger itself
        ),
        (
            "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: keda, annotations: {autoscaling.keda.sh/paused: 'false'}}\n"
            "spec: {scaleTargetRef: {name: web}, triggers: [{type: cpu, metadata: {type: Utilization, value: '60'}}]}\n---\n"
            + deployment(WEB + BARE),
            [refused("cpu", "proxy", "keda")],  # "false" does not pause; the older metadata.type counts
        ),
        # the field decides, not the type
        (
            HPA_V2.format(metrics=CPU.replace("averageUtilization: 70", "averageValue: 500m")) + deployment(WEB + BARE),
            [],
        ),
        (
            HPA_V2.format(metrics=CPU.replace("type: Utilization", "type: AverageValue")) + deployment(WEB + BARE),
            [missing()],
        ),
        (
            HPA_V2.format(metrics=CPU.replace("}}]", "}}, {type: External, external: {metric: {name: queue}, target: {type: Value, value: '5'}}}]"))
            + deployment(WEB + BARE),
            [missing(outcome="scales only by its other metrics, and never down")],
        ),
        (
            HPA_V2.format(metrics=CPU) + deployment(WEB + BARE, "      resources: {limits: {cpu: '1'}}\n"),
            [],  # pod-level limits: not checked
        ),
    ],
)
def test_the_requests_an_autoscaler_reads(text, expected):
    assert messages(text) == expected
