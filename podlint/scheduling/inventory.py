"""The node inventory: the nodes pods are checked against, and what already runs on them.

Two ways to write it:

- real ``Node`` objects, as ``kubectl get nodes -o yaml`` prints them (a ``kind: List`` of
  Nodes, or documents of ``kind: Node``): the scheduler reads ``metadata.name``,
  ``metadata.labels``, ``spec.taints``, ``spec.unschedulable`` and ``status.allocatable``
  (``status.capacity`` where a node has no allocatable, with a notice);
- node pools, for clusters still on the drawing board::

      pools:
        - name: general
          count: 20
          allocatable: {cpu: 7910m, memory: 29Gi, pods: 110}
          labels: {topology.kubernetes.io/zone: eu-west-1a}
          taints: [{key: dedicated, value: batch, effect: NoSchedule}]

  A pool's nodes are named ``general-1`` … ``general-20`` and carry the labels the kubelet
  sets (``kubernetes.io/hostname``, ``kubernetes.io/os: linux``, ``kubernetes.io/arch:
  amd64``) unless the pool's labels say otherwise; ``pods`` defaults to the kubelet's 110.

Pods already running (``kubectl get pods -A -o yaml``) take their requests, a pod slot and
their host ports on the node their ``spec.nodeName`` names; finished pods (phase Succeeded
or Failed) take nothing, as the scheduler does not count them.

Anything malformed is an :class:`InventoryError` that names the file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import ConfigError, suggest
from ..quantity import Quantity, QuantityError
from .requests import (
    POD_LEVEL_RESOURCES_SINCE,
    PODS,
    counted,
    host_ports,
    in_units,
    pod_requests,
    quantities,
    to_units,
)

TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
POOL_KEYS = ("name", "count", "allocatable", "labels", "taints", "unschedulable")
KUBELET_MAX_PODS = 110
# Kubernetes is tested up to 5,000 nodes a cluster; an inventory twenty times that is a mistake
# (or an attempt to make podlint build a billion nodes), refused where it says so.
MAX_NODES = 100_000
MAX_FILE_SIZE = 512 * 1024 * 1024  # kubectl's YAML of 5,000 nodes with their images is about 100 MB
HOSTNAME = "kubernetes.io/hostname"


class InventoryError(ConfigError):
    """The inventory cannot be used: ``file:line:column: what is wrong`` (exit 2)."""


@dataclass(frozen=True, slots=True)
class Taint:
    key: str
    value: str
    effect: str


@dataclass(eq=False, slots=True)
class Node:
    """One node as the scheduler's filters see it: ``allocatable`` and ``requested`` are in
    the scheduler's units (millicores for cpu), ``pods`` counts the pods already on it."""

    name: str
    labels: dict[str, str]
    taints: tuple[Taint, ...] = ()
    unschedulable: bool = False
    allocatable: dict[str, int] = field(default_factory=dict)
    requested: dict[str, int] = field(default_factory=dict)
    pods: int = 0
    used_ports: set[tuple[str, str, int]] = field(default_factory=set)
    pool: str | None = None
    # the pods already running, as preemption reads them: (priority, requests in units, host ports)
    running: list[tuple[int | None, tuple, tuple]] = field(default_factory=list)

    def free(self, resource: str) -> int:
        return self.allocatable.get(resource, 0) - self.requested.get(resource, 0)

    def signature(self) -> tuple:
        """What the filters read of the node, its name and labels aside."""
        return (
            self.taints,
            self.unschedulable,
            tuple(sorted(self.allocatable.items())),
            tuple(sorted(self.requested.items())),
            self.pods,
            tuple(sorted(self.used_ports)),
            tuple(sorted(self.running, key=_running_order)),
        )


def _running_order(pod: tuple) -> tuple:
    return (pod[0] is None, pod[0] or 0, pod[1], pod[2])


@dataclass
class Inventory:
    """The nodes, fixed once pods are checked against them (``groups`` are kept per inventory)."""

    nodes: list[Node] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    source: str = ""
    digest: str = ""  # of the files it was read from, for the cache
    groups: dict = field(default_factory=dict, repr=False, compare=False)  # see fit.groups


class _Everything(dict):
    """A keep tree whose unnamed keys are kept whole (the top of a file: a pools file's stray
    keys must be seen to be refused)."""

    def get(self, key, default=None):
        return super().get(key, True)


