"""The Pod Security Standards' baseline controls, one rule each, as Pod Security Admission
checks them (``k8s.io/pod-security-admission/policy/check_*.go``, the ``latest`` policy of
the Kubernetes version linted against).

Every container is visited, as PSA's ``visitContainers`` does: init containers (native
sidecars included: PSA does not tell them apart), app containers and ephemeral containers.
Only values a pod sets itself are checked: a container inheriting a forbidden pod-level value
is not reported again, the pod-level field is. Where PSA puts several containers or values in
one message, podlint reports each offending field on its own, in the words PSA would use if
it were the only one: ``container "web" must not set securityContext.privileged=true``.
A value of the wrong type reads as absent (the schema rules report it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ... import apiserver as api
from ...findings import Violation
from ...model import EPHEMERAL, Container, Pod
from ...podsecurity import ALWAYS, Holds, Verdict
from ...registry import Params, rule
from ...sourcemap import FieldPath
from ..api.validation import _dicts, _int
from . import CAPABILITIES_RESTRICTED_SINCE, WINDOWS_EXEMPT_SINCE, container_name, pod_security_violation, windows_pod

# check_capabilities_baseline.go: capabilities_allowed_1_0 (Docker's default set, less NET_RAW)
BASELINE_CAPABILITIES = frozenset(
    {
        "AUDIT_WRITE",
        "CHOWN",
        "DAC_OVERRIDE",
        "FOWNER",
        "FSETID",
        "KILL",
        "MKNOD",
        "NET_BIND_SERVICE",
        "SETFCAP",
        "SETGID",
        "SETPCAP",
        "SETUID",
        "SYS_CHROOT",
    }
)
# check_capabilities_restricted.go: the one capability the restricted level lets a container add
RESTRICTED_CAPABILITY = "NET_BIND_SERVICE"

# check_sysctls.go: the safe sysctls, by the policy version that allowed them
SAFE_SYSCTLS: tuple[tuple[tuple[int, int], frozenset[str]], ...] = (
    (
        (1, 0),
        frozenset(
            {
                "kernel.shm_rmid_forced",
                "net.ipv4.ip_local_port_range",
                "net.ipv4.tcp_syncookies",
                "net.ipv4.ping_group_range",
                "net.ipv4.ip_unprivileged_port_start",
            }
        ),
    ),
    ((1, 27), frozenset({"net.ipv4.ip_local_reserved_ports"})),
    (
        (1, 29),
        frozenset(
            {
                "net.ipv4.tcp_keepalive_time",
                "net.ipv4.tcp_fin_timeout",
                "net.ipv4.tcp_keepalive_intvl",
                "net.ipv4.tcp_keepalive_probes",
            }
        ),
    ),
    ((1, 32), frozenset({"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"})),
    ((1, 37), frozenset({"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"})),
)

# check_seLinuxOptions.go: selinuxAllowedTypes1_0, and container_engine_t from policy 1.31
SELINUX_TYPES = frozenset({"", "container_t", "container_init_t", "container_kvm_t"})
SELINUX_TYPES_1_31 = SELINUX_TYPES | {"container_engine_t"}

# check_appArmorProfile.go
APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
APPARMOR_TYPES = ("RuntimeDefault", "Localhost")
# check_seccompProfile_baseline.go (1.19+): validSeccomp
SECCOMP_TYPES = ("RuntimeDefault", "Localhost")

# check_procMount_baseline.go: from policy 1.35 a pod in a user namespace (hostUsers: false)
# may set any procMount under baseline; restricted (procMount_restricted) still refuses it.
PROC_MOUNT_USER_NAMESPACE_SINCE = (1, 35)
PROC_MOUNT_KEPT_SINCE = (1, 33)  # dropDisabledProcMountField, before ProcMountType is on by default
SELINUX_ENGINE_TYPE_SINCE = (1, 31)
# The policy versions that brought a check: check_seccompProfile_baseline.go's field check
# (before, it read the annotations), check_hostProbesAndHostLifecycle.go
SECCOMP_FIELD_SINCE = (1, 19)
HOST_PROBE_SINCE = (1, 34)


PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
HOOKS = ("postStart", "preStop")


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _quote(name: str) -> str:
    """A name as PSA's ``joinQuote`` writes it: in double quotes, nothing escaped."""
    return f'"{name}"'


def _security_context(container: Container) -> dict:
    return _dict(container.spec.get("securityContext"))


