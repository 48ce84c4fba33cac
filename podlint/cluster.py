"""What the linted files tell of the cluster their pods are created in: the Namespaces whose
Pod Security labels set the level of their pods, the objects by which other admission
plugins admit a pod (PriorityClasses, RuntimeClasses, LimitRanges, ResourceQuotas), and the
keys of the ConfigMaps and Secrets the kubelet reads for it, the access modes of its
PersistentVolumeClaims, the Services that give its pods their DNS names and the autoscalers
that set its replicas.

An object with a namespace, or a cluster-wide one (a Namespace, a PriorityClass, a
RuntimeClass), applies to the pods of every linted file; a LimitRange or ResourceQuota without
a namespace only to the pods without one in its own file, which are created in the same
namespace as it (a rendered Helm chart). A ConfigMap, Secret, PersistentVolumeClaim or Service
may be the one a pod names when either of them leaves its namespace out (see
:meth:`Cluster.named`)."""

from __future__ import annotations

import dataclasses
import os
import re
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .apiserver import is_dns1123_label, is_dns1123_subdomain
from .limitrange import LimitRange, accepted_limit_range, is_limit_range
from .model import POD_TEMPLATE_PATHS, _get, count, is_object, object_candidates, object_ref
from .podsecurity import LABEL_PREFIX, NamespaceLevels
from .priority import PriorityClass, accepted_class, add_class, is_priority_class
from .quota import ResourceQuota, accepted_quota, is_resource_quota
from .runtimeclass import RuntimeClass, accepted_runtime_class, is_runtime_class

