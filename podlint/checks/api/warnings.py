"""The warnings the API server answers ``kubectl apply`` with for pods it accepts.

Each rule mirrors part of ``warningsForPodSpecAndMeta`` in ``pkg/api/pod/warnings.go`` (or the
node and volume helpers it calls) and words its message exactly as the warning is printed:
``spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use
"kubernetes.io/os" instead``. The API server computes them on the defaulted object, and so
does podlint: a Pod's limits are copied into missing requests, ports default to TCP.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import EPHEMERAL, Container, Manifest, Pod, pod_of
from ...quantity import Quantity, stored_quantity
from ...registry import rule
from ...sourcemap import FieldPath
from .validation import _dicts, _int, _key, _list, _str
from .volumes import DROPPED_PROJECTIONS

# --- deprecated node labels (pkg/api/node/util.go) -------------------------------------------------------

_NODE_LABELS_1_14_17 = {
    "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
    "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
    "failure-domain.beta.kubernetes.io/region": 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
    "failure-domain.beta.kubernetes.io/zone": 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    "beta.kubernetes.io/instance-type": 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
}
# From Kubernetes 1.31 the table has three more entries (the "is use" grammar is the API server's).
_NODE_LABELS_1_31 = {
    **_NODE_LABELS_1_14_17,
    "app.kubernetes.io/created-by": "deprecated since v1.9",
    "scheduler.alpha.kubernetes.io/preferAvoidPods": "deprecated since v1.22; use Taints and Tolerations instead",
    "node-role.kubernetes.io/master": 'use "node-role.kubernetes.io/control-plane" instead',
}


def deprecated_node_labels(manifest: Manifest) -> dict[str, str]:
    return _NODE_LABELS_1_31 if manifest.kubernetes_minor >= (1, 31) else _NODE_LABELS_1_14_17


def _node_selector_terms(pod: Pod) -> Iterator[tuple[FieldPath, dict, bool]]:
    """The node selector terms of a pod's node affinity: (path, term, preferred)."""
    affinity = pod.spec.get("affinity")
    node = affinity.get("nodeAffinity") if isinstance(affinity, dict) else None
    if not isinstance(node, dict):
        return
    path = pod.path / "affinity" / "nodeAffinity"
    required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
    if isinstance(required, dict):
        where = path / "requiredDuringSchedulingIgnoredDuringExecution" / "nodeSelectorTerms"
        for index, term in _dicts(required.get("nodeSelectorTerms")):
            yield where / index, term, False
    where = path / "preferredDuringSchedulingIgnoredDuringExecution"
    for index, term in _dicts(node.get("preferredDuringSchedulingIgnoredDuringExecution")):
        if isinstance(term.get("preference"), dict):
            yield where / index / "preference", term["preference"], True


@rule("deprecated-node-label")
def deprecated_node_label(pod: Pod) -> Iterator[Violation]:
    deprecated = deprecated_node_labels(pod.manifest)
    selector = pod.spec.get("nodeSelector")
    if isinstance(selector, dict):
        path = pod.path / "nodeSelector"
        for key in selector:
            if key in deprecated:
                yield Violation(path / key, f"{_key(path, key)}: {deprecated[key]}", on="key")
    for path, term, _ in _node_selector_terms(pod):
        for index, expression in _dicts(term.get("matchExpressions")):
            key = expression.get("key")
            if isinstance(key, str) and key in deprecated:
                where = path / "matchExpressions" / index / "key"
                yield Violation(where, f"{where}: {key} is {deprecated[key]}")
    for index, constraint in _dicts(pod.spec.get("topologySpreadConstraints")):
        key = constraint.get("topologyKey")
        if isinstance(key, str) and key in deprecated:
            where = pod.path / "topologySpreadConstraints" / index / "topologyKey"
            yield Violation(where, f"{where}: {key} is {deprecated[key]}")


@rule("invalid-affinity-value")
def invalid_affinity_value(pod: Pod) -> Iterator[Violation]:
    # GetWarningsForNodeSelectorTerm with checkLabelValue, from Kubernetes 1.33
    if pod.manifest.kubernetes_minor < (1, 33):
        return
    for path, term, preferred in _node_selector_terms(pod):
        if not preferred:
            continue
        for index, expression in _dicts(term.get("matchExpressions")):
            for value_index, value in enumerate(_list(expression.get("values"))):
                if isinstance(value, str):
                    where = path / "matchExpressions" / index / "values" / value_index
                    for message in api.is_valid_label_value(value, pod.manifest.kubernetes_minor):
                        yield Violation(where, f"{where}: {value} is invalid, {message}")


