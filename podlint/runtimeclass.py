"""RuntimeClasses, as the RuntimeClass admission plugin applies them to a pod.

A pod names a ``RuntimeClass`` in ``runtimeClassName``. When the pod is created, the plugin
(``plugin/pkg/admission/runtimeclass/admission.go``) gives it the class's ``overhead`` and
merges the class's ``scheduling`` into it (its node selector and tolerations), refusing a pod
whose own overhead or node selector disagrees; a pod with an overhead and no class that
defines one is refused too.

podlint knows the RuntimeClasses among the linted files that the API server would accept
(``ValidateRuntimeClass``: a handler that is a DNS label, an overhead of the resources
containers have, a node selector of labels, valid tolerations).
"""

from __future__ import annotations

from typing import NamedTuple

from .apiserver import is_dns1123_label
from .model import object_ref
from .quantity import Quantity, QuantityError


class RuntimeClass(NamedTuple):
    name: str
    overhead: tuple[tuple[str, Quantity], ...] | None  # overhead.podFixed, sorted; None: no overhead
    node_selector: tuple[tuple[str, str], ...] = ()  # scheduling.nodeSelector, sorted
    tolerations: tuple = ()  # scheduling.tolerations, as written (mappings)
    raw_overhead: tuple = ()  # podFixed as written, name and value, for the pod it is given to


def is_runtime_class(data: dict) -> bool:
    return data.get("kind") == "RuntimeClass" and data.get("apiVersion") == "node.k8s.io/v1"


def accepted_runtime_class(data: dict, version: tuple[int, int]) -> RuntimeClass | None:
    """The RuntimeClass an object makes, or None where the API server would refuse it
    (``ValidateRuntimeClass``) or podlint cannot read it."""
    name = object_ref(data).name
    handler = data.get("handler")
    if not name or not isinstance(handler, str) or is_dns1123_label(handler):
        return None
    overhead = None
    raw_overhead: tuple = ()
    if data.get("overhead") is not None:
        fixed = data["overhead"].get("podFixed") if isinstance(data["overhead"], dict) else None
        fixed = {} if fixed is None else fixed
        quantities = _overhead(fixed, version)
        if quantities is None:
            return None
        # stored as written: the node API group has no defaulter that rounds it, as a pod's is
        overhead = tuple(sorted(quantities.items()))
        raw_overhead = tuple(sorted(fixed.items()))
    selector, tolerations = {}, []
    scheduling = data.get("scheduling")
    if scheduling is not None:
        if not isinstance(scheduling, dict):
            return None
        selector = scheduling.get("nodeSelector") or {}
        tolerations = scheduling.get("tolerations") or []
        if not _valid_scheduling(selector, tolerations, version):
            return None
    return RuntimeClass(name, overhead, tuple(sorted(selector.items())), tuple(tolerations), raw_overhead)


def _overhead(fixed: object, version: tuple[int, int]) -> dict[str, Quantity] | None:
    """``podFixed`` as ``ValidateContainerResourceRequirements`` takes it (as limits): names
    containers may have, amounts not negative, devices whole, hugepages only beside cpu or memory."""
    from .apiserver import is_extended_resource_name
    from .checks.api.validation import _is_hugepages, _resource_name_problems

    if not isinstance(fixed, dict):
        return None
    quantities = {}
    for resource, amount in fixed.items():
        if not isinstance(resource, str) or _resource_name_problems(resource, version):
            return None
        try:
            quantity = Quantity.from_json(amount)
        except QuantityError:
            return None
        if quantity.nanos < 0 or (is_extended_resource_name(resource) and not quantity.is_whole):
            return None
        quantities[resource] = quantity
    if any(_is_hugepages(name) for name in quantities) and not {"cpu", "memory"} & quantities.keys():
        return None
    return quantities


def _valid_scheduling(selector: object, tolerations: object, version: tuple[int, int]) -> bool:
    """``validateScheduling``: a node selector of valid labels, valid tolerations, none twice."""
    from .checks.api.placement import _toleration_errors, label_map_errors
    from .sourcemap import FieldPath

    if not isinstance(selector, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in selector.items()):
        return False
    if not isinstance(tolerations, list) or not all(isinstance(t, dict) for t in tolerations):
        return False
    at = FieldPath(("scheduling",))
    if next(label_map_errors(at, at, selector, version), None) is not None:
        return False
    if any(next(_toleration_errors(at, t, version), None) is not None for t in tolerations):
        return False
    return len({repr(sorted(t.items(), key=str)) for t in tolerations}) == len(tolerations)


def same_overhead(class_overhead: tuple[tuple[str, Quantity], ...], pod_overhead: dict[str, Quantity]) -> bool:
    """``apiequality.Semantic.DeepEqual`` of two resource lists: the same names, equal amounts."""
    return dict(class_overhead).keys() == pod_overhead.keys() and all(
        pod_overhead[name].nanos == quantity.nanos for name, quantity in class_overhead
    )
