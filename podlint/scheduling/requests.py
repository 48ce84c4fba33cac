"""What a pod takes from a node: its resource requests and host ports, as the scheduler counts them.

Requests follow ``PodRequests`` in ``k8s.io/component-helpers/resource``: app containers and
native sidecars add up; each init container needs its own request plus the sidecars started
before it; the pod needs the larger of the two, pod-level requests where set (cpu, memory),
plus ``spec.overhead``. A container that sets a limit and no request is requested its limit,
as ``SetDefaults_Pod`` makes it. Amounts are in the scheduler's units: millicores for cpu,
whole units (bytes, devices) for everything else, rounded up as ``MilliValue``/``Value`` do.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..quantity import Quantity, QuantityError

CPU, MEMORY, EPHEMERAL_STORAGE, PODS = "cpu", "memory", "ephemeral-storage", "pods"
POD_LEVEL_RESOURCES_SINCE = (1, 34)  # the PodLevelResources feature is on by default


def is_pod_level_resource(name: str) -> bool:
    """``IsSupportedPodLevelResource``: cpu, memory and hugepages."""
    return name in (CPU, MEMORY) or name.startswith("hugepages-")


def is_scalar_resource(name: str) -> bool:
    """``IsScalarResourceName``: extended resources (``nvidia.com/gpu``), ``kubernetes.io/``
    prefixed native resources, hugepages and attachable volumes: counted one by one."""
    return "/" in name or name.startswith(("hugepages-", "attachable-volumes-"))


def counted(name: str) -> bool:
    """Whether NodeResourcesFit checks a requested resource of this name."""
    return name in (CPU, MEMORY, EPHEMERAL_STORAGE) or is_scalar_resource(name)


def to_units(name: str, amount: Fraction) -> int:
    """``MilliValue()`` for cpu, ``Value()`` for the rest: rounded up, away from zero."""
    quantity = Quantity.of(amount, "")
    return quantity.milli_value if name == CPU else quantity.int_value


def quantities(value: Any) -> dict[str, Fraction]:
    """A resource list's valid quantities (an invalid one is the api rules' to report)."""
    out: dict[str, Fraction] = {}
    if isinstance(value, dict):
        for name, raw in value.items():
            if not isinstance(name, str):
                continue
            try:
                out[name] = Quantity.from_json(raw).value
            except QuantityError:
                continue
    return out


def _container_requests(container: dict) -> dict[str, Fraction]:
    resources = container.get("resources")
    if not isinstance(resources, dict):
        return {}
    requests = quantities(resources.get("requests"))
    for name, limit in quantities(resources.get("limits")).items():
        requests.setdefault(name, limit)  # SetDefaults_Pod: a missing request is the limit
    return requests


def _containers(spec: dict, key: str) -> list[dict]:
    items = spec.get(key)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _add(total: dict[str, Fraction], more: dict[str, Fraction]) -> None:
    for name, amount in more.items():
        total[name] = total.get(name, 0) + amount


def _max(total: dict[str, Fraction], other: dict[str, Fraction]) -> None:
    for name, amount in other.items():
        if name not in total or amount > total[name]:
            total[name] = amount


def pod_requests(spec: dict, pod_level: bool = True) -> dict[str, Fraction]:
    """``PodRequests``: what the pod of ``spec`` requests, exactly (before rounding to units).

    ``pod_level``: pod-level resources count (the PodLevelResources feature, on from 1.34)."""
    requests: dict[str, Fraction] = {}
    for container in _containers(spec, "containers"):
        _add(requests, _container_requests(container))
    sidecars: dict[str, Fraction] = {}
    init_peak: dict[str, Fraction] = {}
    for container in _containers(spec, "initContainers"):
        own = _container_requests(container)
        if container.get("restartPolicy") == "Always":
            _add(requests, own)
            _add(sidecars, own)
            needed = dict(sidecars)
        else:
            needed = dict(own)
            _add(needed, sidecars)
        _max(init_peak, needed)
    _max(requests, init_peak)
    resources = spec.get("resources")
    if pod_level and isinstance(resources, dict):
        # pod-level requests replace the containers' total; a missing one is defaulted (as
        # defaultPodRequests does) to the containers' total, or else to the pod-level limit
        for name, amount in quantities(resources.get("limits")).items():
            if is_pod_level_resource(name) and name not in requests:
                requests[name] = amount
        for name, amount in quantities(resources.get("requests")).items():
            if is_pod_level_resource(name):
                requests[name] = amount
    _add(requests, quantities(spec.get("overhead")))
    return requests


def in_units(requests: dict[str, Fraction]) -> dict[str, int]:
    """The requests NodeResourcesFit checks, in its units; zero amounts left out."""
    out = {}
    for name, amount in requests.items():
        if counted(name):
            units = to_units(name, amount)
            if units:
                out[name] = units
    return out


def _whole(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# NodePorts and NodeInfo count the host ports of native sidecars from 1.34 (#132040): before,
# only app containers' (kubernetes/kubernetes#132037)
SIDECAR_HOST_PORTS_SINCE = (1, 34)


def host_ports(spec: dict, version: tuple[int, int] = (1, 99)) -> tuple[tuple[str, str, int], ...]:
    """``GetHostPorts``: the (host IP, protocol, host port) triples the pod's app containers and
    (from 1.34) native sidecars take on their node, sanitized as ``HostPortInfo`` does (no IP is
    0.0.0.0, no protocol is TCP). With ``hostNetwork``, a port's host port defaults to its
    container port."""
    ports = []
    host_network = spec.get("hostNetwork") is True
    sidecars = [c for c in _containers(spec, "initContainers") if c.get("restartPolicy") == "Always"]
    if version < SIDECAR_HOST_PORTS_SINCE:
        sidecars = []
    for container in [*sidecars, *_containers(spec, "containers")]:
        items = container.get("ports")
        for port in items if isinstance(items, list) else ():
            if not isinstance(port, dict):
                continue
            number = _whole(port.get("hostPort"))
            if number == 0 and host_network:
                number = _whole(port.get("containerPort"))  # defaultHostNetworkPorts
            if number <= 0:
                continue
            ip = port.get("hostIP") if isinstance(port.get("hostIP"), str) and port.get("hostIP") else "0.0.0.0"
            protocol = port.get("protocol") if isinstance(port.get("protocol"), str) and port.get("protocol") else "TCP"
            ports.append((ip, protocol, number))
    return tuple(ports)
