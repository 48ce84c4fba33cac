"""Rules the API server enforces beyond the schema: what ``kubectl apply`` refuses.

Each rule mirrors functions of ``pkg/apis/core/validation/validation.go`` (and the apps and
batch validation packages), named in its rule file, and words its message as the API
server does: ``spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label ...``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import APP, EPHEMERAL, INIT, SIDECAR, Container, Manifest, Pod, pod_of
from ...quantity import Quantity, QuantityError, stored_quantity
from ...registry import rule
from ...sourcemap import FieldPath
from .placement import label_map_errors, label_selector_errors, requirement_errors

_METADATA = FieldPath(("metadata",))
_LABELS, _ANNOTATIONS = _METADATA / "labels", _METADATA / "annotations"


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[tuple[int, dict]] | tuple[()]:
    """The mappings of a list, with their indexes (most lists a rule asks for are absent: nothing to make)."""
    if not isinstance(value, list):
        return ()
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


# --- names ------------------------------------------------------------------------------------

# How the API server validates metadata.name, by (API group, kind): the kinds podlint reads
# pods from, and the core kinds that usually travel with them.
_SUBDOMAIN, _LABEL, _DNS1035 = api.is_dns1123_subdomain, api.is_dns1123_label, api.is_dns1035_label
OBJECT_NAME_RULES = {
    ("", "Pod"): _SUBDOMAIN,  # ValidatePodName
    ("", "PodTemplate"): _SUBDOMAIN,
    ("", "ReplicationController"): _SUBDOMAIN,  # ValidateReplicationControllerName
    ("", "ConfigMap"): _SUBDOMAIN,  # ValidateConfigMapName
    ("", "Secret"): _SUBDOMAIN,  # ValidateSecretName
    ("", "ServiceAccount"): _SUBDOMAIN,  # ValidateServiceAccountName
    ("", "PersistentVolumeClaim"): _SUBDOMAIN,
    ("", "Service"): _DNS1035,  # ValidateServiceName
    ("", "Namespace"): _LABEL,  # ValidateNamespaceName
    ("apps", "Deployment"): _SUBDOMAIN,  # ValidateDeploymentName
    ("apps", "ReplicaSet"): _SUBDOMAIN,  # ValidateReplicaSetName
    ("apps", "StatefulSet"): _LABEL,  # ValidateStatefulSetName: its pods' hostnames
    ("apps", "DaemonSet"): _SUBDOMAIN,  # ValidateDaemonSetName
    ("batch", "Job"): _SUBDOMAIN,
    ("batch", "CronJob"): _SUBDOMAIN,
}
# ValidateCronJobCreate: the Job names a CronJob makes append 11 characters to its own.
CRONJOB_NAME_MAX = 52


_EMPTY = (None, "")  # what Go decodes to an empty string: absent, null or ""


def _mask_trailing_dash(name: str) -> str:
    """``maskTrailingDash``: a generateName prefix may end with '-' (sic: the last two characters become 'a')."""
    return name[:-2] + "a" if name.endswith("-") else name


def _name_errors(path: FieldPath, value: str, messages: tuple[str, ...]) -> Iterator[Violation]:
    for message in messages:
        yield Violation(path, api.invalid(path, value, message))


@rule("invalid-name")
def invalid_name(manifest: Manifest) -> Iterator[Violation]:
    # each name is checked first (the checks remember their answers); its path is made for a finding only
    check = OBJECT_NAME_RULES.get((manifest.group, manifest.kind))
    metadata = manifest.metadata
    if check is not None:
        # ValidateObjectMetaAccessor
        generate = _str(metadata.get("generateName"))
        if generate and (messages := check(_mask_trailing_dash(generate))):
            yield from _name_errors(_METADATA / "generateName", generate, messages)
        name = metadata.get("name")
        # a name is generated from generateName before validation; with neither there is none
        # (metadata that is not a mapping is the schema's finding)
        if (
            name in _EMPTY
            and metadata.get("generateName") in _EMPTY
            and isinstance(manifest.data.get("metadata"), (dict, type(None)))
        ):
            path = _METADATA / "name"
            yield Violation(path, api.required(path, "name or generateName is required"))
        name = _str(name)
        if name and (messages := check(name)):
            yield from _name_errors(_METADATA / "name", name, messages)
        if (manifest.group, manifest.kind) == ("batch", "CronJob") and name and len(name) > CRONJOB_NAME_MAX:
            path = _METADATA / "name"
            yield Violation(path, api.invalid(path, name, api.max_len_error(CRONJOB_NAME_MAX)))
    namespace = _str(metadata.get("namespace"))
    if namespace and (messages := api.is_dns1123_label(namespace)):
        yield from _name_errors(_METADATA / "namespace", namespace, messages)
    pod = pod_of(manifest)
    if pod is None:
        return
    for container in pod.containers:
        name = container.name
        if name and (messages := api.is_dns1123_label(name)):
            yield from _name_errors(container.path / "name", name, messages)
        for index, port in _dicts(container.spec.get("ports")):
            port_name = _str(port.get("name"))
            if port_name and (messages := api.is_valid_port_name(port_name)):
                yield from _name_errors(container.path / "ports" / index / "name", port_name, messages)
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = _str(volume.get("name"))
        if name and (messages := api.is_dns1123_label(name)):
            yield from _name_errors(pod.path / "volumes" / index / "name", name, messages)
    yield from _pod_spec_name_errors(pod)


# ValidatePodSpec: the names a pod spec gives or refers to, with the check each gets
POD_SPEC_NAMES = (
    ("serviceAccountName", _SUBDOMAIN),  # ValidateServiceAccountName
    ("nodeName", _SUBDOMAIN),  # ValidateNodeName
    ("hostname", _LABEL),
    ("subdomain", _LABEL),
    ("priorityClassName", _SUBDOMAIN),  # ValidatePriorityClassName
)


def _pod_spec_name_errors(pod: Pod) -> Iterator[Violation]:
    spec = pod.spec
    for field_name, check in POD_SPEC_NAMES:
        name = _str(spec.get(field_name))
        if name and (messages := check(name)):
            yield from _name_errors(pod.path / field_name, name, messages)
    for index, gate in _dicts(spec.get("readinessGates")):
        condition = _str(gate.get("conditionType"))
        if condition is not None:  # ValidateQualifiedName
            where = pod.path / "readinessGates" / index / "conditionType"
            yield from _name_errors(where, condition, api.is_qualified_name(condition))
    gates: set[str] = set()
    for index, gate in _dicts(spec.get("schedulingGates")):
        name = _str(gate.get("name"))
        if name is None:
            continue
        # validateSchedulingGates: sic, named by the gate, not its name
        at, where = pod.path / "schedulingGates" / index / "name", pod.path / "schedulingGates" / index
        for message in api.is_qualified_name(name):
            yield Violation(at, api.invalid(where, name, message))
        if name in gates:
            yield Violation(at, api.duplicate(where, name))
        gates.add(name)
    runtime = spec.get("runtimeClassName")
    if isinstance(runtime, str) and (messages := api.is_dns1123_subdomain(runtime)):
        # ValidateRuntimeClassName: a pointer, so an empty name is checked too
        yield from _name_errors(pod.path / "runtimeClassName", runtime, messages)
    manifest = pod.manifest
    if (manifest.group, manifest.kind) == ("", "Pod") and _str(spec.get("nodeName")) and spec.get("schedulingGates"):
        # ValidatePodCreate: a pod bound to a node is past scheduling
        path = pod.path / "nodeName"
        yield Violation(path, api.forbidden(path, "cannot be set until all schedulingGates have been cleared"))


# --- labels and annotations --------------------------------------------------------------------


def _template_field(pod: Pod, name: str) -> tuple[FieldPath, FieldPath, dict] | None:
    """A map of a pod template's metadata: where it is, and the path the API server names it by.

    ``ValidatePodTemplateSpec`` names the template's labels ``spec.template.labels``, not
    ``spec.template.metadata.labels``.
    """
    value = pod.metadata.get(name)
    if pod.metadata_path == _METADATA or not isinstance(value, dict):
        return None
    return pod.metadata_path / name, FieldPath(pod.metadata_path[:-1]) / name, value


def _label_maps(manifest: Manifest) -> Iterator[tuple[FieldPath, FieldPath, dict]]:
    """The label maps of an object, with the path each is reported by: its own labels, its pod
    template's, its pod's ``nodeSelector``, its selector's ``matchLabels``."""
    yield _LABELS, _LABELS, manifest.labels
    pod = pod_of(manifest)
    if pod is not None:
        template = _template_field(pod, "labels")
        if template is not None:
            yield template
        if isinstance(pod.spec.get("nodeSelector"), dict):
            path = pod.path / "nodeSelector"
            yield path, path, pod.spec["nodeSelector"]
    selector = _selector(manifest)
    if selector is not None and isinstance(selector[1].get("matchLabels"), dict):
        path = selector[0] / "matchLabels"
        yield path, path, selector[1]["matchLabels"]


@rule("invalid-label")
def invalid_label(manifest: Manifest) -> Iterator[Violation]:
    # ValidateLabels, ValidateLabelSelector
    for at, path, labels in _label_maps(manifest):
        yield from label_map_errors(at, path, labels)
    selector = _selector(manifest)
    if selector is None:
        return
    for index, requirement in _dicts(selector[1].get("matchExpressions")):
        yield from requirement_errors(selector[0] / "matchExpressions" / index, requirement)