_NODE = {
    "apiVersion": True,
    "kind": True,
    "metadata": {"name": True, "labels": True},
    "spec": {"taints": True, "unschedulable": True},
    "status": {"allocatable": True, "capacity": True},
}
NODES_READ = _Everything({**_NODE, "items": {"*": _NODE}})  # what the inventory reader reads
_CONTAINER = {"name": True, "resources": True, "ports": True, "restartPolicy": True}
_POD = {
    "apiVersion": True,
    "kind": True,
    "metadata": {"name": True, "namespace": True},
    "spec": {
        "nodeName": True,
        "priority": True,
        "priorityClassName": True,
        "hostNetwork": True,
        "overhead": True,
        "resources": True,
        "containers": {"*": _CONTAINER},
        "initContainers": {"*": _CONTAINER},
    },
    "status": {
        "phase": True,
        "conditions": {"*": {"type": True, "reason": True}},
        "containerStatuses": {"*": {"name": True, "resources": True, "allocatedResources": True}},
        "initContainerStatuses": {"*": {"name": True, "resources": True, "allocatedResources": True}},
    },
}
PODS_READ = _Everything({**_POD, "items": {"*": _POD}})  # what --existing reads
# InPlacePodVerticalScaling, on by default from 1.33: a running pod whose resize is in progress
# is counted at the most it may hold
IN_PLACE_RESIZE_SINCE = (1, 33)


class _Reader:
    """Reads one file's documents, and says where a field is when it is wrong.

    JSON (``kubectl get nodes -o json``) is read by the json module, fifty times faster than a
    YAML parser keeping positions; the positions are only worked out for an error. YAML is
    read pruned to the fields of ``keep`` (see :mod:`.pruned`), or whole where it must be."""

    def __init__(self, path: str, text: str, keep=None):
        self.path = path
        self.text = text
        self.source = None
        self.document = None
        self.fast = None
        self.pruned = None
        if text.lstrip().startswith("{"):
            import json

            try:
                self.fast = json.loads(text)
            except (ValueError, RecursionError):
                pass  # not JSON after all, or too deep for json: YAML (a superset) reads it, and says what is wrong
        if self.fast is None and keep is not None:
            from .pruned import documents

            self.pruned = documents(text, keep)
        if self.fast is None and self.pruned is None:
            self._load()

    def _load(self) -> None:
        from ..loader import load

        self.source = load(self.text)
        for document in self.source.documents:
            for problem in [*document.limits, *document.errors, *document.duplicate_keys]:
                line, column = problem.mark[0] + 1, problem.mark[1] + 1
                raise InventoryError(f"{self.path}:{line}:{column}: {problem.message}")

    def documents(self):
        if self.fast is not None:
            yield _Parsed(self.fast)
            return
        for document in self.pruned if self.pruned is not None else self.source.documents:
            if not getattr(document, "empty", False) and document.data is not None:
                self.document = document
                yield document

    def fail(self, path: tuple, message: str, on: str = "value") -> InventoryError:
        if self.fast is not None:  # read as JSON: find the positions now
            self._load()
            self.document = next((d for d in self.source.documents if not d.empty), None)
        if self.document is None:
            return InventoryError(f"{self.path}:1:1: {message}")
        span = self.document.sourcemap.span(path, on=on)
        return InventoryError(f"{self.path}:{span.line}:{span.column}: {message}")


@dataclass
class _Parsed:
    data: Any


def _name(path: tuple) -> str:
    from ..sourcemap import FieldPath

    return str(FieldPath(path))


def read_file(path: str | Path) -> str:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_SIZE + 1)
    except OSError as error:
        raise InventoryError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_SIZE:
        raise InventoryError(f"{path}: more than {MAX_FILE_SIZE // 1024**2} MiB: not read")
    from ..engine import decode

    text, problem = decode(data)
    if problem is not None:
        line, column = problem.mark[0] + 1, problem.mark[1] + 1
        raise InventoryError(f"{path}:{line}:{column}: {problem.message}")
    return text


