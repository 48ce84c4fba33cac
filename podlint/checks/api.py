"""Rules the API server enforces beyond the schema: what ``kubectl apply`` refuses.

Each rule mirrors functions of ``pkg/apis/core/validation/validation.go`` (and the apps and
batch validation packages), named in its rule file, and words its message as the API
server does: ``spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label ...``.
"""

from __future__ import annotations

from typing import Any, Iterator

from .. import apiserver as api
from ..findings import Violation
from ..model import EPHEMERAL, Container, Manifest, Pod, pod_of
from ..quantity import Quantity, QuantityError
from ..registry import rule
from ..sourcemap import FieldPath

_METADATA = FieldPath(("metadata",))


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


def _dicts(value: Any) -> Iterator[tuple[int, dict]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


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


def _mask_trailing_dash(name: str) -> str:
    """``maskTrailingDash``: a generateName prefix may end with '-' (sic: the last two characters become 'a')."""
    return name[:-2] + "a" if name.endswith("-") else name


def _name_errors(path: FieldPath, value: str, check) -> Iterator[Violation]:
    for message in check(value):
        yield Violation(path, api.invalid(path, value, message))


@rule("invalid-name")
def invalid_name(manifest: Manifest) -> Iterator[Violation]:
    check = OBJECT_NAME_RULES.get((manifest.group, manifest.kind))
    metadata = manifest.metadata
    if check is not None:
        # ValidateObjectMetaAccessor
        generate = _str(metadata.get("generateName"))
        if generate:
            path = _METADATA / "generateName"
            for message in check(_mask_trailing_dash(generate)):
                yield Violation(path, api.invalid(path, generate, message))
        name = _str(metadata.get("name"))
        if name:
            yield from _name_errors(_METADATA / "name", name, check)
        if (manifest.group, manifest.kind) == ("batch", "CronJob") and name and len(name) > CRONJOB_NAME_MAX:
            path = _METADATA / "name"
            yield Violation(path, api.invalid(path, name, api.max_len_error(CRONJOB_NAME_MAX)))
    namespace = _str(metadata.get("namespace"))
    if namespace:
        yield from _name_errors(_METADATA / "namespace", namespace, api.is_dns1123_label)
    pod = pod_of(manifest)
    if pod is None:
        return
    for container in pod.containers:
        name = _str(container.spec.get("name"))
        if name:
            yield from _name_errors(container.path / "name", name, api.is_dns1123_label)
        for index, port in _dicts(container.spec.get("ports")):
            port_name = _str(port.get("name"))
            if port_name:
                yield from _name_errors(container.path / "ports" / index / "name", port_name, api.is_valid_port_name)
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = _str(volume.get("name"))
        if name:
            yield from _name_errors(pod.path / "volumes" / index / "name", name, api.is_dns1123_label)


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
    yield _METADATA / "labels", _METADATA / "labels", manifest.labels
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
        for key, value in labels.items():
            if isinstance(key, str):
                for message in api.is_qualified_name(key):
                    yield Violation(at / key, api.invalid(path, key, message), on="key")
            if isinstance(value, str):
                for message in api.is_valid_label_value(value):
                    yield Violation(at / key, api.invalid(path, value, message))
    selector = _selector(manifest)
    if selector is None:
        return
    for index, requirement in _dicts(selector[1].get("matchExpressions")):
        path = selector[0] / "matchExpressions" / index
        key = _str(requirement.get("key"))
        if key is not None:
            for message in api.is_qualified_name(key):
                yield Violation(path / "key", api.invalid(path / "key", key, message))
        for value_index, value in enumerate(requirement.get("values") or ()):
            if isinstance(value, str):
                where = path / "values" / value_index
                for message in api.is_valid_label_value(value):
                    yield Violation(where, api.invalid(where, value, message))


# ValidateAnnotations: all annotations of an object together, keys and values, in bytes.
TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024


@rule("invalid-annotation")
def invalid_annotation(manifest: Manifest) -> Iterator[Violation]:
    maps = [(_METADATA / "annotations", _METADATA / "annotations", manifest.annotations)]
    pod = pod_of(manifest)
    template = _template_field(pod, "annotations") if pod is not None else None
    if template is not None:
        maps.append(template)
    for at, path, annotations in maps:
        size = 0
        for key, value in annotations.items():
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
def invalid_port(container: Container) -> Iterator[Violation]:
    # validateContainerPorts, and validateHostNetwork for hostNetwork pods
    names: set[str] = set()
    host_network = container.pod.spec.get("hostNetwork") is True
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
        host_port = _int(port.get("hostPort"))
        if host_port:
            if message := _port_number_error(host_port):
                yield Violation(path / "hostPort", api.invalid(path / "hostPort", host_port, message))
            if host_network and container_port and host_port != container_port and container.role != EPHEMERAL:
                yield Violation(
                    path / "containerPort",
                    api.invalid(path / "containerPort", container_port, "must match `hostPort` when `hostNetwork` is true"),
                )
        protocol = port.get("protocol")
        if isinstance(protocol, str) and protocol not in SUPPORTED_PORT_PROTOCOLS:
            yield Violation(path / "protocol", api.not_supported(path / "protocol", protocol, SUPPORTED_PORT_PROTOCOLS))


# --- workload selectors -----------------------------------------------------------------------------


def _selector(manifest: Manifest) -> tuple[FieldPath, dict] | None:
    """The label selector of a workload (not of a Service, whose selector is a plain map)."""
    if pod_of(manifest) is None or manifest.kind in ("Pod", "PodTemplate"):
        return None
    spec = manifest.data.get("spec")
    if manifest.kind == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec") if isinstance(spec, dict) else None
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
    """The valid quantities of a resource list, by name (invalid-quantity reports the others)."""
    out = {}
    if isinstance(value, dict):
        for name, raw in value.items():
            if isinstance(name, str) and isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
                try:
                    out[name] = Quantity.from_json(raw)
                except QuantityError:
                    pass
    return out


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
                yield Violation(path / name, api.invalid(path / name, raw, str(error)))


def _resource_name_errors(path: FieldPath, name: str) -> list[str]:
    """validateContainerResourceName (with validateResourceName)."""
    value = api.Stringer(name)
    errors = [api.invalid(path, value, message) for message in api.is_qualified_name(name)]
    if not errors and "/" not in name and name not in STANDARD_RESOURCES and not _is_hugepages(name):
        errors.append(api.invalid(path, value, "must be a standard resource type or fully qualified"))
    if "/" not in name:
        if name not in STANDARD_CONTAINER_RESOURCES and not _is_hugepages(name):
            errors.append(api.invalid(path, value, "must be a standard resource for containers"))
    elif not _is_native(name) and not _is_extended(name):
        errors.append(api.invalid(path, value, "doesn't follow extended resource name standard"))
    return errors


def _hugepage_error(name: str, quantity: Quantity) -> str | None:
    """validateResourceQuantityHugePageValue: a whole number of pages of the size in the name."""
    try:
        page = Quantity.parse(name[len(HUGEPAGES_PREFIX) :])
    except QuantityError:
        page = None
    if page is None or page.value <= 0 or not page.is_whole or quantity.int_value % page.int_value:
        return f"{quantity} is not positive integer multiple of {name}"
    return None


@rule("invalid-resources")
def invalid_resources(container: Container) -> Iterator[Violation]:
    # validateResourceRequirements, after the API server defaults each missing request to its limit
    if container.role == EPHEMERAL:
        return
    path = container.path / "resources"
    resources = container.resources
    limits, requests = _quantities(resources.get("limits")), _quantities(resources.get("requests"))
    cpu_or_memory = hugepages = False
    for key, quantities in (("limits", limits), ("requests", requests)):
        names = resources.get(key) if isinstance(resources.get(key), dict) else {}
        for name in names:
            if not isinstance(name, str):
                continue
            where = path / key / name
            for message in _resource_name_errors(where, name):
                yield Violation(where, message, on="key")
            quantity = quantities.get(name)
            if quantity is None:
                continue
            if quantity.value < 0:
                yield Violation(where, api.invalid(where, str(quantity), "must be greater than or equal to 0"))
            if _is_extended(name) and not quantity.is_whole:
                yield Violation(where, api.invalid(where, api.Stringer(quantity), "must be an integer"))
            if _is_hugepages(name):
                hugepages = True
                if message := _hugepage_error(name, quantity):
                    yield Violation(where, api.invalid(where, str(quantity), message))
            cpu_or_memory = cpu_or_memory or name in (CPU, MEMORY)
            if key == "requests" and not _overcommit_allowed(name):
                limit = limits.get(name)
                if limit is None:
                    yield Violation(
                        path / "limits",
                        api.required(path / "limits", "Limit must be set for non overcommitable resources"),
                        on="key",
                    )
                elif quantity.value != limit.value:
                    message = f"must be equal to {name} limit of {limit}"
                    yield Violation(where, api.invalid(path / "requests", str(quantity), message))
    if hugepages and not cpu_or_memory:
        yield Violation(path, api.forbidden(path, "HugePages require cpu or memory"), on="key")


@rule("requests-exceed-limits")
def requests_exceed_limits(container: Container) -> Iterator[Violation]:
    resources = container.resources
    limits, requests = _quantities(resources.get("limits")), _quantities(resources.get("requests"))
    path = container.path / "resources" / "requests"
    for name, request in requests.items():
        limit = limits.get(name)
        if limit is not None and _overcommit_allowed(name) and request.value > limit.value:
            message = f"must be less than or equal to {name} limit of {limit}"
            yield Violation(path / name, api.invalid(path, str(request), message))