# --- selectors that match nothing ------------------------------------------------------------------------------

NULL_SELECTOR = "a null labelSelector results in matching no pod"


@rule("null-label-selector")
def null_label_selector(pod: Pod) -> Iterator[Violation]:
    for index, constraint in _dicts(pod.spec.get("topologySpreadConstraints")):
        if constraint.get("labelSelector") is None:
            where = pod.path / "topologySpreadConstraints" / index / "labelSelector"
            yield Violation(where, f"{where}: {NULL_SELECTOR}", on="key")
    affinity = pod.spec.get("affinity")
    if not isinstance(affinity, dict):
        return
    for kind in ("podAffinity", "podAntiAffinity"):
        terms = affinity.get(kind)
        if not isinstance(terms, dict):
            continue
        path = pod.path / "affinity" / kind
        for index, term in _dicts(terms.get("requiredDuringSchedulingIgnoredDuringExecution")):
            if term.get("labelSelector") is None:
                where = path / "requiredDuringSchedulingIgnoredDuringExecution" / index / "labelSelector"
                yield Violation(where, f"{where}: {NULL_SELECTOR}", on="key")
        for index, term in _dicts(terms.get("preferredDuringSchedulingIgnoredDuringExecution")):
            inner = term.get("podAffinityTerm")
            if isinstance(inner, dict) and inner.get("labelSelector") is None:
                where = path / "preferredDuringSchedulingIgnoredDuringExecution" / index / "podAffinityTerm" / "labelSelector"
                yield Violation(where, f"{where}: {NULL_SELECTOR}", on="key")


# --- deprecated annotations --------------------------------------------------------------------------------------

DEPRECATED_ANNOTATIONS = {
    "scheduler.alpha.kubernetes.io/critical-pod": 'non-functional in v1.16+; use the "priorityClassName" field instead',
    "security.alpha.kubernetes.io/sysctls": 'non-functional in v1.11+; use the "sysctls" field instead',
    "security.alpha.kubernetes.io/unsafe-sysctls": 'non-functional in v1.11+; use the "sysctls" field instead',
}
SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_MESSAGE = 'non-functional in v1.27+; use the "seccompProfile" field instead'
APPARMOR_MESSAGE = 'deprecated since v1.30; use the "appArmorProfile" field instead'


def _security_context(spec: dict) -> dict:
    context = spec.get("securityContext")
    return context if isinstance(context, dict) else {}


def _apparmor_field(annotation: Any) -> dict | None:
    """``ApparmorFieldForAnnotation``: the profile an annotation value stands for."""
    if annotation == "unconfined":
        return {"type": "Unconfined"}
    if annotation == "runtime/default":
        return {"type": "RuntimeDefault"}
    if isinstance(annotation, str) and annotation.startswith("localhost/") and len(annotation) > len("localhost/"):
        return {"type": "Localhost", "localhostProfile": annotation[len("localhost/") :]}
    return None


@rule("deprecated-annotation")
def deprecated_annotation(pod: Pod) -> Iterator[Violation]:
    annotations = pod.metadata.get("annotations")
    if not isinstance(annotations, dict):
        return
    path = pod.metadata_path / "annotations"

    def warn(key: str, message: str) -> Violation:
        return Violation(path / key, f"{_key(path, key)}: {message}", on="key")

    pod_context = _security_context(pod.spec)
    # a Pod's AppArmor annotations are converted to fields before the other warnings (applyAppArmorVersionSkew)
    os_name = pod.spec.get("os", {}).get("name") if isinstance(pod.spec.get("os"), dict) else None
    if pod.is_pod and os_name != "windows":
        for container in pod.containers:
            key = APPARMOR_CONTAINER + (container.name or "")
            if key in annotations and _security_context(container.spec).get("appArmorProfile") is None:
                profile = _apparmor_field(annotations[key])
                if profile is None or profile != pod_context.get("appArmorProfile"):
                    yield warn(key, APPARMOR_MESSAGE)
    for key, message in DEPRECATED_ANNOTATIONS.items():
        if key in annotations:
            yield warn(key, message)
    if pod_context.get("seccompProfile") is None and SECCOMP_POD in annotations:
        yield warn(SECCOMP_POD, SECCOMP_MESSAGE)
    for container in pod.containers:
        context = _security_context(container.spec)
        key = SECCOMP_CONTAINER + (container.name or "")
        if context.get("seccompProfile") is None and key in annotations:
            yield warn(key, SECCOMP_MESSAGE)
        key = APPARMOR_CONTAINER + (container.name or "")
        has_field = pod_context.get("appArmorProfile") is not None or context.get("appArmorProfile") is not None
        if not pod.is_pod and not has_field and key in annotations:
            yield warn(key, APPARMOR_MESSAGE)