def load_inventory(
    path: str | Path, existing: str | Path | None = None, version: str | None = None, cache: bool = False
) -> Inventory:
    """The nodes of ``path`` and, with ``existing``, the pods already running on them, as
    Kubernetes ``version`` (``"1.NN"``; default: the newest) counts their requests. With
    ``cache``, an inventory read before from the same bytes comes from ``.podlint_cache/``: a
    cluster of thousands of nodes is read once, not at every commit."""
    import hashlib

    minor = tuple(map(int, version.split("."))) if version else (1, 99)
    text = read_file(path)
    more = read_file(existing) if existing is not None else ""
    digest = hashlib.sha256(f"{minor}\0{text}\0{more}".encode()).hexdigest()
    store = None
    if cache:
        from ..cache import Cache, code_fingerprint, fingerprint

        store = Cache(fingerprint(code_fingerprint(), "node inventory"))
        entry = store.get(str(path), digest)
        if entry is not None:
            try:
                return _from_json(entry, str(path), digest)
            except (TypeError, ValueError, KeyError, IndexError):
                pass  # a damaged entry: read the files again
    inventory = parse_inventory(text, str(path))
    if existing is not None:
        add_existing(inventory, more, str(existing), minor)
    inventory.digest = digest
    if store is not None:
        store.put(str(path), digest, _to_json(inventory))
        store.save()
    return inventory


def _to_json(inventory: Inventory) -> dict:
    nodes = [
        [
            n.name,
            n.labels,
            [list(t) for t in _taint_tuples(n)],
            n.unschedulable,
            n.allocatable,
            n.requested,
            n.pods,
            sorted(n.used_ports),
            n.pool,
            [[priority, [list(u) for u in units], [list(p) for p in ports]] for priority, units, ports in n.running],
        ]
        for n in inventory.nodes
    ]
    return {"nodes": nodes, "notices": inventory.notices}


def _taint_tuples(node: Node):
    return [(t.key, t.value, t.effect) for t in node.taints]


def _from_json(entry: dict, source: str, digest: str) -> Inventory:
    """An inventory from the cache; anything of the wrong shape or type is a ValueError (a
    cache is data someone else may have written)."""

    def strings(value) -> dict[str, str]:
        _check(isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()))
        return dict(value)

    def amounts(value) -> dict[str, int]:
        _check(isinstance(value, dict) and all(isinstance(k, str) and _whole(v) for k, v in value.items()))
        return dict(value)

    def port_list(value) -> list[tuple[str, str, int]]:
        _check(all(len(p) == 3 and isinstance(p[0], str) and isinstance(p[1], str) and _whole(p[2]) for p in value))
        return [(ip, protocol, port) for ip, protocol, port in value]

    nodes = []
    for name, labels, taints, unschedulable, allocatable, requested, pods, ports, pool, running in entry["nodes"]:
        _check(isinstance(name, str) and isinstance(unschedulable, bool) and _whole(pods))
        _check(pool is None or isinstance(pool, str))
        _check(all(len(t) == 3 and all(isinstance(x, str) for x in t) for t in taints))
        node = Node(name, strings(labels), tuple(Taint(*t) for t in taints), unschedulable, amounts(allocatable))
        node.requested, node.pods, node.pool = amounts(requested), pods, pool
        node.used_ports = set(port_list(ports))
        for priority, units, pod_ports in running:
            _check((priority is None or _whole(priority)) and all(len(u) == 2 and isinstance(u[0], str) and _whole(u[1]) for u in units))
            node.running.append((priority, tuple((n, a) for n, a in units), tuple(port_list(pod_ports))))
        nodes.append(node)
    notices = entry["notices"]
    _check(all(isinstance(notice, str) for notice in notices))
    return Inventory(nodes, list(notices), source, digest)


def _check(condition: bool) -> None:
    if not condition:
        raise ValueError("a cache entry of the wrong shape")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_inventory(text: str, path: str = "<nodes>") -> Inventory:
    reader = _Reader(path, text, NODES_READ)
    inventory = Inventory(source=path)
    seen: dict[str, tuple] = {}
    for document in reader.documents():
        data = document.data
        if isinstance(data, dict) and "pools" in data and "kind" not in data:
            nodes = _pools(reader, data)
        else:
            nodes = _node_objects(reader, data, inventory.notices)
        for node, at in nodes:
            if node.name in seen:
                raise reader.fail(at, f'a second node named "{node.name}"')
            if len(inventory.nodes) == MAX_NODES:
                raise reader.fail(at, f"more than {MAX_NODES:,} nodes: podlint checks clusters up to that size")
            seen[node.name] = at
            inventory.nodes.append(node)
    return inventory


