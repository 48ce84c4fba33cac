"""Pod resources as the LimitRanger admission plugin defaults and bounds them.

A namespace's ``LimitRange`` objects give its containers default requests and limits, and
bound the requests and limits of each container and of each pod as a whole
(``plugin/pkg/admission/limitranger/admission.go``). When a pod is created the plugin first
fills in what a container lacks from the defaults (``PodMutateLimitFunc``), the API server
then validates the pod, and the plugin last refuses a pod outside a minimum, a maximum or a
largest limit-to-request ratio (``PodValidateLimitFunc``).

podlint knows the LimitRanges among the linted files that the API server would accept
(``ValidateLimitRange``, after ``SetDefaults_LimitRangeItem``). One with a namespace applies
to the pods of that namespace in every file; one without applies to the pods without one in
its own file, which are created in the same namespace as it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import object_ref
from .quantity import Quantity, stored_quantity

CONTAINER, POD, CLAIM = "Container", "Pod", "PersistentVolumeClaim"
_LISTS = ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")
MAX_MILLI_VALUE = (2**63 - 1) // 1000  # resource.MaxMilliValue

Resources = tuple[tuple[str, Quantity], ...]  # sorted by resource name


@dataclass(frozen=True, slots=True)
class LimitRangeItem:
    type: str
    max: Resources = ()
    min: Resources = ()
    default: Resources = ()
    default_request: Resources = ()
    max_limit_request_ratio: Resources = ()


@dataclass(frozen=True, slots=True)
class LimitRange:
    name: str
    namespace: str | None
    items: tuple[LimitRangeItem, ...]


def is_limit_range(data: dict) -> bool:
    return data.get("kind") == "LimitRange" and data.get("apiVersion") == "v1"


def accepted_limit_range(data: dict, version: tuple[int, int]) -> LimitRange | None:
    """The LimitRange an object makes, defaulted, or None where the API server would refuse it
    (or podlint cannot read it): only one that is there bounds a pod."""
    ref = object_ref(data)
    spec = data.get("spec")
    limits = spec.get("limits") if isinstance(spec, dict) else None
    if not ref.name or not isinstance(limits, list):
        return None
    items, types = [], set()
    for raw in limits:
        item = _item(raw, version)
        if item is None or item.type in types:
            return None  # a limit the API server refuses, or a second of one type
        types.add(item.type)
        items.append(item)
    return LimitRange(ref.name, ref.namespace, tuple(items))


def _item(raw: object, version: tuple[int, int]) -> LimitRangeItem | None:
    from .checks.api.validation import _resource_name_problems

    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return None
    kind = raw["type"]
    if kind not in (CONTAINER, POD, CLAIM) and "/" not in kind:
        return None  # validateLimitRangeTypeName
    lists: dict[str, dict[str, Quantity]] = {}
    for key in _LISTS:
        value = raw.get(key)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            return None
        quantities = {}
        for name, amount in value.items():
            quantity = stored_quantity(amount) if isinstance(name, str) else None
            if quantity is None:
                return None
            if kind in (CONTAINER, POD) and _resource_name_problems(name, version):
                return None
            quantities[name] = quantity
        lists[key] = quantities
    if kind == POD and (lists["default"] or lists["defaultRequest"]):
        return None
    if kind == CONTAINER:  # SetDefaults_LimitRangeItem
        default, request = lists["default"], lists["defaultRequest"]
        for name, quantity in lists["max"].items():
            default.setdefault(name, quantity)
        for name, quantity in default.items():
            request.setdefault(name, quantity)
        for name, quantity in lists["min"].items():
            request.setdefault(name, quantity)
    if not _consistent(lists):
        return None
    return LimitRangeItem(kind, *(tuple(sorted(lists[key].items())) for key in _LISTS))


def _consistent(lists: dict[str, dict[str, Quantity]]) -> bool:
    """``ValidateLimitRange``'s comparisons of one item's quantities, resource by resource."""
    from .checks.api.validation import _overcommit_allowed

    low, high = lists["min"], lists["max"]
    default, request, ratio = lists["default"], lists["defaultRequest"], lists["maxLimitRequestRatio"]
    for name in {*low, *high, *default, *request, *ratio}:
        pairs = (
            (low.get(name), high.get(name)),
            (low.get(name), request.get(name)),
            (request.get(name), high.get(name)),
            (request.get(name), default.get(name)),
            (low.get(name), default.get(name)),
            (default.get(name), high.get(name)),
        )
        if any(a is not None and b is not None and a.nanos > b.nanos for a, b in pairs):
            return False
        if name in ratio and ratio[name].nanos < 10**9:
            return False
        if name in ratio and name in low and name in high:
            values = (ratio[name].int_value, low[name].int_value, high[name].int_value)
            if all(value < MAX_MILLI_VALUE for value in values):
                most, least, highest = ratio[name].milli_value / 1000, low[name].milli_value, high[name].milli_value
            else:
                most, least, highest = float(values[0]), values[1], values[2]
            if least and most > highest / least:
                return False
        if not _overcommit_allowed(name) and name in default and name in request:
            if default[name].nanos != request[name].nanos:
                return False
    return True


def compared(*quantities: Quantity) -> tuple[int, ...]:
    """``requestLimitEnforcedValues``: the values in thousandths where none is too large for
    that, else in whole units (each rounded up)."""
    if all(q.int_value <= MAX_MILLI_VALUE for q in quantities):
        return tuple(q.milli_value for q in quantities)
    return tuple(q.int_value for q in quantities)
