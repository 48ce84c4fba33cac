"""LimitRanges: the API server's validation of one (``ValidateLimitRange``), and the LimitRanger
admission plugin's of a pod's requests and limits against those of its namespace, after the
defaults they give (``plugin/pkg/admission/limitranger/admission.go``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ... import apiserver as api
from ...cluster import NO_CLUSTER
from ...findings import Violation
from ...limitrange import (
    CLAIM,
    CONTAINER,
    MAX_MILLI_VALUE,
    POD,
    LimitRange,
    LimitRangeItem,
    compared,
    int64,
    is_limit_range,
    limit_range_errors,
    parse_limits,
)
from ...model import APP, SIDECAR, Container, Manifest, Pod, pod_of
from ...quantity import DECIMAL_SI, Quantity
from ...registry import rule
from ...sourcemap import FieldPath
from .validation import POD_LEVEL_RESOURCES_SINCE, _overcommit_allowed, _quantities

_NONE = Quantity(0, DECIMAL_SI)  # what Go reads from a resource list that lacks the resource
_POD_LEVEL = ("cpu", "memory")  # supportedPodLevelResources


@dataclass
class ContainerResources:
    """A container's requests and limits as the plugin sees them: stored (rounded to
    thousandths), a missing request copied from its limit (``SetDefaults_Pod``), then the
    LimitRanges' defaults filled in; what was written, and what a LimitRange gave, by name."""

    container: Container
    requests: dict[str, Quantity]
    limits: dict[str, Quantity]
    written_requests: set[str] = field(default_factory=set)
    written_limits: set[str] = field(default_factory=set)
    defaulted: set[str] = field(default_factory=set)  # names a LimitRange gave a request or a limit

    @classmethod
    def of(cls, container: Container) -> ContainerResources:
        requests, limits = _quantities(container.resources.get("requests")), _quantities(container.resources.get("limits"))
        resources = cls(container, requests, limits, set(requests), set(limits))
        for name, limit in limits.items():
            requests.setdefault(name, limit)
        return resources

    def fill(self, item: LimitRangeItem) -> None:
        """``mergeContainerResources``: a default for what the container lacks."""
        for defaults, given in ((item.default, self.limits), (item.default_request, self.requests)):
            for name, quantity in defaults:
                if name not in given:
                    given[name] = quantity
                    self.defaulted.add(name)

    def request_at(self, name: str) -> tuple[FieldPath, str]:
        """Where a request is shown: as written, as the limit it was copied from, or (given by a
        LimitRange) the container's requests."""
        resources = self.container.path / "resources"
        if name in self.written_requests:
            return resources / "requests" / name, "value"
        if name in self.written_limits:
            return resources / "limits" / name, "value"
        return resources / "requests", "key"

    def limit_at(self, name: str) -> tuple[FieldPath, str]:
        resources = self.container.path / "resources"
        if name in self.written_limits:
            return resources / "limits" / name, "value"
        return resources / "limits", "key"


@rule("outside-limit-range")
def outside_limit_range(manifest: Manifest) -> Iterator[Violation]:
    if manifest.cluster is None or not manifest.cluster.limit_ranges:
        return  # the usual case: no LimitRange known
    if (manifest.group, manifest.kind) == ("", "PersistentVolumeClaim"):
        ranges = _ranges_of(manifest)
        if ranges:
            yield from _claim_errors(manifest.data.get("spec"), FieldPath(("spec",)), ranges, "")
        return
    pod = pod_of(manifest)
    if pod is None:
        return
    ranges = _ranges_of(pod.manifest)
    if not ranges:
        return
    if (manifest.group, manifest.kind) == ("apps", "StatefulSet") and isinstance(manifest.data.get("spec"), dict):
        templates = manifest.data["spec"].get("volumeClaimTemplates")
        for index, template in enumerate(templates if isinstance(templates, list) else ()):
            if isinstance(template, dict):
                at = FieldPath(("spec", "volumeClaimTemplates", index, "spec"))
                yield from _claim_errors(template.get("spec"), at, ranges, "the claims of this template are refused: ")
    volumes = pod.spec.get("volumes")
    for index, volume in enumerate(volumes if isinstance(volumes, list) else ()):
        ephemeral = volume.get("ephemeral") if isinstance(volume, dict) else None
        template = ephemeral.get("volumeClaimTemplate") if isinstance(ephemeral, dict) else None
        if isinstance(template, dict):
            # the claim the ephemeral volume controller makes for each pod
            at = pod.path / "volumes" / index / "ephemeral" / "volumeClaimTemplate" / "spec"
            yield from _claim_errors(template.get("spec"), at, ranges, "the claim of this volume is refused: ")
    yield from _pod_errors(pod, ranges)


