"""RuntimeClasses, as the RuntimeClass admission plugin applies them to a pod.

A pod names a ``RuntimeClass`` in ``runtimeClassName``. When the pod is created, the plugin
(``plugin/pkg/admission/runtimeclass/admission.go``) gives it the class's ``overhead`` and
merges the class's ``scheduling`` into it (its node selector and tolerations), refusing a pod
whose own overhead or node selector disagrees; a pod with an overhead and no class that
defines one is refused too.

podlint knows the RuntimeClasses among the linted files that the API server would accept
(``ValidateRuntimeClass``: a handler that is a DNS label, an overhead of quantities).
"""

from __future__ import annotations

from dataclasses import dataclass

from .apiserver import is_dns1123_label
from .model import object_ref
from .quantity import Quantity, stored_quantity


@dataclass(frozen=True, slots=True)
class RuntimeClass:
    name: str
    overhead: tuple[tuple[str, Quantity], ...] | None  # overhead.podFixed, sorted; None: no overhead
    node_selector: tuple[tuple[str, str], ...] = ()  # scheduling.nodeSelector, sorted
    tolerations: tuple = ()  # scheduling.tolerations, as written (mappings)
    raw_overhead: tuple = ()  # podFixed as written, name and value, for the pod it is given to


def is_runtime_class(data: dict) -> bool:
    return data.get("kind") == "RuntimeClass" and data.get("apiVersion") == "node.k8s.io/v1"


def accepted_runtime_class(data: dict) -> RuntimeClass | None:
    """The RuntimeClass an object makes, or None where the API server would refuse it (or podlint
    cannot read it)."""
    name = object_ref(data).name
    handler = data.get("handler")
    if not name or not isinstance(handler, str) or is_dns1123_label(handler):
        return None
    overhead = None
    raw_overhead: tuple = ()
    if data.get("overhead") is not None:
        fixed = data["overhead"].get("podFixed") if isinstance(data["overhead"], dict) else None
        fixed = {} if fixed is None else fixed
        if not isinstance(fixed, dict):
            return None
        quantities = {}
        for resource, amount in fixed.items():
            quantity = stored_quantity(amount) if isinstance(resource, str) else None
            if quantity is None or quantity.nanos < 0:
                return None
            quantities[resource] = quantity
        overhead = tuple(sorted(quantities.items()))
        raw_overhead = tuple(sorted(fixed.items()))
    selector, tolerations = {}, []
    scheduling = data.get("scheduling")
    if scheduling is not None:
        if not isinstance(scheduling, dict):
            return None
        selector = scheduling.get("nodeSelector") or {}
        tolerations = scheduling.get("tolerations") or []
        if not isinstance(selector, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in selector.items()):
            return None
        if not isinstance(tolerations, list) or not all(isinstance(t, dict) for t in tolerations):
            return None
    return RuntimeClass(name, overhead, tuple(sorted(selector.items())), tuple(tolerations), raw_overhead)


def same_overhead(class_overhead: tuple[tuple[str, Quantity], ...], pod_overhead: dict[str, Quantity]) -> bool:
    """``apiequality.Semantic.DeepEqual`` of two resource lists: the same names, equal amounts."""
    return dict(class_overhead).keys() == pod_overhead.keys() and all(
        pod_overhead[name].nanos == quantity.nanos for name, quantity in class_overhead
    )
