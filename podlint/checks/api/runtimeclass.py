"""The RuntimeClass admission plugin's refusals (``plugin/pkg/admission/runtimeclass/admission.go``):
a pod's overhead or node selector against its RuntimeClass."""

from __future__ import annotations

from typing import Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Pod
from ...registry import rule
from ...runtimeclass import RuntimeClass, same_overhead
from .validation import _quantities

WITHOUT_CLASS_OVERHEAD = "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead"
OVERHEAD_MISMATCH = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead"


@rule("runtime-class-conflict")
def runtime_class_conflict(pod: Pod) -> Iterator[Violation]:
    spec = pod.spec
    name = spec.get("runtimeClassName")
    if name is None and not _overhead_written(spec):
        return  # the usual case
    runtime_class = None
    if name is not None:
        cluster = pod.manifest.cluster
        runtime_class = cluster.runtime_classes.get(name) if cluster and isinstance(name, str) else None
        if runtime_class is None:
            return  # a class the linted files do not hold: the cluster may have it
    prefix = api.refused_prefix(pod.is_pod)
    for (*keys, on), message in refusals(spec, runtime_class):
        at = pod.path
        for key in keys:
            at = at / key
        yield Violation(at, prefix + message, on=on)


def _overhead_written(spec: dict) -> bool:
    overhead = spec.get("overhead")
    return isinstance(overhead, dict) and len(overhead) > 0


def refusals(spec: dict, runtime_class: RuntimeClass | None) -> Iterator[tuple[tuple, str]]:
    """Why the plugin refuses a pod of this spec and class (None: no class named), each with
    where it is shown (a path under the spec, and "key" or "value"): ``setOverhead`` and
    ``setScheduling`` (Admit), then ``validateOverhead`` (Validate)."""
    has_overhead = _overhead_written(spec)
    if runtime_class is None:
        if has_overhead:  # an overhead only a RuntimeClass may give
            yield ("overhead", "key"), WITHOUT_CLASS_OVERHEAD
        return
    if runtime_class.overhead is not None and has_overhead:
        if not same_overhead(runtime_class.overhead, _quantities(spec["overhead"])):
            yield ("overhead", "key"), OVERHEAD_MISMATCH
            return
    selector = spec.get("nodeSelector") if isinstance(spec.get("nodeSelector"), dict) else {}
    conflicts = [
        (key, value) for key, value in runtime_class.node_selector if isinstance(selector.get(key), str) and selector[key] != value
    ]
    # the plugin names the first it meets, in Go's map order (random): podlint names each
    for key, value in conflicts:
        message = f"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; pod.spec.nodeSelector[{key}] = {selector[key]}"
        yield ("nodeSelector", key, "value"), message
    if not conflicts and runtime_class.overhead is None and has_overhead:
        yield ("overhead", "key"), WITHOUT_CLASS_OVERHEAD
