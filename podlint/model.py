"""Typed views over Kubernetes objects: one Pod view, whatever kind holds the pod.

Every view carries ``path``, its :class:`FieldPath` from the object's root, so rules
point at fields without knowing where the pod spec lives in a Deployment, a
CronJob or a bare Pod. Views tolerate malformed data: a field of the wrong type
reads as absent, and the schema rules report it.
"""

from __future__ import annotations

from typing import Any, Iterator

from .findings import ObjectRef
from .loader import Document
from .podsecurity import PodSecurity
from .schema.catalog import Schemas
from .sourcemap import ROOT, FieldPath

# Where the pod template lives in each pod-bearing kind, by (API group, kind).
_SPEC, _TEMPLATE = FieldPath(("spec",)), FieldPath(("spec", "template"))
POD_TEMPLATE_PATHS: dict[tuple[str, str], FieldPath | None] = {
    ("", "Pod"): None,  # the object is the pod
    ("", "PodTemplate"): FieldPath(("template",)),
    ("", "ReplicationController"): _TEMPLATE,
    ("apps", "Deployment"): _TEMPLATE,
    ("apps", "StatefulSet"): _TEMPLATE,
    ("apps", "DaemonSet"): _TEMPLATE,
    ("apps", "ReplicaSet"): _TEMPLATE,
    ("extensions", "Deployment"): _TEMPLATE,
    ("extensions", "DaemonSet"): _TEMPLATE,
    ("extensions", "ReplicaSet"): _TEMPLATE,
    ("batch", "Job"): _TEMPLATE,
    ("batch", "CronJob"): FieldPath(("spec", "jobTemplate", "spec", "template")),
}

# Container roles, in the words of the Kubernetes documentation.
APP, INIT, SIDECAR, EPHEMERAL = "app", "init", "sidecar", "ephemeral"
_ROLE_WORDS = {APP: "container", INIT: "init container", SIDECAR: "sidecar container", EPHEMERAL: "ephemeral container"}

# Where each kind says how many of its pods run at once (1 where it is not written).
REPLICAS = {
    ("", "ReplicationController"): ("spec", "replicas"),
    ("apps", "Deployment"): ("spec", "replicas"),
    ("apps", "StatefulSet"): ("spec", "replicas"),
    ("apps", "ReplicaSet"): ("spec", "replicas"),
    ("extensions", "Deployment"): ("spec", "replicas"),
    ("extensions", "ReplicaSet"): ("spec", "replicas"),
    ("batch", "Job"): ("spec", "parallelism"),
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec", "parallelism"),
}
DAEMONS = {("apps", "DaemonSet"), ("extensions", "DaemonSet")}


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def count(value: Any) -> int | None:
    """A count as written: a non-negative integer (a boolean is none), or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def pods_at_once(manifest: Manifest) -> tuple[int, tuple | None] | None:
    """How many pods of a workload of :data:`REPLICAS` run at once (1 where it is not written; a
    Job never more than it has completions to go), and the field that says so where written;
    None for other kinds."""
    path = REPLICAS.get((manifest.group, manifest.kind))
    if path is None:
        return None
    written = count(_get(manifest.data, *path))
    replicas = 1 if written is None else written
    if path[-1] == "parallelism":
        completions = count(_get(manifest.data, *path[:-1], "completions"))
        if completions is not None:
            replicas = min(replicas, completions)
    return replicas, path if written is not None else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class Manifest:
    """One Kubernetes object: a document, or an item of a ``kind: List``.

    Views are read, never changed, by the rules (written out rather than as dataclasses: a
    dataclass is compiled at every start, and these are made for every object)."""

    __slots__ = ("data", "document", "base", "api_version", "group", "kind", "ref", "schemas", "path",
                 "pod_security", "nodes", "cluster", "_memo")

    def __init__(
        self,
        data: dict,
        document: Document,
        base: FieldPath,  # where the object sits in its document: () or items[N]
        api_version: str,
        kind: str,
        ref: ObjectRef,
        schemas: Schemas,  # what the object is validated against: a Kubernetes version and schema dirs
        path: FieldPath = ROOT,  # rules' paths are relative to the object
        pod_security: PodSecurity = PodSecurity(),  # the Pod Security Standards levels in force
        nodes: Any = None,  # the node inventory pods are scheduled on (scheduling.inventory.Inventory), if any
        cluster: Any = None,  # the cluster objects admission plugins read (cluster.Cluster), if any
    ) -> None:
        self.data = data
        self.document = document
        self.base = base
        self.api_version = api_version
        self.group = api_version.rpartition("/")[0]  # the API group: "" for the core group's "v1"
        self.kind = kind
        self.ref = ref
        self.schemas = schemas
        self.path = path
        self.pod_security = pod_security
        self.nodes = nodes
        self.cluster = cluster
        self._memo: dict = {}

    def __repr__(self) -> str:
        return f"Manifest({self.ref!r})"

    def memo(self, key: str, compute):
        """``compute()`` once per object, shared by the rules that need it (e.g. schema validation)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def kubernetes_version(self) -> str:
        """The Kubernetes minor version the object is checked against, e.g. ``"1.33"``."""
        return self.schemas.version

    @property
    def kubernetes_minor(self) -> tuple[int, int]:
        """The Kubernetes version as a comparable pair: ``(1, 33)``."""
        return self.schemas.minor

    @property
    def metadata(self) -> dict:
        metadata = self.data.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def annotations(self) -> dict:
        annotations = self.metadata.get("annotations")
        return annotations if isinstance(annotations, dict) else {}

    @property
    def labels(self) -> dict:
        labels = self.metadata.get("labels")
        return labels if isinstance(labels, dict) else {}


