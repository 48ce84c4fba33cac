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
        namespaces = _read(entry[0], _NAMESPACES_SPEC)
        fields = {name: _read(entry[1][name], _CLUSTER_SPECS[name]) for name in _FIELDS}
        made = all(
            _valid_scheduling(dict(runtime_class.node_selector), list(runtime_class.tolerations), version)
            for runtime_class in fields["runtime_classes"].values()
        )
    except (TypeError, RecursionError):  # an unhashable key or member, or nesting without end
        raise NotKept("not a pre-scan entry") from None
    if not made:
        raise NotKept("not what the pre-scan makes")
    return namespaces, Cluster(**fields)


def _tagged(value: object, tag: str) -> list:
    """The items of a value written with ``tag``; raises :class:`NotKept` for anything else."""
    if value.__class__ is not list or not value or value[0] != tag:  # type: ignore[index]
        raise NotKept("not what the pre-scan makes")
    return value[1:]  # type: ignore[index]


def _read(value: object, spec) -> object:
    """What ``value`` (as :func:`_encode` writes it) stands for, when it is what ``spec`` says."""
    if spec.__class__ is type:
        if spec is Quantity:
            items = _tagged(value, "q")
            if len(items) != 2 or items[0].__class__ is not int or items[1] not in _FORMATS:
                raise NotKept("not what the pre-scan makes")
            return Quantity(items[0], items[1])
        fields = SPECS.get(spec)
        if fields is not None:
            items = _tagged(value, "o")
            if len(items) != len(fields) + 1 or items[0] != spec.__name__:
                raise NotKept("not what the pre-scan makes")
            return spec(*map(_read, items[1:], fields))
        if value.__class__ is not spec:
            raise NotKept("not what the pre-scan makes")
        return value
    if spec == "data":  # what a manifest holds: mappings, lists, scalars
        if value.__class__ in _SCALARS:
            return value
        if value.__class__ is list and value and value[0] == "l":  # type: ignore[index]
            return [_read(item, "data") for item in value[1:]]  # type: ignore[index]
        return _read(value, ("dict", "data", "data"))
    form = spec[0]
    if form == "opt":
        return None if value is None else _read(value, spec[1])
    if form == "in":
        if value.__class__ is not str or value not in spec[1]:
            raise NotKept("not what the pre-scan makes")
        return value
    if form == "tuple" or form == "fset":
        items = _tagged(value, "t" if form == "tuple" else "f")
        made = (_read(item, spec[1]) for item in items)
        return tuple(made) if form == "tuple" else frozenset(made)
    if form == "fixed":
        items = _tagged(value, "t")
        if len(items) != len(spec) - 1:
            raise NotKept("not what the pre-scan makes")
        return tuple(map(_read, items, spec[1:]))
    items = _tagged(value, "d")  # ("dict", key, value)
    if len(items) % 2:
        raise NotKept("not what the pre-scan makes")
    return {_read(items[at], spec[1]): _read(items[at + 1], spec[2]) for at in range(0, len(items), 2)}


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
    if kind in SPECS:  # the records a pre-scan finds: the only classes an entry can make
        return ["o", kind.__name__, *map(_encode, value)]  # type: ignore[call-overload]
    raise NotKept(f"a {kind.__name__} is not kept")