CLUSTER_KINDS = frozenset(
    (
        "PriorityClass", "RuntimeClass", "LimitRange", "ResourceQuota",
        "ConfigMap", "Secret", "PersistentVolumeClaim", "Service", "HorizontalPodAutoscaler", "ScaledObject",
    )
)
# what runs pods: not a PodTemplate, nor an object of the extensions group, which no supported
# Kubernetes version serves
RUNS_PODS = frozenset(key for key in POD_TEMPLATE_PATHS if key != ("", "PodTemplate") and key[0] != "extensions")
# what scales a workload: a HorizontalPodAutoscaler of an apiVersion the supported Kubernetes
# versions serve, or KEDA's ScaledObject (which makes one; its target defaults to an apps/v1
# Deployment, and the annotations below pause it)
HORIZONTAL_POD_AUTOSCALERS = ("autoscaling/v1", "autoscaling/v2")
# what an autoscaler scales whose pods a manifest holds, by group and kind
SCALED_KINDS = frozenset((("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "ReplicaSet"), ("", "ReplicationController")))
KEDA_PAUSED, KEDA_PAUSED_REPLICAS = "autoscaling.keda.sh/paused", "autoscaling.keda.sh/paused-replicas"
GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # strconv.ParseBool
# a Secret whose keys a controller fills in: its keys in a manifest are not all it will have
CONTROLLER_FILLED_SECRETS = ("kubernetes.io/service-account-token",)


class ConfigKeys(NamedTuple):
    """The keys of a ConfigMap or Secret: ``data``, those an env var can read (a ConfigMap's
    ``data``; a Secret's ``data`` and ``stringData``), and ``binary``, a ConfigMap's
    ``binaryData``, which only volumes read."""

    data: frozenset[str]
    binary: frozenset[str] = frozenset()

    def __or__(self, other: ConfigKeys) -> ConfigKeys:
        return ConfigKeys(self.data | other.data, self.binary | other.binary)


def config_keys(data: dict) -> ConfigKeys | None:
    """The keys of a ConfigMap or Secret object, or None when they are not known from it: no
    key at all (a placeholder something else fills), a Secret a controller fills, a map that is
    not one."""
    lists = ("data", "binaryData") if data["kind"] == "ConfigMap" else ("data", "stringData")
    if data["kind"] == "Secret" and data.get("type") in CONTROLLER_FILLED_SECRETS:
        return None
    found = []
    for name in lists:
        value = data.get(name, {})
        if value is None:
            value = {}
        if not isinstance(value, dict):
            return None
        found.append(frozenset(key for key in value if isinstance(key, str)))
    if not (found[0] or found[1]):
        return None
    return ConfigKeys(found[0], found[1]) if data["kind"] == "ConfigMap" else ConfigKeys(found[0] | found[1])


class ServiceFacts(NamedTuple):
    """What a Service tells of the pods it governs: whether it is headless (``clusterIP: None``)
    and the labels it selects, in order (None: no selector, its endpoints are managed by hand)."""

    headless: bool
    selector: tuple[tuple[str, str], ...] | None

    def selects(self, labels: dict, set_by_controller: frozenset[str] = frozenset()) -> bool:
        """Whether it selects pods of ``labels`` (``set_by_controller``: labels a controller adds
        to each pod, whatever their value)."""
        return self.selector is None or all(
            key in set_by_controller or labels.get(key) == value for key, value in self.selector
        )


def service_facts(data: dict) -> ServiceFacts | None:
    """What a Service tells, or None where the API server would refuse what is read from."""
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return None
    selector = spec.get("selector")
    if selector is not None and not (
        isinstance(selector, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in selector.items())
    ):
        return None
    if "clusterIP" not in spec and spec.get("clusterIPs"):
        return None  # ValidateServiceClusterIPsRelatedFields: clusterIPs without clusterIP is refused
    return ServiceFacts(spec.get("clusterIP") == "None", tuple(sorted(selector.items())) if selector else None)


class Autoscaler(NamedTuple):
    """What scales a workload: its kind and name, the group and kind of what it scales, and the
    resources whose utilization it scales by, each with the container it reads ("" for every
    container): those it needs the pods to request."""

    kind: str
    name: str
    target_group: str
    target_kind: str
    utilization: tuple[tuple[str, str], ...] = ()
    other_metrics: bool = False  # metrics that need no request, by which it still scales
    # a HorizontalPodAutoscaler's ContainerResource metrics, whatever their target: (resource,
    # container) each, and how many metrics it has in all
    container_metrics: tuple[tuple[str, str], ...] = ()
    metric_count: int = 0

    def scales(self, group: str, kind: str) -> bool:
        return (self.target_group, self.target_kind) == (group, kind)


class ClaimUser(NamedTuple):
    """An object whose pods mount a claim: its kind and name, the node its pods are pinned to
    (``nodeName``, or a ``kubernetes.io/hostname`` node selector), and the file it is in."""

    kind: str
    name: str
    node: str | None
    source: str | None


@dataclass
class Cluster:
    """The objects admission plugins read, as the API server would accept them."""

    priority_classes: dict[str, PriorityClass] = field(default_factory=dict)  # in the order they are created
    # by namespace, then name, in the order they are created
    limit_ranges: dict[str | None, dict[str, LimitRange]] = field(default_factory=dict)
    resource_quotas: dict[str | None, dict[str, ResourceQuota]] = field(default_factory=dict)
    runtime_classes: dict[str, RuntimeClass] = field(default_factory=dict)
    # by name, then namespace: the keys of the ConfigMaps and Secrets of that name (those of two
    # objects of one name and namespace, in two files, together)
    config_maps: dict[str, dict[str | None, ConfigKeys]] = field(default_factory=dict)
    secrets: dict[str, dict[str | None, ConfigKeys]] = field(default_factory=dict)
    # by name, then namespace: the access modes of the PersistentVolumeClaims of that name
    claims: dict[str, dict[str | None, frozenset[str]]] = field(default_factory=dict)
    # by name, then namespace: the Services of that name
    services: dict[str, dict[str | None, frozenset[ServiceFacts]]] = field(default_factory=dict)
    # by the name of what they scale, then namespace
    autoscalers: dict[str, dict[str | None, frozenset[Autoscaler]]] = field(default_factory=dict)
    # by claim name, then namespace: the objects whose pods mount the claim
    claim_users: dict[str, dict[str | None, frozenset[ClaimUser]]] = field(default_factory=dict)

    # a Cluster that with_own made shares the run's objects: it is read, never added to
    _view = False

    def __bool__(self) -> bool:
        return bool(
            self.priority_classes or self.limit_ranges or self.resource_quotas or self.runtime_classes
            or self.config_maps or self.secrets or self.claims or self.services or self.autoscalers
            or self.claim_users
        )

    def add(self, other: Cluster, *, namespaced_only: bool = False) -> None:
        """Take in ``other``'s objects (``namespaced_only``: not the LimitRanges and ResourceQuotas
        without a namespace, which apply only in their own file)."""
        if self._view:
            raise TypeError("the objects of a file laid over a run's are read, never added to")
        self.__dict__.pop("claims_used_by_file", None)
        for priority_class in other.priority_classes.values():
            add_class(self.priority_classes, priority_class)
        for mine, theirs in ((self.limit_ranges, other.limit_ranges), (self.resource_quotas, other.resource_quotas)):
            for namespace, by_name in theirs.items():
                if namespace is not None or not namespaced_only:
                    mine.setdefault(namespace, {}).update(by_name)
        self.runtime_classes.update(other.runtime_classes)
        for mine, theirs in (
            (self.config_maps, other.config_maps),
            (self.secrets, other.secrets),
            (self.claims, other.claims),
            (self.services, other.services),
            (self.autoscalers, other.autoscalers),
            (self.claim_users, other.claim_users),
        ):
            for name, by_namespace in theirs.items():
                for namespace, keys in by_namespace.items():
                    _add_keys(mine, name, namespace, keys)

    def config_keys(self, kind: str, name: str, namespace: str | None) -> ConfigKeys | None:
        """What the ConfigMaps or Secrets (``kind``) named ``name`` that a pod of ``namespace``
        may read hold, all together; None when there is none among the files."""
        return self.named(self.config_maps if kind == "ConfigMap" else self.secrets, name, namespace)

    @staticmethod
    def named(objects: dict, name: str, namespace: str | None):
        """What the objects named ``name`` that a pod of ``namespace`` may refer to say, all
        together (their keys, their access modes), or None when there is none among the files.
        An object with no namespace may be created in the pod's, and a pod with none in any
        object's."""
        by_namespace = objects.get(name)
        if not by_namespace:
            return None
        found = [value for _, value in matching(by_namespace, namespace)]
        if not found:
            return None
        value = found[0]
        for more in found[1:]:
            value = value | more
        return value

    def scalers_of(self, group: str, kind: str, name: str | None, namespace: str | None) -> list[Autoscaler]:
        """The autoscalers among the files that scale the object of this group, kind, name and
        namespace (matched as :meth:`named` matches)."""
        if not self.autoscalers or (group, kind) not in SCALED_KINDS or not name:
            return []
        return [scaler for scaler in self.named(self.autoscalers, name, namespace) or () if scaler.scales(group, kind)]

    @cached_property
    def claims_used_by_file(self) -> dict[str | None, dict[str, set[str | None]]]:
        """For each file, the claims its objects' pods mount (:attr:`claim_users`), by name, then
        namespace. Made once: a run's objects do not change once its files are read, and
        :meth:`add` makes it anew."""
        found: dict[str | None, dict[str, set[str | None]]] = {}
        for claim, by_namespace in self.claim_users.items():
            for namespace, users in by_namespace.items():
                for user in users:
                    found.setdefault(user.source, {}).setdefault(claim, set()).add(namespace)
        return found

    def with_own(self, own: Cluster, source: str | None = None) -> Cluster:
        """This run's objects with a file's own added: what its pods are judged by. The users of
        claims read from ``source`` before are its own now (an editor's text may have changed)."""
        used = self.claims_used_by_file.get(source) if source is not None else None
        if used:
            # the claims the file's objects mount, without them (and without a claim they alone mount)
            kept: dict = {}
            for claim, namespaces in used.items():
                by_namespace = self.claim_users[claim]
                others = {}
                for namespace in namespaces:
                    users = frozenset(user for user in by_namespace[namespace] if user.source != source)
                    if users:
                        others[namespace] = users
                view = _Without(others, namespaces, by_namespace)
                if view:
                    kept[claim] = view
            stale = dataclasses.replace(self, claim_users=_Without(kept, used, self.claim_users))
            stale._view = True
            return stale.with_own(own)
        if not own:
            return self
        # the run's objects are shared, not copied: most files of a repository have objects of
        # their own (a Service beside its Deployment), and a copy for each made a run's time
        # grow with the square of its files. Only what the file adds to is new
        merged = Cluster(
            dict(self.priority_classes) if own.priority_classes else self.priority_classes,
            _layered(self.limit_ranges, own.limit_ranges, _updated),
            _layered(self.resource_quotas, own.resource_quotas, _updated),
            {**self.runtime_classes, **own.runtime_classes} if own.runtime_classes else self.runtime_classes,
            _layered(self.config_maps, own.config_maps),
            _layered(self.secrets, own.secrets),
            _layered(self.claims, own.claims),
            _layered(self.services, own.services),
            _layered(self.autoscalers, own.autoscalers),
            _layered(self.claim_users, own.claim_users),
        )
        for priority_class in own.priority_classes.values():
            add_class(merged.priority_classes, priority_class)
        merged._view = True
        return merged

    def in_namespace(self, namespace: str | None) -> tuple[list[LimitRange], list[ResourceQuota]]:
        """The LimitRanges and ResourceQuotas of a namespace, in the order they are created."""
        limit_ranges, quotas = self.limit_ranges.get(namespace, {}), self.resource_quotas.get(namespace, {})
        return list(limit_ranges.values()), list(quotas.values())

    def fingerprint(self) -> str:
        """What a pod of no namespace depends on among these objects, which it reads all of:
        :meth:`fingerprints_by_namespace` together."""
        everywhere, by_namespace = self.fingerprints_by_namespace()
        return repr((everywhere, sorted((namespace or "", facts) for namespace, facts in by_namespace.items())))

    def fingerprints_by_namespace(self) -> tuple[str, dict[str | None, str]]:
        """What a cached report depends on, by namespace: a fingerprint of what concerns the pods
        of every namespace (PriorityClasses, RuntimeClasses), and one for each namespace of its
        objects (None: those with none, which concern the pods of every namespace). A pod reads
        the objects of its own namespace and of none (:func:`matching`), and a pod with no
        namespace those of all: :meth:`fingerprint`."""

        def ordered(objects) -> list:
            return sorted(repr(value) for value in objects)

        grouped: dict[str | None, list] = {}
        for kind, by_namespace in (("LimitRange", self.limit_ranges), ("ResourceQuota", self.resource_quotas)):
            for namespace, by_name in by_namespace.items():
                grouped.setdefault(namespace, []).append((kind, ordered(by_name.values())))
        for kind, objects in (
            ("ConfigMap", self.config_maps),
            ("Secret", self.secrets),
            ("PersistentVolumeClaim", self.claims),
            ("Service", self.services),
            ("autoscaler", self.autoscalers),
            ("claim user", self.claim_users),
        ):
            for name, namespace, *value in _by_name(objects):
                grouped.setdefault(namespace or None, []).append((kind, name, value))
        everywhere = repr((ordered(self.priority_classes.values()), ordered(self.runtime_classes.values())))
        return everywhere, {namespace: repr(sorted(facts, key=repr)) for namespace, facts in grouped.items()}


class _Without(Mapping):
    """``objects`` (by name, then namespace) with the names ``changed`` as ``kept`` has them
    (and absent where it has none), without copying ``objects``."""

    __slots__ = ("kept", "changed", "objects")

    def __init__(self, kept: dict, changed, objects: Mapping):
        self.kept = kept
        self.changed = frozenset(changed)
        self.objects = objects

    def __getitem__(self, name):
        return self.kept[name] if name in self.changed else self.objects[name]

    def __iter__(self):
        return (name for name in self.objects if name not in self.changed or name in self.kept)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return any(True for _ in self)


def _with_keys(before: Mapping | None, added: dict) -> Mapping:
    """The entries of one name (by namespace) with ``added``'s keys added to theirs."""
    if not before:
        return added
    top = {namespace: before[namespace] | keys if namespace in before else keys for namespace, keys in added.items()}
    return ChainMap(top, before)


def _updated(before: Mapping | None, added: dict) -> Mapping:
    """The objects of one namespace (by name) with ``added``'s in place of theirs."""
    return ChainMap(added, before) if before else added


def _layered(objects: Mapping, own: dict, merge=_with_keys) -> Mapping:
    """``objects`` (by name, then namespace; or by namespace, then name) with ``own`` added, as
    :meth:`Cluster.add` adds them, without copying ``objects``: what ``own`` has is looked up
    first, and where both have a name, ``merge`` makes its entry."""
    if not own:
        return objects
    top = {name: merge(objects.get(name), inner) for name, inner in own.items()}
    return ChainMap(top, objects)


def matching(by_namespace: Mapping, namespace: str | None) -> list[tuple[str | None, object]]:
    """The entries (by namespace) that concern a pod of ``namespace``: an object with no
    namespace may be created in the pod's, and a pod with none in any object's."""
    if namespace is None:
        return list(by_namespace.items())
    return [(key, by_namespace[key]) for key in (None, namespace) if key in by_namespace]


def _add_keys(objects: dict, name: str, namespace: str | None, keys) -> None:
    """Add what an object says (its keys, its access modes) to those of its name and namespace."""
    by_namespace = objects.setdefault(name, {})
    by_namespace[namespace] = by_namespace[namespace] | keys if namespace in by_namespace else keys


def _by_name(objects: dict) -> list:
    """What ``objects`` (by name, then namespace) say, in an order that does not depend on the
    order they were read in."""

    def sortable(value) -> tuple:
        if isinstance(value, ConfigKeys):
            return sorted(value.data), sorted(value.binary)
        return (sorted(repr(item) for item in value),)  # strings, or dataclasses of strings and sorted tuples

    return [
        (name, namespace or "", *sortable(value))
        for name, by_namespace in sorted(objects.items())
        for namespace, value in sorted(by_namespace.items(), key=lambda item: item[0] or "")
    ]


NO_CLUSTER = Cluster()


def read(documents, version: tuple[int, int], source: str | None = None) -> tuple[dict[str, NamespaceLevels], Cluster]:
    """The Pod Security Admission labels of the Namespace objects among ``documents``, the
    PriorityClasses, RuntimeClasses, LimitRanges and ResourceQuotas the API server would accept,
    the keys of the ConfigMaps and Secrets, the access modes of the PersistentVolumeClaims, the
    Services and the autoscalers."""
    namespaces: dict[str, NamespaceLevels] = {}
    found = Cluster()
    for document in documents:
        if document.broken or not isinstance(document.data, dict):
            continue
        for _, data in object_candidates(document):
            if not is_object(data):
                continue
            if data["kind"] == "Namespace" and data["apiVersion"] == "v1":
                ref = object_ref(data)
                labels = data["metadata"].get("labels") if isinstance(data.get("metadata"), dict) else None
                levels = NamespaceLevels.from_labels(labels) if isinstance(labels, dict) and ref.name else None
                if levels is not None:
                    namespaces[ref.name] = levels
            elif (data["apiVersion"].rpartition("/")[0], data["kind"]) in RUNS_PODS:
                ref = object_ref(data)
                claims, node = _claims_mounted(data)
                user = ClaimUser(ref.kind or "", ref.name or "", node, source and os.path.normpath(source))
                for claim in claims:
                    _add_keys(found.claim_users, claim, ref.namespace or None, frozenset((user,)))
            elif data["kind"] not in CLUSTER_KINDS or not _valid_metadata(data):
                continue  # (ValidateObjectMeta refuses it: it is not there to admit a pod by)
            elif is_priority_class(data) and (priority_class := accepted_class(data)) is not None:
                add_class(found.priority_classes, priority_class)
            elif is_limit_range(data) and (limit_range := accepted_limit_range(data, version)) is not None:
                found.limit_ranges.setdefault(limit_range.namespace, {})[limit_range.name] = limit_range
            elif is_resource_quota(data) and (quota := accepted_quota(data)) is not None:
                found.resource_quotas.setdefault(quota.namespace, {})[quota.name] = quota
            elif is_runtime_class(data) and (runtime_class := accepted_runtime_class(data, version)) is not None:
                found.runtime_classes[runtime_class.name] = runtime_class
            elif data["kind"] in ("ConfigMap", "Secret") and data["apiVersion"] == "v1":
                if (keys := config_keys(data)) is not None:
                    objects = found.config_maps if data["kind"] == "ConfigMap" else found.secrets
                    _add_keys(objects, data["metadata"]["name"], data["metadata"].get("namespace") or None, keys)
            elif data["kind"] == "PersistentVolumeClaim" and data["apiVersion"] == "v1":
                spec = data.get("spec")
                modes = spec.get("accessModes") if isinstance(spec, dict) else None
                if isinstance(modes, list) and modes and all(isinstance(mode, str) for mode in modes):
                    _add_keys(found.claims, data["metadata"]["name"], data["metadata"].get("namespace") or None, frozenset(modes))
            elif (target := _scale_target(data)) is not None:
                namespace = data["metadata"].get("namespace") or None
                group, kind, name = target
                utilization, others = _utilization(data)
                container_metrics, metric_count = _container_metrics(data)
                scaler = Autoscaler(
                    data["kind"], data["metadata"]["name"], group, kind, utilization, others, container_metrics, metric_count
                )
                _add_keys(found.autoscalers, name, namespace, frozenset((scaler,)))
            elif data["kind"] == "Service" and data["apiVersion"] == "v1":
                if (facts := service_facts(data)) is not None:
                    _add_keys(found.services, data["metadata"]["name"], data["metadata"].get("namespace") or None, frozenset((facts,)))
    return namespaces, found


def _claims_mounted(data: dict) -> tuple[list[str], str | None]:
    """The PersistentVolumeClaims the pods of a pod-bearing object mount while it runs pods
    (``persistentVolumeClaim`` volumes; not those of a StatefulSet that its ``volumeClaimTemplates``
    replace with each pod's own claim, as ``updateStorage`` does; none for an object of no
    replica, or a suspended Job or CronJob), and the node its pods are pinned to."""
    key = (data["apiVersion"].rpartition("/")[0], data["kind"])
    template = POD_TEMPLATE_PATHS[key]
    spec = _get(data, *(template or ()), "spec")
    if not isinstance(spec, dict) or idle(data):
        return [], None
    own = claim_template_names(data) if key == ("apps", "StatefulSet") else set()
    found = []
    for volume in spec.get("volumes") if isinstance(spec.get("volumes"), list) else ():
        source = volume.get("persistentVolumeClaim") if isinstance(volume, dict) else None
        claim = source.get("claimName") if isinstance(source, dict) else None
        if isinstance(claim, str) and claim and not (isinstance(volume.get("name"), str) and volume["name"] in own):
            found.append(claim)
    return found, pinned_node(spec)


def claim_template_names(data: dict) -> set[str]:
    """The names of a StatefulSet's ``volumeClaimTemplates``: a template volume of one of them is
    replaced by each pod's own claim (the controller's ``updateStorage``)."""
    templates = _get(data, "spec", "volumeClaimTemplates")
    names = [_get(item, "metadata", "name") for item in templates] if isinstance(templates, list) else []
    return {name for name in names if isinstance(name, str)}


def idle(data: dict) -> bool:
    """Whether an object runs no pod while it stays as written: no replica, or a suspended Job
    or CronJob."""
    if count(_get(data, "spec", "replicas")) == 0:
        return True
    return data.get("kind") in ("Job", "CronJob") and _get(data, "spec", "suspend") is True


def pinned_node(spec: dict) -> str | None:
    """The node a pod spec pins its pods to: ``nodeName``, or a ``kubernetes.io/hostname`` node
    selector (the hostname label, which is the node's name where it is not overridden)."""
    name = spec.get("nodeName")
    if isinstance(name, str) and name:
        return name
    selector = spec.get("nodeSelector")
    host = selector.get("kubernetes.io/hostname") if isinstance(selector, dict) else None
    return host if isinstance(host, str) and host else None


def _scale_target(data: dict) -> tuple[str, str, str] | None:
    """The group, kind and name of what an autoscaler scales, or None (not an autoscaler, a
    paused one, or one whose target is not written)."""
    keda = data["kind"] == "ScaledObject" and data["apiVersion"].startswith("keda.sh/")
    if not keda and not (data["kind"] == "HorizontalPodAutoscaler" and data["apiVersion"] in HORIZONTAL_POD_AUTOSCALERS):
        return None
    spec = data.get("spec")
    target = spec.get("scaleTargetRef") if isinstance(spec, dict) else None
    if not isinstance(target, dict) or not isinstance(target.get("name"), str):
        return None
    annotations = data["metadata"].get("annotations")
    if keda and isinstance(annotations, dict) and (
        annotations.get(KEDA_PAUSED) in GO_TRUE or KEDA_PAUSED_REPLICAS in annotations
    ):
        return None  # NeedToBePausedByAnnotation
    api_version, kind = target.get("apiVersion"), target.get("kind")
    if keda:  # KEDA's ParseGVKR: apps and Deployment where they are not written
        api_version, kind = api_version or "apps/v1", kind or "Deployment"
    if not isinstance(kind, str) or not isinstance(api_version, (str, type(None))):
        return None
    # the HPA controller maps the group of apiVersion and the kind, and scales nothing else
    return (api_version or "").rpartition("/")[0], kind, target["name"]


def _utilization(data: dict) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The resources an autoscaler needs the pods to request, each with the container it reads
    ("" for all), and whether it has other metrics too.

    A HorizontalPodAutoscaler needs them for a ``Resource`` or ``ContainerResource`` metric whose
    target gives ``averageUtilization`` and no ``averageValue`` (``computeStatusForResourceMetricGeneric``
    goes by the field, not by ``type``); an ``autoscaling/v2`` one without metrics, and an
    ``autoscaling/v1`` one, scale by CPU utilization (``SetDefaults_HorizontalPodAutoscaler``).
    KEDA's admission webhook needs them for every cpu and memory trigger whose metric type
    (``metricType``, or the older ``metadata.type``) is given."""
    spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
    found: list[tuple[str, str]] = []
    others = False
    if data["kind"] == "ScaledObject":
        for trigger in spec.get("triggers") or ():
            if not isinstance(trigger, dict):
                continue
            metadata = trigger.get("metadata") if isinstance(trigger.get("metadata"), dict) else {}
            if trigger.get("type") in ("cpu", "memory") and (trigger.get("metricType") or metadata.get("type")):
                container = metadata.get("containerName")
                found.append((trigger["type"], container if isinstance(container, str) else ""))
            else:
                others = True
    elif data["apiVersion"] == "autoscaling/v1" or not spec.get("metrics"):
        found.append(("cpu", ""))
    else:
        for metric in spec["metrics"] if isinstance(spec["metrics"], list) else ():
            if not isinstance(metric, dict):
                continue
            source = metric.get("resource") if metric.get("type") == "Resource" else (
                metric.get("containerResource") if metric.get("type") == "ContainerResource" else None
            )
            target = source.get("target") if isinstance(source, dict) and isinstance(source.get("target"), dict) else {}
            container = source.get("container", "") if isinstance(source, dict) and metric.get("type") == "ContainerResource" else ""
            if (
                isinstance(source, dict) and isinstance(source.get("name"), str) and isinstance(container, str)
                and target.get("averageUtilization") is not None and target.get("averageValue") is None
            ):
                found.append((source["name"], container))
            else:
                others = True
    return tuple(sorted(set(found))), others


def _container_metrics(data: dict) -> tuple[tuple[tuple[str, str], ...], int]:
    """The (resource, container) of each ``ContainerResource`` metric of an ``autoscaling/v2``
    HorizontalPodAutoscaler, in order, and its number of metrics (none for the others).

    A KEDA ScaledObject's HorizontalPodAutoscaler has one metric for each trigger, and a
    ``ContainerResource`` one for a ``cpu`` or ``memory`` trigger that names a container in
    ``containerName`` (``GetMetricSpecForScaling`` of its cpu and memory scaler; a trigger
    without a metric type makes no scaler at all). Its admission webhook looks only at the
    containers of that name (``verifyCPUMemoryScalers``), and accepts a name no container has.
    With ``advanced.scalingModifiers``, the autoscaler keeps only the ``Resource`` metrics and
    one composite metric (``getScaledObjectMetricSpecs``): none by a container."""
    spec = data.get("spec")
    if data["kind"] == "ScaledObject":
        triggers = spec.get("triggers") if isinstance(spec, dict) else None
        advanced = spec.get("advanced") if isinstance(spec, dict) else None
        if not isinstance(triggers, list) or (isinstance(advanced, dict) and advanced.get("scalingModifiers")):
            return (), 0
        named = []
        for trigger in triggers:
            metadata = trigger.get("metadata") if isinstance(trigger, dict) else None
            if isinstance(metadata, dict) and trigger.get("type") in ("cpu", "memory") and (
                trigger.get("metricType") or metadata.get("type")
            ):
                container = metadata.get("containerName")
                if isinstance(container, str) and container:
                    named.append((trigger["type"], container))
        return tuple(named), len(triggers)
    if data["kind"] != "HorizontalPodAutoscaler" or data["apiVersion"] != "autoscaling/v2":
        return (), 0
    metrics = spec.get("metrics") if isinstance(spec, dict) else None
    if not isinstance(metrics, list):
        return (), 0
    found = []
    for metric in metrics:
        source = metric.get("containerResource") if isinstance(metric, dict) and metric.get("type") == "ContainerResource" else None
        if isinstance(source, dict) and isinstance(source.get("name"), str) and isinstance(source.get("container"), str):
            if source["container"]:  # the API server refuses an empty one
                found.append((source["name"], source["container"]))
    return tuple(found), len(metrics)


def _valid_metadata(data: dict) -> bool:
    """A name that is a DNS subdomain (the rule of the cluster objects' names), and a namespace,
    where given, that is a DNS label."""
    metadata = data.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("name"), str):
        return False
    namespace = metadata.get("namespace")
    if namespace is not None and (not isinstance(namespace, str) or (namespace and is_dns1123_label(namespace))):
        return False
    return not is_dns1123_subdomain(metadata["name"])


# what a file must mention for the pre-scan to read it: a ConfigMap, Secret, claim or Service by
# its kind (a workload's "imagePullSecrets", "configMapKeyRef" or "serviceName" holds none), and
# a pod that mounts a claim ("claimName"), which the claim's other users are judged by
_MENTIONS = (
    r"PriorityClass|RuntimeClass|LimitRange|ResourceQuota|HorizontalPodAutoscaler|ScaledObject|claimName"
    r"|kind[\"']?\s*:\s*(?:[!&]\S*\s+)*[\"']?(?:ConfigMap|Secret|PersistentVolumeClaim|Service)\b"
)
_MENTIONS_BYTES = re.compile(_MENTIONS.encode())
_MENTIONS_TEXT = re.compile(_MENTIONS)


_LABEL_BYTES = LABEL_PREFIX.encode()


def mentions(data: bytes | str) -> bool:
    """Whether a file's bytes (or text), or one of its documents, may hold a Namespace's Pod
    Security labels or a cluster object."""
    if isinstance(data, bytes):
        return (_LABEL_BYTES in data and b"Namespace" in data) or _MENTIONS_BYTES.search(data) is not None
    return (LABEL_PREFIX in data and "Namespace" in data) or _MENTIONS_TEXT.search(data) is not None


# where a YAML document starts: a "---" line (no line of content can start so: YAML's
# l-forbidden-content), which the document's text keeps
_DOCUMENT_START = re.compile(r"^(?=---(?:[ \t\r]|$))", re.MULTILINE)


_DIRECTIVE = re.compile(r"^%", re.MULTILINE)


def split_documents(text: str) -> list[str]:
    """The texts of the YAML documents of ``text``, each from its ``---`` line (the first from
    the start of the text), which joined together give ``text`` back; the whole text where a
    directive (``%TAG``, ``%YAML``), which belongs to the document after it, would be cut off."""
    if _DIRECTIVE.search(text):
        return [text]
    return [document for document in _DOCUMENT_START.split(text) if document]
