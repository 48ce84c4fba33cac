"""Rules the API server enforces beyond the schema: what ``kubectl apply`` refuses.

Each rule mirrors functions of ``pkg/apis/core/validation/validation.go`` (and the apps and
batch validation packages), named in its rule file, and words its message as the API
server does: ``spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label ...``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Any, Callable, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import APP, EPHEMERAL, INIT, SIDECAR, Container, Manifest, Pod, pod_of
from ...quantity import Quantity, QuantityError, go_struct, stored_quantity
from ...priority import PREEMPTION_POLICIES  # ValidatePreemptionPolicy
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
    ("", "LimitRange"): _SUBDOMAIN,  # ValidateLimitRangeName
    ("apps", "Deployment"): _SUBDOMAIN,  # ValidateDeploymentName
    ("apps", "ReplicaSet"): _SUBDOMAIN,  # ValidateReplicaSetName
    ("apps", "StatefulSet"): _LABEL,  # ValidateStatefulSetName: its pods' hostnames
    ("apps", "DaemonSet"): _SUBDOMAIN,  # ValidateDaemonSetName
    ("batch", "Job"): _SUBDOMAIN,
    ("batch", "CronJob"): _SUBDOMAIN,
    ("scheduling.k8s.io", "PriorityClass"): _SUBDOMAIN,  # ValidatePriorityClass
}
EMPTY_RUNTIME_CLASS = (
    'the RuntimeClass admission plugin looks up a RuntimeClass named "" before the pod is validated, and the API '
    'server answers "resource name may not be empty" (an internal error)'
)
# ValidateCronJobCreate: the Job names a CronJob makes append 11 characters to its own.
CRONJOB_NAME_MAX = 52


_EMPTY = (None, "")  # what Go decodes to an empty string: absent, null or ""


# what Go's strings.TrimSpace trims (unicode.IsSpace: Python's str.strip also trims \x1c-\x1f)
_GO_SPACE = " \t\n\v\f\r\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"


def _mask_trailing_dash(name: str) -> str:
    """``maskTrailingDash``: a generateName prefix may end with '-' (sic: the last two characters become 'a')."""
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


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
    if check is not None and isinstance(metadata.get("finalizers"), list):
        yield from _finalizer_errors(metadata["finalizers"], manifest.kubernetes_minor)
    pod = pod_of(manifest)
    if pod is None:
        return
    for container in pod.containers:
        name = container.name
        if name and (messages := api.is_dns1123_label(name)):
            yield from _name_errors(container.path / "name", name, messages)
        image = container.spec.get("image")
        if pod.is_pod and isinstance(image, str) and image != image.strip(_GO_SPACE):
            # validateContainerOnlyForPod: a template's image may be completed by a webhook
            path = container.path / "image"
            yield Violation(path, api.invalid(path, image, "must not have leading or trailing whitespace"))
        for index, port in _dicts(container.spec.get("ports")):
            port_name = _str(port.get("name"))
            if port_name and (messages := api.is_valid_port_name(port_name)):
                yield from _name_errors(container.path / "ports" / index / "name", port_name, messages)
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = volume.get("name")
        if name in _EMPTY:  # ValidateVolumes
            path = pod.path / "volumes" / index / "name"
            at, on = (path, "value") if "name" in volume else (FieldPath(path[:-1]), "key")
            yield Violation(at, api.required(path), on=on)
        elif isinstance(name, str) and (messages := api.is_dns1123_label(name)):
            yield from _name_errors(pod.path / "volumes" / index / "name", name, messages)
    yield from _pod_spec_name_errors(pod)


STANDARD_FINALIZERS = ("kubernetes", "orphan", "foregroundDeletion")  # helper.IsStandardFinalizerName


def _finalizer_errors(finalizers: list, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateFinalizers`` (each a qualified name, named by the list; not both orphan and
    foregroundDeletion) and ``validateKubeFinalizerName`` (a name without '/' is a standard one)."""
    path = _METADATA / "finalizers"
    names = [name for name in finalizers if isinstance(name, str)]
    for index, name in enumerate(finalizers):
        if not isinstance(name, str):
            continue
        for message in api.is_qualified_name(name, version):
            yield Violation(path / index, api.invalid(path, name, message))
        if "/" not in name and name not in STANDARD_FINALIZERS:
            detail = "name is neither a standard finalizer name nor is it fully qualified"
            yield Violation(path / index, api.invalid(path / index, name, detail))
    if "orphan" in names and "foregroundDeletion" in names:
        detail = "finalizer orphan and foregroundDeletion cannot be both set"
        yield Violation(path, api.invalid(path, api.go_slice(names), detail), on="key")


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
            yield from _name_errors(where, condition, api.is_qualified_name(condition, pod.manifest.kubernetes_minor))
    gates: set[str] = set()
    for index, gate in _dicts(spec.get("schedulingGates")):
        name = _str(gate.get("name"))
        if name is None:
            continue
        # validateSchedulingGates: sic, named by the gate, not its name
        at, where = pod.path / "schedulingGates" / index / "name", pod.path / "schedulingGates" / index
        for message in api.is_qualified_name(name, pod.manifest.kubernetes_minor):
            yield Violation(at, api.invalid(where, name, message))
        if name in gates:
            yield Violation(at, api.duplicate(where, name))
        gates.add(name)
    override = spec.get("hostnameOverride")
    if isinstance(override, str) and pod.manifest.kubernetes_minor >= HOSTNAME_OVERRIDE_SINCE:
        yield from _hostname_override_errors(pod, override)
    runtime = spec.get("runtimeClassName")
    if runtime == "" and pod.is_pod:
        # the RuntimeClass admission plugin runs first: a name its informer does not hold is
        # looked up live, and a client refuses an empty name (an internal error, not a 4xx)
        path = pod.path / "runtimeClassName"
        yield Violation(path, f"{path}: {EMPTY_RUNTIME_CLASS}")
    elif isinstance(runtime, str) and (messages := api.is_dns1123_subdomain(runtime)):
        # ValidateRuntimeClassName: a pointer, so an empty name is checked too
        yield from _name_errors(pod.path / "runtimeClassName", runtime, messages)
    manifest = pod.manifest
    if (manifest.group, manifest.kind) == ("", "Pod") and _str(spec.get("nodeName")) and spec.get("schedulingGates"):
        # ValidatePodCreate: a pod bound to a node is past scheduling
        path = pod.path / "nodeName"
        yield Violation(path, api.forbidden(path, "cannot be set until all schedulingGates have been cleared"))


# HostnameOverride, beta and on from 1.35: before, the API server drops the field
HOSTNAME_OVERRIDE_SINCE = (1, 35)
MAX_HOSTNAME_OVERRIDE = 64


