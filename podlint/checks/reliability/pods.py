"""What a pod is for: managed by a controller, one application per pod, found by its name, in
the numbers its autoscaler sets."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Violation
from ...imageref import ImageRef
from ...config import suggest
from ...model import APP, INIT, SIDECAR, Container, Manifest, Pod, count
from ...registry import Params, rule
from ...sourcemap import FieldPath
from .. import matches_any


# Annotations of tools that run a Pod for a moment and delete it: Helm tests and hooks, Argo CD hooks
TOOL_RUN_POD_ANNOTATIONS = ("helm.sh/hook", "argocd.argoproj.io/hook")


@rule("bare-pod")
def bare_pod(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    if manifest.kind != "Pod" or manifest.metadata.get("ownerReferences") or pod.is_static:
        return  # a static pod is the kubelet's to run
    if any(key in manifest.annotations for key in TOOL_RUN_POD_ANNOTATIONS):
        return
    name = manifest.ref.name
    what = f'pod "{name}"' if name else "the pod"  # no name: the schema rules say so
    yield Violation(FieldPath(("kind",)), f"{what} is not managed by a controller")


def _matches(name: str, patterns: list[str]) -> bool:
    return matches_any(name, patterns)


@rule("multiple-apps-in-pod")
def multiple_apps_in_pod(pod: Pod, params: Params) -> Iterator[Violation]:
    apps: list[Container] = []  # app containers that are not helpers
    services: list[tuple[Container, str]] = []  # ... that run a well-known standalone service
    for container in pod.app_containers:
        ref = ImageRef.parse(container.image)
        name = ref.name.lower() if ref else ""
        if name and _matches(name, params.helpers):
            continue
        apps.append(container)
        if name and _matches(name, params.services) and all(name != other for _, other in services):
            services.append((container, name))
    first, first_service = services[0] if services else (None, "")
    for container, service in services[1:]:
        yield Violation(
            container.path / "image",
            f"{container.label} runs {service} and {first.label} runs {first_service}: "
            "two standalone applications in one pod",
        )
    if len(apps) > params.max_app_containers and len(services) < 2:
        names = ", ".join(f'"{c.name}"' for c in apps)
        extra = apps[params.max_app_containers]
        yield Violation(
            extra.path,
            f"pod runs {len(apps)} application containers ({names}), more than {params.max_app_containers}",
            on="key",
        )


STATEFUL_SETS = {("apps", "StatefulSet")}
# labels the StatefulSet controller gives each pod (updateIdentity), whatever the template says
STATEFUL_SET_POD_LABELS = frozenset(
    ("statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-revision-hash")
)


@rule("statefulset-headless-service")
def statefulset_headless_service(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    cluster = manifest.cluster
    if (manifest.group, manifest.kind) not in STATEFUL_SETS or cluster is None or not cluster.services:
        return
    spec = manifest.data.get("spec")
    name = spec.get("serviceName") if isinstance(spec, dict) else None
    if not isinstance(name, str) or not name:
        return
    services = cluster.named(cluster.services, name, manifest.ref.namespace)
    if not services:
        return  # not among the files
    where = FieldPath(("spec", "serviceName"))
    ordinals = spec.get("ordinals")
    start = (count(ordinals.get("start")) if isinstance(ordinals, dict) else None) or 0
    first = f"{manifest.ref.name or 'NAME'}-{start}.{name}"
    if not any(service.headless for service in services):
        yield Violation(
            where,
            f'serviceName "{name}" is a Service that is not headless (clusterIP: None): Kubernetes promises the pods '
            f'DNS names of their own ({first} and on) only through a headless Service, and "{name}" resolves to its '
            f"cluster IP, not to the pods",
        )
        return
    labels = pod.metadata.get("labels")
    if not isinstance(labels, dict) or not labels:
        return  # a template without labels is refused (selector-mismatch)
    if not any(service.selects(labels, STATEFUL_SET_POD_LABELS) for service in services if service.headless):
        yield Violation(
            where,
            f'serviceName "{name}" is a Service that does not select the pods of this StatefulSet, so they get no '
            f"DNS names of their own ({first} and on)",
        )


@rule("replicas-with-autoscaler")
def replicas_with_autoscaler(manifest: Manifest) -> Iterator[Violation]:
    cluster = manifest.cluster
    scalers = cluster.scalers_of(manifest.group, manifest.kind, manifest.ref.name, manifest.ref.namespace) if cluster else []
    if not scalers:
        return
    spec = manifest.data.get("spec")
    replicas = spec.get("replicas") if isinstance(spec, dict) else None
    if not isinstance(replicas, int) or isinstance(replicas, bool):
        return
    if replicas == 0:
        return  # how an HorizontalPodAutoscaler is paused ("ScalingDisabled")
    # autoscalers of one name in several files are one object in the cluster: named once
    names = sorted({f'{s.kind} "{s.name}"' for s in scalers})
    if names:
        yield Violation(
            FieldPath(("spec", "replicas")),
            f"the replicas of this {manifest.kind} are scaled by {' and '.join(names)}, and a client-side kubectl "
            f"apply sets them back to {replicas} (a server-side one fails on a conflict over them): leave "
            f"spec.replicas out",
            on="key",
        )


@rule("autoscaler-container-not-found")
def autoscaler_container_not_found(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    cluster = manifest.cluster
    found = cluster.scalers_of(manifest.group, manifest.kind, manifest.ref.name, manifest.ref.namespace) if cluster else []
    scalers = [scaler for scaler in found if scaler.container_metrics]
    if not scalers or not pod.app_containers or any(c.name is None for c in pod.containers):
        return  # no container at all, or one without a name, is refused (missing-required-field)
    # the resource metrics API reports the containers that run: app containers and sidecars
    running = {c.name for c in pod.containers if c.role in (APP, SIDECAR)}
    init = {c.name for c in pod.containers if c.role == INIT}
    said = set()  # autoscalers of one name in several files are one object in the cluster: the first says it
    for scaler in sorted(scalers, key=lambda s: (s.name, s.kind, s.container_metrics, s.metric_count)):
        missing = [(resource, name) for resource, name in scaler.container_metrics if name not in running]
        outcome = "does not scale" if len(missing) == scaler.metric_count else "scales only by its other metrics, and never down"
        for resource, name in missing:
            scaled = f'whose {resource} usage {scaler.kind} "{scaler.name}" scales by'
            if name in init:
                subject = f'container "{name}", {scaled}, is an init container, which has exited before the app containers start'
            else:
                subject = f'the pods of this {manifest.kind} have no container "{name}"{suggest(name, running)}, {scaled}'
            if (scaler.kind, scaler.name, resource, name) not in said:
                said.add((scaler.kind, scaler.name, resource, name))
                message = f'{subject}, so the autoscaler {outcome} ("container {name} not present in metrics for pod …")'
                yield Violation(pod.path / "containers", message, on="key")
