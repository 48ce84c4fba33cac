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

import math
from dataclasses import dataclass
from typing import Iterator, NamedTuple

from .model import object_ref
from .quantity import Quantity, stored_quantity

CONTAINER, POD, CLAIM = "Container", "Pod", "PersistentVolumeClaim"
_LISTS = ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")
MAX_MILLI_VALUE = (2**63 - 1) // 1000  # resource.MaxMilliValue

Resources = tuple[tuple[str, Quantity], ...]  # sorted by resource name


class LimitRangeItem(NamedTuple):
    type: str
    max: Resources = ()
    min: Resources = ()
    default: Resources = ()
    default_request: Resources = ()
    max_limit_request_ratio: Resources = ()


class LimitRange(NamedTuple):
    name: str
    namespace: str | None
    items: tuple[LimitRangeItem, ...]


def is_limit_range(data: dict) -> bool:
    return data.get("kind") == "LimitRange" and data.get("apiVersion") == "v1"


def accepted_limit_range(data: dict, version: tuple[int, int]) -> LimitRange | None:
    """The LimitRange an object makes, defaulted, or None where the API server would refuse it
    (or podlint cannot read it): only one that is there bounds a pod."""
    ref = object_ref(data)
    items = parse_limits(data)
    if not ref.name or items is None or next(limit_range_errors(items, version), None) is not None:
        return None
    return LimitRange(
        ref.name,
        ref.namespace,
        tuple(
            LimitRangeItem(item.type, *(tuple(sorted((n, e.quantity) for n, e in item.lists[key].items())) for key in _LISTS))
            for item in items
        ),
    )


class Entry(NamedTuple):
    """One quantity of a limit: where it was written (or, defaulted, where it was copied from)."""

    quantity: Quantity
    raw: object  # as the manifest gives it
    written: bool


@dataclass(slots=True)
class ParsedItem:
    index: int
    type: object  # a string, or what the manifest has instead
    lists: dict[str, dict[str, Entry]]  # max, min, default, defaultRequest, maxLimitRequestRatio


def parse_limits(data: dict) -> list[ParsedItem] | None:
    """The items of a LimitRange's ``spec.limits``, defaulted as ``SetDefaults_LimitRangeItem``
    does; None where they are not a list of mappings of valid quantities (the schema's findings)."""
    spec = data.get("spec")
    limits = spec.get("limits") if isinstance(spec, dict) else None
    if limits is None:
        return []
    if not isinstance(limits, list):
        return None
    items = []
    for index, raw in enumerate(limits):
        if not isinstance(raw, dict):
            return None
        lists: dict[str, dict[str, Entry]] = {}
        for key in _LISTS:
            value = raw.get(key) if raw.get(key) is not None else {}
            if not isinstance(value, dict):
                return None
            lists[key] = {}
            for name, amount in value.items():
                quantity = stored_quantity(amount) if isinstance(name, str) else None
                if quantity is None:
                    return None
                lists[key][name] = Entry(quantity, amount, True)
        kind = raw.get("type")
        if kind == CONTAINER:
            default, request = lists["default"], lists["defaultRequest"]
            for source, into in ((lists["max"], default), (default, request), (lists["min"], request)):
                for name, entry in source.items():
                    if name not in into:
                        into[name] = Entry(entry.quantity, entry.raw, False)
        items.append(ParsedItem(index, kind, lists))
    return items