def _hostname_override_errors(pod: Pod, override: str) -> Iterator[Violation]:
    """``validatePodHostName``: a hostname of the pod's own, which the node's and the FQDN's exclude."""
    path = pod.path / "hostnameOverride"
    if pod.spec.get("setHostnameAsFQDN") is True:
        yield Violation(path, api.forbidden(path, "may not be specified when setHostnameAsFQDN is true"))
    if pod.spec.get("hostNetwork") is True:
        yield Violation(path, api.forbidden(path, "may not be specified when hostNetwork is true"))
    if len(override.encode()) > MAX_HOSTNAME_OVERRIDE:
        yield Violation(path, api.too_long(path, MAX_HOSTNAME_OVERRIDE, pod.manifest.kubernetes_minor))
    yield from _name_errors(path, override, api.is_dns1123_subdomain(override))


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


# SetDefaults_Job and SetDefaults_ReplicationController give an object without labels its pod
# template's: what is wrong with them is said of both
LABELS_FROM_TEMPLATE = (("batch", "Job"), ("", "ReplicationController"))


def _label_maps(manifest: Manifest) -> Iterator[tuple[FieldPath, FieldPath, dict]]:
    """The label maps of an object, with the path each is reported by: its own labels, its pod
    template's, its pod's ``nodeSelector``, its selector's ``matchLabels``."""
    yield _LABELS, _LABELS, manifest.labels
    pod = pod_of(manifest)
    if pod is not None:
        template = _template_field(pod, "labels")
        if template is not None:
            if (manifest.group, manifest.kind) in LABELS_FROM_TEMPLATE and not manifest.labels:
                yield template[0], _LABELS, template[2]  # the defaults make them the object's too
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
        yield from label_map_errors(at, path, labels, manifest.kubernetes_minor)
    selector = _selector(manifest)
    if selector is None:
        return
    for index, requirement in _dicts(selector[1].get("matchExpressions")):
        yield from requirement_errors(selector[0] / "matchExpressions" / index, requirement, manifest.kubernetes_minor)


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
        yield from annotation_map_errors(at, path, entries, manifest.kubernetes_minor)
    if pod is not None and (pod.is_pod or template is not None):  # a Pod's annotations, or its template's
        yield from _pod_annotation_errors(pod, *maps[-1])


MIRROR_POD = "kubernetes.io/config.mirror"
POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
_DELETION_COST = re.compile(r"(-[0-9]+|0|[1-9][0-9]*)\Z")  # validFirstDigit, then ParseInt


def _pod_annotation_errors(pod: Pod, at: FieldPath, path: FieldPath, entries: dict) -> Iterator[Violation]:
    """``ValidatePodSpecificAnnotations``: the annotations a pod (or a pod template) is read by."""
    for key, value in entries.items():
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        if key not in (MIRROR_POD, POD_DELETION_COST, SECCOMP_POD) and not key.startswith(
            (SECCOMP_CONTAINER_PREFIX, APPARMOR_CONTAINER_PREFIX)
        ):
            continue  # an annotation no part of the pod reads
        where, named = at / key, _key(path, key)
        if key == MIRROR_POD and not _str(pod.spec.get("nodeName")):
            yield Violation(where, api.invalid(named, value, "must set spec.nodeName if mirror pod annotation is set"))
        elif key == POD_DELETION_COST and not _is_deletion_cost(value):
            yield Violation(where, api.invalid(named, value, "must be a 32bit integer"))
        elif key == SECCOMP_POD or key.startswith(SECCOMP_CONTAINER_PREFIX):
            # ValidateSeccompPodAnnotations (sic: the key is a child of the path, not in brackets)
            yield from _seccomp_annotation_errors(where, f"{path}.{key}", value)
        elif key.startswith(APPARMOR_CONTAINER_PREFIX):  # ValidateAppArmorPodAnnotations
            container = key[len(APPARMOR_CONTAINER_PREFIX):]
            if not any(c.name == container for c in (*pod.init_containers, *pod.app_containers)):
                yield Violation(where, api.invalid(named, container, "container not found"), on="key")
            if value not in ("", "runtime/default", "unconfined") and not value.startswith("localhost/"):
                message = f"invalid AppArmor profile name: {api.go_quote(value)}"
                yield Violation(where, api.invalid(named, value, message))


def _is_deletion_cost(value: str) -> bool:
    """``GetDeletionCostFromPodAnnotations``: an int32 with no '+' and no leading zero."""
    return bool(_DELETION_COST.match(value)) and -(2**31) <= int(value) < 2**31


def _seccomp_annotation_errors(where: FieldPath, named: str, profile: str) -> Iterator[Violation]:
    """``ValidateSeccompProfile`` of an annotation's profile."""
    if profile in ("runtime/default", "docker/default", "unconfined"):
        return
    if profile.startswith("localhost/"):
        yield from _local_path_errors(where, profile[len("localhost/"):], named)
        return
    yield Violation(where, api.invalid(named, profile, "must be a valid seccomp profile"))


@rule("invalid-pod-security-label")
def invalid_pod_security_label(manifest: Manifest) -> Iterator[Violation]:
    # Pod Security Admission's validation of a Namespace it is asked to create (ValidateNamespace)
    if (manifest.group, manifest.kind) != ("", "Namespace"):
        return
    from ...podsecurity import label_errors

    labels = manifest.labels
    for key, error in label_errors(labels):
        yield Violation(_LABELS / key, api.invalid(f"{_LABELS}[{key}]", labels[key], error))