# ValidateAnnotations: all annotations of an object together, keys and values, in bytes.
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024


@rule("invalid-annotation")
def invalid_annotation(manifest: Manifest) -> Iterator[Violation]:
    maps = [(_ANNOTATIONS, _ANNOTATIONS, manifest.annotations)]
    pod = pod_of(manifest)
    template = _template_field(pod, "annotations") if pod is not None else None
    if template is not None:
        maps.append(template)
    for at, path, entries in maps:
        size = 0
        for key, value in entries.items():
            if not isinstance(key, str):
                continue
            # the rule is QualifiedName, except that case does not matter
            for message in api.is_qualified_name(key.lower()):
                yield Violation(at / key, api.invalid(path, key, message), on="key")
            size += len(key.encode()) + (len(value.encode()) if isinstance(value, str) else 0)
        if size > TOTAL_ANNOTATION_SIZE_LIMIT:
            yield Violation(at, api.too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT), on="key")


# --- containers ---------------------------------------------------------------------------------


@rule("duplicate-container-name")
def duplicate_container_name(pod: Pod) -> Iterator[Violation]:
    # validateContainers, validateInitContainers, validateEphemeralContainers: app containers
    # among themselves, then each init container against those and earlier init containers,
    # then each ephemeral container against all of them.
    seen: set[str] = set()
    order = (*pod.app_containers, *pod.init_containers, *pod.ephemeral_containers)
    for container in order:
        name = container.name
        if not name:
            continue
        if name in seen:
            path = container.path / "name"
            yield Violation(path, api.duplicate(path, name))
        else:
            seen.add(name)


# --- ports ----------------------------------------------------------------------------------------

SUPPORTED_PORT_PROTOCOLS = ("SCTP", "TCP", "UDP")


def _port_number_error(value: int) -> str | None:
    return None if 1 <= value <= 65535 else "must be between 1 and 65535, inclusive"


@rule("invalid-port")
def invalid_port(pod: Pod) -> Iterator[Violation]:
    # validateContainerPorts for each container; validatePodHostNetworkDeps; host port
    # conflicts (AccumulateUniqueHostPorts) across app containers, and within each init container
    host_network = pod.spec.get("hostNetwork") is True
    app_host_ports: set[str] = set()
    for container in pod.containers:
        names: set[str] = set()
        host_ports = app_host_ports if container.role == APP else set()
        for index, port in _dicts(container.spec.get("ports")):
            path = container.path / "ports" / index
            name = _str(port.get("name"))
            if name and not api.is_valid_port_name(name):
                if name in names:
                    yield Violation(path / "name", api.duplicate(path / "name", name))
                names.add(name)
            container_port = _int(port.get("containerPort"))
            if container_port is not None:
                if container_port == 0:
                    yield Violation(path / "containerPort", api.required(path / "containerPort"))
                elif message := _port_number_error(container_port):
                    yield Violation(path / "containerPort", api.invalid(path / "containerPort", container_port, message))
            protocol = port.get("protocol", "TCP")
            if isinstance(protocol, str) and protocol not in SUPPORTED_PORT_PROTOCOLS:
                yield Violation(path / "protocol", api.not_supported(path / "protocol", protocol, SUPPORTED_PORT_PROTOCOLS))
            host_port = _int(port.get("hostPort"))
            if not host_port:
                continue
            if message := _port_number_error(host_port):
                yield Violation(path / "hostPort", api.invalid(path / "hostPort", host_port, message))
            if host_network and container.role == APP and host_port != container_port:
                message = "must match `containerPort` when `hostNetwork` is true"
                yield Violation(path / "hostPort", api.invalid(path / "hostPort", host_port, message))
            if container.role in (APP, INIT, SIDECAR):
                host_ip = port.get("hostIP", "")
                key = f"{protocol}/{host_ip}/{host_port}"
                if key in host_ports:
                    # an init container is checked on its own, as a list of one: the path says [0]
                    where = path if container.role == APP else FieldPath((*container.path[:-1], 0, "ports", index))
                    yield Violation(path / "hostPort", api.duplicate(where / "hostPort", key))
                host_ports.add(key)


# --- workload selectors -----------------------------------------------------------------------------


def _selector(manifest: Manifest) -> tuple[FieldPath, dict] | None:
    """The label selector of a workload (not of a Service, whose selector is a plain map)."""
    if pod_of(manifest) is None or manifest.kind in ("Pod", "PodTemplate"):
        return None
    spec = manifest.data.get("spec")
    if manifest.kind == "CronJob":
        template = spec.get("jobTemplate") if isinstance(spec, dict) else None
        spec = template.get("spec") if isinstance(template, dict) else None
        path = FieldPath(("spec", "jobTemplate", "spec", "selector"))
    else:
        path = FieldPath(("spec", "selector"))
    if not isinstance(spec, dict) or not isinstance(spec.get("selector"), dict):
        return None
    return path, spec["selector"]


# --- resources --------------------------------------------------------------------------------------

CPU, MEMORY = "cpu", "memory"
# helper.IsStandardContainerResourceName (plus hugepages-<size>)
STANDARD_CONTAINER_RESOURCES = frozenset(("cpu", "memory", "ephemeral-storage"))
# helper.standardResources: the names without a '/' that validateResourceName accepts
STANDARD_RESOURCES = frozenset(
    (
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        "pods",
        "services",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "storage",
        "requests.storage",
        "services.nodeports",
        "services.loadbalancers",
    )
)
HUGEPAGES_PREFIX = "hugepages-"


def _is_hugepages(name: str) -> bool:
    return name.startswith(HUGEPAGES_PREFIX)


def _is_native(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def _is_extended(name: str) -> bool:
    """helper.IsExtendedResourceName: a device plugin's resource, e.g. ``nvidia.com/gpu``."""
    if _is_native(name) or name.startswith("requests."):
        return False
    return not api.is_qualified_name("requests." + name)


def _overcommit_allowed(name: str) -> bool:
    """helper.IsOvercommitAllowed: requests may be below limits (not so for hugepages and devices)."""
    return _is_native(name) and not _is_hugepages(name)


def _quantities(value: Any) -> dict[str, Quantity]:
    """The valid quantities of a resource list, by name (invalid-quantity reports the others),
    rounded up to whole thousandths as ``SetDefaults_ResourceList`` does before validation."""
    out = {}
    if isinstance(value, dict):
        for name, raw in value.items():
            if isinstance(name, str):
                quantity = stored_quantity(raw)
                if quantity is not None:
                    out[name] = quantity
    return out


def _key(path: FieldPath, key: str) -> str:
    """``fldPath.Key(key)``: how the API server names an entry of a resource list, always in brackets."""
    return f"{path}[{key}]"


def _resource_lists(pod: Pod) -> Iterator[tuple[FieldPath, dict]]:
    """Every list of quantities in a pod: container and pod-level requests and limits, overhead."""
    for container in pod.containers:
        for key in ("requests", "limits"):
            if isinstance(container.resources.get(key), dict):
                yield container.path / "resources" / key, container.resources[key]
    resources = pod.spec.get("resources")
    if isinstance(resources, dict):
        for key in ("requests", "limits"):
            if isinstance(resources.get(key), dict):
                yield pod.path / "resources" / key, resources[key]
    if isinstance(pod.spec.get("overhead"), dict):
        yield pod.path / "overhead", pod.spec["overhead"]
    for index, volume in _dicts(pod.spec.get("volumes")):
        empty_dir = volume.get("emptyDir")
        if isinstance(empty_dir, dict) and "sizeLimit" in empty_dir:
            yield pod.path / "volumes" / index / "emptyDir", {"sizeLimit": empty_dir["sizeLimit"]}


@rule("invalid-quantity")
def invalid_quantity(pod: Pod) -> Iterator[Violation]:
    for path, quantities in _resource_lists(pod):
        for name, raw in quantities.items():
            if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
                continue  # wrong-type
            try:
                Quantity.from_json(raw)
            except QuantityError as error:
                yield Violation(path / name, api.invalid(_key(path, name), raw, str(error)))


def _resource_name_errors(path: str, name: str) -> list[str]:
    """validateContainerResourceName (with validateResourceName)."""
    return [api.invalid(path, api.Stringer(name), message) for message in _resource_name_problems(name)]


@lru_cache(maxsize=1024)
def _resource_name_problems(name: str) -> tuple[str, ...]:
    """What validateContainerResourceName says of a resource name, without its path: manifests
    repeat the same few names (cpu, memory), each checked once."""
    problems = list(api.is_qualified_name(name))
    if not problems and "/" not in name and name not in STANDARD_RESOURCES and not _is_hugepages(name):
        problems.append("must be a standard resource type or fully qualified")
    if "/" not in name:
        if name not in STANDARD_CONTAINER_RESOURCES and not _is_hugepages(name):
            problems.append("must be a standard resource for containers")
    elif not _is_native(name) and not _is_extended(name):
        problems.append("doesn't follow extended resource name standard")
    return tuple(problems)


def _hugepage_error(name: str, quantity: Quantity) -> str | None:
    """validateResourceQuantityHugePageValue: a whole number of pages of the size in the name."""
    try:
        page = Quantity.parse(name[len(HUGEPAGES_PREFIX) :])
    except QuantityError:
        page = None
    if page is None or page.nanos <= 0 or not page.is_whole or quantity.int_value % page.int_value:
        return f"{quantity} is not positive integer multiple of {name}"
    return None


@rule("invalid-resources")
def invalid_resources(container: Container) -> Iterator[Violation]:
    # validateResourceRequirements, after the API server defaults each missing request to its limit
    resources = container.resources
    if not resources or container.role == EPHEMERAL:
        return
    path = container.path / "resources"
    limits, requests = _quantities(resources.get("limits")), _quantities(resources.get("requests"))
    cpu_or_memory = hugepages = False
    for key, quantities in (("limits", limits), ("requests", requests)):
        names = resources.get(key) if isinstance(resources.get(key), dict) else {}
        for name in names:
            if not isinstance(name, str):
                continue
            if _resource_name_problems(name):
                for message in _resource_name_errors(_key(path / key, name), name):
                    yield Violation(path / key / name, message, on="key")
            quantity = quantities.get(name)
            if quantity is None:
                continue
            if name in (CPU, MEMORY):
                cpu_or_memory = True
                if quantity.nanos >= 0:
                    continue  # cpu and memory: nothing more to check here
            where, named = path / key / name, _key(path / key, name)
            if quantity.nanos < 0:
                yield Violation(where, api.invalid(named, str(quantity), "must be greater than or equal to 0"))
            if _is_extended(name) and not quantity.is_whole:
                yield Violation(where, api.invalid(named, api.Stringer(quantity), "must be an integer"))
            if _is_hugepages(name):
                hugepages = True
                if message := _hugepage_error(name, quantity):
                    yield Violation(where, api.invalid(named, str(quantity), message))
            if key == "requests" and not _overcommit_allowed(name):
                limit = limits.get(name)
                if limit is None:
                    yield Violation(
                        path / "limits",
                        api.required(path / "limits", "Limit must be set for non overcommitable resources"),
                        on="key",
                    )
                elif quantity.nanos != limit.nanos:
                    message = f"must be equal to {name} limit of {limit}"
                    yield Violation(where, api.invalid(path / "requests", str(quantity), message))
    if hugepages and not cpu_or_memory:
        yield Violation(path, api.forbidden(path, "HugePages require cpu or memory"), on="key")


@rule("requests-exceed-limits")
def requests_exceed_limits(container: Container) -> Iterator[Violation]:
    resources = container.resources
    limits = _quantities(resources.get("limits")) if resources else None
    if not limits:
        return
    requests = _quantities(resources.get("requests"))
    for name, request in requests.items():
        limit = limits.get(name)
        if limit is not None and _overcommit_allowed(name) and request.nanos > limit.nanos:
            path = container.path / "resources" / "requests"
            message = f"must be less than or equal to {name} limit of {limit}"
            yield Violation(path / name, api.invalid(path, str(request), message))


# --- volumes ------------------------------------------------------------------------------------------

# The volume sources, in the order validateVolumeSource checks them: the second and later of
# a volume are "may not specify more than 1 volume type" (at the path it names).
VOLUME_SOURCES = (
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),  # sic: the API server's path
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),  # sic: the API server's path has the typo
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
)
HOST_PATH_TYPES = ("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket")
FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive"


