"""What the pre-scan found in a file (its Namespaces' Pod Security levels and its cluster
objects, :func:`podlint.cluster.read`), kept so that a later scan need not parse the file
again while its bytes stay the same: in the cache (:class:`CachedScans`), or, in the language
server, which scans the project again whenever a file with cluster objects is saved, in memory
(:class:`KeptScans`).

A file with a ConfigMap, a Service or a claimed volume is parsed twice by a run: once before
any file is linted, for what it gives the pods of every other file, and once when it is
linted. On a repository of applications that is most of its files, and, with their reports
cached, the first parse was most of a second run.

The entries of one podlint and Kubernetes version are kept in ``cluster-KEY/`` in the cache
directory, as the reports are (:class:`podlint.cache.Cache`). Entries are JSON, as all of
the cache's: each value is written as a tagged array (``["t", ...]`` a tuple, ``["o",
"PriorityClass", ...]`` one of the records below), so that it is read back as the same types,
equal to what was found. Anything else is not kept: that file is parsed again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .cluster import Autoscaler, ClaimUser, Cluster, ConfigKeys, ServiceFacts
from .limitrange import LimitRange, LimitRangeItem
from .podsecurity import LEVELS, NamespaceLevels
from .priority import PREEMPTION_POLICIES, PriorityClass
from .quantity import BINARY_SI, DECIMAL_EXPONENT, DECIMAL_SI, Quantity
from .quota import OPERATORS, PRIORITY_CLASS, SCOPES, ResourceQuota, ScopeRequirement
from .runtimeclass import RuntimeClass, _valid_scheduling

_FIELDS = tuple(field.name for field in dataclasses.fields(Cluster))

# What each value must be, so that an entry podlint did not write (a cache committed by someone
# else) cannot hand the rules a value the pre-scan never makes: a type (exactly), a record (each
# field by its own), or ("opt", spec) None or spec; ("in", choices) one of them; ("tuple" |
# "fset", spec) a tuple or frozenset of them; ("fixed", spec, ...) a tuple of these; ("dict",
# key, value); "data" what a manifest holds (a mapping, a list, a scalar).
_MAYBE = ("opt", str)
_PAIRS = ("tuple", ("fixed", str, str))
_RESOURCES = ("tuple", ("fixed", str, Quantity))
_VERSION = ("opt", ("fixed", int, int))
_LEVEL = ("opt", ("in", LEVELS))
SPECS: dict = {
    NamespaceLevels: (_LEVEL, _LEVEL, _LEVEL, _VERSION, _VERSION, _VERSION),
    PriorityClass: (str, int, ("in", PREEMPTION_POLICIES), bool),
    LimitRange: (str, _MAYBE, ("tuple", LimitRangeItem)),
    LimitRangeItem: (str, _RESOURCES, _RESOURCES, _RESOURCES, _RESOURCES, _RESOURCES),
    ResourceQuota: (str, _MAYBE, ("tuple", str), ("tuple", ScopeRequirement)),
    ScopeRequirement: (("in", (*SCOPES, PRIORITY_CLASS)), ("in", OPERATORS), ("tuple", str)),
    RuntimeClass: (str, ("opt", _RESOURCES), _PAIRS, ("tuple", "data"), ("tuple", ("fixed", str, "data"))),
    ConfigKeys: (("fset", str), ("fset", str)),
    ServiceFacts: (bool, ("opt", _PAIRS)),
    Autoscaler: (str, str, str, str, _PAIRS, bool, _PAIRS, int),
    ClaimUser: (str, str, _MAYBE, _MAYBE),
}


def _by_name(value) -> tuple:
    return ("dict", str, ("dict", _MAYBE, value))


_CLUSTER_SPECS = {
    "priority_classes": ("dict", str, PriorityClass),
    "limit_ranges": ("dict", _MAYBE, ("dict", str, LimitRange)),
    "resource_quotas": ("dict", _MAYBE, ("dict", str, ResourceQuota)),
    "runtime_classes": ("dict", str, RuntimeClass),
    "config_maps": _by_name(ConfigKeys),
    "secrets": _by_name(ConfigKeys),
    "claims": _by_name(("fset", str)),
    "services": _by_name(("fset", ServiceFacts)),
    "autoscalers": _by_name(("fset", Autoscaler)),
    "claim_users": _by_name(("fset", ClaimUser)),
}
_NAMESPACES_SPEC = ("dict", str, NamespaceLevels)
# the records a pre-scan finds, by name: the only classes an entry can make
RECORDS = {record.__name__: record for record in SPECS}
_FORMATS = (DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT)
_SCALARS = (str, int, bool, float, type(None))


# what ``found`` answers for a file it does not know: the file is parsed
UNKNOWN = object()


class KeptScans:
    """What the pre-scan found in each file, kept in memory by the digest of the file's bytes."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, object]] = {}

    def found(self, path: str, digest: str):
        kept = self._kept.get(path)
        return kept[1] if kept is not None and kept[0] == digest else UNKNOWN

    def keep(self, path: str, digest: str, found) -> None:
        self._kept[path] = (digest, found)

    def save(self) -> None:
        pass


