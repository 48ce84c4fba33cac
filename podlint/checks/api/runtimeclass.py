"""The RuntimeClass admission plugin's refusals (``plugin/pkg/admission/runtimeclass/admission.go``):
a pod's overhead or node selector against its RuntimeClass."""

from __future__ import annotations

from typing import Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Pod
from ...registry import rule
from ...runtimeclass import same_overhead
from .validation import _quantities

WITHOUT_CLASS_OVERHEAD = "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead"
OVERHEAD_MISMATCH = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead"


@rule("runtime-class-conflict")
def runtime_class_conflict(pod: Pod) -> Iterator[Violation]:
    spec = pod.spec
    name = spec.get("runtimeClassName")
    overhead = spec.get("overhead")
    has_overhead = isinstance(overhead, dict) and len(overhead) > 0
    if name is None and not has_overhead:
        return  # the usual case
    prefix = api.refused_prefix(pod.is_pod)
    if name is None:
        # validateOverhead: an overhead only a RuntimeClass may give
        yield Violation(pod.path / "overhead", prefix + WITHOUT_CLASS_OVERHEAD, on="key")
        return
    cluster = pod.manifest.cluster
    runtime_class = cluster.runtime_classes.get(name) if cluster and isinstance(name, str) else None
    if runtime_class is None:
        return  # a class the linted files do not hold: the cluster may have it
    # Admit: setOverhead, then setScheduling; Validate: validateOverhead
    if runtime_class.overhead is not None and has_overhead and not same_overhead(runtime_class.overhead, _quantities(overhead)):
        yield Violation(pod.path / "overhead", prefix + OVERHEAD_MISMATCH, on="key")
        return
    selector = spec.get("nodeSelector") if isinstance(spec.get("nodeSelector"), dict) else {}
    conflicts = [
        (key, value)
        for key, value in runtime_class.node_selector
        if isinstance(selector.get(key), str) and selector[key] != value
    ]
    for key, value in conflicts:  # the plugin names the first it meets, in Go's map order (random)
        message = (
            f"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; "
            f"pod.spec.nodeSelector[{key}] = {selector[key]}"
        )
        yield Violation(pod.path / "nodeSelector" / key, prefix + message)
    if not conflicts and runtime_class.overhead is None and has_overhead:
        yield Violation(pod.path / "overhead", prefix + WITHOUT_CLASS_OVERHEAD, on="key")