# --- deprecated volume types -------------------------------------------------------------------------------------

# (field, the name the warning uses, message) in the order the API server checks them
DEPRECATED_VOLUMES = (
    ("photonPersistentDisk", "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
    ("gitRepo", "gitRepo", None),  # depends on the version: see _git_repo_message
    ("scaleIO", "scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
    ("flocker", "flocker", "deprecated in v1.22, non-functional in v1.25+"),
    ("storageos", "storageOS", "deprecated in v1.22, non-functional in v1.25+"),
    ("quobyte", "quobyte", "deprecated in v1.22, non-functional in v1.25+"),
    ("glusterfs", "glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
    ("cephfs", "cephfs", "deprecated in v1.28, non-functional in v1.31+"),
    ("rbd", "rbd", "deprecated in v1.28, non-functional in v1.31+"),
)


def _git_repo_message(manifest: Manifest) -> str:
    # the GitRepoVolumeDriver feature gate is off by default from 1.33
    if manifest.kubernetes_minor >= (1, 33):
        return "deprecated in v1.11, and disabled by default in v1.33+"
    return "deprecated in v1.11"


@rule("deprecated-volume-type")
def deprecated_volume_type(pod: Pod) -> Iterator[Violation]:
    for index, volume in _dicts(pod.spec.get("volumes")):
        path = pod.path / "volumes" / index
        for key, named, message in DEPRECATED_VOLUMES:
            if volume.get(key) is not None:
                message = message or _git_repo_message(pod.manifest)
                yield Violation(path / key, f"{path / named}: {message}", on="key")


# --- fractional byte quantities -----------------------------------------------------------------------------------

FRACTIONAL = "fractional byte value {} is invalid, must be an integer"


def _fractional(resources: Any, name: str) -> Quantity | None:
    """The quantity ``name`` of a resource list, when it is a fraction of a byte."""
    if not isinstance(resources, dict) or name not in resources:
        return None
    quantity = stored_quantity(resources[name])
    return quantity if quantity is not None and quantity.milli_value % 1000 else None


def _fractional_warning(path: FieldPath, at: FieldPath, name: str, quantity: Quantity) -> Violation:
    return Violation(at, f"{_key(path, name)}: {FRACTIONAL.format(api.go_quote(str(quantity)))}")


@rule("fractional-byte-quantity")
def fractional_byte_quantity(pod: Pod) -> Iterator[Violation]:
    for index, volume in _dicts(pod.spec.get("volumes")):
        ephemeral = volume.get("ephemeral")
        template = ephemeral.get("volumeClaimTemplate") if isinstance(ephemeral, dict) else None
        spec = template.get("spec") if isinstance(template, dict) else None
        resources = spec.get("resources") if isinstance(spec, dict) else None
        if isinstance(resources, dict):
            path = pod.path / "volumes" / index / "ephemeral" / "volumeClaimTemplate" / "spec" / "resources"
            for key in ("requests", "limits"):
                if quantity := _fractional(resources.get(key), "storage"):
                    yield _fractional_warning(path / key, path / key / "storage", "storage", quantity)
    manifest = pod.manifest
    if (manifest.group, manifest.kind) == ("apps", "StatefulSet") and isinstance(manifest.data.get("spec"), dict):
        for index, claim in _dicts(manifest.data["spec"].get("volumeClaimTemplates")):
            spec = claim.get("spec") if isinstance(claim.get("spec"), dict) else {}
            resources = spec.get("resources") if isinstance(spec.get("resources"), dict) else {}
            for key in ("requests", "limits"):
                if quantity := _fractional(resources.get(key), "storage"):
                    # sic: the API server leaves ".spec" out of this path
                    path = FieldPath(("spec", "volumeClaimTemplates", index, "resources", key))
                    at = FieldPath(("spec", "volumeClaimTemplates", index, "spec", "resources", key, "storage"))
                    yield _fractional_warning(path, at, "storage", quantity)
    overhead = pod.spec.get("overhead")
    for name in ("memory", "ephemeral-storage"):
        if quantity := _fractional(overhead, name):
            yield _fractional_warning(pod.path / "overhead", pod.path / "overhead" / name, name, quantity)
    for container in pod.containers:
        resources = container.resources
        if not resources:
            continue
        limits, requests = resources.get("limits"), resources.get("requests")
        path = container.path / "resources"
        for name in ("memory", "ephemeral-storage"):
            limit = _fractional(limits, name)
            if limit:
                yield _fractional_warning(path / "limits", path / "limits" / name, name, limit)
            if isinstance(requests, dict) and name in requests:
                if request := _fractional(requests, name):
                    yield _fractional_warning(path / "requests", path / "requests" / name, name, request)
            elif limit and pod.is_pod and container.role != EPHEMERAL:
                # SetDefaults_Pod copies the limit into the missing request: it warns twice
                yield _fractional_warning(path / "requests", path / "limits" / name, name, limit)


# --- overlapping paths in projected and item volumes -----------------------------------------------------------------


def _path_and_source(path: str, source: str) -> str:
    return f"{api.go_quote(path)} ({source})" if source else api.go_quote(path)


def _overlaps(seen: list[tuple[str, str]], path: str) -> list[tuple[str, str]]:
    """checkForOverlap: earlier paths equal to, inside or around ``path``."""
    if not path:
        return []
    found = []
    for earlier, source in seen:
        if not earlier:
            continue
        if earlier == path or (earlier + "/").startswith(path + "/") or (path + "/").startswith(earlier + "/"):
            found.append((earlier, source))
    return found


def _item_paths(items: Any) -> list[tuple[int, str]]:
    return [(index, item["path"]) for index, item in _dicts(items) if isinstance(item.get("path"), str)]


@rule("overlapping-volume-paths")
def overlapping_volume_paths(pod: Pod) -> Iterator[Violation]:
    # warningsForOverlappingVirtualPaths
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = _str(volume.get("name")) or ""
        path = pod.path / "volumes" / index
        for key, describe in (
            ("configMap", lambda s: f"ConfigMap {api.go_quote(str(s.get('name', '')))}"),
            ("secret", lambda s: f"Secret {api.go_quote(str(s.get('secretName', '')))}"),
            ("downwardAPI", lambda s: "DownwardAPI"),
        ):
            source = volume.get(key)
            if not isinstance(source, dict) or source.get("items") is None:
                continue
            seen: list[tuple[str, str]] = []
            for item_index, item_path in _item_paths(source.get("items")):
                item_path = item_path.rstrip("/")
                for earlier, _ in _overlaps(seen, item_path):
                    body = f"{api.go_quote(item_path)} with {api.go_quote(earlier)}"
                    where = path / key / "items" / item_index / "path"
                    yield Violation(where, f"volume {api.go_quote(name)} ({describe(source)}): overlapping paths: {body}")
                seen.append((item_path, ""))
        projected = volume.get("projected")
        if not isinstance(projected, dict):
            continue
        seen = []
        for source_index, source in _dicts(projected.get("sources")):
            where = path / "projected" / "sources" / source_index
            if not any(value is not None for key, value in source.items() if key not in DROPPED_PROJECTIONS):
                yield Violation(where, f"volume {api.go_quote(name)} (Projected) has no sources provided")
                continue
            for item_where, item_path, described in _projected_paths(where, source):
                item_path = item_path.rstrip("/")
                for earlier, earlier_source in _overlaps(seen, item_path):
                    body = f"{_path_and_source(item_path, described)} with {_path_and_source(earlier, earlier_source)}"
                    yield Violation(item_where, f"volume {api.go_quote(name)} (Projected): overlapping paths: {body}")
                seen.append((item_path, described))


def _projected_paths(where: FieldPath, source: dict) -> list[tuple[FieldPath, str, str]]:
    """The paths one source of a projected volume writes, with how the warning names the source."""
    for key, describe in (
        ("configMap", lambda s: f"ConfigMap {api.go_quote(str(s.get('name', '')))}"),
        ("secret", lambda s: f"Secret {api.go_quote(str(s.get('name', '')))}"),
        ("downwardAPI", lambda s: "DownwardAPI"),
    ):
        value = source.get(key)
        if isinstance(value, dict) and value.get("items") is not None:
            return [(where / key / "items" / i / "path", p, describe(value)) for i, p in _item_paths(value["items"])]
    token = source.get("serviceAccountToken")
    if isinstance(token, dict) and isinstance(token.get("path"), str):
        return [(where / "serviceAccountToken" / "path", token["path"], "ServiceAccountToken")]
    return []  # a clusterTrustBundle is dropped (DROPPED_PROJECTIONS)


# --- host aliases, image pull secrets, IP addresses ------------------------------------------------------------------


@rule("duplicate-host-alias")
def duplicate_host_alias(pod: Pod) -> Iterator[Violation]:
    seen: set[str] = set()
    for index, alias in _dicts(pod.spec.get("hostAliases")):
        ip = alias.get("ip")
        if not isinstance(ip, str):
            continue
        if ip in seen:
            where = pod.path / "hostAliases" / index / "ip"
            yield Violation(where, f"{where}: duplicate ip {api.go_quote(ip)}")
        seen.add(ip)


@rule("invalid-image-pull-secret")
def invalid_image_pull_secret(pod: Pod) -> Iterator[Violation]:
    secrets = list(_dicts(pod.spec.get("imagePullSecrets")))
    seen: set[str] = set()
    for index, secret in secrets:
        name = secret.get("name", "")
        if not isinstance(name, str):
            continue
        where = pod.path / "imagePullSecrets" / index / "name"
        at = where if "name" in secret else FieldPath(where[:-1])
        if name in seen and len(secrets) > 1:
            yield Violation(at, f"{where}: duplicate name {api.go_quote(name)}")
        seen.add(name)
    for index, secret in secrets:
        if secret.get("name", "") == "":
            where = pod.path / "imagePullSecrets" / index / "name"
            at = where if "name" in secret else FieldPath(where[:-1])
            yield Violation(at, f'{where}: invalid empty name ""')


_SLOPPY_IPV4 = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)$")


def _ip_warning(path: FieldPath, value: str) -> str | None:
    """``GetWarningsForIP``: an IP address the API server accepts in a form it will not always accept."""
    sloppy = _SLOPPY_IPV4.match(value)
    if sloppy:
        parts = [int(part) for part in sloppy.groups()]
        if all(part < 256 for part in parts) and any(len(p) > 1 and p.startswith("0") for p in sloppy.groups()):
            preferred = ".".join(str(part) for part in parts)
            return f"{path}: non-standard IP address {api.go_quote(value)} will be considered invalid in a future Kubernetes release: use {api.go_quote(preferred)}"
        return None
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return None  # not IPv6 (or not an address at all: a validation error)
    if address.ipv4_mapped is not None:
        preferred = str(address.ipv4_mapped)
        return f"{path}: non-standard IP address {api.go_quote(value)} will be considered invalid in a future Kubernetes release: use {api.go_quote(preferred)}"
    if address.compressed != value:
        return f"{path}: IPv6 address {api.go_quote(value)} should be in RFC 5952 canonical format ({api.go_quote(address.compressed)})"
    return None


@rule("nonstandard-ip")
def nonstandard_ip(pod: Pod) -> Iterator[Violation]:
    if pod.manifest.kubernetes_minor < (1, 33):
        return
    config = pod.spec.get("dnsConfig")
    if isinstance(config, dict) and isinstance(config.get("nameservers"), list):
        for index, server in enumerate(config["nameservers"]):
            where = pod.path / "dnsConfig" / "nameservers" / index
            if isinstance(server, str) and (message := _ip_warning(where, server)):
                yield Violation(where, message)
    for index, alias in _dicts(pod.spec.get("hostAliases")):
        where = pod.path / "hostAliases" / index / "ip"
        if isinstance(alias.get("ip"), str) and (message := _ip_warning(where, alias["ip"])):
            yield Violation(where, message)


# --- containers ---------------------------------------------------------------------------------------------------------


@rule("duplicate-env-var")
def duplicate_env_var(container: Container) -> Iterator[Violation]:
    seen: set[str] = set()
    for index, item in _dicts(container.spec.get("env")):
        name = item.get("name")
        if not isinstance(name, str):
            continue
        if name not in seen:
            seen.add(name)
            continue
        # a later definition that refers to the earlier one ("$(PATH):/opt/bin") only extends it
        reference = f"$({name})"
        value = item.get("value") if isinstance(item.get("value"), str) else ""
        if item.get("valueFrom") is not None or value == reference or reference not in value:
            where = container.path / "env" / index
            message = f"{where}: hides previous definition of {api.go_quote(name)}, which may be dropped when using apply"
            yield Violation(where / "name", message)


def _port_repr(port: dict, protocol: str) -> str:
    """``%+v`` of the API server's ContainerPort."""
    return (
        f"{{Name:{port.get('name', '')} HostPort:{_int(port.get('hostPort')) or 0} "
        f"ContainerPort:{_int(port.get('containerPort')) or 0} Protocol:{protocol} HostIP:{port.get('hostIP', '')}}}"
    )


@rule("duplicate-container-port")
def duplicate_container_port(pod: Pod) -> Iterator[Violation]:
    host_network = pod.spec.get("hostNetwork") is True
    seen: dict[str, list[tuple[FieldPath, str, int]]] = {}
    names: dict[str, FieldPath] = {}
    ports = []
    for container in pod.containers:
        for index, port in _dicts(container.spec.get("ports")):
            ports.append((container, container.path / "ports" / index, port))
    for container, path, port in ports:
        protocol = api.port_protocol(port)
        protocol = protocol if isinstance(protocol, str) else "TCP"
        container_port = _int(port.get("containerPort")) or 0
        host_port = _int(port.get("hostPort")) or 0
        if host_network and pod.is_pod and host_port == 0 and container.role != EPHEMERAL:
            host_port = container_port  # SetDefaults_Pod
        host_ip = port.get("hostIP") if isinstance(port.get("hostIP"), str) else ""
        if host_ip and not host_port:
            yield Violation(path, f"{path}: hostIP set without hostPort: {_port_repr(port, protocol)}", on="key")
        key = f"{container_port}/{protocol}"
        for other_path, other_ip, other_host_port in seen.get(key, ()):
            if host_ip == other_ip and host_port == other_host_port:
                yield Violation(path, f"{path}: duplicate port definition with {other_path}", on="key")
            elif host_port == 0 or other_host_port == 0:
                yield Violation(path, f"{path}: overlapping port definition with {other_path}", on="key")
            elif host_port == other_host_port and (host_ip == "") != (other_ip == ""):
                yield Violation(path, f"{path}: dangerously ambiguous port definition with {other_path}", on="key")
        seen.setdefault(key, []).append((path, host_ip, host_port))
    if pod.manifest.kubernetes_minor < (1, 32):
        return
    for container, path, port in ports:
        name = port.get("name")
        if not isinstance(name, str) or not name:
            continue
        if name in names:
            other = names[name]
            if other[: len(container.path)] == container.path:
                continue  # within one container it is an error: invalid-port
            message = (
                f"{path}: duplicate port name {api.go_quote(name)} with {other}, "
                f"services and probes that select ports by name will use {other}"
            )
            yield Violation(path / "name", message)
        else:
            names[name] = path


# --- pod-level scalars ----------------------------------------------------------------------------------------------------


@rule("negative-grace-period")
def negative_grace_period(pod: Pod) -> Iterator[Violation]:
    value = _int(pod.spec.get("terminationGracePeriodSeconds"))
    if value is not None and value < 0:
        where = pod.path / "terminationGracePeriodSeconds"
        yield Violation(where, f"{where}: must be >= 0; negative values are invalid and will be treated as 1")


# --- object names -------------------------------------------------------------------------------------------------------

NAME_USED_IN = {
    ("", "Pod"): "the Pod's hostname",
    ("", "ReplicationController"): "Pod names and hostnames",
    ("apps", "Deployment"): "Pod names and hostnames",
    ("apps", "ReplicaSet"): "Pod names and hostnames",
    ("batch", "Job"): "Pod names and hostnames",
    ("batch", "CronJob"): "Pod names and hostnames",
}


@rule("name-not-dns-label")
def name_not_dns_label(manifest: Manifest) -> Iterator[Violation]:
    used_in = NAME_USED_IN.get((manifest.group, manifest.kind))
    name = _str(manifest.metadata.get("name"))
    if used_in is None or not name or api.is_dns1123_subdomain(name) or pod_of(manifest) is None:
        return  # an invalid subdomain is an error (invalid-name), not this warning
    messages = api.is_dns1123_label(name)
    if messages:
        path = FieldPath(("metadata", "name"))
        detail = "[" + " ".join(messages) + "]"
        yield Violation(
            path,
            f"metadata.name: this is used in {used_in}, which can result in surprising behavior; "
            f"a DNS label is recommended: {detail}",
        )