def _volume_errors(pod: Pod, index: int, volume: dict) -> Iterator[Violation]:
    """validateVolumeSource and the per-source checks of one volume."""
    path = pod.path / "volumes" / index
    sources = [(key, named) for key, named in VOLUME_SOURCES if volume.get(key) is not None]
    for key, named in sources[1:]:
        yield Violation(path / key, api.forbidden(path / named, "may not specify more than 1 volume type"), on="key")
    if not sources:
        return  # SetDefaults_Volume makes a volume without a source an emptyDir
    key, _ = sources[0]
    source = volume[key]
    if not isinstance(source, dict):
        return
    where = path / key
    if key == "emptyDir":
        size = _quantities({"sizeLimit": source.get("sizeLimit")}).get("sizeLimit")
        if size is not None and size.nanos < 0:
            message = "SizeLimit field must be a valid resource quantity"
            yield Violation(where / "sizeLimit", api.forbidden(where / "sizeLimit", message))
    elif key == "hostPath":
        host_path = _str(source.get("path"))
        if host_path == "":
            yield Violation(where / "path", api.required(where / "path"))
        elif host_path and ".." in host_path.split("/"):
            yield Violation(where / "path", api.invalid(where / "path", host_path, "must not contain '..'"))
        kind = source.get("type")
        if isinstance(kind, str) and kind not in HOST_PATH_TYPES:
            yield Violation(where / "type", api.not_supported(where / "type", kind, HOST_PATH_TYPES))
    elif key in ("configMap", "secret"):
        name_field = "name" if key == "configMap" else "secretName"
        if not source.get(name_field):
            yield Violation(where / name_field, api.required(where / name_field), on="key")
        mode = _int(source.get("defaultMode"))
        if mode is not None and not 0 <= mode <= 0o777:
            yield Violation(where / "defaultMode", api.invalid(where / "defaultMode", mode, FILE_MODE_ERROR))
        for item_index, item in _dicts(source.get("items")):
            yield from _key_to_path_errors(where / "items" / item_index, item)
    elif key == "downwardAPI":
        mode = _int(source.get("defaultMode"))
        if mode is not None and not 0 <= mode <= 0o777:
            yield Violation(where / "defaultMode", api.invalid(where / "defaultMode", mode, FILE_MODE_ERROR))
        for item_index, item in _dicts(source.get("items")):
            yield from _downward_api_file_errors(where, where / "items" / item_index, item)
    elif key == "projected":
        mode = _int(source.get("defaultMode"))
        if mode is not None and not 0 <= mode <= 0o777:
            yield Violation(where / "defaultMode", api.invalid(where / "defaultMode", mode, FILE_MODE_ERROR))
        yield from _projection_errors(where, source)
    elif key == "persistentVolumeClaim" and source.get("claimName") == "":
        yield Violation(where / "claimName", api.required(where / "claimName"))
    elif key == "nfs":  # validateNFSVolumeSource
        if source.get("server") == "":
            yield Violation(where / "server", api.required(where / "server"))
        nfs_path = source.get("path")
        if isinstance(nfs_path, str):
            if not nfs_path:
                yield Violation(where / "path", api.required(where / "path"))
            if not nfs_path.startswith("/"):
                yield Violation(where / "path", api.invalid(where / "path", nfs_path, "must be an absolute path"))
    elif key == "csi":
        yield from _csi_errors(where, source)
    elif key == "ephemeral":  # validateEphemeralVolumeSource
        template = source.get("volumeClaimTemplate")
        if template is None:
            yield Violation(where, api.required(where / "volumeClaimTemplate"), on="key")
        elif isinstance(template, dict):
            yield from _claim_template_errors(where / "volumeClaimTemplate", template)
    elif key == "gitRepo":  # validateGitRepoVolumeSource
        if source.get("repository") == "":
            yield Violation(where / "repository", api.required(where / "repository"))
        directory = _str(source.get("directory"))
        if directory:
            yield from _local_path_errors(where / "directory", directory, where / "directory")


# ValidateTemplateObjectMeta: a claim template's metadata may have labels and annotations only;
# any other field of ObjectMeta that is set is named by its Go field (sic: "uID")
TEMPLATE_METADATA_FIELDS = {
    "name": "name", "generateName": "generateName", "namespace": "namespace", "selfLink": "selfLink",
    "uid": "uID", "resourceVersion": "resourceVersion", "generation": "generation",
    "creationTimestamp": "creationTimestamp", "deletionTimestamp": "deletionTimestamp",
    "deletionGracePeriodSeconds": "deletionGracePeriodSeconds", "ownerReferences": "ownerReferences",
    "finalizers": "finalizers", "managedFields": "managedFields",
}
# supportedAccessModes, supportedVolumeModes: sorted
ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
VOLUME_MODES = ("Block", "Filesystem")


def _claim_template_errors(path: FieldPath, template: dict) -> Iterator[Violation]:
    """``ValidatePersistentVolumeClaimTemplate``: the template's metadata
    (``ValidateTemplateObjectMeta``) and spec (``ValidatePersistentVolumeClaimSpec``)."""
    metadata = template.get("metadata")
    if isinstance(metadata, dict):
        meta = path / "metadata"
        annotations = metadata.get("annotations")
        for key in annotations if isinstance(annotations, dict) else ():
            if isinstance(key, str):
                for message in api.is_qualified_name(key.lower()):
                    at = meta / "annotations" / key
                    yield Violation(at, api.invalid(meta / "annotations", key, message), on="key")
        if isinstance(metadata.get("labels"), dict):
            yield from label_map_errors(meta / "labels", meta / "labels", metadata["labels"])
        for field_name, named in TEMPLATE_METADATA_FIELDS.items():
            if metadata.get(field_name) not in (None, "", 0):  # set: not Go's zero value
                yield Violation(meta / field_name, api.forbidden(meta / named, "cannot be set"), on="key")
    spec = template.get("spec")
    if not isinstance(spec, dict):
        return  # the schema's finding
    where = path / "spec"
    modes = spec.get("accessModes")
    modes = [mode for mode in modes if isinstance(mode, str)] if isinstance(modes, list) else []
    if not modes:
        at = where / "accessModes" if "accessModes" in spec else where
        yield Violation(at, api.required(where / "accessModes", "at least 1 access mode is required"), on="key")
    yield from label_selector_errors(where / "selector", spec.get("selector"))
    for index, mode in enumerate(modes):
        if mode not in ACCESS_MODES:
            yield Violation(where / "accessModes" / index, api.not_supported(where / "accessModes", mode, ACCESS_MODES))
    if "ReadWriteOncePod" in modes and any(mode != "ReadWriteOncePod" and mode in ACCESS_MODES for mode in modes):
        detail = "may not use ReadWriteOncePod with other access modes"
        yield Violation(where / "accessModes", api.forbidden(where / "accessModes", detail), on="key")
    resources = spec.get("resources")
    requests = resources.get("requests") if isinstance(resources, dict) else None
    named = f"{where}.resources[storage]"  # sic: fldPath.Child("resources").Key("storage")
    if not isinstance(requests, dict) or "storage" not in requests:
        at = where / "resources" if isinstance(resources, dict) else where
        yield Violation(at / "requests" if isinstance(requests, dict) else at, api.required(named), on="key")
    else:
        try:
            storage = Quantity.from_json(requests["storage"])
        except QuantityError:
            storage = None  # not a quantity: the request cannot be decoded
        if storage is not None and storage.nanos <= 0:  # ValidatePositiveQuantityValue
            at = where / "resources" / "requests" / "storage"
            yield Violation(at, api.invalid(named, str(storage), "must be greater than zero"))
    storage_class = _str(spec.get("storageClassName"))
    if storage_class:  # ValidateClassName
        yield from _name_errors(where / "storageClassName", storage_class, api.is_dns1123_subdomain(storage_class))
    mode = spec.get("volumeMode")
    if isinstance(mode, str) and mode not in VOLUME_MODES:
        yield Violation(where / "volumeMode", api.not_supported(where / "volumeMode", mode, VOLUME_MODES))