# --- Node objects ---------------------------------------------------------------------------


def _node_objects(reader: _Reader, data: Any, notices: list[str]):
    if not isinstance(data, dict):
        raise reader.fail((), 'expected a Node, a List of Nodes, or node pools (a mapping with "pools")')
    kind = data.get("kind")
    if kind in ("List", "NodeList"):
        items = data.get("items")
        if not isinstance(items, list):
            raise reader.fail(("items",), f"the items of a {kind} must be a list of Nodes", on="key")
        for index, item in enumerate(items):
            yield _node(reader, item, ("items", index), notices), ("items", index, "metadata", "name")
    else:
        yield _node(reader, data, (), notices), ("metadata", "name")


def _node(reader: _Reader, data: Any, at: tuple, notices: list[str]) -> Node:
    if not isinstance(data, dict) or data.get("kind") != "Node":
        found = data.get("kind") if isinstance(data, dict) else None
        what = f"a {found}" if isinstance(found, str) else "not a Kubernetes object"
        raise reader.fail(at + ("kind",) if isinstance(data, dict) else at, f"expected a Node, found {what}")
    metadata = _mapping(reader, data, at, "metadata", required=True)
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        raise reader.fail(at + ("metadata", "name"), "a node needs a name (metadata.name)", on="key")
    labels = _labels(reader, metadata.get("labels"), at + ("metadata", "labels"))
    spec = _mapping(reader, data, at, "spec")
    taints = _taints(reader, spec.get("taints"), at + ("spec", "taints"))
    unschedulable = _bool(reader, spec.get("unschedulable", False), at + ("spec", "unschedulable"))
    status = _mapping(reader, data, at, "status")
    if status.get("allocatable") is not None:
        allocatable = _resources(reader, status["allocatable"], at + ("status", "allocatable"))
    elif status.get("capacity") is not None:
        allocatable = _resources(reader, status["capacity"], at + ("status", "capacity"))
        notices.append(f"{reader.path}: node {name} has no status.allocatable: its status.capacity is used")
    else:
        raise reader.fail(at + ("status",), f"node {name} has no status.allocatable (or status.capacity)", on="key")
    return Node(name, labels, taints, unschedulable, allocatable)


def _mapping(reader: _Reader, data: dict, at: tuple, key: str, required: bool = False) -> dict:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise reader.fail(at + (key,), f"{_name(at + (key,))} must be a mapping", on="key")
    return value


def _labels(reader: _Reader, value: Any, at: tuple) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise reader.fail(at, "labels must be a mapping of strings", on="key")
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise reader.fail(at + (key,), f"label {key!s} must have a string value (quote it)")
    return dict(value)


def _bool(reader: _Reader, value: Any, at: tuple) -> bool:
    if not isinstance(value, bool):
        raise reader.fail(at, f"{_name(at)} must be true or false")
    return value