def _claim_errors(spec: object, at: FieldPath, ranges: list[LimitRange], prefix: str) -> Iterator[Violation]:
    """``PersistentVolumeClaimValidateLimitFunc``: a claim's requests against the minimum and
    the maximum of each ``type: PersistentVolumeClaim`` limit (its limits are not read)."""
    resources = spec.get("resources") if isinstance(spec, dict) else None
    requests = _quantities(resources.get("requests")) if isinstance(resources, dict) else {}
    for limit_range in ranges:
        for item in limit_range.items:
            if item.type != CLAIM:
                continue
            for name, message in _claim_constraint_errors(item, requests):
                if name in requests:
                    yield Violation(at / "resources" / "requests" / name, prefix + message)
                else:
                    yield Violation(at / "resources" / "requests", prefix + message, on="key")


def _claim_constraint_errors(item: LimitRangeItem, requests: dict[str, Quantity]) -> Iterator[tuple[str, str]]:
    """``minConstraint`` (with no limits) and ``maxRequestConstraint`` of a claim's requests."""
    for name, enforced in item.min:
        request = requests.get(name)
        observed, _, value = compared(request or _NONE, _NONE, enforced)
        if request is None:
            yield name, f"minimum {name} usage per {CLAIM} is {enforced}.  No request is specified"
        elif observed < value:
            yield name, f"minimum {name} usage per {CLAIM} is {enforced}, but request is {request}"
    for name, enforced in item.max:
        request = requests.get(name)
        observed, _, value = compared(request or _NONE, _NONE, enforced)
        if request is None:
            yield name, f"maximum {name} usage per {CLAIM} is {enforced}.  No request is specified"
        elif observed > value:
            yield name, f"maximum {name} usage per {CLAIM} is {enforced}, but request is {request}"


def _ranges_of(manifest: Manifest) -> list[LimitRange]:
    """The LimitRanges of the object's namespace that podlint knows, in the order they are created."""
    return (manifest.cluster or NO_CLUSTER).in_namespace(manifest.ref.namespace)[0]


def _pod_errors(pod: Pod, ranges: list[LimitRange]) -> Iterator[Violation]:
    prefix = api.refused_prefix(pod.is_pod)
    containers = defaulted_containers(pod, ranges)
    for resources in containers:
        yield from _defaulted_over_limits(pod, resources, prefix)
    for limit_range in ranges:
        for item in limit_range.items:
            if item.type == CONTAINER:
                for resources in containers:
                    for (at, on), message in _constraint_errors(item, resources.requests, resources.limits, resources):
                        yield Violation(at, prefix + message, on=on)
            elif item.type == POD:
                requests, limits = _pod_totals(pod, containers)
                for _, message in _constraint_errors(item, requests, limits, None):
                    yield Violation(pod.path, prefix + message, on="key")


def defaulted_containers(pod: Pod, ranges: list[LimitRange]) -> list[ContainerResources]:
    """The app and init containers as the plugin's Admit leaves them, each LimitRange's defaults
    filling what the ones before it left."""
    containers = [ContainerResources.of(c) for c in (*pod.app_containers, *pod.init_containers)]
    for limit_range in ranges:
        for item in limit_range.items:
            if item.type == CONTAINER:
                for resources in containers:
                    resources.fill(item)
    return containers


def default_limit_names(pod: Pod) -> frozenset[str]:
    """The resources the LimitRanges of the pod's namespace give a default limit of."""
    return frozenset(name for r in _ranges_of(pod.manifest) for item in r.items if item.type == CONTAINER for name, _ in item.default)


def _defaulted_over_limits(pod: Pod, resources: ContainerResources, prefix: str) -> Iterator[Violation]:
    """``validateResourceRequirements`` of the defaulted container: a request above a limit (or, for
    a device or hugepages, other than it), where a LimitRange gave one of them (a pair as written
    is ``requests-exceed-limits``'s and ``invalid-resources``')."""
    created = FieldPath(("spec", *resources.container.path[len(pod.path) :], "resources", "requests"))
    for name in sorted(resources.defaulted):
        request, limit = resources.requests.get(name), resources.limits.get(name)
        if request is None or limit is None:
            continue
        if _overcommit_allowed(name):
            if request.nanos <= limit.nanos:
                continue
            message = api.invalid(created, str(request), f"must be less than or equal to {name} limit of {limit}")
        elif request.nanos != limit.nanos and pod.is_pod:
            # (a template with such a request and no limit is refused as written: invalid-resources)
            message = api.invalid(created, str(request), f"must be equal to {name} limit of {limit}")
        else:
            continue
        at, on = resources.request_at(name)
        yield Violation(at, prefix + message, on=on)