class CachedScans:
    """What the pre-scan found in each file, in the cache (``cache``: True for
    ``.podlint_cache/``, or a directory), under a key of podlint's code and ``version``."""

    def __init__(self, cache: bool | str | Path, version: tuple[int, int]):
        from .cache import Cache, code_fingerprint, fingerprint

        self.version = version
        self.store = Cache("cluster-" + fingerprint(code_fingerprint(), version), None if cache is True else cache)

    def found(self, path: str, digest: str):
        entry = self.store.get(path, digest)  # [what was found], or None
        try:
            return from_json(entry[0], self.version)  # type: ignore[index]
        except (NotKept, TypeError, IndexError, KeyError):
            return UNKNOWN  # not kept, or not as podlint keeps it

    def keep(self, path: str, digest: str, found) -> None:
        try:
            self.store.put(path, digest, [to_json(found)])
        except NotKept:
            pass  # parsed again next time

    def save(self) -> None:
        self.store.save()


class NotKept(ValueError):
    """A value an entry cannot hold, or an entry that is not one."""


def to_json(found: tuple[dict[str, NamespaceLevels], Cluster] | None) -> object:
    """``found`` (what :func:`podlint.cluster.read` returned, or None) as JSON data; raises
    :class:`NotKept` for what an entry cannot hold."""
    if found is None:
        return None
    namespaces, cluster = found
    return [_encode(namespaces), {name: _encode(getattr(cluster, name)) for name in _FIELDS}]


def from_json(entry: object, version: tuple[int, int]) -> tuple[dict[str, NamespaceLevels], Cluster] | None:
    """What :func:`to_json` wrote, the same values again; raises :class:`NotKept` for anything
    else (an entry written by hand), and for what the pre-scan for ``version`` would not make."""
    if entry is None:
        return None
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], dict)):
        raise NotKept("not a pre-scan entry")
    if set(entry[1]) != set(_FIELDS):
        raise NotKept("not a pre-scan entry")
    try:
        namespaces = _decode(entry[0])
        fields = {name: _decode(value) for name, value in entry[1].items()}
        made = _fits(namespaces, _NAMESPACES_SPEC) and all(_fits(fields[name], _CLUSTER_SPECS[name]) for name in _FIELDS)
        made = made and all(
            _valid_scheduling(dict(runtime_class.node_selector), list(runtime_class.tolerations), version)
            for runtime_class in fields["runtime_classes"].values()
        )
    except (TypeError, RecursionError):  # an unhashable key or member, or nesting without end
        raise NotKept("not a pre-scan entry") from None
    if not made:
        raise NotKept("not what the pre-scan makes")
    return namespaces, Cluster(**fields)


def _fits(value: object, spec) -> bool:
    if spec.__class__ is type:
        if spec is Quantity:
            return value.__class__ is Quantity and value.nanos.__class__ is int and value.format in _FORMATS  # type: ignore[attr-defined]
        if spec in SPECS:
            return value.__class__ is spec and all(_fits(item, field) for item, field in zip(value, SPECS[spec]))  # type: ignore[call-overload]
        return value.__class__ is spec
    if spec == "data":
        if value.__class__ is dict:
            return all(_fits(key, "data") and _fits(item, "data") for key, item in value.items())  # type: ignore[attr-defined]
        if value.__class__ is list:
            return all(_fits(item, "data") for item in value)  # type: ignore[attr-defined]
        return value.__class__ in _SCALARS
    form = spec[0]
    if form == "opt":
        return value is None or _fits(value, spec[1])
    if form == "in":
        return value.__class__ is str and value in spec[1]
    if form == "tuple" or form == "fset":
        return value.__class__ is (tuple if form == "tuple" else frozenset) and all(_fits(item, spec[1]) for item in value)  # type: ignore[attr-defined]
    if form == "fixed":
        return value.__class__ is tuple and len(value) == len(spec) - 1 and all(map(_fits, value, spec[1:]))  # type: ignore[arg-type]
    return value.__class__ is dict and all(_fits(key, spec[1]) and _fits(item, spec[2]) for key, item in value.items())  # type: ignore[attr-defined]


def _encode(value: object) -> object:
    kind = value.__class__
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return ["t", *map(_encode, value)]
    if kind is frozenset:
        return ["f", *map(_encode, value)]
    if kind is list:
        return ["l", *map(_encode, value)]
    if kind is dict:
        return ["d", *(_encode(item) for pair in value.items() for item in pair)]
    if kind is Quantity:
        return ["q", value.nanos, value.format]  # type: ignore[attr-defined]
    if RECORDS.get(kind.__name__) is kind:
        return ["o", kind.__name__, *map(_encode, value)]  # type: ignore[call-overload]
    raise NotKept(f"a {kind.__name__} is not kept")


def _decode(value: object) -> object:
    if value.__class__ is not list:
        if value.__class__ in _SCALARS:
            return value
        raise NotKept("not a pre-scan entry")
    if not value:
        raise NotKept("not a pre-scan entry")
    tag, items = value[0], value[1:]  # type: ignore[index]
    if tag == "t":
        return tuple(map(_decode, items))
    if tag == "f":
        return frozenset(map(_decode, items))
    if tag == "l":
        return list(map(_decode, items))
    if tag == "d" and len(items) % 2 == 0:
        decoded = list(map(_decode, items))
        return dict(zip(decoded[::2], decoded[1::2]))
    if tag == "q" and len(items) == 2 and items[0].__class__ is int and items[1].__class__ is str:
        return Quantity(items[0], items[1])
    if tag == "o" and items and (record := RECORDS.get(items[0])) is not None and len(items) - 1 == len(record._fields):
        return record(*map(_decode, items[1:]))
    raise NotKept("not a pre-scan entry")