CSI_DRIVER_MAX_LENGTH = 63


def _csi_errors(path: FieldPath, csi: dict) -> Iterator[Violation]:
    """``validateCSIVolumeSource`` and ``ValidateCSIDriverName``."""
    driver = csi.get("driver")
    if isinstance(driver, str):
        where = path / "driver"
        if not driver:
            yield Violation(where, api.required(where))
        if len(driver) > CSI_DRIVER_MAX_LENGTH:
            yield Violation(where, api.too_long(where, CSI_DRIVER_MAX_LENGTH))
        # the name is checked in lowercase, and shown as written
        yield from _name_errors(where, driver, api.is_dns1123_subdomain(driver.lower()))
    secret = csi.get("nodePublishSecretRef")
    if isinstance(secret, dict):
        name = secret.get("name")
        if name in _EMPTY:
            where = path / "nodePublishSecretRef" / "name"
            at, on = (where, "value") if "name" in secret else (path / "nodePublishSecretRef", "key")
            yield Violation(at, api.required(where), on=on)
        elif isinstance(name, str):  # sic: named csi.name
            for message in api.is_dns1123_subdomain(name):
                yield Violation(path / "nodePublishSecretRef" / "name", api.invalid(path / "name", name, message))


def _local_path_errors(at: FieldPath, target: str, named: Any, reserved: bool = False) -> Iterator[Violation]:
    """``validateLocalDescendingPath`` (and, ``reserved``, ``ValidateLocalNonReservedPath``) of
    the path at ``at``, each error named ``named``: relative, no '..' element (nor, reserved,
    a start with '..' that is not one)."""
    if target.startswith("/"):
        yield Violation(at, api.invalid(named, target, "must be a relative path"))
    if ".." in target.split("/"):
        yield Violation(at, api.invalid(named, target, "must not contain '..'"))
    if reserved and target.startswith("..") and not target.startswith("../"):
        yield Violation(at, api.invalid(named, target, "must not start with '..'"))


def _downward_api_file_errors(path: FieldPath, at: FieldPath, item: dict) -> Iterator[Violation]:
    """``validateDownwardAPIVolumeFile`` of the item at ``at``, its errors named from ``path``
    (sic: the volume source's path, not the item's)."""
    target = _str(item.get("path"))
    if target == "":
        yield Violation(at / "path", api.required(path / "path"))
    elif target:
        yield from _local_path_errors(at / "path", target, path / "path", reserved=True)
    field_ref, resource_ref = item.get("fieldRef"), item.get("resourceFieldRef")
    if isinstance(field_ref, dict):
        yield from _field_selector_errors(at / "fieldRef", path / "fieldRef", field_ref, VOLUME_FIELD_PATHS)
        if resource_ref is not None:
            detail = "fieldRef and resourceFieldRef can not be specified simultaneously"
            yield Violation(at / "resourceFieldRef", api.invalid(path, "resource", detail), on="key")
    elif isinstance(resource_ref, dict):
        where = at / "resourceFieldRef"
        yield from _resource_field_selector_errors(where, path / "resourceFieldRef", resource_ref, True)
    elif field_ref is None and resource_ref is None:
        yield Violation(at, api.required(path, "one of fieldRef and resourceFieldRef is required"), on="value")
    mode = _int(item.get("mode"))
    if mode is not None and not 0 <= mode <= 0o777:
        yield Violation(at / "mode", api.invalid(path / "mode", mode, FILE_MODE_ERROR))


# The sources of a projected volume, in the order validateProjectionSources reads them
PROJECTIONS = ("secret", "configMap", "downwardAPI", "serviceAccountToken", "clusterTrustBundle", "podCertificate")
MIN_TOKEN_SECONDS, MAX_TOKEN_SECONDS = 10 * 60, 1 << 32
TOKEN_SECONDS_DEFAULT = 3600  # SetDefaults_ServiceAccountTokenProjection


def _projection_errors(path: FieldPath, projected: dict) -> Iterator[Violation]:
    """``validateProjectionSources``: each source of the projected volume at ``path``, and the
    files they write, no two at one path."""
    written: set[str] = set()

    def duplicate(at: FieldPath, target: Any, value: Any) -> Iterator[Violation]:
        if isinstance(target, str) and target:
            if target in written:
                # sic: named by the volume, its value the source's name (the path for downwardAPI)
                yield Violation(at, api.invalid(path, value, "conflicting duplicate paths"))
            written.add(target)

    for index, source in _dicts(projected.get("sources")):
        where = path / "sources" / index
        kinds = [kind for kind in PROJECTIONS if source.get(kind) is not None]
        for kind in ("secret", "configMap"):
            projection = source.get(kind)
            if not isinstance(projection, dict):
                continue
            name = projection.get("name")
            if name in _EMPTY:
                at = where / kind / "name" if "name" in projection else where / kind
                yield Violation(at, api.required(where / kind / "name"), on="value" if "name" in projection else "key")
            for item_index, item in _dicts(projection.get("items")):
                at = where / kind / "items" / item_index
                yield from _key_to_path_errors(at, item)
                yield from duplicate(at / "path", item.get("path"), name if isinstance(name, str) else "")
        downward = source.get("downwardAPI")
        if isinstance(downward, dict):
            for item_index, item in _dicts(downward.get("items")):
                at = where / "downwardAPI" / "items" / item_index
                yield from _downward_api_file_errors(where / "downwardAPI", at, item)
                yield from duplicate(at / "path", item.get("path"), item.get("path"))
        token = source.get("serviceAccountToken")
        if isinstance(token, dict):
            at = where / "serviceAccountToken"
            seconds = token.get("expirationSeconds")
            seconds = TOKEN_SECONDS_DEFAULT if seconds is None else _int(seconds)
            if seconds is not None and seconds < MIN_TOKEN_SECONDS:
                detail = "may not specify a duration less than 10 minutes"
                yield Violation(at / "expirationSeconds", api.invalid(at / "expirationSeconds", seconds, detail))
            if seconds is not None and seconds > MAX_TOKEN_SECONDS:
                detail = "may not specify a duration larger than 2^32 seconds"
                yield Violation(at / "expirationSeconds", api.invalid(at / "expirationSeconds", seconds, detail))
            target = token.get("path")
            if target == "":  # sic: the volume's path is named, not the token's
                yield Violation(at / "path", api.required(path / "path"))
            elif isinstance(target, str):
                yield from _local_path_errors(at / "path", target, path / "path", reserved=True)
        if len(kinds) > 1:  # one error for the source, shown at its second kind
            yield Violation(where / kinds[1], api.forbidden(where, "may not specify more than 1 volume type"), on="key")


def _key_to_path_errors(path: FieldPath, item: dict) -> Iterator[Violation]:
    """validateKeyToPath: the items of a configMap or secret volume."""
    if item.get("key") == "":
        yield Violation(path / "key", api.required(path / "key"))
    target = _str(item.get("path"))
    if target == "":
        yield Violation(path / "path", api.required(path / "path"))
    elif target:
        yield from _local_path_errors(path / "path", target, path / "path", reserved=True)
    mode = _int(item.get("mode"))
    if mode is not None and not 0 <= mode <= 0o777:
        yield Violation(path / "mode", api.invalid(path / "mode", mode, FILE_MODE_ERROR))


@rule("invalid-volume")
def invalid_volume(pod: Pod) -> Iterator[Violation]:
    for index, volume in _dicts(pod.spec.get("volumes")):
        yield from _volume_errors(pod, index, volume)


@rule("duplicate-volume-name")
def duplicate_volume_name(pod: Pod) -> Iterator[Violation]:
    seen: set[str] = set()
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = _str(volume.get("name"))
        if not name:
            continue
        if name in seen:
            path = pod.path / "volumes" / index / "name"
            yield Violation(path, api.duplicate(path, name))
        seen.add(name)


