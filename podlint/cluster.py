"""What the linted files tell of the cluster their pods are created in: the Namespaces whose
Pod Security labels set the level of their pods, and the objects by which other admission
plugins admit a pod (PriorityClasses, RuntimeClasses, LimitRanges, ResourceQuotas).

An object with a namespace, or a cluster-wide one (a Namespace, a PriorityClass, a
RuntimeClass), applies to the pods of every linted file; a LimitRange or ResourceQuota without
a namespace only to the pods without one in its own file, which are created in the same
namespace as it (a rendered Helm chart)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .apiserver import is_dns1123_label, is_dns1123_subdomain
from .limitrange import LimitRange, accepted_limit_range, is_limit_range
from .model import is_object, object_candidates, object_ref
from .podsecurity import NamespaceLevels
from .priority import PriorityClass, accepted_class, add_class, is_priority_class
from .quota import ResourceQuota, accepted_quota, is_resource_quota
from .runtimeclass import RuntimeClass, accepted_runtime_class, is_runtime_class

CLUSTER_KINDS = frozenset(("PriorityClass", "RuntimeClass", "LimitRange", "ResourceQuota"))
Key = tuple[str | None, str]  # a namespaced object's namespace (None: not given) and name


@dataclass
class Cluster:
    """The objects admission plugins read, as the API server would accept them."""

    priority_classes: dict[str, PriorityClass] = field(default_factory=dict)  # in the order they are created
    limit_ranges: dict[Key, LimitRange] = field(default_factory=dict)
    resource_quotas: dict[Key, ResourceQuota] = field(default_factory=dict)
    runtime_classes: dict[str, RuntimeClass] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.priority_classes or self.limit_ranges or self.resource_quotas or self.runtime_classes)

    def add(self, other: Cluster, *, namespaced_only: bool = False) -> None:
        """Take in ``other``'s objects (``namespaced_only``: not those without a namespace, which
        apply only in their own file)."""
        for priority_class in other.priority_classes.values():
            add_class(self.priority_classes, priority_class)
        for mine, theirs in ((self.limit_ranges, other.limit_ranges), (self.resource_quotas, other.resource_quotas)):
            mine.update((key, value) for key, value in theirs.items() if not namespaced_only or key[0] is not None)
        self.runtime_classes.update(other.runtime_classes)

    def with_own(self, own: Cluster) -> Cluster:
        """This run's objects with a file's own added: what its pods are judged by."""
        if not own:
            return self
        merged = Cluster(
            dict(self.priority_classes), dict(self.limit_ranges), dict(self.resource_quotas), dict(self.runtime_classes)
        )
        merged.add(own)
        return merged

    def in_namespace(self, namespace: str | None) -> tuple[list[LimitRange], list[ResourceQuota]]:
        """The LimitRanges and ResourceQuotas of a namespace, in the order they are created."""
        return (
            [limit_range for limit_range in self.limit_ranges.values() if limit_range.namespace == namespace],
            [quota for quota in self.resource_quotas.values() if quota.namespace == namespace],
        )

    def fingerprint(self) -> str:
        """What a cached report depends on."""

        def ordered(objects: dict) -> list:
            return sorted(objects.values(), key=lambda o: (getattr(o, "namespace", None) or "", o.name))

        return repr(
            (
                ordered(self.priority_classes),
                ordered(self.limit_ranges),
                ordered(self.resource_quotas),
                ordered(self.runtime_classes),
            )
        )


NO_CLUSTER = Cluster()


def read(documents, version: tuple[int, int]) -> tuple[dict[str, NamespaceLevels], Cluster]:
    """The Pod Security Admission labels of the Namespace objects among ``documents``, and the
    PriorityClasses, RuntimeClasses, LimitRanges and ResourceQuotas the API server would accept."""
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
            elif data["kind"] not in CLUSTER_KINDS or not _valid_metadata(data):
                continue  # (ValidateObjectMeta refuses it: it is not there to admit a pod by)
            elif is_priority_class(data) and (priority_class := accepted_class(data)) is not None:
                add_class(found.priority_classes, priority_class)
            elif is_limit_range(data) and (limit_range := accepted_limit_range(data, version)) is not None:
                found.limit_ranges[limit_range.namespace, limit_range.name] = limit_range
            elif is_resource_quota(data) and (quota := accepted_quota(data)) is not None:
                found.resource_quotas[quota.namespace, quota.name] = quota
            elif is_runtime_class(data) and (runtime_class := accepted_runtime_class(data, version)) is not None:
                found.runtime_classes[runtime_class.name] = runtime_class
    return namespaces, found


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


# what a file must mention for the pre-scan to read it
MENTIONS = tuple(kind.encode() for kind in sorted(CLUSTER_KINDS))