def object_candidates(document: Document) -> Iterator[tuple[FieldPath, Any]]:
    """Every value of a document that should be a Kubernetes object, with its path.

    The document itself, or the items of a ``kind: List`` (``ConfigMapList``, ...).
    """
    data = document.data
    if isinstance(data, dict) and is_list_kind(data):
        for index, item in enumerate(data["items"]):
            yield FieldPath(("items", index)), item
    else:
        yield ROOT, data


def is_list_kind(data: dict) -> bool:
    kind = data.get("kind")
    return isinstance(kind, str) and kind.endswith("List") and isinstance(data.get("items"), list)


def is_object(data: Any) -> bool:
    """Has the two fields every Kubernetes object has: ``apiVersion`` and ``kind``."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("apiVersion"), str)
        and isinstance(data.get("kind"), str)
        and bool(data["apiVersion"])
        and bool(data["kind"])
    )


def manifests(
    document: Document,
    schemas: Schemas | None = None,
    pod_security: PodSecurity = PodSecurity(),
    nodes: Any = None,
    cluster: Any = None,
) -> Iterator[Manifest]:
    """The Kubernetes objects of a document (none for a broken or empty one), to be checked
    against ``schemas`` (default: those of the newest Kubernetes podlint knows), the Pod
    Security Standards levels ``pod_security``, the node inventory ``nodes`` and the objects of
    the cluster that admission plugins read (``cluster``: :class:`podlint.cluster.Cluster`)."""
    if document.broken or document.empty:
        return
    if schemas is None:
        from .schema.bundle import newest_version

        schemas = Schemas(newest_version())
    for base, data in object_candidates(document):
        if not is_object(data):
            continue
        ref = object_ref(data)
        yield Manifest(
            data,
            document,
            base,
            data["apiVersion"],
            data["kind"],
            ref,
            schemas,
            pod_security=pod_security,
            nodes=nodes,
            cluster=cluster,
        )


def object_ref(data: dict) -> ObjectRef:
    """Kind, name (or ``generateName``) and namespace of an object; None where not a string."""
    metadata = data.get("metadata")
    name = _str(_get(metadata, "name")) or _str(_get(metadata, "generateName"))
    return ObjectRef(_str(data.get("kind")), name, _str(_get(metadata, "namespace")))


class Container:
    """A container of a pod: app, init, native sidecar or ephemeral."""

    __slots__ = ("role", "index", "path", "spec", "pod", "name", "image", "resources")

    def __init__(
        self,
        role: str,
        index: int,  # position in its list (containers, initContainers, ephemeralContainers)
        path: FieldPath,
        spec: dict,
        pod: Pod,
        # what many rules read, read once (by pod_view)
        name: str | None = None,  # spec.name, when it is a string
        image: str | None = None,  # spec.image, when it is a string
        resources: dict | None = None,  # spec.resources; anything malformed reads as empty
    ) -> None:
        self.role = role
        self.index = index
        self.path = path
        self.spec = spec
        self.pod = pod
        self.name = name
        self.image = image
        self.resources = {} if resources is None else resources

    def __repr__(self) -> str:
        return f"Container({self.role!r}, {self.index}, {self.name!r})"

    @property
    def label(self) -> str:
        """How messages name the container: ``container "web"``, ``init container "setup"``."""
        return f'{_ROLE_WORDS[self.role]} "{self.shown_name}"'

    @property
    def shown_name(self) -> str:
        """Its name, or ``#index`` where it has none."""
        return self.name if self.name is not None else f"#{self.index}"