def _defined_volumes(pod: Pod) -> dict[str, dict]:
    """The volumes ValidateVolumes accepts, by name: one whose definition has an error is left
    out, so the API server reports its mounts as not found too."""
    def memo() -> dict[str, dict]:
        defined: dict[str, dict] = {}
        for index, volume in _dicts(pod.spec.get("volumes")):
            name = _str(volume.get("name"))
            if not name or name in defined or api.is_dns1123_label(name):
                continue
            if next(_volume_errors(pod, index, volume), None) is None:
                defined[name] = volume
        # a StatefulSet's controller adds a persistentVolumeClaim volume per volumeClaimTemplate
        manifest = pod.manifest
        if (manifest.group, manifest.kind) == ("apps", "StatefulSet"):
            spec = manifest.data.get("spec") if isinstance(manifest.data.get("spec"), dict) else {}
            for _, template in _dicts(spec.get("volumeClaimTemplates")):
                metadata = template.get("metadata")
                name = _str(metadata.get("name")) if isinstance(metadata, dict) else None
                if name and name not in defined:
                    defined[name] = {"name": name, "persistentVolumeClaim": {"claimName": name}}
        return defined

    return pod.manifest.memo("volumes", memo)


@rule("undefined-volume")
def undefined_volume(container: Container) -> Iterator[Violation]:
    # ValidateVolumeMounts, ValidateVolumeDevices
    defined = _defined_volumes(container.pod)
    for field_name in ("volumeMounts", "volumeDevices"):
        for index, mount in _dicts(container.spec.get(field_name)):
            name = mount.get("name")
            if isinstance(name, str) and name not in defined:
                path = container.path / field_name / index / "name"
                yield Violation(path, api.not_found(path, name))
    for index, device in _dicts(container.spec.get("volumeDevices")):
        name = _str(device.get("name"))
        volume = defined.get(name) if name else None
        if volume is not None and volume.get("persistentVolumeClaim") is None and volume.get("ephemeral") is None:
            path = container.path / "volumeDevices" / index / "name"
            message = "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"
            yield Violation(path, api.invalid(path, name, message))


RECURSIVE_READ_ONLY = ("Disabled", "Enabled", "IfPossible")  # validateMountRecursiveReadOnly, sorted
RECURSIVE_READ_ONLY_SINCE = (1, 31)  # the RecursiveReadOnlyMounts feature, on by default


@rule("invalid-volume-mount")
def invalid_volume_mount(container: Container) -> Iterator[Violation]:
    yield from _volume_mount_errors(container)
    yield from _volume_device_errors(container)


def _volume_mount_errors(container: Container) -> Iterator[Violation]:
    # ValidateVolumeMounts (the volume's name is undefined-volume's, a repeated mountPath
    # duplicate-mount-path's); sic: subPath, mountPropagation and recursiveReadOnly errors name
    # the list, not the mount
    mounts = container.spec.get("volumeMounts")
    if not isinstance(mounts, list):
        return
    devices = {_str(device.get("name")) for _, device in _dicts(container.spec.get("volumeDevices"))}
    context = container.spec.get("securityContext")
    privileged = isinstance(context, dict) and context.get("privileged") is True
    recursive = container.pod.manifest.kubernetes_minor >= RECURSIVE_READ_ONLY_SINCE
    listed = container.path / "volumeMounts"
    for index, mount in _dicts(mounts):
        path = listed / index
        name = mount.get("name")
        if name == "":
            yield Violation(path / "name", api.required(path / "name"))
        elif isinstance(name, str) and name in devices:
            yield Violation(path / "name", api.invalid(path / "name", name, "must not already exist in volumeDevices"))
        if mount.get("mountPath") == "":
            yield Violation(path / "mountPath", api.required(path / "mountPath"))
        sub_path, expression = _str(mount.get("subPath")), _str(mount.get("subPathExpr"))
        if sub_path:
            yield from _local_path_errors(path / "subPath", sub_path, listed / "subPath")
        if expression:
            if sub_path:
                detail = "subPathExpr and subPath are mutually exclusive"
                yield Violation(path / "subPathExpr", api.invalid(path / "subPathExpr", expression, detail))
            yield from _local_path_errors(path / "subPathExpr", expression, listed / "subPathExpr")
        propagation = mount.get("mountPropagation")
        if propagation == "Bidirectional" and not privileged:
            detail = "Bidirectional mount propagation is available only to privileged containers"
            yield Violation(path / "mountPropagation", api.forbidden(listed / "mountPropagation", detail))
        mode = mount.get("recursiveReadOnly")
        if recursive and isinstance(mode, str) and mode != "Disabled":
            where, named = path / "recursiveReadOnly", listed / "recursiveReadOnly"
            if mode not in RECURSIVE_READ_ONLY:
                yield Violation(where, api.not_supported(named, mode, RECURSIVE_READ_ONLY))
                continue
            if mount.get("readOnly") is not True:
                yield Violation(where, api.forbidden(named, "may only be specified when readOnly is true"))
            if propagation is not None and propagation != "None":
                detail = "may only be specified when mountPropagation is None or not specified"
                yield Violation(where, api.forbidden(named, detail))


def _volume_device_errors(container: Container) -> Iterator[Violation]:
    # ValidateVolumeDevices (the volume's name and kind are undefined-volume's, a repeated or
    # mounted devicePath duplicate-mount-path's)
    mounted = {_str(mount.get("name")) for _, mount in _dicts(container.spec.get("volumeMounts"))}
    names: set[str] = set()
    for index, device in _dicts(container.spec.get("volumeDevices")):
        path = container.path / "volumeDevices" / index
        name, device_path = device.get("name"), device.get("devicePath")
        if name == "":
            yield Violation(path / "name", api.required(path / "name"))
        elif isinstance(name, str) and name in names:
            yield Violation(path / "name", api.invalid(path / "name", name, "must be unique"))
        if device_path == "":
            yield Violation(path / "devicePath", api.required(path / "devicePath"))
        elif isinstance(device_path, str) and ".." in device_path.split("/"):
            detail = "can not contain backsteps ('..')"
            yield Violation(path / "devicePath", api.invalid(path / "devicePath", device_path, detail))
        if isinstance(name, str) and name in mounted:
            yield Violation(path / "name", api.invalid(path / "name", name, "must not already exist in volumeMounts"))
        if isinstance(name, str) and name:
            names.add(name)


@rule("duplicate-mount-path")
def duplicate_mount_path(container: Container) -> Iterator[Violation]:
    # ValidateVolumeMounts (mountPath), ValidateVolumeDevices (devicePath), and their overlap
    devices = {_str(device.get("devicePath")) for _, device in _dicts(container.spec.get("volumeDevices"))}
    mount_paths: set[str] = set()
    for index, mount in _dicts(container.spec.get("volumeMounts")):
        mount_path = _str(mount.get("mountPath"))
        if mount_path is None:
            continue
        path = container.path / "volumeMounts" / index / "mountPath"
        if mount_path in mount_paths:
            yield Violation(path, api.invalid(path, mount_path, "must be unique"))
        mount_paths.add(mount_path)
        if mount_path in devices:
            yield Violation(path, api.invalid(path, mount_path, "must not already exist as a path in volumeDevices"))
    device_paths: set[str] = set()
    for index, device in _dicts(container.spec.get("volumeDevices")):
        device_path = _str(device.get("devicePath"))
        if not device_path:
            continue
        path = container.path / "volumeDevices" / index / "devicePath"
        if device_path in device_paths:
            yield Violation(path, api.invalid(path, device_path, "must be unique"))
        device_paths.add(device_path)
        if device_path in mount_paths:
            yield Violation(path, api.invalid(path, device_path, "must not already exist as a path in volumeMounts"))


# --- environment variables --------------------------------------------------------------------------------

ENV_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef")
ENV_FROM_SOURCES = ("configMapRef", "secretRef")
MORE_THAN_ONE_SOURCE = "may not have more than one field specified at a time"


def _key_selector_errors(path: FieldPath, selector: dict) -> Iterator[Violation]:
    """``validateConfigMapKeySelector``, ``validateSecretKeySelector``: both names are checked
    as Secret names (an empty one too), and the key as a ConfigMap key."""
    name = selector.get("name")
    name = "" if name is None else name
    if isinstance(name, str):
        yield from _name_errors(path / "name", name, api.is_dns1123_subdomain(name))
    key = selector.get("key")
    if key in _EMPTY:
        yield Violation(path / "key", api.required(path / "key"))
    elif isinstance(key, str):
        yield from _name_errors(path / "key", key, api.is_config_map_key(key))


# --- the downward API: fieldRef and resourceFieldRef of env and of downwardAPI volumes ----------------

# The fields ConvertDownwardAPIFieldLabel knows in a v1 pod ("spec.host" is read as spec.nodeName)
DOWNWARD_API_FIELDS = frozenset((
    "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
    "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase",
    "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
))
# validEnvDownwardAPIFieldPathExpressions, validVolumeDownwardAPIFieldPathExpressions: sorted
ENV_FIELD_PATHS = (
    "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
    "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
)
VOLUME_FIELD_PATHS = ("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid")
# validContainerResourceFieldPathExpressions, sorted; hugepages are allowed by prefix
RESOURCE_FIELD_PATHS = (
    "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage",
    "requests.memory",
)
HUGEPAGES_FIELD_PREFIXES = ("limits.hugepages-", "requests.hugepages-")
_BYTE_DIVISORS = frozenset(("1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"))
_BYTE_DIVISORS_TEXT = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei"
# validateContainerResourceDivisor: by resource, the divisors allowed and what the message says
_DIVISORS = {
    "cpu": (frozenset(("1m", "1")), "only divisor's values 1m and 1 are supported with the cpu resource"),
    "memory": (_BYTE_DIVISORS, f"only divisor's values {_BYTE_DIVISORS_TEXT} are supported with the memory resource"),
    "ephemeral-storage": (
        _BYTE_DIVISORS,
        f"only divisor's values {_BYTE_DIVISORS_TEXT} are supported with the local ephemeral storage resource",
    ),
}
_HUGEPAGES_DIVISOR = f"only divisor's values {_BYTE_DIVISORS_TEXT} are supported with the hugepages resource"


