"""Pod priority: the Priority admission plugin's refusals, and the API server's validation of a
PriorityClass (``ValidatePriorityClass``, ``pkg/apis/scheduling/validation``)."""

from __future__ import annotations

from typing import Iterator

from ... import apiserver as api
from ...cluster import NO_CLUSTER
from ...findings import Violation
from ...model import Manifest, _str, pod_of
from ...priority import (
    GROUP,
    HIGHEST_USER_DEFINABLE_PRIORITY,
    PREEMPTION_POLICIES,
    SYSTEM_PREFIX,
    accepted_class,
    default_class,
    resolve,
    system_name_error,
)
from ...registry import rule
from ...sourcemap import FieldPath


def _classes(manifest: Manifest) -> dict:
    return (manifest.cluster or NO_CLUSTER).priority_classes


def _int32(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31


@rule("invalid-priority")
def invalid_priority(manifest: Manifest) -> Iterator[Violation]:
    if (manifest.group, manifest.kind) == (GROUP, "PriorityClass"):
        yield from _priority_class_errors(manifest.data, _str(manifest.metadata.get("name")))
        yield from _second_default_errors(manifest)
        return
    pod = pod_of(manifest)
    if pod is None:
        return
    spec = pod.spec
    priority, policy = spec.get("priority"), spec.get("preemptionPolicy")
    # the plugin, which runs before validation, compares a Pod's policy whatever it is; a
    # template's unknown policy is refused by validation first (unsupported-value)
    compared = isinstance(policy, str) if pod.is_pod else policy in PREEMPTION_POLICIES
    if not _int32(priority) and not compared:
        return
    name = spec.get("priorityClassName")
    resolved = resolve(name if isinstance(name, str) else "", _classes(manifest))
    if resolved is None:
        return  # a class the linted files do not hold: the cluster may have it
    prefix = api.refused_prefix(pod.is_pod)
    # admitPod: the first difference refuses the pod
    if _int32(priority) and priority != resolved.value:
        yield Violation(
            pod.path / "priority",
            f"{prefix}the integer value of priority ({priority}) must not be provided in pod spec; "
            f"priority admission controller computed {resolved.value} from the given PriorityClass name",
        )
    elif compared and policy != resolved.preemption_policy:
        yield Violation(
            pod.path / "preemptionPolicy",
            f"{prefix}the string value of PreemptionPolicy ({policy}) must not be provided in pod spec; "
            f"priority admission controller computed {resolved.preemption_policy} from the given PriorityClass name",
        )


def _priority_class_errors(data: dict, name: str | None) -> Iterator[Violation]:
    """``ValidatePriorityClass``, after its ObjectMeta (``invalid-name``)."""
    value = data.get("value")
    if name and name.startswith(SYSTEM_PREFIX):
        error = system_name_error(name, value, data.get("globalDefault", False))
        if error is not None:
            path = FieldPath(("metadata", "name"))
            detail = f"priority class names with '{SYSTEM_PREFIX}' prefix are reserved for system use only. error: {error}"
            yield Violation(path, api.forbidden(path, detail))
    elif _int32(value) and value > HIGHEST_USER_DEFINABLE_PRIORITY:
        path = FieldPath(("value",))
        detail = f"maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE_PRIORITY}"
        yield Violation(path, api.forbidden(path, detail))
    policy = data.get("preemptionPolicy")
    path = FieldPath(("preemptionPolicy",))
    if policy == "":  # a pointer, defaulted only when absent
        yield Violation(path, api.required(path))
    elif isinstance(policy, str) and policy not in PREEMPTION_POLICIES:
        yield Violation(path, api.not_supported(path, policy, PREEMPTION_POLICIES))


def _second_default_errors(manifest: Manifest) -> Iterator[Violation]:
    """The plugin's ``validatePriorityClass``: a global default class when another one, created
    before it (in the order of the linted files), is already there. A class the API server
    refuses never reaches it."""
    created = accepted_class(manifest.data)
    if created is None or not created.global_default:
        return
    first = default_class(_classes(manifest))
    if first is not None and first.name != created.name:
        message = f"PriorityClass {first.name} is already marked as default. Only one default can exist"
        yield Violation(FieldPath(("globalDefault",)), message)