def _taints(reader: _Reader, value: Any, at: tuple) -> tuple[Taint, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise reader.fail(at, "taints must be a list", on="key")
    taints = []
    for index, taint in enumerate(value):
        here = at + (index,)
        if not isinstance(taint, dict):
            raise reader.fail(here, "a taint must be a mapping with key, value and effect")
        key, item, effect = taint.get("key"), taint.get("value", ""), taint.get("effect")
        if not isinstance(key, str) or not key:
            raise reader.fail(here + ("key",), "a taint needs a key")
        if item is None:
            item = ""
        if not isinstance(item, str):
            raise reader.fail(here + ("value",), "a taint's value must be a string (quote it)")
        if effect not in TAINT_EFFECTS:
            raise reader.fail(here + ("effect",), f"a taint's effect must be one of {', '.join(TAINT_EFFECTS)}")
        taints.append(Taint(key, item, effect))
    return tuple(taints)


def _resources(reader: _Reader, value: Any, at: tuple, default_pods: int | None = None) -> dict[str, int]:
    """A resource list in the scheduler's units (``NewResource``): cpu, memory, ephemeral
    storage, pods and scalar resources; other names are not counted."""
    if not isinstance(value, dict):
        raise reader.fail(at, f"{_name(at)} must be a mapping of resource quantities", on="key")
    out: dict[str, int] = {}
    for name, raw in value.items():
        if not isinstance(name, str):
            raise reader.fail(at + (name,), "a resource name must be a string", on="key")
        try:
            # (not a boolean: true == 1 would find 1's entry in _units' cache)
            plain = isinstance(raw, (str, int, float)) and not isinstance(raw, bool)
            units = _units(name, raw) if plain else Quantity.from_json(raw)
        except QuantityError as error:
            raise reader.fail(at + (name,), f"{name}: {error}") from None
        except ValueError as error:
            raise reader.fail(at + (name,), str(error)) from None
        if units is not None:
            out[name] = units
    if PODS not in out and default_pods is not None:
        out[PODS] = default_pods
    return out


@lru_cache(maxsize=4096)
def _units(name: str, raw) -> int | None:
    """A node's amount of a resource in the scheduler's units, None for a resource it does not
    count; nodes of a cluster repeat the same few amounts, parsed once."""
    amount = Quantity.from_json(raw).value
    if amount < 0:
        raise ValueError(f"{name} must not be negative")
    return to_units(name, amount) if name == PODS or counted(name) else None


# --- node pools -----------------------------------------------------------------------------


def _pools(reader: _Reader, data: dict):
    for key in data:
        if key != "pools":
            raise reader.fail((key,), f'unknown key "{key}": a pools file has only "pools"', on="key")
    pools = data["pools"]
    if not isinstance(pools, list) or not pools:
        raise reader.fail(("pools",), "pools must be a list of node pools", on="key")
    names: set[str] = set()
    total = 0
    for index, pool in enumerate(pools):
        at = ("pools", index)
        if not isinstance(pool, dict):
            raise reader.fail(at, "a node pool is a mapping: name, count, allocatable, labels, taints")
        for key in pool:
            if key not in POOL_KEYS:
                hint = suggest(str(key), POOL_KEYS)
                raise reader.fail(
                    at + (key,), f'unknown pool setting "{key}"{hint}; a pool has: {", ".join(POOL_KEYS)}', on="key"
                )
        name = pool.get("name")
        if not isinstance(name, str) or not name:
            raise reader.fail(at + ("name",), "a node pool needs a name", on="key")
        if name in names:
            raise reader.fail(at + ("name",), f'a second pool named "{name}"')
        names.add(name)
        count = pool.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise reader.fail(at + ("count",), "count must be a whole number of nodes, 0 or more")
        total += count
        if total > MAX_NODES:
            raise reader.fail(
                at + ("count",), f"more than {MAX_NODES:,} nodes: podlint checks clusters up to that size"
            )
        if "allocatable" not in pool:
            raise reader.fail(at, f'pool "{name}" needs allocatable resources (cpu, memory, pods)')
        allocatable = _resources(reader, pool["allocatable"], at + ("allocatable",), KUBELET_MAX_PODS)
        labels = _labels(reader, pool.get("labels"), at + ("labels",))
        taints = _taints(reader, pool.get("taints"), at + ("taints",))
        unschedulable = _bool(reader, pool.get("unschedulable", False), at + ("unschedulable",))
        for number in range(1, count + 1):
            node_name = f"{name}-{number}"
            node_labels = {HOSTNAME: node_name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", **labels}
            yield Node(node_name, node_labels, taints, unschedulable, dict(allocatable), pool=name), at + ("name",)


# --- pods already running -------------------------------------------------------------------


def add_existing(inventory: Inventory, text: str, path: str = "<existing>", version: tuple = (1, 99)) -> None:
    """Charge the pods of ``text`` to the nodes they run on, as the scheduler of Kubernetes
    ``version`` counts them."""
    pod_level = version >= POD_LEVEL_RESOURCES_SINCE
    reader = _Reader(path, text, PODS_READ)
    by_name = {node.name: node for node in inventory.nodes}
    for document in reader.documents():
        data = document.data
        if isinstance(data, dict) and data.get("kind") in ("List", "PodList") and isinstance(data.get("items"), list):
            items = [(("items", index), item) for index, item in enumerate(data["items"])]
        else:
            items = [((), data)]
        for at, pod in items:
            if not isinstance(pod, dict) or pod.get("kind") != "Pod":
                found = pod.get("kind") if isinstance(pod, dict) else None
                what = f"a {found}" if isinstance(found, str) else "not a Kubernetes object"
                raise reader.fail(at + ("kind",) if isinstance(pod, dict) else at, f"expected a Pod, found {what}")
            spec = pod.get("spec")
            if not isinstance(spec, dict):
                raise reader.fail(at + ("spec",), "a pod needs a spec", on="key")
            node_name = spec.get("nodeName")
            status = pod.get("status")
            phase = status.get("phase") if isinstance(status, dict) else None
            if not isinstance(node_name, str) or not node_name or phase in ("Succeeded", "Failed"):
                continue  # not on a node, or finished: the scheduler does not count it
            node = by_name.get(node_name)
            if node is None:
                metadata = pod.get("metadata") if isinstance(pod.get("metadata"), dict) else {}
                inventory.notices.append(
                    f"{path}: pod {metadata.get('name')} runs on node {node_name}, which the inventory does not have"
                )
                continue
            if version >= IN_PLACE_RESIZE_SINCE:
                spec = _resized(spec, status)
            charge(node, spec, pod_level, version)


def _resized(spec: dict, status: Any) -> dict:
    """``spec`` with the requests of each container whose status reports its resources as the
    scheduler counts them (``determineContainerReqs``): the largest of the spec's, the status's
    and the allocated ones, or, where the resize is infeasible, of the last two. App containers
    and sidecars; a resize of the pod as a whole is not read."""
    if not isinstance(status, dict):
        return spec
    infeasible = False
    for condition in status.get("conditions") if isinstance(status.get("conditions"), list) else ():
        if isinstance(condition, dict) and condition.get("type") == "PodResizePending":
            infeasible = condition.get("reason") == "Infeasible"  # IsPodResizeInfeasible: the first
            break
    resized = dict(spec)
    for key, statuses_key in (("containers", "containerStatuses"), ("initContainers", "initContainerStatuses")):
        statuses = status.get(statuses_key)
        containers = spec.get(key)
        if not isinstance(statuses, list) or not isinstance(containers, list):
            continue
        by_name = {s["name"]: s for s in statuses if isinstance(s, dict) and isinstance(s.get("name"), str)}
        changed = []
        for container in containers:
            name = container.get("name") if isinstance(container, dict) else None
            found = by_name.get(name) if isinstance(name, str) else None
            if found is None or not isinstance(found.get("resources"), dict):
                changed.append(container)
                continue
            if key == "initContainers" and container.get("restartPolicy") != "Always":
                changed.append(container)  # not a sidecar: counted as its spec asks
                continue
            resources = container.get("resources") if isinstance(container.get("resources"), dict) else {}
            lists = [found["resources"].get("requests"), found.get("allocatedResources")]
            if not infeasible:
                lists.insert(0, resources.get("requests"))
            changed.append({**container, "resources": {**resources, "requests": _largest(lists)}})
        resized[key] = changed
    return resized


def _largest(lists: list) -> dict:
    """``max(a, b...)`` of resource lists: each resource at the largest amount any list gives it."""
    largest: dict = {}
    for raw in lists:
        for name, amount in quantities(raw).items():
            if name not in largest or amount > largest[name][0]:
                largest[name] = (amount, raw[name])
    return {name: value for name, (_, value) in largest.items()}


def charge(node: Node, spec: dict, pod_level: bool = True, version: tuple[int, int] = (1, 99)) -> None:
    """Account a pod placed on ``node``: its requests, a pod slot, its host ports, and what
    preemption reads of it (its priority: ``PodPriority``, 0 where the spec has none)."""
    requested = in_units(pod_requests(spec, pod_level))
    for name, units in requested.items():
        node.requested[name] = node.requested.get(name, 0) + units
    node.pods += 1
    ports = host_ports(spec, version)
    node.used_ports.update(ports)
    node.running.append((_priority(spec), tuple(sorted(requested.items())), tuple(sorted(ports))))


def _priority(spec: dict) -> int | None:
    """A running pod's ``spec.priority`` (``PodPriority``), as every pod the API server admitted
    has it; for one written without it, its system PriorityClass's, or 0 without a class, and
    None for another class, whose value podlint does not know."""
    priority = spec.get("priority")
    if isinstance(priority, int) and not isinstance(priority, bool):
        return priority
    name = spec.get("priorityClassName")
    if not name or not isinstance(name, str):
        return 0
    from ..priority import SYSTEM_CLASSES

    known = SYSTEM_CLASSES.get(name)
    return None if known is None else known.value