def _subscripted(field_path: str) -> tuple[str, str] | None:
    """``SplitMaybeSubscriptedPath``: ``metadata.labels['app']`` is (``metadata.labels``, ``app``)."""
    if not field_path.endswith("']"):
        return None
    head, bracket, subscript = field_path[:-2].partition("['")
    return (head, subscript) if bracket and head else None


def _field_selector_errors(
    at: FieldPath, path: FieldPath, selector: dict, expressions: tuple[str, ...]
) -> Iterator[Violation]:
    """``validateObjectFieldSelector`` of the ``fieldRef`` at ``at`` (its apiVersion defaulted
    to v1), its errors named from ``path``."""
    version = selector.get("apiVersion") or "v1"
    field_path = selector.get("fieldPath")
    if not isinstance(version, str) or not isinstance(field_path, str):
        return  # missing or of the wrong type: the schema's finding
    where, named = at / "fieldPath", path / "fieldPath"
    if not field_path:
        yield Violation(where, api.required(named))
        return
    # ConvertDownwardAPIFieldLabel
    subscripted = _subscripted(field_path)
    error = None
    if version != "v1":
        error = f"unsupported pod version: {version}"
    elif subscripted is not None:
        if subscripted[0] not in ("metadata.annotations", "metadata.labels"):
            error = f"field label does not support subscript: {field_path}"
    elif field_path not in DOWNWARD_API_FIELDS and field_path != "spec.host":
        error = f"field label not supported: {field_path}"
    if error is not None:
        yield Violation(where, api.invalid(named, field_path, f"error converting fieldPath: {error}"))
    elif subscripted is not None:
        head, key = subscripted
        key = key.lower() if head == "metadata.annotations" else key
        for message in api.is_qualified_name(key):  # ValidateQualifiedName, named by the fieldRef
            yield Violation(where, api.invalid(path, key, message))
    else:
        internal = "spec.nodeName" if field_path == "spec.host" else field_path
        if internal not in expressions:
            yield Violation(where, api.not_supported(named, internal, expressions))


def _resource_field_selector_errors(at: FieldPath, path: FieldPath, selector: dict, volume: bool) -> Iterator[Violation]:
    """``validateContainerResourceFieldSelector`` of the ``resourceFieldRef`` at ``at`` (of a
    downwardAPI ``volume``), and its divisor; its errors named from ``path``."""
    resource = selector.get("resource")
    if not isinstance(resource, str):
        return  # missing or of the wrong type: the schema's finding
    container = selector.get("containerName")
    if volume and container in _EMPTY:
        written = "containerName" in selector
        where = at / "containerName" if written else at
        yield Violation(where, api.required(path / "containerName"), on="value" if written else "key")
    elif not resource:
        yield Violation(at / "resource", api.required(path / "resource"))
    elif resource not in RESOURCE_FIELD_PATHS and not resource.startswith(HUGEPAGES_FIELD_PREFIXES):
        yield Violation(at / "resource", api.not_supported(path / "resource", resource, RESOURCE_FIELD_PATHS))
    divisor = selector.get("divisor")
    if divisor is None or isinstance(divisor, bool):
        return
    try:
        divisor = str(Quantity.from_json(divisor))
    except QuantityError:
        return  # not a quantity: the request cannot be decoded
    if divisor == "0":
        return  # the zero quantity is an unset divisor
    where, named = at / "divisor", path / "divisor"
    _, _, name = resource.partition(".")
    if resource.startswith(("limits.", "requests.")) and name in _DIVISORS:
        allowed, message = _DIVISORS[name]
        if divisor not in allowed:
            yield Violation(where, api.invalid(named, resource, message))
    if resource.startswith(HUGEPAGES_FIELD_PREFIXES) and divisor not in _BYTE_DIVISORS:
        yield Violation(where, api.invalid(named, resource, _HUGEPAGES_DIVISOR))


RELAXED_ENV_NAMES_SINCE = (1, 32)  # RelaxedEnvironmentVariableValidation, on by default
_ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*\Z")
ENV_NAME_ERROR = api.regex_error(
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
    "and must not start with a digit",
    "[-._a-zA-Z][-._a-zA-Z0-9]*",
    "my.env-name",
    "MY_ENV.NAME",
    "MyEnvName1",
)
RELAXED_ENV_NAME_ERROR = (
    "a valid environment variable name must consist only of printable ASCII characters other than '='"
)


def _env_name_problems(name: str, relaxed: bool) -> list[str]:
    """``IsRelaxedEnvVarName``, or before it ``IsEnvVarName``, of a variable name or envFrom prefix."""
    if relaxed:
        return [] if all(" " <= char <= "~" and char != "=" for char in name) else [RELAXED_ENV_NAME_ERROR]
    problems = [] if _ENV_NAME.match(name) else [ENV_NAME_ERROR]
    if name == ".":  # hasChDirPrefix
        problems.append("must not be '.'")
    elif name == "..":
        problems.append("must not be '..'")
    elif name.startswith(".."):
        problems.append("must not start with '..'")
    return problems


def _env_errors(container: Container) -> Iterator[Violation]:
    # ValidateEnv, validateEnvVarValueFrom
    env = container.path / "env"
    relaxed = container.pod.manifest.kubernetes_minor >= RELAXED_ENV_NAMES_SINCE
    for index, variable in _dicts(container.spec.get("env")):
        name = variable.get("name")
        if name == "":
            yield Violation(env / index / "name", api.required(env / index / "name"))
        elif isinstance(name, str):
            yield from _name_errors(env / index / "name", name, tuple(_env_name_problems(name, relaxed)))
        source = variable.get("valueFrom")
        value = variable.get("value")
        if not isinstance(source, dict) or not isinstance(value, (str, type(None))):
            continue  # no source, or a value of the wrong type: the schema's finding
        path = env / index / "valueFrom"
        if isinstance(source.get("fieldRef"), dict):
            yield from _field_selector_errors(path / "fieldRef", path / "fieldRef", source["fieldRef"], ENV_FIELD_PATHS)
        if isinstance(source.get("resourceFieldRef"), dict):
            where = path / "resourceFieldRef"
            yield from _resource_field_selector_errors(where, where, source["resourceFieldRef"], False)
        for name in ("configMapKeyRef", "secretKeyRef"):
            if isinstance(source.get(name), dict):
                yield from _key_selector_errors(path / name, source[name])
        sources = sum(source.get(name) is not None for name in ENV_SOURCES)
        if sources == 0:
            message = "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
            yield Violation(path, api.invalid(path, "", message), on="key")
        elif value:
            yield Violation(path, api.invalid(path, "", "may not be specified when `value` is not empty"), on="key")
        elif sources > 1:
            yield Violation(path, api.invalid(path, "", MORE_THAN_ONE_SOURCE), on="key")


def _env_from_errors(container: Container) -> Iterator[Violation]:
    # ValidateEnvFrom: a source's errors are reported at `envFrom`, not at the item (sic)
    env_from = container.path / "envFrom"
    relaxed = container.pod.manifest.kubernetes_minor >= RELAXED_ENV_NAMES_SINCE
    for index, item in _dicts(container.spec.get("envFrom")):
        prefix = item.get("prefix")
        if isinstance(prefix, str) and prefix:
            yield from _name_errors(env_from / index / "prefix", prefix, tuple(_env_name_problems(prefix, relaxed)))
        for name in ENV_FROM_SOURCES:
            source = item.get(name)
            if isinstance(source, dict):
                path = env_from / index / name / "name"
                reference = source.get("name")
                if reference in _EMPTY:
                    yield Violation(path, api.required(path))
                elif isinstance(reference, str):
                    # ValidateConfigMapName, ValidateSecretName, as a prefix: a trailing '-' is allowed
                    yield from _name_errors(path, reference, api.is_dns1123_subdomain(_mask_trailing_dash(reference)))
        sources = sum(item.get(name) is not None for name in ENV_FROM_SOURCES)
        if sources != 1:
            detail = "must specify one of: `configMapRef` or `secretRef`" if sources == 0 else MORE_THAN_ONE_SOURCE
            yield Violation(env_from / index, api.invalid(env_from, "", detail))


@rule("invalid-env")
def invalid_env(container: Container) -> Iterator[Violation]:
    yield from _env_errors(container)
    yield from _env_from_errors(container)


# --- probes and lifecycle hooks --------------------------------------------------------------------------

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
_HTTP_HEADER_NAME = re.compile(r"[-A-Za-z0-9]+\Z")  # IsHTTPHeaderName
HTTP_HEADER_ERROR = api.regex_error(
    "a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", "X-Header-Name"
)
HTTP_SCHEMES = ("HTTP", "HTTPS")
NOT_FOR_INIT = "may not be set for init containers without restartPolicy=Always"
NOT_FOR_EPHEMERAL = "cannot be set for an Ephemeral Container"