def annotation_map_errors(at: FieldPath, path: FieldPath, entries: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateAnnotations`` of the map at ``at``, each error named by ``path``."""
    size = 0
    for key, value in entries.items():
        if not isinstance(key, str):
            continue
        # the rule is QualifiedName, except that case does not matter
        for message in api.is_qualified_name(key.lower(), version):
            yield Violation(at / key, api.invalid(path, key, message), on="key")
        size += len(key.encode()) + (len(value.encode()) if isinstance(value, str) else 0)
    if size > TOTAL_ANNOTATION_SIZE_LIMIT:
        yield Violation(at, api.too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT, version), on="key")


# --- containers ---------------------------------------------------------------------------------


@rule("ephemeral-container-in-manifest")
def ephemeral_container_in_manifest(pod: Pod) -> Iterator[Violation]:
    # ValidatePodCreate, ValidatePodTemplateSpec: ephemeral containers are added to a running
    # pod (kubectl debug), through its ephemeralcontainers subresource, never written
    containers = pod.spec.get("ephemeralContainers")
    if not isinstance(containers, list) or not containers:
        return
    path = pod.path / "ephemeralContainers"
    if pod.metadata_path == _METADATA:  # a Pod's own spec
        yield Violation(path, api.forbidden(path, "cannot be set on create"), on="key")
    else:
        yield Violation(path, api.forbidden(path, "ephemeral containers not allowed in pod template"), on="key")


@rule("duplicate-container-name")
def duplicate_container_name(pod: Pod) -> Iterator[Violation]:
    # validateContainers, validateInitContainers, validateEphemeralContainers: app containers
    # among themselves, then each init container against those and earlier init containers,
    # then each ephemeral container against all of them. A container without a name has the
    # name "" there (reported as required too).
    seen: set[str] = set()
    order = (*pod.app_containers, *pod.init_containers, *pod.ephemeral_containers)
    for container in order:
        name = container.name
        if name is None:
            if container.spec.get("name") is not None:
                continue  # not a string: the object is not decoded at all (wrong-type)
            name = ""
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
            protocol = api.port_protocol(port)
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
                host_ip = port.get("hostIP") or ""
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


def _overcommit_allowed(name: str) -> bool:
    """helper.IsOvercommitAllowed: requests may be below limits (not so for hugepages and devices)."""
    return api.is_native_resource(name) and not _is_hugepages(name)


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


def _resource_name_errors(path: str, name: str, version: tuple[int, int]) -> list[str]:
    """validateContainerResourceName (with validateResourceName)."""
    return [api.invalid(path, api.Stringer(name), message) for message in _resource_name_problems(name, version)]


@lru_cache(maxsize=1024)
def _resource_name_problems(name: str, version: tuple[int, int]) -> tuple[str, ...]:
    """What validateContainerResourceName says of a resource name, without its path: manifests
    repeat the same few names (cpu, memory), each checked once."""
    problems = list(api.is_qualified_name(name, version))
    if not problems and "/" not in name and name not in STANDARD_RESOURCES and not _is_hugepages(name):
        problems.append("must be a standard resource type or fully qualified")
    if "/" not in name:
        if name not in STANDARD_CONTAINER_RESOURCES and not _is_hugepages(name):
            problems.append("must be a standard resource for containers")
    elif not api.is_native_resource(name) and not api.is_extended_resource_name(name):
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
def invalid_resources(pod: Pod) -> Iterator[Violation]:
    yield from _pod_resource_claim_errors(pod)
    for container in pod.containers:
        yield from _container_resource_errors(container)
        yield from _resize_policy_errors(container)
    yield from _pod_resource_errors(pod)


# InPlacePodVerticalScaling, on by default from 1.33: before, the API server drops resizePolicy
RESIZE_POLICY_SINCE = (1, 33)
RESIZE_RESOURCES = ("cpu", "memory")  # supportedResizeResources, sorted
RESIZE_RESTART_POLICIES = ("NotRequired", "RestartContainer")  # supportedResizePolicies, sorted


# validateInitContainers: an init container that is not a sidecar cannot be restarted to be
# resized, from 1.36 (#137458)
INIT_RESIZE_RESTART_CHECKED_SINCE = (1, 36)
# ... when, containers having restart policies of their own, the message names the pod's
NEVER_RESIZE_DETAIL = "must be 'NotRequired' when `restartPolicy` is 'Never'"
NEVER_RESIZE_DETAIL_OF_POD = "must be 'NotRequired' when pod `restartPolicy` is 'Never'"


def _resize_policy_errors(container: Container) -> Iterator[Violation]:
    # validateResizePolicy (each error but a repeat named by the list, sic)
    pod = container.pod
    policies = container.spec.get("resizePolicy")
    if pod.manifest.kubernetes_minor < RESIZE_POLICY_SINCE or container.role == EPHEMERAL or not isinstance(policies, list):
        return
    path = container.path / "resizePolicy"
    never = (pod.spec.get("restartPolicy") or "Always") == "Never"
    restart_checked_for_init = pod.manifest.kubernetes_minor >= INIT_RESIZE_RESTART_CHECKED_SINCE
    seen: set[str] = set()
    for index, policy in _dicts(policies):
        where = path / index
        name, restart = policy.get("resourceName", ""), policy.get("restartPolicy", "")
        if not isinstance(name, str) or not isinstance(restart, str):
            continue  # the schema's finding
        if name in seen:
            yield Violation(where / "resourceName", api.duplicate(where, api.Stringer(name)))
        seen.add(name)
        at = where / "resourceName" if "resourceName" in policy else where
        if not name:
            yield Violation(at, api.required(path), on="value" if "resourceName" in policy else "key")
        elif name not in RESIZE_RESOURCES:
            yield Violation(at, api.not_supported(path, api.Stringer(name), RESIZE_RESOURCES))
        at, on = (where / "restartPolicy", "value") if "restartPolicy" in policy else (where, "key")
        if not restart:
            yield Violation(at, api.required(path), on=on)
        elif restart not in RESIZE_RESTART_POLICIES:
            yield Violation(at, api.not_supported(path, restart, RESIZE_RESTART_POLICIES), on=on)
        if never and restart != "NotRequired":
            detail = NEVER_RESIZE_DETAIL_OF_POD if restart_checked_for_init else NEVER_RESIZE_DETAIL
            yield Violation(at, api.invalid(path, restart, detail), on=on)
        if restart == "RestartContainer" and container.role == INIT and restart_checked_for_init:
            detail = "must not be set to 'RestartContainer' for non-sidecar initContainers"
            yield Violation(at, api.invalid(where / "restartPolicy", restart, detail))


# --- resource claims (dynamic resource allocation) -----------------------------------------------

# DynamicResourceAllocation, GA and on from 1.34: before, the API server drops a pod's
# resourceClaims and its containers' resources.claims
RESOURCE_CLAIMS_SINCE = (1, 34)


def _claims_checked(pod: Pod) -> bool:
    return pod.manifest.kubernetes_minor >= RESOURCE_CLAIMS_SINCE


def _pod_claim_names(pod: Pod) -> set[str]:
    """``gatherPodResourceClaimNames``: every name of ``spec.resourceClaims`` that is not empty."""
    return {name for _, claim in _dicts(pod.spec.get("resourceClaims")) if (name := _str(claim.get("name")))}


def _pod_resource_claim_errors(pod: Pod) -> Iterator[Violation]:
    # validatePodResourceClaims, validatePodResourceClaim
    if not _claims_checked(pod):
        return
    path, seen = pod.path / "resourceClaims", set()
    for index, claim in _dicts(pod.spec.get("resourceClaims")):
        where = path / index
        name = claim.get("name")
        if name in _EMPTY:
            at, on = (where / "name", "value") if "name" in claim else (where, "key")
            yield Violation(at, api.required(where / "name"), on=on)
        elif isinstance(name, str):
            if name in seen:
                yield Violation(where / "name", api.duplicate(where / "name", name))
            else:
                yield from _name_errors(where / "name", name, api.is_dns1123_label(name))
                seen.add(name)
        sources = [claim.get(key) for key in ("resourceClaimName", "resourceClaimTemplateName")]
        if None not in sources or sources == [None, None]:
            value = api.Stringer(
                f"core.PodResourceClaim{{Name:{api.go_quote(_str(name) or '')}, "
                f"ResourceClaimName:(*string)({api.UNKNOWN_ADDRESS if sources[0] is not None else 'nil'}), "
                f"ResourceClaimTemplateName:(*string)({api.UNKNOWN_ADDRESS if sources[1] is not None else 'nil'})}}"
            )
            detail = (
                "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"
                if sources == [None, None]
                else "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"
            )
            yield Violation(where, api.invalid(where, value, detail), on="key")
        for key, source in zip(("resourceClaimName", "resourceClaimTemplateName"), sources):
            if isinstance(source, str):
                yield from _name_errors(where / key, source, api.is_dns1123_subdomain(source))


def _claim_reference_errors(path: FieldPath, claims: Any, pod_names: set[str]) -> Iterator[Violation]:
    """``validateResourceClaimNames``: the claims (and their requests) that the requirements
    at ``path`` use, each one of the pod's ``resourceClaims``, none twice."""
    names: set[str] = set()
    for index, claim in _dicts(claims):
        where = path / index
        name, request = claim.get("name"), claim.get("request")
        if not isinstance(name, (str, type(None))) or not isinstance(request, (str, type(None))):
            continue  # the schema's finding
        if not name:
            yield Violation(where, api.required(where), on="key")
            continue
        if name in names:  # the whole claim is already there, its requests with it
            yield Violation(where, api.duplicate(where, name), on="key")
        else:
            key = name
            if request:
                yield from _name_errors(where / "request", request, api.is_dns1123_label(request))
                key += "/" + request
            if key in names:
                yield Violation(where, api.duplicate(where, key), on="key")
            elif not request:  # a request of the claim is already there
                for taken in names:
                    if taken.partition("/")[0] == name and "/" in taken:
                        yield Violation(where, api.duplicate(where, name), on="key")
            names.add(key)
        if name not in pod_names:
            listed = ": " + ", ".join(sorted(pod_names)) if pod_names else " which is empty"
            detail = f"must be one of the names in pod.spec.resourceClaims{listed}"
            yield Violation(where, api.not_found(where, name, detail), on="key")


def _container_resource_errors(container: Container) -> Iterator[Violation]:
    # validateResourceRequirements, after the API server defaults each missing request to its limit
    resources = container.resources
    if not resources or container.role == EPHEMERAL:
        return
    path = container.path / "resources"
    if _claims_checked(container.pod) and resources.get("claims") is not None:
        yield from _claim_reference_errors(path / "claims", resources["claims"], _pod_claim_names(container.pod))
    limits, requests = _quantities(resources.get("limits")), _quantities(resources.get("requests"))
    given: frozenset[str] = frozenset()
    cluster = container.pod.manifest.cluster
    if container.pod.is_pod and cluster is not None and cluster.limit_ranges:
        # a Pod is validated once the LimitRanger plugin has given it its namespace's default
        # limits: a limit one of them gives is not missing (outside-limit-range judges it)
        from .limitrange import default_limit_names

        given = default_limit_names(container.pod)
    yield from _requirements_errors(
        path, resources, limits, requests, _container_resource_name_errors, container.pod.manifest.kubernetes_minor,
        whole_extended=True, requests_defaulted=container.pod.is_pod, given_limits=given,
    )


def _container_resource_name_errors(at: FieldPath, name: str, version: tuple[int, int]) -> Iterator[Violation]:
    # validateContainerResourceName
    if _resource_name_problems(name, version):
        for message in _resource_name_errors(_key(at, name), name, version):
            yield Violation(at / name, message, on="key")


def _requirements_errors(
    path: FieldPath,
    resources: dict,
    limits: dict,
    requests: dict,
    name_errors: Callable,
    version: tuple[int, int],
    *,
    whole_extended: bool,
    requests_defaulted: bool = False,
    given_limits: frozenset[str] = frozenset(),
) -> Iterator[Violation]:
    """The requests and limits of the requirements at ``path`` (their valid ``limits`` and
    ``requests``): each name (``name_errors`` of the map and the name) and amount
    (:func:`_quantity_errors`), and hugepages only beside cpu or memory. With
    ``requests_defaulted`` (a Pod's container: ``SetDefaults_Pod``), a limit without a request
    is its request too, and what is wrong with it is said of both (at the limit)."""
    cpu_or_memory = hugepages = False
    raw_limits = resources.get("limits") if isinstance(resources.get("limits"), dict) else {}
    raw_requests = resources.get("requests") if isinstance(resources.get("requests"), dict) else {}
    copied = [name for name in raw_limits if name not in raw_requests] if requests_defaulted else []
    if copied:
        requests = {**requests, **{name: limits[name] for name in copied if name in limits}}
    for key, quantities, names in (
        ("limits", limits, list(raw_limits)),
        ("requests", requests, [*raw_requests, *copied]),
    ):
        raws = raw_limits if key == "limits" else {**raw_limits, **raw_requests}
        where = path / key
        for name in names:
            if not isinstance(name, str):
                continue
            errors = name_errors(where, name, version)
            quantity = quantities.get(name)
            if quantity is not None:
                cpu_or_memory = cpu_or_memory or name in (CPU, MEMORY)
                hugepages = hugepages or _is_hugepages(name)
                if quantity.nanos < 0 or name not in (CPU, MEMORY):  # cpu and memory: no more to say
                    errors = chain(
                        errors,
                        _quantity_errors(
                            path, key, name, quantity, raws[name], limits, whole_extended=whole_extended, given_limits=given_limits
                        ),
                    )
            if key == "requests" and name in copied:
                at = path / "limits" / name  # the request is the limit, copied
                errors = (Violation(at, violation.message, on=violation.on) for violation in errors)
            yield from errors
    if hugepages and not cpu_or_memory:
        yield Violation(path, api.forbidden(path, "HugePages require cpu or memory"), on="key")


NO_OVERCOMMIT_LIMIT = "Limit must be set for non overcommitable resources"


def _quantity_errors(
    path: FieldPath,
    key: str,
    name: str,
    quantity: Quantity,
    raw: Any,
    limits: dict[str, Quantity],
    *,
    whole_extended: bool,
    given_limits: frozenset[str] = frozenset(),
) -> Iterator[Violation]:
    """What ``validateResourceRequirements`` (``whole_extended``) and ``validatePodResources`` say
    of one request or limit: not negative, extended resources whole, hugepages whole pages, and a
    resource that cannot be overcommitted asked for exactly its limit."""
    where = path / key / name
    if quantity.nanos < 0:
        yield Violation(where, api.invalid(_key(path / key, name), str(quantity), "must be greater than or equal to 0"))
    if whole_extended and api.is_extended_resource_name(name) and not quantity.is_whole:
        # ValidateResourceQuantityValue gives the Quantity itself, which prints as a Go struct
        value = api.Stringer(go_struct(raw) or str(quantity))
        yield Violation(where, api.invalid(_key(path / key, name), value, "must be an integer"))
    if _is_hugepages(name) and (message := _hugepage_error(name, quantity)):
        yield Violation(where, api.invalid(_key(path / key, name), str(quantity), message))
    if key == "requests" and not _overcommit_allowed(name):
        limit = limits.get(name)
        if limit is None:
            if name not in given_limits:  # a LimitRange's default limit is checked by outside-limit-range
                yield Violation(path / "limits", api.required(path / "limits", NO_OVERCOMMIT_LIMIT), on="key")
        elif quantity.nanos != limit.nanos:
            message = f"must be equal to {name} limit of {limit}"
            yield Violation(where, api.invalid(path / "requests", str(quantity), message))


@rule("requests-exceed-limits")
def requests_exceed_limits(pod: Pod) -> Iterator[Violation]:
    for container in pod.containers:
        yield from _requests_over_limits(container.path / "resources", container.resources)
    if pod.manifest.kubernetes_minor >= POD_LEVEL_RESOURCES_SINCE and not _windows(pod):
        yield from _requests_over_limits(pod.path / "resources", pod.spec.get("resources"))


def _requests_over_limits(path: FieldPath, resources: Any) -> Iterator[Violation]:
    """validateResourceRequirements: a request above its limit, where requests may be below limits."""
    limits = _quantities(resources.get("limits")) if isinstance(resources, dict) else None
    if not limits:
        return
    for name, request in _quantities(resources.get("requests")).items():
        limit = limits.get(name)
        if limit is not None and _overcommit_allowed(name) and request.nanos > limit.nanos:
            message = f"must be less than or equal to {name} limit of {limit}"
            yield Violation(path / "requests" / name, api.invalid(path / "requests", str(request), message))


# --- pod-level resources: validatePodResources, from 1.34 (PodLevelResources, on by default; before,
# the API server drops spec.resources when the feature is off, and it is no field before 1.32)

POD_LEVEL_RESOURCES_SINCE = (1, 34)
# SupportedPodLevelResources, as sets.List lists them (hugepages by their prefix)
POD_LEVEL_RESOURCES = ("cpu", "hugepages-", "memory")


def _windows(pod: Pod) -> bool:
    os = pod.spec.get("os")
    return isinstance(os, dict) and os.get("name") == "windows"


def _pod_resource_errors(pod: Pod) -> Iterator[Violation]:
    """``validatePodResources``: the pod-level requests and limits (their names, values and
    hugepages), and ``validatePodResourceConsistency`` with the containers'."""
    resources = pod.spec.get("resources")
    if not isinstance(resources, dict) or pod.manifest.kubernetes_minor < POD_LEVEL_RESOURCES_SINCE:
        return
    path = pod.path / "resources"
    if _windows(pod):
        yield Violation(path, api.forbidden(path, "may not be set for a windows pod"), on="key")
        return
    if resources.get("claims") is not None:
        where = path / "claims"
        yield Violation(where, api.forbidden(where, "claims may not be set for Resources at pod-level"), on="key")
        yield from _claim_reference_errors(where, resources.get("claims"), _pod_claim_names(pod))
    limits, requests = _quantities(resources.get("limits")), _quantities(resources.get("requests"))
    yield from _requirements_errors(
        path, resources, limits, requests, _pod_resource_name_errors, pod.manifest.kubernetes_minor, whole_extended=False
    )
    yield from _pod_resource_consistency_errors(pod, path, requests, limits)


def _pod_resource_name_errors(at: FieldPath, name: str, version: tuple[int, int]) -> Iterator[Violation]:
    # validatePodResourceName: a resource name, then one pods may set
    where, named = at / name, _key(at, name)
    problems = _pod_resource_name_problems(name, version)
    for message in problems:
        yield Violation(where, api.invalid(named, api.Stringer(name), message), on="key")
    if not problems and name not in (CPU, MEMORY) and not _is_hugepages(name):
        yield Violation(where, api.not_supported(named, api.Stringer(name), POD_LEVEL_RESOURCES), on="key")


def _pod_resource_name_problems(name: str, version: tuple[int, int]) -> list[str]:
    """``validateResourceName``: a qualified name, and a standard one if it has no prefix."""
    problems = list(api.is_qualified_name(name, version))
    if not problems and "/" not in name and name not in STANDARD_RESOURCES and not _is_hugepages(name):
        problems.append("must be a standard resource type or fully qualified")
    return problems


def _pod_resource_consistency_errors(
    pod: Pod, path: FieldPath, requests: dict[str, Quantity], limits: dict[str, Quantity]
) -> Iterator[Violation]:
    # validatePodResourceConsistency: the pod asks at least what its containers ask together
    # (AggregateContainerRequests), holds their hugepage limits together, and each app
    # container's limit at most; a pod-level request the API server defaults is not checked
    for name, total in _aggregate(pod, "requests").items():
        request = requests.get(name)
        if request is not None and total.nanos > request.nanos:
            detail = f"must be greater than or equal to aggregate container requests of {total}"
            yield Violation(path / "requests" / name, api.invalid(_key(path / "requests", name), str(request), detail))
    for name, total in _aggregate(pod, "limits").items():
        limit = limits.get(name)
        if _is_hugepages(name) and limit is not None and total.nanos > limit.nanos:
            detail = f"must be greater than or equal to aggregate container limits of {total}"
            yield Violation(path / "limits" / name, api.invalid(_key(path / "limits", name), str(limit), detail))
    for container in pod.app_containers:
        for name, own in _quantities(container.resources.get("limits")).items():
            limit = limits.get(name)
            if limit is not None and own.nanos > limit.nanos:
                named = f"{path}.containers[{container.index}][{name}].limits"
                detail = f"must be less than or equal to pod limits of {limit}"
                yield Violation(container.path / "resources" / "limits" / name, api.invalid(named, str(own), detail))


def _aggregate(pod: Pod, key: str) -> dict[str, Quantity]:
    """``AggregateContainerRequests`` (``key`` "requests", each missing request being its limit,
    as the API server defaults a pod) or ``AggregateContainerLimits``: app containers and
    sidecars add up, each init container needs its own plus the sidecars started before it,
    and the pod the larger."""

    def own(container: Container) -> dict[str, Quantity]:
        amounts = _quantities(container.resources.get(key))
        if key == "requests":
            for name, limit in _quantities(container.resources.get("limits")).items():
                amounts.setdefault(name, limit)
        return amounts

    def add(total: dict[str, Quantity], more: dict[str, Quantity]) -> None:
        for name, amount in more.items():
            total[name] = total[name] + amount if name in total else amount

    total: dict[str, Quantity] = {}
    for container in pod.app_containers:
        add(total, own(container))
    sidecars: dict[str, Quantity] = {}
    peak: dict[str, Quantity] = {}
    for container in pod.init_containers:
        if container.role == SIDECAR:
            add(total, own(container))
            add(sidecars, own(container))
            needed = dict(sidecars)
        else:
            needed = own(container)
            add(needed, sidecars)
        for name, amount in needed.items():
            if name not in peak or amount.nanos > peak[name].nanos:
                peak[name] = amount
    for name, amount in peak.items():
        if name not in total or amount.nanos > total[name].nanos:
            total[name] = amount
    return total


# --- environment variables --------------------------------------------------------------------------------

ENV_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")
# EnvFiles: alpha (off) in 1.34, when the API server drops a fileKeyRef before validating (as
# decoding drops it before, where it is no field); beta, on by default, from 1.35
ENV_FILES_SINCE = (1, 35)
ENV_FROM_SOURCES = ("configMapRef", "secretRef")
MORE_THAN_ONE_SOURCE = "may not have more than one field specified at a time"


def _file_key_selector_errors(path: FieldPath, selector: dict) -> Iterator[Violation]:
    """``validateFileKeySelector``: a key named as an environment variable, in a file of an
    emptyDir volume (validateFileKeyRefVolumes, invalid_env), at a path without backsteps."""
    key, volume, file = (selector.get(name) for name in ("key", "volumeName", "path"))
    if key in _EMPTY:
        yield Violation(path / "key", api.required(path / "key"))
    elif isinstance(key, str):
        yield from _name_errors(path / "key", key, tuple(_env_name_problems(key, relaxed=True)))
    if volume in _EMPTY:
        yield Violation(path / "volumeName", api.required(path / "volumeName"))
    elif isinstance(volume, str):
        yield from _name_errors(path / "volumeName", volume, api.is_dns1123_label(volume))
    if file in _EMPTY:
        yield Violation(path / "path", api.required(path / "path"))
    elif isinstance(file, str) and ".." in file.split("/"):
        yield Violation(path / "path", api.invalid(path / "path", file, "must not contain '..'"))


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
    at: FieldPath, path: FieldPath, selector: dict, expressions: tuple[str, ...], minor: tuple[int, int]
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
        for message in api.is_qualified_name(key, minor):  # ValidateQualifiedName, named by the fieldRef
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
    return problems + api.chdir_prefix_errors(name)


def _env_errors(container: Container) -> Iterator[Violation]:
    # ValidateEnv, validateEnvVarValueFrom
    env = container.path / "env"
    version = container.pod.manifest.kubernetes_minor
    relaxed = version >= RELAXED_ENV_NAMES_SINCE
    env_files = version >= ENV_FILES_SINCE
    sources_named = ENV_SOURCES + ("fileKeyRef",) if env_files else ENV_SOURCES
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
            yield from _field_selector_errors(path / "fieldRef", path / "fieldRef", source["fieldRef"], ENV_FIELD_PATHS, version)
        if isinstance(source.get("resourceFieldRef"), dict):
            where = path / "resourceFieldRef"
            yield from _resource_field_selector_errors(where, where, source["resourceFieldRef"], False)
        for name in ("configMapKeyRef", "secretKeyRef"):
            if isinstance(source.get(name), dict):
                yield from _key_selector_errors(path / name, source[name])
        if env_files and isinstance(source.get("fileKeyRef"), dict):
            yield from _file_key_selector_errors(path / "fileKeyRef", source["fileKeyRef"])
        sources = sum(source.get(name) is not None for name in sources_named)
        if sources == 0:
            names = ", ".join(f"`{name}`" for name in sources_named[:-1]) + f" or `{sources_named[-1]}`"
            yield Violation(path, api.invalid(path, "", f"must specify one of: {names}"), on="key")
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
    if container.pod.manifest.kubernetes_minor >= ENV_FILES_SINCE:
        yield from _file_volume_errors(container)


def _file_volume_errors(container: Container) -> Iterator[Violation]:
    """``validateFileKeyRefVolumes``: a variable read from a file names an emptyDir volume of the pod."""
    volumes = None
    for index, variable in _dicts(container.spec.get("env")):
        source = variable.get("valueFrom")
        selector = source.get("fileKeyRef") if isinstance(source, dict) else None
        if not isinstance(selector, dict):
            continue
        if volumes is None:
            # each volume by its name, as Go reads it (absent or null: "")
            named = ((v.get("name") if v.get("name") is not None else "", v) for v in container.pod.volumes)
            volumes = {name: v for name, v in named if isinstance(name, str)}
        name = selector.get("volumeName")
        name = "" if name is None else name
        if not isinstance(name, str):
            continue
        path = container.path / "env" / index / "valueFrom" / "fileKeyRef" / "volumeName"
        if name not in volumes:
            yield Violation(path, api.not_found(path, name))
        elif volumes[name].get("emptyDir") is None:
            yield Violation(path, api.invalid(path, name, "referenced volume must be of type emptyDir"))


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
    """ValidatePortNumOrName: a port number, or the IANA name of one of the container's ports
    (an absent or null one is the number 0, as Go decodes it)."""
    number = 0 if port is None else _int(port)
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
    if grace is not None and grace <= 0:  # validateProbe, for every probe
        where = path / "terminationGracePeriodSeconds"
        yield Violation(where, api.invalid(where, grace, "must be greater than 0"))
    if name == "readinessProbe":
        if "terminationGracePeriodSeconds" in probe and probe["terminationGracePeriodSeconds"] is not None:
            where = path / "terminationGracePeriodSeconds"
            yield Violation(where, api.invalid(where, probe[where[-1]], "must not be set for readinessProbes"))
    else:
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
            if spec.get(name) is not None and not (name == "lifecycle" and _only_stop_signal(container)):
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


# ContainerStopSignals, alpha (off) in every version podlint knows from its 1.33 introduction:
# dropContainerStopSignals clears a container's stopSignal, and the lifecycle with it when
# nothing else is left in it. Before 1.33 the field does not exist (unknown-field).
STOP_SIGNAL_DROPPED_SINCE = (1, 33)


def _only_stop_signal(container: Container) -> bool:
    """Whether the API server drops this container's lifecycle, which only held a stopSignal."""
    lifecycle = container.spec.get("lifecycle")
    return (
        container.pod.manifest.kubernetes_minor >= STOP_SIGNAL_DROPPED_SINCE
        and isinstance(lifecycle, dict)
        and lifecycle.get("stopSignal") is not None
        and lifecycle.get("postStart") is None
        and lifecycle.get("preStop") is None
    )


DEFAULT_GRACE_PERIOD = 30  # SetDefaults_PodSpec: v1.DefaultTerminationGracePeriodSeconds
SLEEP_ZERO_SINCE = (1, 33)  # PodLifecycleSleepActionAllowZero, on by default


def _sleep_errors(path: FieldPath, sleep: dict, pod: Pod) -> Iterator[Violation]:
    """``validateSleepAction``: a sleep hook ends before the termination grace period does."""
    seconds = _int(sleep.get("seconds"))
    raw = pod.spec.get("terminationGracePeriodSeconds")
    grace = DEFAULT_GRACE_PERIOD if raw is None else _int(raw)
    if seconds is None or grace is None:
        return  # the schema's finding
    # a negative grace period is only warned about (negative-grace-period), and compared as it is
    version = pod.manifest.kubernetes_minor
    if version >= SLEEP_ZERO_SINCE:
        if seconds < 0 or seconds > grace:
            detail = f"must be non-negative and less than terminationGracePeriodSeconds ({grace})"
            yield Violation(path / "seconds", api.invalid(path, seconds, detail))
    elif seconds <= 0 or seconds > grace:
        detail = f"must be greater than 0 and less than terminationGracePeriodSeconds ({grace})"
        if version == (1, 32):  # the feature gate was there, off
            detail += ". Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
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
# ContainerRestartRules: alpha (off) in 1.34, when the API server drops what it would allow
# (dropContainerRestartRules) before validating; beta, on by default, from 1.35
CONTAINER_RESTART_RULES_ALPHA, CONTAINER_RESTART_RULES_SINCE = (1, 34), (1, 35)
# RestartAllContainersOnContainerExits, on by default from 1.36: a sidecar's rules, and their action
RESTART_ALL_CONTAINERS_SINCE = (1, 36)
# validateContainerRestartPolicy's sets, as sets.List lists them (sorted)
CONTAINER_RESTART_POLICIES = ("Always", "Never", "OnFailure")
EXIT_CODE_OPERATORS = ("In", "NotIn")
MAX_RESTART_RULES, MAX_EXIT_CODES = 20, 255


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
    # container-level restartPolicy: native sidecars (validateInitContainerRestartPolicy,
    # validateContainers), and from 1.35 restart rules (validateContainerRestartPolicy)
    version = manifest.kubernetes_minor
    if version >= CONTAINER_RESTART_RULES_SINCE:
        for container in pod.containers:
            if container.role != EPHEMERAL:
                yield from _container_restart_errors(container, version >= RESTART_ALL_CONTAINERS_SINCE)
        return
    if version == CONTAINER_RESTART_RULES_ALPHA:
        return  # dropped: a regular container's restartPolicy, an init container's other than Always, all rules
    for container in pod.containers:
        if "restartPolicy" not in container.spec or container.spec["restartPolicy"] is None:
            continue
        where = container.path / "restartPolicy"
        value = container.spec["restartPolicy"]
        if container.role == APP:
            yield Violation(where, api.forbidden(where, "may not be set for non-init containers"), on="key")
        elif container.role == INIT and isinstance(value, str):
            yield Violation(where, api.not_supported(where, value, ("Always",)))


def _container_restart_errors(container: Container, restart_all: bool) -> Iterator[Violation]:
    """``validateInitContainerRestartPolicy`` (init containers and sidecars) and
    ``validateContainerRestartPolicy``; ``restart_all``: RestartAllContainersOnContainerExits is on."""
    policy = container.spec.get("restartPolicy")
    rules = container.spec.get("restartPolicyRules")
    rules = rules if isinstance(rules, list) else []
    at = container.path / "restartPolicy"
    if container.role in (INIT, SIDECAR):
        if policy is None:
            if rules:
                yield Violation(at, api.required(at, "must specify restartPolicy when restart rules are used"), on="key")
            return
        if policy == "Always" and not restart_all:
            if rules:
                where = container.path / "restartPolicyRules"
                detail = "restartPolicyRules are not allowed for init containers with restart policy Always"
                yield Violation(where, api.forbidden(where, detail), on="key")
            return
    if policy is None and rules:
        yield Violation(at, api.required(at, "must specify restartPolicy when restart rules are used"), on="key")
    elif isinstance(policy, str) and policy not in CONTAINER_RESTART_POLICIES:
        yield Violation(at, api.not_supported(at, policy, CONTAINER_RESTART_POLICIES))
    if len(rules) > MAX_RESTART_RULES:
        where = container.path / "restartPolicyRules"
        yield Violation(where, api.too_many(where, len(rules), MAX_RESTART_RULES), on="key")
    actions = ("Restart", "RestartAllContainers") if restart_all else ("Restart",)
    for index, restart_rule in _dicts(rules):
        where = container.path / "restartPolicyRules" / index
        action = restart_rule.get("action", "")
        if isinstance(action, str) and action not in actions:
            yield Violation(where / "action", api.not_supported(where / "action", action, actions))
        exit_codes = restart_rule.get("exitCodes")
        if exit_codes is None:
            yield Violation(where / "exitCodes", api.required(where / "exitCodes", "must be specified"), on="key")
        elif isinstance(exit_codes, dict):
            operator = exit_codes.get("operator", "")
            if isinstance(operator, str) and operator not in EXIT_CODE_OPERATORS:
                named = where / "exitCodes" / "operator"
                yield Violation(named, api.not_supported(named, operator, EXIT_CODE_OPERATORS))
            values = exit_codes.get("values")
            if isinstance(values, list) and len(values) > MAX_EXIT_CODES:
                named = where / "exitCodes" / "values"
                yield Violation(named, api.too_many(named, len(values), MAX_EXIT_CODES), on="key")


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
# RelaxedDNSSearchValidation, on by default from 1.33, allows "." and underscores in search
# domains ("_sip._tcp.example.com"); before, each must be a DNS subdomain
RELAXED_DNS_SEARCH_SINCE = (1, 33)


@rule("invalid-dns-policy")
def invalid_dns_policy(pod: Pod) -> Iterator[Violation]:
    # validateDNSPolicy, validatePodDNSConfig
    policy, config = pod.spec.get("dnsPolicy"), pod.spec.get("dnsConfig")
    if policy is None and config is None:
        return  # the usual pod: ClusterFirst, no settings of its own
    path = pod.path / "dnsPolicy"
    if isinstance(policy, str) and policy and policy not in DNS_POLICIES:
        yield Violation(path, api.not_supported(path, policy, DNS_POLICIES))
    config_path = pod.path / "dnsConfig"
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
    relaxed = pod.manifest.kubernetes_minor >= RELAXED_DNS_SEARCH_SINCE
    for index, search in enumerate(searches):
        if relaxed and search == ".":
            continue
        search = search.removesuffix(".")  # a trailing dot is fine
        if relaxed:
            messages = api.is_dns1123_subdomain_with_underscore(search, pod.manifest.kubernetes_minor)
        else:
            messages = api.is_dns1123_subdomain(search)
        yield from _name_errors(where / index, search, messages)
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


# The UID the API server gives a new object, which no manifest can tell: podlint shows it as this.
ASSIGNED_UID = "<uid>"
_SELECTOR = FieldPath(("spec", "selector"))


def _job_labels(name: str) -> dict[str, str]:
    """The labels the API server gives a new Job's pod template (``generateSelector``), in the
    order ``validateGeneratedSelector`` checks them: its UID and name under the legacy keys,
    then under the prefixed ones."""
    return {
        "controller-uid": ASSIGNED_UID,
        "job-name": name,
        "batch.kubernetes.io/controller-uid": ASSIGNED_UID,
        "batch.kubernetes.io/job-name": name,
    }


def _generated_selector_errors(pod: Pod) -> Iterator[Violation]:
    """``generateSelector``, then ``validateGeneratedSelector`` and ``ValidateJobSpec``'s
    template check, for a Job created without ``manualSelector: true``: a template label of
    those keys, kept as written, must hold the Job's UID or name, and a selector written must
    select nothing the generated one does not (the API server adds the UID to it)."""
    manifest = pod.manifest
    name, labels = manifest.metadata.get("name"), pod.metadata.get("labels")
    if not isinstance(name, str) or not name or not isinstance(labels, (dict, type(None))):
        return  # a generated name, not known here; a wrong type is the schema's finding
    labels = labels or {}
    expected = _job_labels(name)
    generated = {**expected, **labels}
    where = pod.metadata_path / "labels"
    for key, value in expected.items():  # ValidateHasLabel
        if isinstance(labels.get(key), str) and labels[key] != value:
            message = api.invalid(f"{where}[{key}]", api.Stringer(api.go_string_map(generated)), f"must be '{value}'")
            yield Violation(where / key, message, on="key")
    selector = _job_spec(manifest).get("selector")
    selector = {} if selector is None else selector  # none: generated, as one that selects the UID
    if not isinstance(selector, dict) or next(label_selector_errors(_SELECTOR, selector, manifest.kubernetes_minor), None) is not None:
        return  # not one LabelSelectorAsSelector converts: the schema's or invalid-label's finding
    match_labels = selector.get("matchLabels") if isinstance(selector.get("matchLabels"), dict) else {}
    selector = {**selector, "matchLabels": {"batch.kubernetes.io/controller-uid": ASSIGNED_UID, **match_labels}}
    if not api.selector_matches(selector, expected):
        value = api.go_label_selector(selector)
        yield Violation(_SELECTOR, api.invalid(_SELECTOR, value, "`selector` not auto-generated"), on="key")
    if not api.selector_matches(selector, generated):
        message = api.invalid(where, api.Stringer(api.go_string_map(generated)), "`selector` does not match template `labels`")
        yield Violation(where, message, on="key")


def _mismatch(pod: Pod, labels: Any) -> Violation:
    where = pod.metadata_path / "labels"
    value = api.Stringer(api.go_string_map(labels if isinstance(labels, dict) else None))
    return Violation(where, api.invalid(where, value, "`selector` does not match template `labels`"), on="key")


def _missing_selector_errors(pod: Pod) -> Iterator[Violation]:
    """A workload without a selector (``selector: null`` too): ``LabelSelectorAsSelector`` makes
    it select nothing, so no template matches it. A Job's selector, which its schema does not
    require, is required once ``manualSelector`` is true (``ValidateJobSpec``)."""
    if pod.manifest.api_version not in ("apps/v1", "batch/v1"):
        return  # the removed versions made the template's labels the selector
    spec = _job_spec(pod.manifest) if pod.manifest.group == "batch" else pod.manifest.data.get("spec")
    if not isinstance(spec, dict) or spec.get("selector") is not None:
        return  # not a mapping: the schema's finding
    if pod.manifest.group == "batch":
        at = _SELECTOR if "selector" in spec else FieldPath(("spec",))
        yield Violation(at, api.required(_SELECTOR), on="key")
    yield _mismatch(pod, pod.metadata.get("labels"))


def _replication_controller_selector_errors(pod: Pod) -> Iterator[Violation]:
    """``ValidateNonEmptySelector``, ``ValidatePodTemplateSpecForRC``: a plain map, which
    ``SetDefaults_ReplicationController`` makes the template's labels when it is empty."""
    spec = pod.manifest.data.get("spec")
    if not isinstance(spec, dict) or not isinstance(spec.get("template"), dict):
        return  # no template: the schema's finding, and nothing to compare
    selector, labels = spec.get("selector"), pod.metadata.get("labels")
    if not isinstance(selector, (dict, type(None))) or not isinstance(labels, (dict, type(None))):
        return  # the schema's finding
    if not selector and labels is not None:
        selector = labels
    if not selector:
        at = _SELECTOR if "selector" in spec else FieldPath(("spec",))
        yield Violation(at, api.required(_SELECTOR), on="key")
    elif any((labels or {}).get(key) != value for key, value in selector.items()):
        yield _mismatch(pod, labels)


@rule("selector-mismatch")
def selector_mismatch(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    kind = manifest.kind
    if manifest.group == "batch":
        if kind == "CronJob":
            job = _job_spec(manifest)
            if job.get("selector") is not None:
                where = FieldPath(("spec", "jobTemplate", "spec", "selector"))
                value = api.go_label_selector(job["selector"])
                yield Violation(where, api.invalid(where, value, "`selector` will be auto-generated"), on="key")
            return
        if _job_spec(manifest).get("manualSelector") is not True:
            yield from _generated_selector_errors(pod)
            return
    elif (manifest.group, kind) == ("", "ReplicationController"):
        yield from _replication_controller_selector_errors(pod)
        return
    elif kind not in EMPTY_SELECTOR_WORD:
        return
    found = _selector(manifest)
    if found is None:
        yield from _missing_selector_errors(pod)
        return
    path, selector = found
    if next(label_selector_errors(path, selector, manifest.kubernetes_minor), None) is not None:
        # LabelSelectorAsSelector fails (invalid-label says why): no template to compare
        if kind in UNCONVERTIBLE_SELECTOR:
            value = api.go_label_selector(selector)
            yield Violation(path, api.invalid(path, value, UNCONVERTIBLE_SELECTOR[kind]), on="key")
        return
    match_labels = selector.get("matchLabels") if isinstance(selector.get("matchLabels"), dict) else {}
    expressions = selector.get("matchExpressions") if isinstance(selector.get("matchExpressions"), list) else []
    if not match_labels and not expressions:
        if kind in EMPTY_SELECTOR_WORD:
            detail = f"empty selector is invalid for {EMPTY_SELECTOR_WORD[kind]}"
            yield Violation(path, api.invalid(path, api.go_label_selector(selector), detail), on="key")
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
CONCURRENCY_POLICIES = ("Allow", "Forbid", "Replace")  # validateConcurrencyPolicy


@rule("unsupported-value")
def unsupported_value(pod: Pod) -> Iterator[Violation]:
    def unsupported(value: Any, supported: tuple[str, ...]) -> bool:
        return isinstance(value, str) and value != "" and value not in supported

    # each field's path is made for a finding only
    for container in pod.containers:
        for name, supported in CONTAINER_ENUMS.items():
            value = container.spec.get(name)
            if unsupported(value, supported):
                at = container.path / name
                yield Violation(at, api.not_supported(at, value, supported))
        for index, mount in _dicts(container.spec.get("volumeMounts")):
            value = mount.get("mountPropagation")
            # a pointer, not defaulted: an empty mode is one the API server does not know
            if isinstance(value, str) and value not in MOUNT_PROPAGATIONS:
                # sic: the API server names the list, not the mount
                named = container.path / "volumeMounts" / "mountPropagation"
                at = container.path / "volumeMounts" / index / "mountPropagation"
                yield Violation(at, api.not_supported(named, value, MOUNT_PROPAGATIONS))
    value = pod.spec.get("preemptionPolicy")
    if value == "":  # ValidatePreemptionPolicy: a pointer, not defaulted
        at = pod.path / "preemptionPolicy"
        yield Violation(at, api.required(at))
    elif unsupported(value, PREEMPTION_POLICIES):
        at = pod.path / "preemptionPolicy"
        yield Violation(at, api.not_supported(at, value, PREEMPTION_POLICIES))
    manifest = pod.manifest
    if (manifest.group, manifest.kind) == ("batch", "CronJob") and isinstance(manifest.data.get("spec"), dict):
        value = manifest.data["spec"].get("concurrencyPolicy")
        if unsupported(value, CONCURRENCY_POLICIES):
            at = FieldPath(("spec", "concurrencyPolicy"))
            yield Violation(at, api.not_supported(at, value, CONCURRENCY_POLICIES))