def limit_range_errors(items: list[ParsedItem], version: tuple[int, int]) -> Iterator[tuple[tuple, str]]:
    """``ValidateLimitRange`` after its ObjectMeta: each error's path (from the object) and
    message, names and keys in their order (Go's, a map's and a set's, is random)."""
    from . import apiserver as api
    from .checks.api.validation import _overcommit_allowed, _pod_resource_name_problems, _resource_name_problems
    from .quantity import go_struct

    seen: set = set()
    for item in items:
        at = ("spec", "limits", item.index)
        named = f"spec.limits[{item.index}]"
        kind = item.type if isinstance(item.type, str) else ""
        for message in _type_problems(kind, version):
            yield (*at, "type"), api.invalid(f"{named}.type", kind, message)
        if kind in seen:
            yield (*at, "type"), api.duplicate(f"{named}.type", kind)
        seen.add(kind)
        lists = item.lists
        problems = _resource_name_problems if kind in (POD, CONTAINER) else _pod_resource_name_problems

        def name_errors(key: str) -> Iterator[tuple[tuple, str]]:
            # the defaulted names too: the API server validates the defaulted object
            for name in sorted(lists[key]):
                for message in problems(name, version):
                    yield (*at, key, name), api.invalid(f"{named}.{key}[{name}]", api.Stringer(name), message)

        yield from name_errors("max")
        yield from name_errors("min")
        if kind == POD:
            for key in ("default", "defaultRequest"):
                if lists[key]:
                    yield (*at, key), api.forbidden(f"{named}.{key}", "may not be specified when `type` is 'Pod'")
        else:
            yield from name_errors("default")
            yield from name_errors("defaultRequest")
        if kind == CLAIM and "storage" not in lists["min"] and "storage" not in lists["max"]:
            detail = "either minimum or maximum storage value is required, but neither was provided"
            yield (*at, "limits"), api.required(f"{named}.limits", detail)
        yield from name_errors("maxLimitRequestRatio")
        low, high, default, request, ratio = (lists[key] for key in ("min", "max", "default", "defaultRequest", "maxLimitRequestRatio"))
        if kind == POD:
            default, request = {}, {}

        def value(entry: Entry) -> api.Stringer:
            return api.Stringer(go_struct(entry.raw, stringed=True) or str(entry.quantity))

        for name in sorted({*low, *high, *default, *request, *ratio}):
            lo, hi, df, rq, mr = (d.get(name) for d in (low, high, default, request, ratio))
            if lo and hi and lo.quantity.nanos > hi.quantity.nanos:
                yield (*at, "min", name), api.invalid(
                    f"{named}.min[{name}]", value(lo), f"min value {lo.quantity} is greater than max value {hi.quantity}"
                )
            if rq and lo and lo.quantity.nanos > rq.quantity.nanos:
                yield (*at, "defaultRequest", name), api.invalid(
                    f"{named}.defaultRequest[{name}]",
                    value(rq),
                    f"min value {lo.quantity} is greater than default request value {rq.quantity}",
                )
            if rq and hi and rq.quantity.nanos > hi.quantity.nanos:
                yield (*at, "defaultRequest", name), api.invalid(
                    f"{named}.defaultRequest[{name}]",
                    value(rq),
                    f"default request value {rq.quantity} is greater than max value {hi.quantity}",
                )
            if rq and df and rq.quantity.nanos > df.quantity.nanos:
                yield (*at, "defaultRequest", name), api.invalid(
                    f"{named}.defaultRequest[{name}]",
                    value(rq),
                    f"default request value {rq.quantity} is greater than default limit value {df.quantity}",
                )
            if df and lo and lo.quantity.nanos > df.quantity.nanos:  # sic: the min is the value shown
                yield (*at, "default", name), api.invalid(
                    f"{named}.default[{name}]", value(lo), f"min value {lo.quantity} is greater than default value {df.quantity}"
                )
            if df and hi and df.quantity.nanos > hi.quantity.nanos:  # sic: the max is the value shown
                yield (*at, "default", name), api.invalid(
                    f"{named}.default[{name}]", value(hi), f"default value {df.quantity} is greater than max value {hi.quantity}"
                )
            if mr and mr.quantity.nanos < 10**9:
                yield (*at, "maxLimitRequestRatio", name), api.invalid(
                    f"{named}.maxLimitRequestRatio[{name}]", value(mr), f"ratio {mr.quantity} is less than 1"
                )
            if mr and lo and hi:
                most, least, highest = (float(int64(e.quantity.int_value)) for e in (mr, lo, hi))
                if mr.quantity.int_value < MAX_MILLI_VALUE and least < MAX_MILLI_VALUE and highest < MAX_MILLI_VALUE:
                    most, least, highest = mr.quantity.milli_value / 1000, lo.quantity.milli_value, hi.quantity.milli_value
                # Go's float division: by zero, an infinity of the dividend's sign (0/0: NaN)
                allowed = highest / least if least else (math.copysign(math.inf, highest) if highest else math.nan)
                if most > allowed:
                    yield (*at, "maxLimitRequestRatio", name), api.invalid(
                        f"{named}.maxLimitRequestRatio[{name}]",
                        value(mr),
                        f"ratio {mr.quantity} is greater than max/min = {_go_f(allowed)}",
                    )
            if not _overcommit_allowed(name) and df and rq and df.quantity.nanos != rq.quantity.nanos:
                yield (*at, "defaultRequest", name), api.invalid(
                    f"{named}.defaultRequest[{name}]",
                    value(rq),
                    f"default value {df.quantity} must equal to defaultRequest value {rq.quantity} in {name}",
                )


def _go_f(value: float) -> str:
    """Go's ``%f``: six decimals, and ``+Inf``, ``-Inf`` and ``NaN``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return f"{value:f}"


STANDARD_TYPES = (POD, CONTAINER, CLAIM)  # helper.IsStandardLimitRangeType


def _type_problems(kind: str, version: tuple[int, int]) -> tuple[str, ...]:
    """``validateLimitRangeTypeName``."""
    from . import apiserver as api

    problems = api.is_qualified_name(kind, version)
    if problems:
        return problems
    if "/" not in kind and kind not in STANDARD_TYPES:
        return ("must be a standard limit type or fully qualified",)
    return ()


def compared(*quantities: Quantity) -> tuple[int, ...]:
    """``requestLimitEnforcedValues``: the values in thousandths where none is too large for
    that, else in whole units (each rounded up)."""
    if all(q.int_value <= MAX_MILLI_VALUE for q in quantities):
        return tuple(q.milli_value for q in quantities)
    return tuple(int64(q.int_value) for q in quantities)


def int64(value: int) -> int:
    """An amount as Go's ``int64`` holds it, saturated: ``Value()`` of an amount beyond it (only
    an absurd one, ``1e400``) is not emulated, but compares as the largest."""
    return max(-(2**63), min(2**63 - 1, value))
