"""Rules about compute resources."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..apiserver import go_quote
from ..findings import Violation
from ..model import APP, EPHEMERAL, INIT, SIDECAR, Container, Pod
from ..quantity import BINARY_SI, DECIMAL_SI, NANO, Quantity, QuantityError, go_json_number, stored_quantity
from ..registry import Params, rule
from ..sourcemap import FieldPath

if TYPE_CHECKING:
    from fractions import Fraction

CPU, MEMORY, EPHEMERAL_STORAGE = "cpu", "memory", "ephemeral-storage"


def _resource_list(resources: Any, key: str) -> dict:
    """``requests`` or ``limits`` of a ``resources`` mapping; anything malformed reads as empty."""
    value = resources.get(key) if isinstance(resources, dict) else None
    return value if isinstance(value, dict) else {}


def _pod_resources(pod: Pod) -> dict:
    """Pod-level ``spec.resources`` (PodLevelResources, Kubernetes 1.32+)."""
    resources = pod.spec.get("resources")
    return resources if isinstance(resources, dict) else {}


def _checked(container: Container, params: Params) -> bool:
    """App containers and native sidecars; run-to-completion init containers when asked for."""
    if container.role == EPHEMERAL:
        return False  # ephemeral containers cannot set resources
    return container.role != INIT or bool(getattr(params, "include_init_containers", False))


def _missing_limits(container: Container, name: str) -> Iterator[Violation]:
    """A container without a limit for ``name``, unless the pod caps it with a pod-level limit."""
    pod_limits = _resource_list(_pod_resources(container.pod), "limits")
    if name in _resource_list(container.resources, "limits") or name in pod_limits:
        return
    yield Violation(container.path / "resources" / "limits", f"{container.label} has no {name} limit", on="key")


@rule("missing-requests")
def missing_requests(container: Container, params: Params) -> Iterator[Violation]:
    if not _checked(container, params):
        return
    requests = _resource_list(container.resources, "requests")
    limits = _resource_list(container.resources, "limits")
    pod_resources = _pod_resources(container.pod)
    pod_requests, pod_limits = _resource_list(pod_resources, "requests"), _resource_list(pod_resources, "limits")
    # the API server defaults a missing request to the limit (the pod-level request to the
    # pod-level limit): only a resource with neither, in the container or the pod, is missing
    present = requests.keys() | limits.keys() | pod_requests.keys() | pod_limits.keys()
    missing = [name for name in (CPU, MEMORY) if name not in present]
    if missing:
        yield Violation(
            container.path / "resources" / "requests",
            f"{container.label} has no {' or '.join(missing)} request",
            on="key",
        )


@rule("missing-memory-limit")
def missing_memory_limit(container: Container, params: Params) -> Iterator[Violation]:
    if _checked(container, params):
        yield from _missing_limits(container, MEMORY)


@rule("missing-cpu-limit")
def missing_cpu_limit(container: Container, params: Params) -> Iterator[Violation]:
    if _checked(container, params):
        yield from _missing_limits(container, CPU)


@rule("missing-ephemeral-storage")
def missing_ephemeral_storage(container: Container, params: Params) -> Iterator[Violation]:
    if not _checked(container, params):
        return
    requests = _resource_list(container.resources, "requests")
    limits = _resource_list(container.resources, "limits")
    if EPHEMERAL_STORAGE in limits:
        return  # a missing request defaults to the limit
    what = "limit" if EPHEMERAL_STORAGE in requests else "request or limit"
    yield Violation(
        container.path / "resources" / "limits", f"{container.label} has no ephemeral-storage {what}", on="key"
    )


# --- Guaranteed QoS ----------------------------------------------------------------------------------


def _aggregate(pod: Pod, value: Callable[[Container], Fraction | None]) -> Fraction | None:
    """``aggregateContainerResourcesByFn``: app containers and sidecars summed, against the peak
    of each init container plus the sidecars started before it; None when no container has one."""
    total: Fraction | None = None
    sidecars: Fraction | None = None
    init_peak: Fraction | None = None

    def add(a: Fraction | None, b: Fraction | None) -> Fraction | None:
        return b if a is None else a if b is None else a + b

    def peak(a: Fraction | None, b: Fraction | None) -> Fraction | None:
        return b if a is None else a if b is None else max(a, b)

    for container in pod.containers:  # init containers in order, then app containers
        own = value(container)
        if container.role == APP:
            total = add(total, own)
        elif container.role == SIDECAR:
            total, sidecars = add(total, own), add(sidecars, own)
            init_peak = peak(init_peak, sidecars)
        elif container.role == INIT:
            init_peak = peak(init_peak, add(own, sidecars))
    return peak(total, init_peak)


def _effective_requests(container: Container) -> dict[str, Quantity | None]:
    """The container's cpu and memory requests after ``SetDefaults_Pod`` (a missing request is
    the limit); None for a value that does not parse."""
    requests = _resource_list(container.resources, "requests")
    limits = _resource_list(container.resources, "limits")
    out = {}
    for name in (CPU, MEMORY):
        if name in requests:
            out[name] = stored_quantity(requests[name])
        elif name in limits:
            out[name] = stored_quantity(limits[name])
    return out


def _pod_level_set(resources: dict) -> bool:
    """``IsPodLevelResourcesSet``: pod-level cpu, memory or hugepages requested or limited."""
    names = [*_resource_list(resources, "requests"), *_resource_list(resources, "limits")]
    return any(isinstance(name, str) and (name in (CPU, MEMORY) or name.startswith("hugepages-")) for name in names)


def _total(pod: Pod, name: str, key: str) -> Quantity | None:
    """The containers' total request (after ``SetDefaults_Pod``) or limit of ``name``, as the
    pod-level defaulting computes it; None when no container sets one."""

    def value(container: Container) -> Fraction | None:
        if key == "requests":
            quantity = _effective_requests(container).get(name)
        else:
            quantity = stored_quantity(_resource_list(container.resources, "limits").get(name))
        return quantity.value if quantity is not None else None

    total = _aggregate(pod, value)
    return None if total is None else Quantity.of(total, BINARY_SI if name == MEMORY else DECIMAL_SI)


def _pod_level_qos(pod: Pod, resources: dict) -> Iterator[Violation]:
    """Guaranteed from pod-level resources (``ComputePodQOS``), after ``defaultPodRequests`` and
    ``defaultPodLimits`` have filled in what the pod-level resources leave out."""
    path = pod.path / "resources"
    requests, limits = _resource_list(resources, "requests"), _resource_list(resources, "limits")
    containers = [c for c in pod.containers if c.role != EPHEMERAL]
    limits_set = _pod_level_set({"limits": limits})
    missing = []
    for name in (CPU, MEMORY):
        if name in limits:
            limit = stored_quantity(limits[name])
            if limit is None:
                continue  # invalid-quantity
            limit_shown = go_quote(_text(limits[name]))
        else:
            # defaultPodLimits: with pod-level requests and no pod-level limits, the containers'
            # total limit, when every container has one
            limit = None
            requests_set = _pod_level_set({"requests": requests})
            if (
                not limits_set
                and requests_set
                and all(name in _resource_list(c.resources, "limits") for c in containers)
            ):
                limit = _total(pod, name, "limits")
            limit_shown = f"{limit} (the default: the containers' total)"
        if limit is None or limit.nanos <= 0:
            missing.append(name)
            continue
        if name in requests:
            request = stored_quantity(requests[name])
            if request is None or request.nanos > limit.nanos:
                continue  # invalid-quantity, or a request above the limit, which the API server refuses
            at, request_shown = path / "requests" / name, go_quote(_text(requests[name]))
        elif not limits:
            # defaultPodRequests runs before defaultPodLimits, and only for pod-level limits
            # written in the manifest: a limit defaulted from the containers gets no request
            yield Violation(path / "requests", f"pod-level resources have no {name} request", on="key")
            continue
        else:
            # defaultPodRequests: the containers' total request, or else the pod-level limit
            request = _total(pod, name, "requests")
            if request is None:
                continue
            at, request_shown = path / "limits" / name, f"{request} (the default: the containers' total)"
        if request.nanos != limit.nanos:
            yield Violation(
                at, f"pod-level {name} request {request_shown} differs from the pod-level limit {limit_shown}"
            )
    if missing:
        yield Violation(path / "limits", f"pod-level resources have no {' or '.join(missing)} limit", on="key")


@rule("requests-equal-limits")
def requests_equal_limits(pod: Pod) -> Iterator[Violation]:
    resources = _pod_resources(pod)
    if _pod_level_set(resources):
        yield from _pod_level_qos(pod, resources)
        return
    # ComputePodQOS: every container, init containers included, has cpu and memory limits,
    # and the requests (a missing one defaulted to its limit) add up to the limits
    for container in pod.containers:
        if container.role == EPHEMERAL:
            continue
        requests = _resource_list(container.resources, "requests")
        limits = _resource_list(container.resources, "limits")
        path = container.path / "resources"
        missing = []
        for name in (CPU, MEMORY):
            if name not in limits:
                missing.append(name)
                continue
            limit = stored_quantity(limits[name])
            if limit is None:
                continue  # invalid-quantity
            if limit.nanos <= 0:
                yield Violation(
                    path / "limits" / name, f"{name} limit {go_quote(_text(limits[name]))} of {container.label} is zero"
                )
                continue
            if name not in requests:
                continue  # defaulted to the limit
            request = stored_quantity(requests[name])
            if request is None or request.nanos > limit.nanos:
                continue  # invalid-quantity, requests-exceed-limits
            if request.nanos != limit.nanos:
                message = (
                    f"{name} request {go_quote(_text(requests[name]))} of {container.label} "
                    f"differs from its limit {go_quote(_text(limits[name]))}"
                )
                yield Violation(path / "requests" / name, message)
        if missing:
            yield Violation(path / "limits", f"{container.label} has no {' or '.join(missing)} limit", on="key")


# --- suspicious quantities ---------------------------------------------------------------------------------

_SUFFIX = re.compile(r"[+-]?[0-9.]*([a-zA-Z]*)")
_DECIMAL_SUFFIXES = frozenset("kMGTPE")
_BINARY_UNITS = (("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20), ("Ki", 10))


def _text(raw: Any) -> str:
    """A quantity as written: a string trimmed, a number as the API server reads it."""
    if isinstance(raw, str):
        return raw.strip()
    try:
        return go_json_number(raw)
    except (QuantityError, TypeError, ValueError):
        return str(raw)


def _suffix(raw: Any) -> str:
    match = _SUFFIX.match(_text(raw))
    return match.group(1) if match else ""


def _number(value: Fraction) -> str:
    """An exact amount with thousands separators: ``1,000,000,000``, ``0.5``."""
    if value.denominator == 1:
        return f"{int(value):,}"
    return f"{float(value):,.3f}".rstrip("0").rstrip(".")


def _bytes(value: Fraction, raw: Any) -> str:
    """What a memory amount means: ``512 bytes``, ``1,000,000,000 bytes (about 954Mi)``."""
    text = f"{_number(value)} byte{'' if value == 1 else 's'}"
    if _suffix(raw).endswith("i"):
        return text  # written with a binary suffix already
    for unit, shift in _BINARY_UNITS:
        if value >= 2**shift:
            amount = value / 2**shift
            if amount.denominator == 1:
                return f"{text} ({int(amount)}{unit})"
            return f"{text} (about {float(amount):.3g}{unit})"
    return text


def _cores(value: Fraction) -> str:
    return f"{_number(value)} core{'' if value == 1 else 's'}"


def _threshold(text: Any, default: str) -> Quantity:
    """A threshold parameter: a quantity, or the default when it is not one."""
    for candidate in (text, default):
        quantity = stored_quantity(candidate)
        if quantity is not None:
            return quantity
    return Quantity.parse(default)


def _entries(pod: Pod) -> Iterator[tuple[str, FieldPath, str, str, Any, Quantity]]:
    """Every cpu and memory request and limit written in the pod, as (who, resources path, key,
    name, raw, quantity): containers that can have resources, then the pod-level resources. A
    resource whose request exceeds its limit is left to requests-exceed-limits, invalid values to
    invalid-quantity."""
    owners = [(c.label, c.path, c.resources) for c in pod.containers if c.role != EPHEMERAL]
    owners.append(("", pod.path, _pod_resources(pod)))
    for who, path, resources in owners:
        requests, limits = _resource_list(resources, "requests"), _resource_list(resources, "limits")
        if not requests and not limits:
            continue
        for name in (CPU, MEMORY):
            request, limit = stored_quantity(requests.get(name)), stored_quantity(limits.get(name))
            if request is not None and limit is not None and request.nanos > limit.nanos:
                continue
            if request is not None:
                yield who, path, "requests", name, requests[name], request
            if limit is not None:
                yield who, path, "limits", name, limits[name], limit


@rule("suspicious-quantity")
def suspicious_quantity(pod: Pod, params: Params) -> Iterator[Violation]:
    entries = list(_entries(pod))
    if not entries:
        return
    min_memory = _threshold(getattr(params, "min_memory", "4Mi"), "4Mi")
    max_memory = _threshold(getattr(params, "max_memory", "1Ti"), "1Ti")
    max_cpu = getattr(params, "max_cpu", 256)
    max_cpu = max_cpu if isinstance(max_cpu, int) and not isinstance(max_cpu, bool) else 256
    binary: list[str] | None = None  # the binary units of the pod's memory amounts, when needed
    for who, path, key, name, raw, quantity in entries:
        nanos = quantity.nanos
        if name == CPU:
            if nanos > max_cpu * NANO:
                message = f"is {_cores(quantity.value)}, more than {max_cpu:,}"
            else:
                continue
        elif nanos <= 0 or nanos % NANO:
            continue  # none, negative (invalid-resources), or a fraction of a byte (fractional-byte-quantity)
        elif nanos < min_memory.nanos:
            message = f"is {_bytes(quantity.value, raw)}, less than {min_memory}"
        elif nanos > max_memory.nanos:
            message = f"is {_bytes(quantity.value, raw)}, more than {max_memory}"
        elif _suffix(raw) in _DECIMAL_SUFFIXES:
            if binary is None:
                written = {_suffix(raw) for _, _, _, name, raw, _ in entries if name == MEMORY}
                binary = [unit for unit, _ in reversed(_BINARY_UNITS) if unit in written]
            if not binary:
                continue
            message = (
                f"is {_bytes(quantity.value, raw)}: a decimal unit where the pod's other memory amounts are "
                f"binary ({', '.join(binary)})"
            )
        else:
            continue
        what = f"{name} {key[:-1]} {go_quote(_text(raw))}"
        what = f"{what} of {who}" if who else f"pod-level {what}"
        yield Violation(path / "resources" / key / name, f"{what} {message}")


# --- what an autoscaler reads ------------------------------------------------------------------------------------

KEDA_VERIFIED = {("apps", "Deployment"), ("apps", "StatefulSet")}  # what KEDA's webhook looks into


@rule("autoscaler-without-requests")
def autoscaler_without_requests(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    cluster = manifest.cluster
    key = (manifest.group, manifest.kind)
    found = cluster.scalers_of(*key, manifest.ref.name, manifest.ref.namespace) if cluster else []
    scalers = [scaler for scaler in found if scaler.utilization]
    pod_level = _pod_resources(pod)
    if not scalers or _resource_list(pod_level, "requests") or _resource_list(pod_level, "limits"):
        return  # pod-level resources: what the controller reads of them depends on the version
    from .api.limitrange import _ranges_of, defaulted_containers

    # as stored: a request copied from its limit, the LimitRanges' defaults filled in
    containers = [c for c in defaulted_containers(pod, _ranges_of(manifest)) if c.container.role in (APP, SIDECAR)]
    said = set()  # autoscalers of one name in several files are one object in the cluster: the first says it
    for scaler in sorted(scalers, key=lambda s: (s.kind, s.name, s.utilization, s.other_metrics)):
        for resource, only in scaler.utilization:
            if (scaler.kind, scaler.name, resource, only) in said:
                continue
            said.add((scaler.kind, scaler.name, resource, only))
            if scaler.kind == "ScaledObject":
                if key in KEDA_VERIFIED:
                    yield from _keda_refusals(manifest, scaler, resource, only, containers)
            else:
                yield from _hpa_failures(manifest, scaler, resource, only, containers)


def _missing_at(container: Container) -> tuple[FieldPath, str]:
    return (container.path / "resources", "key") if "resources" in container.spec else (container.path / "name", "value")


def _hpa_failures(manifest, scaler, resource: str, only: str, containers: list) -> Iterator[Violation]:
    """``calculatePodRequestsFromContainers``: the app containers, then the sidecars, up to the
    first without a request for ``resource`` (or the one container a metric names)."""
    for resources in containers:
        container = resources.container
        if (only and container.name != only) or resource in resources.requests:
            continue
        name = container.shown_name
        outcome = (
            "scales only by its other metrics, and never down" if scaler.other_metrics else "does not scale"
        )
        where, on = _missing_at(container)
        yield Violation(
            where,
            f'{container.label} requests no {resource}, so {scaler.kind} "{scaler.name}", which scales this '
            f"{manifest.kind} by {resource} utilization, cannot compute it and {outcome} "
            f'("missing request for {resource} in container {name} of Pod …")',
            on=on,
        )
        return  # the controller stops at the first container without one


def _keda_refusals(manifest, scaler, resource: str, only: str, containers: list) -> Iterator[Violation]:
    """KEDA's admission webhook (``verifyCPUMemoryScalers``): each app container of a Deployment or
    StatefulSet needs a request above zero for a cpu or memory trigger's resource."""
    for resources in containers:
        container = resources.container
        if container.role != APP or (only and container.name != only):
            continue
        request = resources.requests.get(resource)
        if request is not None and request.nanos > 0:
            continue
        name = container.shown_name
        where, on = _missing_at(container)
        yield Violation(
            where,
            f'{container.label} requests no {resource}, so KEDA\'s admission webhook refuses ScaledObject '
            f'"{scaler.name}" ("the scaledobject has a {resource} trigger but the container {name} doesn\'t have '
            f'the {resource} request defined")',
            on=on,
        )
        return
