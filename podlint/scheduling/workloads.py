"""Workloads against the inventory: where their pods fit, and how many replicas at once."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import DAEMONS, Manifest, Pod, pod_of, pods_at_once
from .fit import PodNeeds, Verdict, admit, daemon_needs, schedule, schedule_daemon
from .inventory import Inventory



@dataclass
class Workload:
    manifest: Manifest
    needs: PodNeeds
    verdict: Verdict
    replicas: int | None  # pods wanted at once; None for Pods and DaemonSets
    replicas_at: tuple | None  # the field that says so, where the manifest writes it
    daemon: bool = False

    @property
    def max_replicas(self) -> int | None:
        return None if self.replicas is None else self.verdict.capacity

    @property
    def fits(self) -> bool:
        """Its pods fit, all the replicas it wants at once included."""
        return self.verdict.schedulable and (self.replicas is None or self.replicas <= self.verdict.capacity)


def analyse(manifest: Manifest, inventory: Inventory) -> Workload | None:
    """The workload of a pod-bearing object (not a PodTemplate), checked against ``inventory``."""
    pod = pod_of(manifest)
    if pod is None or manifest.kind == "PodTemplate":
        return None
    key = (manifest.group, manifest.kind)
    version = manifest.kubernetes_minor
    spec = admitted_spec(pod)
    if key in DAEMONS:
        needs = _with_priority(daemon_needs(spec, version), spec, manifest)
        return Workload(manifest, needs, schedule_daemon(needs, inventory), None, None, daemon=True)
    needs = _with_priority(PodNeeds.of(spec, version, pod.metadata.get("labels"), manifest.ref.namespace), spec, manifest)
    verdict = admit(needs, inventory) if needs.node_name else schedule(needs, inventory)
    at_once = pods_at_once(manifest)
    if at_once is None:
        return Workload(manifest, needs, verdict, None, None)
    return Workload(manifest, needs, verdict, *at_once)


def _with_priority(needs: PodNeeds, spec: dict, manifest: Manifest) -> PodNeeds:
    """``needs`` with the priority and preemption policy the Priority admission plugin gives
    the pod: its PriorityClass's (a system class, one among the linted files, or the global
    default among them; priority 0 without any), or None for a class podlint does not know."""
    from ..priority import resolve

    cluster = manifest.cluster
    name = spec.get("priorityClassName")
    found = resolve(name if isinstance(name, str) else "", cluster.priority_classes if cluster else {})
    needs.priority = found.value if found is not None else None
    needs.preemption_policy = found.preemption_policy if found is not None else None
    return needs


def admitted_spec(pod: Pod) -> dict:
    """The pod spec the scheduler sees: given the overhead and the scheduling of its RuntimeClass
    (the RuntimeClass admission plugin's) and its containers given the defaults of the
    LimitRanges of its namespace (the LimitRanger plugin's), where podlint knows them; the spec
    as written where none applies."""
    cluster = pod.manifest.cluster
    if not cluster:
        return pod.spec
    name = pod.spec.get("runtimeClassName")
    spec = _with_runtime_class(pod.spec, cluster.runtime_classes.get(name) if isinstance(name, str) else None)
    ranges = cluster.in_namespace(pod.manifest.ref.namespace)[0]
    if not ranges:
        return spec
    from ..checks.api.limitrange import defaulted_containers

    spec = dict(spec)
    for resources in defaulted_containers(pod, ranges):
        if not resources.defaulted:
            continue
        container = resources.container
        list_name = container.path[-2]
        if spec[list_name] is pod.spec[list_name]:
            spec[list_name] = list(spec[list_name])
        given = container.resources
        filled = {}
        for key, quantities in (("requests", resources.requests), ("limits", resources.limits)):
            written = given.get(key) if isinstance(given.get(key), dict) else {}
            extra = {name: str(quantities[name]) for name in resources.defaulted if name in quantities and name not in written}
            filled[key] = {**written, **extra}
        spec[list_name][container.index] = {**container.spec, "resources": {**given, **filled}}
    return spec


def _with_runtime_class(spec: dict, runtime_class) -> dict:
    """``setOverhead`` and ``setScheduling``: the class's overhead where the pod has none, its
    node selector and tolerations added to the pod's (a conflict refuses the pod:
    ``runtime-class-conflict``)."""
    if runtime_class is None or _refused_by(runtime_class, spec):
        return spec  # a pod the plugin refuses is never scheduled (runtime-class-conflict says why)
    spec = dict(spec)
    if runtime_class.overhead is not None and not spec.get("overhead"):
        spec["overhead"] = dict(runtime_class.raw_overhead)
    if runtime_class.node_selector:
        selector = spec.get("nodeSelector") if isinstance(spec.get("nodeSelector"), dict) else {}
        spec["nodeSelector"] = {**selector, **dict(runtime_class.node_selector)}
    if runtime_class.tolerations:
        tolerations = spec.get("tolerations") if isinstance(spec.get("tolerations"), list) else []
        spec["tolerations"] = [*tolerations, *runtime_class.tolerations]
    return spec


def _refused_by(runtime_class, spec: dict) -> bool:
    from ..checks.api.runtimeclass import refusals

    return next(refusals(spec, runtime_class), None) is not None


def workload_of(manifest: Manifest) -> Workload | None:
    """:func:`analyse` against the run's inventory, once per object (None without one)."""
    if manifest.nodes is None:
        return None
    return manifest.memo("workload", lambda: analyse(manifest, manifest.nodes))


@dataclass
class FitResult:
    workloads: list[tuple[str, Workload]]  # (file, workload), in file and document order
    errors: list[str]
    notices: list[str]

    @property
    def failing(self) -> bool:
        """Some workload fits nowhere, or not all its replicas fit."""
        return not all(workload.fits for _, workload in self.workloads)


def fit_paths(
    paths, inventory: Inventory, version: str | None = None, exclude=(), max_file_size: int | None = None,
    cache: bool = False,
) -> FitResult:
    """Every workload in the manifests of ``paths``, against ``inventory``. ``cache``: what the
    files give every pod (LimitRanges, RuntimeClasses) is kept in the cache, as ``podlint lint``
    keeps it (:func:`podlint.engine.scan_cluster`)."""
    from ..cluster import read as read_cluster
    from ..engine import Linter, _NotLinted, _read, decode, scan_cluster
    from ..loader import load
    from ..model import manifests
    from ..schema.bundle import newest_version
    from ..schema.catalog import Schemas

    schemas = Schemas(version or newest_version())
    result = FitResult([], [], list(inventory.notices))
    files = list(Linter._files(paths, tuple(exclude), result.errors))
    cluster = scan_cluster(files, schemas.minor, max_file_size, cache=cache)[1]  # LimitRanges' defaults, RuntimeClasses
    for display, path in files:
        try:
            data = _read(path, max_file_size)
        except OSError as error:
            result.errors.append(f"{display}: cannot read: {error.strerror or error}")
            continue
        except _NotLinted as reason:
            (result.notices if reason.notice else result.errors).append(f"{display}: {reason}")
            continue
        text, problem = decode(data)
        if problem is not None:
            result.errors.append(f"{display}:{problem.mark[0] + 1}:{problem.mark[1] + 1}: {problem.message}")
            continue
        source = load(text)
        own = cluster.with_own(read_cluster(source.documents, schemas.minor)[1])
        for document in source.documents:
            for problem in [*document.limits, *document.errors]:
                line, column = problem.mark[0] + 1, problem.mark[1] + 1
                result.errors.append(f"{display}:{line}:{column}: not analysed: {problem.message}")
            for manifest in manifests(document, schemas, nodes=inventory, cluster=own):
                workload = analyse(manifest, inventory)
                if workload is not None:
                    result.workloads.append((display, workload))
    return result