def _pod_security_context(pod: Pod) -> dict:
    return _dict(pod.spec.get("securityContext"))


def _found(pod: Pod, control: str, at: FieldPath, reason, detail, on: str = "value", holds: Holds = ALWAYS) -> Iterator[Violation]:
    """The finding for a violated control, if the level in force reports it (see
    :func:`pod_security_violation`; every baseline violation is a value set explicitly)."""
    violation = pod_security_violation(pod, control, at, reason, detail, on=on, holds=holds)
    if violation is not None:
        yield violation


# --- HostProcess ------------------------------------------------------------------------------


@rule("host-process")
def host_process(pod: Pod) -> Iterator[Violation]:
    """check_windowsHostProcess.go: windowsOptions.hostProcess=true, pod or container."""
    reason = "hostProcess"
    options = _dict(_pod_security_context(pod).get("windowsOptions"))
    if options.get("hostProcess") is True:
        at = pod.path / "securityContext" / "windowsOptions" / "hostProcess"
        detail = "pod must not set securityContext.windowsOptions.hostProcess=true"
        yield from _found(pod, "baseline", at, reason, detail)
    for container in pod.containers:
        options = _dict(_security_context(container).get("windowsOptions"))
        if options.get("hostProcess") is True:
            at = container.path / "securityContext" / "windowsOptions" / "hostProcess"
            detail = f"{container_name(container)} must not set securityContext.windowsOptions.hostProcess=true"
            yield from _found(pod, "baseline", at, reason, detail)


# --- host namespaces, privileged --------------------------------------------------------------


@rule("host-namespaces")
def host_namespaces(pod: Pod) -> Iterator[Violation]:
    """check_hostNamespaces.go: hostNetwork, hostPID, hostIPC must not be true."""
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.spec.get(field) is True:
            yield from _found(pod, "baseline", pod.path / field, "host namespaces", f"{field}=true")


@rule("privileged-container")
def privileged_container(pod: Pod) -> Iterator[Violation]:
    """check_privileged.go: securityContext.privileged=true in any container."""
    for container in pod.containers:
        if _security_context(container).get("privileged") is True:
            at = container.path / "securityContext" / "privileged"
            detail = f"{container_name(container)} must not set securityContext.privileged=true"
            yield from _found(pod, "baseline", at, "privileged", detail)


# --- capabilities -----------------------------------------------------------------------------


@rule("added-capabilities")
def added_capabilities(pod: Pod) -> Iterator[Violation]:
    """check_capabilities_baseline.go (beyond Docker's default set) and the ``add`` half of
    check_capabilities_restricted.go (anything but NET_BIND_SERVICE), which at the restricted
    level replaces the baseline check, in its own words, and exempts Windows pods from 1.25."""
    windows = windows_pod(pod)
    exempt = (1, 0), WINDOWS_EXEMPT_SINCE
    baseline = Holds(restricted=exempt) if windows else ALWAYS
    restricted = Holds(CAPABILITIES_RESTRICTED_SINCE, WINDOWS_EXEMPT_SINCE if windows else None)

    def reason(verdict: Verdict) -> str:
        replaced = verdict.level == "restricted" and verdict.version >= CAPABILITIES_RESTRICTED_SINCE
        return "unrestricted capabilities" if replaced else "non-default capabilities"

    for container in pod.containers:
        capabilities = _dict(_security_context(container).get("capabilities"))
        added = capabilities.get("add")
        if not isinstance(added, list):
            continue
        for index, capability in enumerate(added):
            if not isinstance(capability, str):
                continue
            at = container.path / "securityContext" / "capabilities" / "add" / index
            detail = (
                f"{container_name(container)} must not include {_quote(capability)} "
                "in securityContext.capabilities.add"
            )
            if capability not in BASELINE_CAPABILITIES:
                yield from _found(pod, "baseline", at, reason, detail, holds=baseline)
            elif capability != RESTRICTED_CAPABILITY:
                yield from _found(pod, "restricted", at, "unrestricted capabilities", detail, holds=restricted)


# --- volumes and ports ------------------------------------------------------------------------