def _constraint_errors(
    item: LimitRangeItem, requests: dict[str, Quantity], limits: dict[str, Quantity], resources: ContainerResources | None
) -> Iterator[tuple[tuple[FieldPath, str] | None, str]]:
    """``minConstraint``, ``maxConstraint`` and ``limitRequestRatioConstraint`` of one item, each
    error with where it is shown (for a container; None for the pod), resource by resource in
    the order of their names (Go's, a map's, is random)."""
    kind = item.type

    def request_at(name: str) -> tuple[FieldPath, str] | None:
        return resources.request_at(name) if resources is not None else None

    def limit_at(name: str) -> tuple[FieldPath, str] | None:
        return resources.limit_at(name) if resources is not None else None

    for name, enforced in item.min:
        request, limit = requests.get(name), limits.get(name)
        observed_request, observed_limit, value = compared(request or _NONE, limit or _NONE, enforced)
        if request is None:
            yield request_at(name), f"minimum {name} usage per {kind} is {enforced}.  No request is specified"
        elif observed_request < value:
            yield request_at(name), f"minimum {name} usage per {kind} is {enforced}, but request is {request}"
        elif limit is not None and observed_limit < value:
            yield limit_at(name), f"minimum {name} usage per {kind} is {enforced}, but limit is {limit}"
    for name, enforced in item.max:
        request, limit = requests.get(name), limits.get(name)
        observed_request, observed_limit, value = compared(request or _NONE, limit or _NONE, enforced)
        if limit is None:
            yield limit_at(name), f"maximum {name} usage per {kind} is {enforced}.  No limit is specified"
        elif observed_limit > value:
            yield limit_at(name), f"maximum {name} usage per {kind} is {enforced}, but limit is {limit}"
        elif request is not None and observed_request > value:
            yield request_at(name), f"maximum {name} usage per {kind} is {enforced}, but request is {request}"
    for name, enforced in item.max_limit_request_ratio:
        request, limit = requests.get(name), limits.get(name)
        observed_request, observed_limit, _ = compared(request or _NONE, limit or _NONE, enforced)
        head = f"{name} max limit to request ratio per {kind} is {enforced}"
        if request is None or observed_request == 0:
            yield request_at(name), f"{head}, but no request is specified or request is 0"
        elif limit is None or observed_limit == 0:
            yield limit_at(name), f"{head}, but no limit is specified or limit is 0"
        else:
            shown = ratio = observed_limit / observed_request
            allowed = float(int64(enforced.int_value))
            if enforced.int_value <= MAX_MILLI_VALUE:
                ratio, allowed = ratio * 1000, float(enforced.milli_value)
            if ratio > allowed:
                yield limit_at(name), f"{head}, but provided ratio is {shown:f}"


def _pod_totals(
    pod: Pod, containers: list[ContainerResources], pod_level: bool = True
) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """``podRequests`` and ``podLimits``: the app containers' and sidecars' sum, at least what
    each init container needs beside the sidecars started before it; from 1.34 the pod-level
    cpu and memory instead, where the pod sets them (``pod_level``; a pod-level limit without
    a pod-level request makes the containers' written requests the pod's, or else itself)."""
    totals = []
    for key in ("requests", "limits"):
        total: dict[str, Quantity] = {}
        sidecars: dict[str, Quantity] = {}
        init: dict[str, Quantity] = {}
        for resources in containers:
            own = getattr(resources, key)
            if resources.container.role == APP:
                _add(total, own)
            elif resources.container.role == SIDECAR:
                _add(total, own)
                _add(sidecars, own)
                _most(init, dict(sidecars))
            else:
                combined: dict[str, Quantity] = {}
                _add(combined, own)
                _add(combined, sidecars)
                _most(init, combined)
        _most(total, init)
        totals.append(total)
    requests, limits = totals
    resources = pod.spec.get("resources")
    if pod_level and pod.manifest.kubernetes_minor >= POD_LEVEL_RESOURCES_SINCE and isinstance(resources, dict):
        pod_requests, pod_limits = _quantities(resources.get("requests")), _quantities(resources.get("limits"))
        if pod_limits and any(name not in pod_requests for name in _POD_LEVEL):
            # defaultPodRequests, when the pod is decoded, before any LimitRange default: the
            # containers' requests as written, or else the pod-level limit
            written = _pod_totals(pod, [ContainerResources.of(r.container) for r in containers], pod_level=False)[0]
            for name in _POD_LEVEL:
                if name not in pod_requests and name in pod_limits:
                    pod_requests[name] = written.get(name, pod_limits[name])
        for name in _POD_LEVEL:
            if name in pod_limits:
                limits[name] = pod_limits[name]
            if name in pod_requests:
                requests[name] = pod_requests[name]
    return requests, limits


def _add(into: dict[str, Quantity], quantities: dict[str, Quantity]) -> None:
    """``addResourceList``."""
    for name, quantity in quantities.items():
        into[name] = into[name] + quantity if name in into else quantity


def _most(into: dict[str, Quantity], quantities: dict[str, Quantity]) -> None:
    """``maxResourceList``."""
    for name, quantity in quantities.items():
        if name not in into or quantity.nanos > into[name].nanos:
            into[name] = quantity


@rule("invalid-limit-range")
def invalid_limit_range(manifest: Manifest) -> Iterator[Violation]:
    if not is_limit_range(manifest.data):
        return
    items = parse_limits(manifest.data)
    if items is None:
        return  # not a list of limits of quantities: the schema's and wrong-type's findings
    for at, message in limit_range_errors(items, manifest.kubernetes_minor):
        yield Violation(FieldPath(at), message)