class Pod:
    """The pod of a Pod, or the pod template of a workload."""

    __slots__ = ("manifest", "path", "spec", "metadata_path", "metadata", "containers", "app_containers",
                 "init_containers", "sidecars", "ephemeral_containers")

    def __init__(
        self,
        manifest: Manifest,
        path: FieldPath,  # of the pod spec: spec, spec.template.spec, ...
        spec: dict,
        metadata_path: FieldPath,  # of the pod's metadata: metadata, spec.template.metadata, ...
        metadata: dict,
    ) -> None:
        self.manifest = manifest
        self.path = path
        self.spec = spec
        self.metadata_path = metadata_path
        self.metadata = metadata
        # init containers, app containers, ephemeral containers; and by role (set by pod_view)
        self.containers: tuple[Container, ...] = ()
        self.app_containers: tuple[Container, ...] = ()
        self.init_containers: tuple[Container, ...] = ()  # native sidecars included (declared as init containers)
        self.sidecars: tuple[Container, ...] = ()
        self.ephemeral_containers: tuple[Container, ...] = ()

    def __repr__(self) -> str:
        return f"Pod({self.manifest.ref!r}, {'.'.join(map(str, self.path))})"

    @property
    def is_pod(self) -> bool:
        """The object is a Pod itself, not a template: the API server defaults it as a Pod."""
        return self.manifest.kind == "Pod" and self.manifest.group == ""

    @property
    def is_static(self) -> bool:
        """A static pod's manifest, which the kubelet runs from its manifest directory (kubeadm's
        control plane): it has no controller, and no service account. Known by what kubeadm and
        the kubelet put in it: a ``kubeadm.kubernetes.io/`` annotation, the kubelet's
        ``kubernetes.io/config.*`` ones (a mirror pod read back), or ``tier: control-plane``
        in kube-system."""
        if not self.is_pod:
            return False
        metadata = self.manifest.metadata
        annotations = metadata.get("annotations") if isinstance(metadata.get("annotations"), dict) else {}
        if any(isinstance(key, str) and key.startswith(STATIC_POD_ANNOTATION_PREFIXES) for key in annotations):
            return True
        labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
        return metadata.get("namespace") == "kube-system" and labels.get("tier") == "control-plane"

    @property
    def volumes(self) -> list[dict]:
        volumes = self.spec.get("volumes")
        return [v for v in volumes if isinstance(v, dict)] if isinstance(volumes, list) else []


STATIC_POD_ANNOTATION_PREFIXES = ("kubeadm.kubernetes.io/", "kubernetes.io/config.")


def pod_paths(manifest: Manifest) -> tuple[FieldPath, FieldPath] | None:
    """Where a pod-bearing object's pod spec and metadata are (None for any other kind)."""
    key = (manifest.group, manifest.kind)
    if key not in POD_TEMPLATE_PATHS:
        return None
    template_path = POD_TEMPLATE_PATHS[key]
    if template_path is None:
        return FieldPath(("spec",)), FieldPath(("metadata",))
    return template_path / "spec", template_path / "metadata"


def pod_view(manifest: Manifest) -> Pod | None:
    """The pod of a pod-bearing object, or None for any other kind, and for a workload without
    a pod template."""
    paths = pod_paths(manifest)
    if paths is None:
        return None
    spec_path, metadata_path = paths
    spec = _get(manifest.data, *spec_path)
    if not isinstance(spec, dict):
        if not isinstance(_get(manifest.data, *spec_path[:-1]), dict):
            return None  # a workload without a pod template: a patch, or a fragment
        spec = {}  # a Pod, or a template, without a spec (missing-required-field says what it lacks)
    metadata = _get(manifest.data, *metadata_path)
    pod = Pod(manifest, spec_path, spec, metadata_path, metadata if isinstance(metadata, dict) else {})
    containers: list[Container] = []
    for list_name, role in (("initContainers", INIT), ("containers", APP), ("ephemeralContainers", EPHEMERAL)):
        items = pod.spec.get(list_name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            item_role = SIDECAR if role == INIT and item.get("restartPolicy") == "Always" else role
            path = spec_path / list_name / index
            resources = item.get("resources")
            containers.append(
                Container(
                    item_role,
                    index,
                    path,
                    item,
                    pod,
                    _str(item.get("name")),
                    _str(item.get("image")),
                    resources if isinstance(resources, dict) else {},
                )
            )
    pod.containers = tuple(containers)
    pod.app_containers = tuple(c for c in containers if c.role == APP)
    pod.sidecars = tuple(c for c in containers if c.role == SIDECAR)
    pod.ephemeral_containers = tuple(c for c in containers if c.role == EPHEMERAL)
    pod.init_containers = tuple(c for c in containers if c.role in (INIT, SIDECAR))
    return pod


def release(manifest: Manifest) -> None:
    """Break the reference cycles of an object's views once it is linted: a pod and its
    containers refer to each other, and an object to the pod it memoises. Its data, positions
    and views are then freed at once by reference counting, not left for the cycle collector,
    whose passes walk every object still alive (a tenth of a run's time without this)."""
    pod = manifest._memo.get("pod")
    if pod is not None:
        pod.containers = pod.app_containers = pod.init_containers = pod.sidecars = pod.ephemeral_containers = ()
    manifest._memo.clear()


def pod_of(manifest: Manifest) -> Pod | None:
    """:func:`pod_view`, computed once per object for the rules that start from the object."""
    memo = manifest._memo
    if "pod" not in memo:
        memo["pod"] = pod_view(manifest)
    return memo["pod"]