@rule("host-path-volume")
def host_path_volume(pod: Pod) -> Iterator[Violation]:
    """check_hostPathVolumes.go; where restricted is in force, check_restrictedVolumes.go
    replaces it and reports the volume in its own words."""
    for index, volume in _dicts(pod.spec.get("volumes")):
        if not isinstance(volume.get("hostPath"), dict):
            continue
        name = volume.get("name")
        label = f"volume {_quote(name if isinstance(name, str) else '')}"
        at = pod.path / "volumes" / index / "hostPath"

        def reason(verdict: Verdict) -> str:
            return "restricted volume types" if verdict.level == "restricted" else "hostPath volumes"

        def detail(verdict: Verdict, label: str = label) -> str:
            return f'{label} uses restricted volume type "hostPath"' if verdict.level == "restricted" else label

        yield from _found(pod, "baseline", at, reason, detail, on="key")


def _allowed_ports(entries: list[str]) -> list[tuple[int, int]]:
    """``allowed-host-ports``: numbers (``"80"``) and inclusive ranges (``"30000-32767"``);
    an entry that is neither is ignored."""
    ranges = []
    for entry in entries:
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", entry)
        if match:
            low = int(match.group(1))
            ranges.append((low, int(match.group(2)) if match.group(2) else low))
    return ranges


@rule("host-port")
def host_port(pod: Pod, params: Params) -> Iterator[Violation]:
    """check_hostPorts.go: any hostPort but 0 (unset), in any container. A Pod on the host's
    network has its containers' ports as host ports: SetDefaults_Pod makes each unset hostPort
    its containerPort before admission sees it (of a Pod, not of a pod template)."""
    allowed = _allowed_ports(params.allowed_host_ports)
    defaulted = pod.is_pod and pod.spec.get("hostNetwork") is True
    for container in pod.containers:
        for index, port in _dicts(container.spec.get("ports")):
            number, field_name = _int(port.get("hostPort")), "hostPort"
            if not number and defaulted and container.role != EPHEMERAL:
                number, field_name = _int(port.get("containerPort")), "containerPort"
            if not number or any(low <= number <= high for low, high in allowed):
                continue
            at = container.path / "ports" / index / field_name
            detail = f"{container_name(container)} uses hostPort {number}"
            yield from _found(pod, "baseline", at, "hostPort", detail)


@rule("host-probe")
def host_probe(pod: Pod) -> Iterator[Violation]:
    """check_hostProbesAndhostLifecycle.go (1.34+): no ``host`` in an httpGet or tcpSocket
    probe or lifecycle handler, in any container."""
    for container in pod.containers:
        lifecycle = _dict(container.spec.get("lifecycle"))
        handlers = [((name,), container.spec.get(name)) for name in PROBES]
        handlers += [(("lifecycle", name), lifecycle.get(name)) for name in HOOKS]
        for where, handler in handlers:
            if not handler or not isinstance(handler, dict):
                continue
            for kind in ("httpGet", "tcpSocket"):
                host = _dict(handler.get(kind)).get("host")
                if isinstance(host, str) and host:
                    at = FieldPath((*container.path, *where, kind, "host"))
                    detail = f"{container_name(container)} uses probe or lifecycle host {_quote(host)}"
                    holds = Holds(HOST_PROBE_SINCE)
                    yield from _found(pod, "baseline", at, "probe or lifecycle host", detail, holds=holds)


# --- AppArmor, SELinux, /proc, seccomp --------------------------------------------------------


def _contexts(pod: Pod) -> Iterator[tuple[Container | None, dict]]:
    """The pod's securityContext, then each container's, with who sets it (None: the pod)."""
    yield None, _pod_security_context(pod)
    for container in pod.containers:
        yield container, _security_context(container)


def _setter(pod: Pod, owner: Container | None) -> tuple[str, FieldPath]:
    """How admission names who sets a securityContext, and where it is (made for a finding only)."""
    if owner is None:
        return "pod", pod.path / "securityContext"
    return container_name(owner), owner.path / "securityContext"


@rule("apparmor-profile")
def apparmor_profile(pod: Pod) -> Iterator[Violation]:
    """check_appArmorProfile.go: appArmorProfile.type (pod and containers) RuntimeDefault or
    Localhost, and the beta annotations runtime/default, localhost/* or empty."""
    reason = "forbidden AppArmor profile"
    for owner, context in _contexts(pod):
        kind = _dict(context.get("appArmorProfile")).get("type")
        if isinstance(kind, str) and kind not in APPARMOR_TYPES:
            setter, path = _setter(pod, owner)
            detail = f"{setter} must not set AppArmor profile type to {_quote(kind)}"
            yield from _found(pod, "baseline", path / "appArmorProfile" / "type", reason, detail)
    annotations = _dict(pod.metadata.get("annotations"))
    for key, value in annotations.items():
        if not (isinstance(key, str) and key.startswith(APPARMOR_ANNOTATION_PREFIX) and isinstance(value, str)):
            continue
        if value == "" or value == "runtime/default" or value.startswith("localhost/"):
            continue
        detail = f"annotation must not set AppArmor profile type to {_quote(f'{key}={api.go_quote(value)}')}"
        yield from _found(pod, "baseline", pod.metadata_path / "annotations" / key, reason, detail)