def _port_num_or_name_errors(path: FieldPath, port: Any) -> Iterator[Violation]:
    """ValidatePortNumOrName: a port number, or the IANA name of one of the container's ports."""
    number = _int(port)
    if number is not None:
        if message := _port_number_error(number):
            yield Violation(path, api.invalid(path, number, message))
    elif isinstance(port, str):
        for message in api.is_valid_port_name(port):
            yield Violation(path, api.invalid(path, port, message))


def _handler_errors(path: FieldPath, handler: dict, kinds: tuple[str, ...]) -> Iterator[Violation]:
    """validateHandler: exactly one handler, each valid."""
    present = [kind for kind in kinds if handler.get(kind) is not None]
    if not present:
        yield Violation(path, api.required(path, "must specify a handler type"), on="key")
        return
    for kind in present[1:]:
        yield Violation(path / kind, api.forbidden(path / kind, "may not specify more than 1 handler type"), on="key")
    kind = present[0]
    action = handler[kind]
    if not isinstance(action, dict):
        return
    where = path / kind
    if kind == "exec" and not action.get("command"):
        yield Violation(where / "command" if "command" in action else where, api.required(where / "command"), on="key")
    elif kind == "httpGet":
        # path and scheme are never empty: SetDefaults_HTTPGetAction makes "" "/" and "HTTP"
        yield from _port_num_or_name_errors(where / "port", action.get("port"))
        scheme = action.get("scheme") or "HTTP"
        if isinstance(scheme, str) and scheme not in HTTP_SCHEMES:
            yield Violation(where / "scheme", api.not_supported(where / "scheme", scheme, HTTP_SCHEMES))
        for index, header in _dicts(action.get("httpHeaders")):
            name = header.get("name")
            if isinstance(name, str) and not _HTTP_HEADER_NAME.match(name):
                # sic: named by the list, not the header
                at = where / "httpHeaders" / index / "name"
                yield Violation(at, api.invalid(where / "httpHeaders", name, HTTP_HEADER_ERROR))
    elif kind in ("tcpSocket", "grpc"):
        yield from _port_num_or_name_errors(where / "port", action.get("port"))


def _probe_errors(path: FieldPath, name: str, probe: dict) -> Iterator[Violation]:
    """validateProbe, with validateLivenessProbe / validateReadinessProbe / validateStartupProbe."""
    yield from _handler_errors(path, probe, PROBE_HANDLERS)
    for field_name in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
        value = _int(probe.get(field_name))
        if value is not None and value < 0:
            yield Violation(path / field_name, api.invalid(path / field_name, value, "must be greater than or equal to 0"))
    grace = _int(probe.get("terminationGracePeriodSeconds"))
    if name == "readinessProbe":
        if "terminationGracePeriodSeconds" in probe and probe["terminationGracePeriodSeconds"] is not None:
            where = path / "terminationGracePeriodSeconds"
            yield Violation(where, api.invalid(where, probe[where[-1]], "must not be set for readinessProbes"))
    else:
        if grace is not None and grace <= 0:
            where = path / "terminationGracePeriodSeconds"
            yield Violation(where, api.invalid(where, grace, "must be greater than 0"))
        success = _int(probe.get("successThreshold"))
        if success is not None and success not in (0, 1):  # 0 is defaulted to 1
            where = path / "successThreshold"
            yield Violation(where, api.invalid(where, success, "must be 1"))


@rule("invalid-probe")
def invalid_probe(container: Container) -> Iterator[Violation]:
    spec = container.spec
    if container.role in (INIT, EPHEMERAL):
        detail = NOT_FOR_INIT if container.role == INIT else NOT_FOR_EPHEMERAL
        for name in ("lifecycle", *PROBES):
            if spec.get(name) is not None:
                yield Violation(container.path / name, api.forbidden(container.path / name, detail), on="key")
        return
    for name in PROBES:
        probe = spec.get(name)
        if isinstance(probe, dict):
            yield from _probe_errors(container.path / name, name, probe)
    lifecycle = spec.get("lifecycle")
    if isinstance(lifecycle, dict):
        for hook in ("postStart", "preStop"):
            handler = lifecycle.get(hook)
            if isinstance(handler, dict):
                path = container.path / "lifecycle" / hook
                yield from _handler_errors(path, handler, LIFECYCLE_HANDLERS)
                present = [kind for kind in LIFECYCLE_HANDLERS if handler.get(kind) is not None]
                if present[:1] == ["sleep"] and isinstance(handler["sleep"], dict):
                    yield from _sleep_errors(path / "sleep", handler["sleep"], container.pod)


DEFAULT_GRACE_PERIOD = 30  # SetDefaults_PodSpec
SLEEP_ZERO_SINCE = (1, 33)  # PodLifecycleSleepActionAllowZero, on by default


def _sleep_errors(path: FieldPath, sleep: dict, pod: Pod) -> Iterator[Violation]:
    """``validateSleepAction``: a sleep hook ends before the termination grace period does."""
    seconds = _int(sleep.get("seconds"))
    raw = pod.spec.get("terminationGracePeriodSeconds")
    grace = DEFAULT_GRACE_PERIOD if raw is None else _int(raw)
    if seconds is None or grace is None or grace < 0:
        return  # the schema's finding, or negative-grace-period's
    version = pod.manifest.kubernetes_minor
    if version >= SLEEP_ZERO_SINCE:
        if seconds < 0 or seconds > grace:
            detail = f"must be non-negative and less than terminationGracePeriodSeconds ({grace})"
            yield Violation(path / "seconds", api.invalid(path, seconds, detail))
    elif seconds <= 0 or seconds > grace:
        detail = f"must be greater than 0 and less than terminationGracePeriodSeconds ({grace})"
        if version == (1, 32):  # the feature gate was there, off
            detail += (
                ". Please enable PodLifecycleSleepActionAllowZero feature gate if you need a sleep of zero duration."
            )
        yield Violation(path / "seconds", api.invalid(path, seconds, detail))


# --- restart policy --------------------------------------------------------------------------------------

RESTART_POLICIES = ("Always", "OnFailure", "Never")
# Workloads whose pods must always restart, and the word their activeDeadlineSeconds message uses.
ALWAYS_RESTARTING = {
    ("", "ReplicationController"): "ReplicationController",
    ("apps", "Deployment"): "ReplicaSet",  # ValidatePodTemplateSpecForReplicaSet
    ("apps", "ReplicaSet"): "ReplicaSet",
    ("extensions", "Deployment"): "ReplicaSet",
    ("extensions", "ReplicaSet"): "ReplicaSet",
    ("apps", "StatefulSet"): "StatefulSet",
    ("apps", "DaemonSet"): "DaemonSet",
    ("extensions", "DaemonSet"): "DaemonSet",
}
JOB_KINDS = (("batch", "Job"), ("batch", "CronJob"))
# ContainerRestartRules (beta, on by default, from 1.35) lets regular containers set restartPolicy.
CONTAINER_RESTART_RULES_SINCE = (1, 35)


