"""The ResourceQuota admission plugin's refusal of a pod that does not ask for what a quota of
its namespace tracks (``podEvaluator.Constraints``, ``pkg/quota/v1/evaluator/core/pods.go``)."""

from __future__ import annotations

from typing import Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Pod, count
from ...priority import resolve
from ...quantity import DECIMAL_SI, Quantity
from ...quota import PRIORITY_CLASS, ScopeRequirement, required
from ...registry import rule
from .limitrange import ContainerResources, defaulted_containers
from .validation import POD_LEVEL_RESOURCES_SINCE, _quantities

_COMPUTE = ("cpu", "memory")  # what makes a pod other than BestEffort (isSupportedQoSComputeResource)
_ZERO = Quantity(0, DECIMAL_SI)


@rule("missing-quota-resources")
def missing_quota_resources(pod: Pod) -> Iterator[Violation]:
    cluster = pod.manifest.cluster
    if cluster is None or not cluster.resource_quotas:
        return  # the usual case: no ResourceQuota known
    ranges, quotas = cluster.in_namespace(pod.manifest.ref.namespace)
    if not quotas:
        return
    if _pod_level_set(pod):
        return  # from 1.34 a pod with pod-level cpu or memory need not name them per container
    containers = defaulted_containers(pod, ranges)  # LimitRanger's defaults come first
    for quota in quotas:
        names = required(quota)
        if not names or not all(_matches(scope, pod, containers, cluster) for scope in quota.scopes):
            continue
        missing: dict[str, set[str]] = {}
        for resources in containers:
            have = _usage(resources)
            for name in names:
                if name not in have:
                    missing.setdefault(name, set()).add(resources.container.name or "")
        if missing:
            detail = "; ".join(f"{name} for: {','.join(sorted(missing[name]))}" for name in sorted(missing))
            message = f"{api.refused_prefix(pod.is_pod)}failed quota: {quota.name}: must specify {detail}"
            yield Violation(pod.path, message, on="key")


def _pod_level_set(pod: Pod) -> bool:
    """``IsPodLevelResourcesSet``, where the version reads pod-level resources: a pod-level request
    or limit of cpu or memory."""
    resources = pod.spec.get("resources")
    if pod.manifest.kubernetes_minor < POD_LEVEL_RESOURCES_SINCE or not isinstance(resources, dict):
        return False
    given = {**_quantities(resources.get("requests")), **_quantities(resources.get("limits"))}
    return any(name in given for name in _COMPUTE)


def _usage(resources: ContainerResources) -> set[str]:
    """``podComputeUsageHelper``: the quota names a container's requests and limits count for."""
    have = set()
    for name in _COMPUTE:
        if name in resources.requests:
            have.update((name, f"requests.{name}"))
        if name in resources.limits:
            have.add(f"limits.{name}")
    return have


def _matches(scope: ScopeRequirement, pod: Pod, containers: list[ContainerResources], cluster) -> bool:
    """``podMatchesScopeFunc``."""
    if scope.scope in ("Terminating", "NotTerminating"):
        terminating = count(pod.spec.get("activeDeadlineSeconds")) is not None
        return terminating == (scope.scope == "Terminating")
    if scope.scope in ("BestEffort", "NotBestEffort"):
        # GetPodQOS: only amounts above zero count
        best_effort = not any(
            amounts.get(name, _ZERO).nanos > 0 for r in containers for amounts in (r.requests, r.limits) for name in _COMPUTE
        )
        return best_effort == (scope.scope == "BestEffort")
    if scope.scope == PRIORITY_CLASS:
        # the Priority plugin, which runs first, names the global default class for a pod that names none
        written = pod.spec.get("priorityClassName")
        name = (written if isinstance(written, str) else "") or _default_name(cluster)
        if scope.operator == "Exists":
            return bool(name)
        if scope.operator == "DoesNotExist":
            return not name
        if scope.operator == "In":
            return bool(name) and name in scope.values
        return not name or name not in scope.values  # NotIn
    return False


def _default_name(cluster) -> str:
    default = resolve("", cluster.priority_classes)
    return default.name if default is not None else ""