@rule("selinux-options")
def selinux_options(pod: Pod) -> Iterator[Violation]:
    """check_seLinuxOptions.go: seLinuxOptions.type one of the container types or empty; user
    and role empty. Pod and containers; ``level`` is free."""
    for owner, context in _contexts(pod):
        options = _dict(context.get("seLinuxOptions"))
        if not options:
            continue
        setter, path = _setter(pod, owner)
        at = path / "seLinuxOptions"
        prefix = f"{setter} set forbidden securityContext.seLinuxOptions: "
        kind = options.get("type")
        if isinstance(kind, str) and kind not in SELINUX_TYPES:
            holds = Holds(until=SELINUX_ENGINE_TYPE_SINCE) if kind in SELINUX_TYPES_1_31 else ALWAYS
            detail = prefix + f"type {_quote(kind)}"
            yield from _found(pod, "baseline", at / "type", "seLinuxOptions", detail, holds=holds)
        for field in ("user", "role"):
            value = options.get(field)
            if isinstance(value, str) and value:
                yield from _found(pod, "baseline", at / field, "seLinuxOptions", prefix + f"{field} may not be set")


@rule("proc-mount")
def proc_mount(pod: Pod) -> Iterator[Violation]:
    """check_procMount_baseline.go: procMount unset or Default; from policy 1.35 baseline lets
    a pod in a user namespace (``hostUsers: false``) set any, which restricted still refuses
    (check_procMount_restricted.go)."""
    if pod.manifest.kubernetes_minor < PROC_MOUNT_KEPT_SINCE:
        return  # ProcMountType is off: the API server makes every procMount Default before admission
    user_namespace = pod.spec.get("hostUsers") is False
    holds = Holds(until=PROC_MOUNT_USER_NAMESPACE_SINCE, restricted=((1, 0), None)) if user_namespace else ALWAYS
    for container in pod.containers:
        value = _security_context(container).get("procMount")
        if isinstance(value, str) and value != "Default":
            at = container.path / "securityContext" / "procMount"
            detail = f"{container_name(container)} must not set securityContext.procMount to {_quote(value)}"
            yield from _found(pod, "baseline", at, "procMount", detail, holds=holds)


@rule("seccomp-unconfined")
def seccomp_unconfined(pod: Pod) -> Iterator[Violation]:
    """check_seccompProfile_baseline.go (policy 1.19+): seccompProfile.type, pod and
    containers, RuntimeDefault or Localhost when set. The alpha annotations, which the check
    read before, are not looked at. At the restricted level the restricted check replaces it,
    which exempts Windows pods from 1.25."""
    since = SECCOMP_FIELD_SINCE
    holds = Holds(since, restricted=(since, WINDOWS_EXEMPT_SINCE)) if windows_pod(pod) else Holds(since)
    for owner, context in _contexts(pod):
        kind = _dict(context.get("seccompProfile")).get("type")
        if isinstance(kind, str) and kind not in SECCOMP_TYPES:
            setter, path = _setter(pod, owner)
            detail = f"{setter} must not set securityContext.seccompProfile.type to {_quote(kind)}"
            yield from _found(pod, "baseline", path / "seccompProfile" / "type", "seccompProfile", detail, holds=holds)


# --- sysctls ----------------------------------------------------------------------------------


def _sysctl_holds(name: str) -> Holds:
    """Where a sysctl is forbidden: until the policy version that allowed it, if one did."""
    return next((Holds(until=since) for since, names in SAFE_SYSCTLS if name in names), ALWAYS)


@rule("unsafe-sysctls")
def unsafe_sysctls(pod: Pod) -> Iterator[Violation]:
    """check_sysctls.go: spec.securityContext.sysctls[*].name in the safe set."""
    for index, sysctl in _dicts(_pod_security_context(pod).get("sysctls")):
        name = sysctl.get("name")
        if isinstance(name, str):
            at = pod.path / "securityContext" / "sysctls" / index / "name"
            yield from _found(pod, "baseline", at, "forbidden sysctls", name, holds=_sysctl_holds(name))