@rule("invalid-restart-policy")
def invalid_restart_policy(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    kind = (manifest.group, manifest.kind)
    path = pod.path / "restartPolicy"
    value = pod.spec.get("restartPolicy")
    policy = value if isinstance(value, str) and value else "Always"  # SetDefaults_PodSpec
    # validateRestartPolicy
    if policy not in RESTART_POLICIES:
        yield Violation(path, api.not_supported(path, policy, RESTART_POLICIES))
    if kind in ALWAYS_RESTARTING and policy != "Always":
        yield Violation(path, api.not_supported(path, policy, ("Always",)))
    elif kind in JOB_KINDS:
        # validateJobSpec
        if policy == "Always":
            yield Violation(path, api.required(path, 'valid values: "OnFailure", "Never"'))
        elif policy not in RESTART_POLICIES:
            yield Violation(path, api.not_supported(path, policy, ("OnFailure", "Never")))
        elif policy == "OnFailure" and _job_spec(manifest).get("podFailurePolicy") is not None:
            yield Violation(path, api.invalid(path, policy, 'only "Never" is supported when podFailurePolicy is specified'))
    # container-level restartPolicy: native sidecars (validateInitContainerRestartPolicy, validateContainers)
    if manifest.kubernetes_minor >= CONTAINER_RESTART_RULES_SINCE:
        return
    for container in pod.containers:
        if "restartPolicy" not in container.spec or container.spec["restartPolicy"] is None:
            continue
        where = container.path / "restartPolicy"
        value = container.spec["restartPolicy"]
        if container.role == APP:
            yield Violation(where, api.forbidden(where, "may not be set for non-init containers"), on="key")
        elif container.role == INIT and isinstance(value, str):
            yield Violation(where, api.not_supported(where, value, ("Always",)))


def _job_spec(manifest: Manifest) -> dict:
    spec = manifest.data.get("spec")
    if manifest.kind == "CronJob" and isinstance(spec, dict):
        template = spec.get("jobTemplate")
        spec = template.get("spec") if isinstance(template, dict) else None
    return spec if isinstance(spec, dict) else {}


# --- activeDeadlineSeconds ---------------------------------------------------------------------------------

MAX_INT32 = 2**31 - 1


@rule("invalid-active-deadline")
def invalid_active_deadline(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    path = pod.path / "activeDeadlineSeconds"
    value = pod.spec.get("activeDeadlineSeconds")
    kind = (manifest.group, manifest.kind)
    if value is not None and kind in ALWAYS_RESTARTING:
        detail = f"activeDeadlineSeconds in {ALWAYS_RESTARTING[kind]} is not Supported"
        yield Violation(path, api.forbidden(path, detail))
    seconds = _int(value)
    if seconds is not None and not 1 <= seconds <= MAX_INT32:
        # ValidatePodSpec
        yield Violation(path, api.invalid(path, seconds, f"must be between 1 and {MAX_INT32}, inclusive"))
    if kind in JOB_KINDS:
        job = _job_spec(manifest)
        seconds = _int(job.get("activeDeadlineSeconds"))
        if seconds is not None and seconds < 0:
            where = FieldPath(pod.path[:-2]) / "activeDeadlineSeconds"  # the Job's spec
            yield Violation(where, api.invalid(where, seconds, "must be greater than or equal to 0"))


# --- DNS -----------------------------------------------------------------------------------------------------

DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
MAX_DNS_NAMESERVERS = 3
MAX_DNS_SEARCH_PATHS = 32
MAX_DNS_SEARCH_CHARS = 2048  # MaxDNSSearchListChars
# RelaxedDNSSearchValidation, on by default from 1.33, allows search domains that are no DNS
# subdomain ("_sip._tcp.example.com", "."): podlint checks them as subdomains before that only
RELAXED_DNS_SEARCH_SINCE = (1, 33)


@rule("invalid-dns-policy")
def invalid_dns_policy(pod: Pod) -> Iterator[Violation]:
    # validateDNSPolicy, validatePodDNSConfig
    path = pod.path / "dnsPolicy"
    policy = pod.spec.get("dnsPolicy")
    if isinstance(policy, str) and policy and policy not in DNS_POLICIES:
        yield Violation(path, api.not_supported(path, policy, DNS_POLICIES))
    config_path = pod.path / "dnsConfig"
    config = pod.spec.get("dnsConfig")
    nameservers = config.get("nameservers") if isinstance(config, dict) else None
    if policy == "None":
        if not isinstance(config, dict):
            yield Violation(path, api.required(config_path, "must provide `dnsConfig` when `dnsPolicy` is None"))
            return
        if not nameservers:
            detail = "must provide at least one DNS nameserver when `dnsPolicy` is None"
            yield Violation(config_path / "nameservers", api.required(config_path / "nameservers", detail), on="key")
            return
    if isinstance(nameservers, list) and len(nameservers) > MAX_DNS_NAMESERVERS:
        where = config_path / "nameservers"
        detail = f"must not have more than {MAX_DNS_NAMESERVERS} nameservers"
        yield Violation(where, api.invalid(where, api.go_slice(nameservers), detail), on="key")
    for index, server in enumerate(nameservers if isinstance(nameservers, list) else ()):
        if isinstance(server, str) and not api.is_ip_sloppy(server):
            where = config_path / "nameservers" / index
            yield Violation(where, api.invalid(where, server, api.IP_ERROR))
    searches = config.get("searches") if isinstance(config, dict) else None
    if not isinstance(searches, list) or not all(isinstance(search, str) for search in searches):
        searches = []  # not a list of strings: the schema's finding
    where = config_path / "searches"
    if len(searches) > MAX_DNS_SEARCH_PATHS:
        detail = f"must not have more than {MAX_DNS_SEARCH_PATHS} search paths"
        yield Violation(where, api.invalid(where, api.go_slice(searches), detail), on="key")
    if len(" ".join(searches)) > MAX_DNS_SEARCH_CHARS:
        detail = f"must not have more than {MAX_DNS_SEARCH_CHARS} characters (including spaces) in the search list"
        yield Violation(where, api.invalid(where, api.go_slice(searches), detail), on="key")
    if pod.manifest.kubernetes_minor < RELAXED_DNS_SEARCH_SINCE:
        for index, search in enumerate(searches):
            search = search.removesuffix(".")  # a trailing dot is fine
            yield from _name_errors(where / index, search, api.is_dns1123_subdomain(search))
    options = config.get("options") if isinstance(config, dict) else None
    for index, option in _dicts(options):
        if option.get("name") in _EMPTY:
            path = config_path / "options" / index
            yield Violation(path / "name" if "name" in option else path, api.required(path, "must not be empty"))


@rule("invalid-host-alias")
def invalid_host_alias(pod: Pod) -> Iterator[Violation]:
    # ValidateHostAliases
    for index, alias in _dicts(pod.spec.get("hostAliases")):
        path = pod.path / "hostAliases" / index
        ip = alias.get("ip")
        if isinstance(ip, str) and not api.is_ip_sloppy(ip):
            yield Violation(path / "ip", api.invalid(path / "ip", ip, api.IP_ERROR))
        hostnames = alias.get("hostnames")
        for number, hostname in enumerate(hostnames if isinstance(hostnames, list) else ()):
            if isinstance(hostname, str):
                where = path / "hostnames" / number
                yield from _name_errors(where, hostname, api.is_dns1123_subdomain(hostname))


# --- workload selectors ---------------------------------------------------------------------------------------

EMPTY_SELECTOR_WORD = {
    "Deployment": "deployment",
    "ReplicaSet": "deployment",  # sic: ValidateReplicaSetSpec says deployment
    "DaemonSet": "daemonset",
    "StatefulSet": "statefulset",
}


# What a workload's validation says of a selector LabelSelectorAsSelector cannot convert (sic:
# a StatefulSet's says nothing more, a DaemonSet's nothing at all).
UNCONVERTIBLE_SELECTOR = {"Deployment": "invalid label selector", "ReplicaSet": "invalid label selector", "StatefulSet": ""}


@rule("selector-mismatch")
def selector_mismatch(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    kind = manifest.kind
    if manifest.group == "batch":
        if kind == "CronJob":
            job = _job_spec(manifest)
            if job.get("selector") is not None:
                where = FieldPath(("spec", "jobTemplate", "spec", "selector"))
                value = api.label_selector_string(job["selector"])
                yield Violation(where, api.invalid(where, value, "`selector` will be auto-generated"), on="key")
            return
        if _job_spec(manifest).get("manualSelector") is not True:
            return  # the API server generates the selector and the labels it selects
    elif kind not in EMPTY_SELECTOR_WORD:
        return
    found = _selector(manifest)
    if found is None:
        return  # missing: missing-required-field (apps/v1), or a plain map (ReplicationController)
    path, selector = found
    if next(label_selector_errors(path, selector), None) is not None:
        # LabelSelectorAsSelector fails (invalid-label says why): no template to compare
        if kind in UNCONVERTIBLE_SELECTOR:
            value = api.label_selector_string(selector)
            yield Violation(path, api.invalid(path, value, UNCONVERTIBLE_SELECTOR[kind]), on="key")
        return
    match_labels = selector.get("matchLabels") if isinstance(selector.get("matchLabels"), dict) else {}
    expressions = selector.get("matchExpressions") if isinstance(selector.get("matchExpressions"), list) else []
    if not match_labels and not expressions:
        if kind in EMPTY_SELECTOR_WORD:
            detail = f"empty selector is invalid for {EMPTY_SELECTOR_WORD[kind]}"
            yield Violation(path, api.invalid(path, api.label_selector_string(selector), detail), on="key")
        if kind != "DaemonSet":
            return  # an empty selector selects nothing to compare
    labels = pod.metadata.get("labels")
    labels = labels if isinstance(labels, dict) else None
    if not api.selector_matches(selector, labels or {}):
        where = pod.metadata_path / "labels"
        message = api.invalid(where, api.Stringer(api.go_string_map(labels)), "`selector` does not match template `labels`")
        yield Violation(where, message, on="key")


# --- enumerations ----------------------------------------------------------------------------------------------

# Fields the API server checks against a fixed set of values (field.NotSupported), with the
# values in the order its message lists them; restartPolicy, dnsPolicy, protocol and hostPath
# type have rules of their own.
CONTAINER_ENUMS = {
    "imagePullPolicy": ("Always", "IfNotPresent", "Never"),  # validatePullPolicy
    "terminationMessagePolicy": ("File", "FallbackToLogsOnError"),  # validateContainerCommon
}
MOUNT_PROPAGATIONS = ("Bidirectional", "HostToContainer", "None")  # validateMountPropagation
PREEMPTION_POLICIES = ("PreemptLowerPriority", "Never")  # ValidatePreemptionPolicy
CONCURRENCY_POLICIES = ("Allow", "Forbid", "Replace")  # validateConcurrencyPolicy


@rule("unsupported-value")
def unsupported_value(pod: Pod) -> Iterator[Violation]:
    def check(at: FieldPath, value: Any, supported: tuple[str, ...], named: Any = None) -> Iterator[Violation]:
        if isinstance(value, str) and value and value not in supported:
            yield Violation(at, api.not_supported(named if named is not None else at, value, supported))

    for container in pod.containers:
        for name, supported in CONTAINER_ENUMS.items():
            yield from check(container.path / name, container.spec.get(name), supported)
        for index, mount in _dicts(container.spec.get("volumeMounts")):
            # sic: the API server names the list, not the mount
            named = container.path / "volumeMounts" / "mountPropagation"
            at = container.path / "volumeMounts" / index / "mountPropagation"
            yield from check(at, mount.get("mountPropagation"), MOUNT_PROPAGATIONS, named)
    yield from check(pod.path / "preemptionPolicy", pod.spec.get("preemptionPolicy"), PREEMPTION_POLICIES)
    manifest = pod.manifest
    if (manifest.group, manifest.kind) == ("batch", "CronJob") and isinstance(manifest.data.get("spec"), dict):
        path = FieldPath(("spec", "concurrencyPolicy"))
        yield from check(path, manifest.data["spec"].get("concurrencyPolicy"), CONCURRENCY_POLICIES)
