"""What the API server refuses in security contexts: ``ValidateSecurityContext`` (each
container), ``validatePodSpecSecurityContext`` (the pod) and, for the operating system a pod
declares, ``validateOS``, ``validateLinux`` and ``validateWindows`` in
``pkg/apis/core/validation/validation.go``, in its words. Whether a security context is
*safe* is the Pod Security Standards' business (the security rules); this is whether it is
accepted at all.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Pod
from ...registry import rule
from ...sourcemap import FieldPath
from .validation import _local_path_errors, _name_errors

MAX_ID = 2**31 - 1  # IsValidUserID, IsValidGroupID
ID_RANGE = f"must be between 0 and {MAX_ID}, inclusive"
PROFILE_TYPES = ("Localhost", "RuntimeDefault", "Unconfined")
FS_GROUP_CHANGE_POLICIES = ("Always", "OnRootMismatch")  # sets.List: sorted


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _id_errors(path: FieldPath, key: str | int, value: Any) -> Iterator[Violation]:
    """A user or group ID at ``path / key`` (the path made for a finding only)."""
    number = _int(value)
    if number is not None and not 0 <= number <= MAX_ID:
        where = path / key
        yield Violation(where, api.invalid(where, number, ID_RANGE))


def _seccomp_errors(context: FieldPath, profile: Any) -> Iterator[Violation]:
    # validateSeccompProfileField, validateSeccompProfileType, of the profile in the security context at context
    if not isinstance(profile, dict):
        return
    path = context / "seccompProfile"
    kind, local = profile.get("type"), profile.get("localhostProfile")
    if not isinstance(kind, str):
        return  # a missing type is the schema's finding
    where = path / "type"
    if kind == "":
        yield Violation(where, api.required(where, "type is required when seccompProfile is set"))
    elif kind not in PROFILE_TYPES:
        yield Violation(where, api.not_supported(where, kind, PROFILE_TYPES))
    where = path / "localhostProfile"
    if kind == "Localhost":
        if local is None:
            yield Violation(path / "type", api.required(where, "must be set when seccomp type is Localhost"))
        elif isinstance(local, str):
            yield from _local_path_errors(where, local, where)
    elif local is not None:
        value = api.Stringer(f"core.SeccompProfile{{Type:{api.go_quote(kind)}, LocalhostProfile:(*string)({api.UNKNOWN_ADDRESS})}}")
        yield Violation(where, api.invalid(where, value, "can only be set when seccomp type is Localhost"))


def _app_armor_errors(context: FieldPath, profile: Any) -> Iterator[Violation]:
    # ValidateAppArmorProfileField, of the profile in the security context at context
    if not isinstance(profile, dict):
        return
    path = context / "appArmorProfile"
    kind, local = profile.get("type"), profile.get("localhostProfile")
    if not isinstance(kind, str):
        return  # a missing type is the schema's finding
    where = path / "localhostProfile"
    if kind == "Localhost":
        if local is None or (isinstance(local, str) and local == local.strip() == ""):
            at = where if local is not None else path / "type"
            yield Violation(at, api.required(where, "must be set when AppArmor type is Localhost"))
        elif isinstance(local, str) and local != local.strip():
            yield Violation(where, api.invalid(where, local, "must not be padded with whitespace"))
    elif kind in ("RuntimeDefault", "Unconfined"):
        if isinstance(local, str):
            yield Violation(where, api.invalid(where, local, "can only be set when AppArmor type is Localhost"))
    elif kind == "":
        yield Violation(path / "type", api.required(path / "type", "type is required when appArmorProfile is set"))
    else:
        yield Violation(path / "type", api.not_supported(path / "type", kind, PROFILE_TYPES))


PROC_MOUNTS = ("Default", "Unmasked")  # ValidateProcMountType, in its order
PROC_MOUNT_SINCE = (1, 33)  # ProcMountType, on by default: before, a procMount is made Default


def _container_errors(path: FieldPath, context: dict, pod: Pod) -> Iterator[Violation]:
    # ValidateSecurityContext
    yield from _id_errors(path, "runAsUser", context.get("runAsUser"))
    yield from _id_errors(path, "runAsGroup", context.get("runAsGroup"))
    proc_mount = context.get("procMount")
    if isinstance(proc_mount, str) and pod.manifest.kubernetes_minor >= PROC_MOUNT_SINCE:
        where = path / "procMount"
        if proc_mount not in PROC_MOUNTS:
            yield Violation(where, api.not_supported(where, proc_mount, PROC_MOUNTS))
        if proc_mount == "Unmasked" and pod.spec.get("hostUsers") is not False:
            yield Violation(where, api.invalid(where, proc_mount, "`hostUsers` must be false to use `Unmasked`"))
    yield from _seccomp_errors(path, context.get("seccompProfile"))
    if context.get("allowPrivilegeEscalation") is False:
        # the API server prints the whole security context, a struct of pointers: podlint abbreviates it
        value = api.Stringer("core.SecurityContext{…}")
        if context.get("privileged") is True:
            detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"
            yield Violation(path, api.invalid(path, value, detail), on="key")
        capabilities = context.get("capabilities")
        added = capabilities.get("add") if isinstance(capabilities, dict) else None
        for capability in added if isinstance(added, list) else ():
            if capability == "CAP_SYS_ADMIN":
                detail = "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"
                yield Violation(path, api.invalid(path, value, detail), on="key")
    yield from _windows_options_errors(path, context.get("windowsOptions"))
    yield from _app_armor_errors(path, context.get("appArmorProfile"))


# --- Windows options: validateWindowsSecurityContextOptions, validateWindowsHostProcessPod ----------------

MAX_GMSA_CREDENTIAL_SPEC_KIB = 64
MAX_RUN_AS_USER_NAME_DOMAIN = 256  # bytes: the domain must be shorter
MAX_RUN_AS_USER_NAME_USER = 104
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # [[:cntrl:]]
_NETBIOS_DOMAIN = re.compile(r'[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}\Z')
_DOMAIN_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
_DNS_DOMAIN = re.compile(f"{_DOMAIN_LABEL}(?:\\.{_DOMAIN_LABEL})*\\Z")
_USER_NAME_CHARACTERS = re.compile(r'["/\\:;|=,+*?<>@\[\]]')
_DOTS_AND_SPACES = re.compile(r"[. ]+\Z")


def _run_as_user_name_errors(name: str) -> Iterator[str]:
    """What is wrong with a Windows ``runAsUserName``, ``DOMAIN\\USER`` or ``USER``."""
    parts = name.split("\\")
    if not name:
        yield "runAsUserName cannot be an empty string"
    elif _CONTROL_CHARACTERS.search(name):
        yield "runAsUserName cannot contain control characters"
    elif len(parts) > 2:
        yield "runAsUserName cannot contain more than one backslash"
    else:
        domain, user = parts if len(parts) == 2 else ("", parts[0])
        if len(domain.encode()) >= MAX_RUN_AS_USER_NAME_DOMAIN:
            yield f"runAsUserName's Domain length must be under {MAX_RUN_AS_USER_NAME_DOMAIN} characters"
        if len(parts) == 2 and not (_NETBIOS_DOMAIN.match(domain) or _DNS_DOMAIN.match(domain)):
            yield "runAsUserName's Domain doesn't match the NetBios nor the DNS format"
        if not user:
            yield "runAsUserName's User cannot be empty"
        elif len(user.encode()) > MAX_RUN_AS_USER_NAME_USER:
            yield f"runAsUserName's User length must not be longer than {MAX_RUN_AS_USER_NAME_USER} characters"
        if _DOTS_AND_SPACES.match(user):
            yield "runAsUserName's User cannot contain only periods or spaces"
        if _USER_NAME_CHARACTERS.search(user):
            yield 'runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]'


def _windows_options_errors(context: FieldPath, options: Any) -> Iterator[Violation]:
    # validateWindowsSecurityContextOptions, of the options in the security context at context
    if not isinstance(options, dict):
        return
    path = context / "windowsOptions"
    name = options.get("gmsaCredentialSpecName")
    if isinstance(name, str):
        # the name of a GMSACredentialSpec object
        yield from _name_errors(path / "gmsaCredentialSpecName", name, api.is_dns1123_subdomain(name))
    spec = options.get("gmsaCredentialSpec")
    if isinstance(spec, str):
        where = path / "gmsaCredentialSpec"
        if not spec:
            yield Violation(where, api.invalid(where, spec, "gmsaCredentialSpec cannot be an empty string"))
        elif len(spec.encode()) > MAX_GMSA_CREDENTIAL_SPEC_KIB * 1024:
            detail = f"gmsaCredentialSpec size must be under {MAX_GMSA_CREDENTIAL_SPEC_KIB} KiB"
            yield Violation(where, api.invalid(where, spec, detail))
    user_name = options.get("runAsUserName")
    if isinstance(user_name, str):
        yield from _name_errors(path / "runAsUserName", user_name, tuple(_run_as_user_name_errors(user_name)))


def _host_process(context: Any) -> bool | None:
    options = context.get("windowsOptions") if isinstance(context, dict) else None
    value = options.get("hostProcess") if isinstance(options, dict) else None
    return value if isinstance(value, bool) else None


def _host_process_errors(pod: Pod) -> Iterator[Violation]:
    """validateWindowsHostProcessPod: a container's hostProcess agrees with the pod's, and a
    pod with one HostProcess container has only those, on the host's network (the cluster's
    ``--allow-privileged``, which may forbid them all, is not known here)."""
    pod_value = _host_process(pod.spec.get("securityContext"))
    host_process = 0
    for container in pod.containers:
        value = _host_process(container.spec.get("securityContext"))
        if pod_value is not None and value is not None and value != pod_value:
            where = container.path / "securityContext" / "windowsOptions" / "hostProcess"
            detail = f"pod hostProcess value must be identical if both are specified, was {api.go_value(pod_value)}"
            yield Violation(where, api.invalid(where, value, detail))
        host_process += value is True or (value is None and pod_value is True)
    if not host_process:
        return
    if host_process != len(pod.containers):
        detail = "If pod contains any hostProcess containers then all containers must be HostProcess containers"
        yield Violation(pod.path, api.invalid(pod.path, "", detail), on="key")
    if pod.spec.get("hostNetwork") is not True:
        where = pod.path / "hostNetwork"
        at, on = (where, "value") if "hostNetwork" in pod.spec else (pod.path, "key")
        yield Violation(at, api.invalid(where, False, "hostNetwork must be true if pod contains any hostProcess containers"), on=on)


# --- the pod's security context ---------------------------------------------------------------------

HOST_USERS_SINCE = (1, 33)  # UserNamespacesSupport, on by default: before, hostUsers is dropped
HOST_USERS_DEVICES_SINCE = (1, 34)  # #132868: no volumeDevices, and the messages reworded
# SupplementalGroupsPolicy and SELinuxChangePolicy, on by default from 1.33: before, the API
# server drops the fields. Until SELinuxMount is on (1.37), a new pod may only ask for Recursive.
SUPPLEMENTAL_GROUPS_POLICY_SINCE = (1, 33)
SUPPLEMENTAL_GROUPS_POLICIES = ("Merge", "Strict")  # sets.List: sorted
SELINUX_CHANGE_POLICY_SINCE = (1, 33)
SELINUX_MOUNT_SINCE = (1, 37)
SELINUX_CHANGE_POLICIES = ("MountOption", "Recursive")


def _pod_errors(pod: Pod) -> Iterator[Violation]:
    # validatePodSpecSecurityContext (its path is the internal type's: shareProcessNamespace
    # and hostPID live in the security context there)
    path = pod.path / "securityContext"
    context = pod.spec.get("securityContext")
    context = context if isinstance(context, dict) else {}
    yield from _id_errors(path, "fsGroup", context.get("fsGroup"))
    yield from _id_errors(path, "runAsUser", context.get("runAsUser"))
    yield from _id_errors(path, "runAsGroup", context.get("runAsGroup"))
    groups = context.get("supplementalGroups")
    for index, group in enumerate(groups if isinstance(groups, list) else ()):
        yield from _id_errors(path / "supplementalGroups", index, group)
    if pod.spec.get("shareProcessNamespace") is True and pod.spec.get("hostPID") is True:
        where = path / "shareProcessNamespace"
        detail = "ShareProcessNamespace and HostPID cannot both be enabled"
        yield Violation(pod.path / "shareProcessNamespace", api.invalid(where, True, detail))
    version = pod.manifest.kubernetes_minor
    if pod.spec.get("hostUsers") is False and version >= HOST_USERS_SINCE:
        # validateHostUsers: a pod in a user namespace shares no other namespace with the node
        # (sic: the process and IPC namespaces are named with a capital), and from 1.34 has no
        # block devices
        detail = "when `hostUsers` is false" if version >= HOST_USERS_DEVICES_SINCE else "when `pod.Spec.HostUsers` is false"
        for field, named in (("hostNetwork", "hostNetwork"), ("hostPID", "HostPID"), ("hostIPC", "HostIPC")):
            if pod.spec.get(field) is True:
                where = pod.path / named
                yield Violation(pod.path / field, api.forbidden(where, detail))
        if version >= HOST_USERS_DEVICES_SINCE:
            for container in (*pod.init_containers, *pod.app_containers, *pod.ephemeral_containers):
                devices = container.spec.get("volumeDevices")
                if isinstance(devices, list) and devices:
                    where = container.path / "volumeDevices"
                    yield Violation(where, api.forbidden(where, detail), on="key")
    policy = context.get("fsGroupChangePolicy")
    if isinstance(policy, str) and policy not in FS_GROUP_CHANGE_POLICIES:
        where = path / "fsGroupChangePolicy"
        yield Violation(where, api.not_supported(where, policy, FS_GROUP_CHANGE_POLICIES))
    yield from _sysctl_errors(pod, path / "sysctls", context.get("sysctls"))
    yield from _seccomp_errors(path, context.get("seccompProfile"))
    yield from _app_armor_errors(path, context.get("appArmorProfile"))
    yield from _windows_options_errors(path, context.get("windowsOptions"))
    version = pod.manifest.kubernetes_minor
    policy = context.get("supplementalGroupsPolicy")
    if isinstance(policy, str) and version >= SUPPLEMENTAL_GROUPS_POLICY_SINCE and policy not in SUPPLEMENTAL_GROUPS_POLICIES:
        where = path / "supplementalGroupsPolicy"
        yield Violation(where, api.not_supported(where, policy, SUPPLEMENTAL_GROUPS_POLICIES))
    policy = context.get("seLinuxChangePolicy")
    if isinstance(policy, str) and version >= SELINUX_CHANGE_POLICY_SINCE:
        allowed = SELINUX_CHANGE_POLICIES if version >= SELINUX_MOUNT_SINCE else ("Recursive",)
        if policy not in allowed:
            where = path / "seLinuxChangePolicy"
            yield Violation(where, api.not_supported(where, policy, allowed))
    yield from _host_process_errors(pod)


# --- sysctls: validateSysctls, ValidateHostSysctl ---------------------------------------------------

SYSCTL_MAX_LENGTH = 253
_SYSCTL_SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?"
SYSCTL_PATTERN = f"^({_SYSCTL_SEGMENT}[\\./])*{_SYSCTL_SEGMENT}$"  # sysctlContainSlashRegexp
_SYSCTL = re.compile(SYSCTL_PATTERN.replace("$", "\\Z"))
# component-helpers' sysctl namespaces: of a whole name, and of a name's prefix
_IPC_SYSCTLS = frozenset((
    "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.shm",
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg",
))


def _sysctl_namespace(name: str) -> str:
    """``GetNamespace``: "Net", "IPC" or "" for a sysctl (``net/ipv4/ip_forward`` is written with
    slashes; a ``*`` ends a prefix)."""
    separator = next((char for char in name if char in "./"), ".")
    if separator == "/":  # NormalizeName: swap the two separators
        name = name.translate(str.maketrans("./", "/."))
    name = name.split("*", 1)[0]
    if name in _IPC_SYSCTLS or name.startswith("fs.mqueue."):
        return "IPC"
    return "Net" if name.startswith("net.") else ""


def _sysctl_errors(pod: Pod, path: FieldPath, sysctls: Any) -> Iterator[Violation]:
    seen: set[str] = set()
    host_network, host_ipc = pod.spec.get("hostNetwork") is True, pod.spec.get("hostIPC") is True
    for index, sysctl in enumerate(sysctls if isinstance(sysctls, list) else ()):
        name = sysctl.get("name") if isinstance(sysctl, dict) else None
        if not isinstance(name, str):
            continue  # the schema's finding
        where = path / index / "name"
        if not name:
            yield Violation(where, api.required(where))
        elif len(name) > SYSCTL_MAX_LENGTH or not _SYSCTL.match(name):
            detail = f"must have at most {SYSCTL_MAX_LENGTH} characters and match regex {SYSCTL_PATTERN}"
            yield Violation(where, api.invalid(where, name, detail))
        elif name in seen:
            yield Violation(where, api.duplicate(where, name))
        namespace = _sysctl_namespace(name)
        if host_network and namespace == "Net":
            yield Violation(where, api.invalid(where, name, "may not be specified when 'hostNetwork' is true"))
        elif host_ipc and namespace == "IPC":
            yield Violation(where, api.invalid(where, name, "may not be specified when 'hostIPC' is true"))
        seen.add(name)


@rule("invalid-security-context")
def invalid_security_context(pod: Pod) -> Iterator[Violation]:
    yield from _pod_errors(pod)
    for container in pod.containers:
        context = container.spec.get("securityContext")
        if isinstance(context, dict):
            yield from _container_errors(container.path / "securityContext", context, pod)


# --- a pod's operating system: validateOS, validateLinux, validateWindows ------------------------------

OPERATING_SYSTEMS = ("linux", "windows")  # validOS, sorted
NOT_FOR_WINDOWS = "cannot be set for a windows pod"
NOT_FOR_LINUX = "windows options cannot be set for a linux pod"
# What a Windows pod may not set, in validateWindows' order: the pod's own fields (the host
# namespaces and hostUsers live in its security context in the API server's types), each with
# the version from which the API server keeps it (it drops a field whose feature is off)
WINDOWS_POD_FIELDS = (
    (("securityContext", "appArmorProfile"), (1, 30)),
    (("securityContext", "seLinuxOptions"), (1, 30)),
    (("hostUsers",), (1, 33)),  # UserNamespacesSupport
    (("hostPID",), (1, 30)),
    (("hostIPC",), (1, 30)),
    (("securityContext", "seccompProfile"), (1, 30)),
    (("securityContext", "fsGroup"), (1, 30)),
    (("securityContext", "fsGroupChangePolicy"), (1, 30)),
    (("securityContext", "sysctls"), (1, 30)),
    (("shareProcessNamespace",), (1, 30)),
    (("securityContext", "runAsUser"), (1, 30)),
    (("securityContext", "runAsGroup"), (1, 30)),
    (("securityContext", "supplementalGroups"), (1, 30)),
    (("securityContext", "supplementalGroupsPolicy"), (1, 33)),  # SupplementalGroupsPolicy
    (("securityContext", "seLinuxChangePolicy"), (1, 33)),  # SELinuxChangePolicy
)
WINDOWS_CONTAINER_FIELDS = (
    ("appArmorProfile", (1, 30)),
    ("seLinuxOptions", (1, 30)),
    ("seccompProfile", (1, 30)),
    ("capabilities", (1, 30)),
    ("readOnlyRootFilesystem", (1, 30)),
    ("privileged", (1, 30)),
    ("allowPrivilegeEscalation", (1, 30)),
    ("procMount", (1, 30)),  # before 1.33 (ProcMountType off), made Default: still set
    ("runAsUser", (1, 30)),
    ("runAsGroup", (1, 30)),
)


def _set(value: Any, field: str) -> bool:
    """Whether the API server sees the field as set: a pointer that is not nil (``false`` too),
    a list that is not empty for sysctls, a true boolean for the host namespaces."""
    if field == "sysctls":
        return isinstance(value, list) and len(value) > 0
    if field in ("hostPID", "hostIPC"):
        return value is True
    return value is not None


def _windows_errors(pod: Pod) -> Iterator[Violation]:
    version = pod.manifest.kubernetes_minor
    context = pod.spec.get("securityContext")
    context = context if isinstance(context, dict) else {}
    for fields, since in WINDOWS_POD_FIELDS:
        holder = context if fields[0] == "securityContext" else pod.spec
        if version >= since and _set(holder.get(fields[-1]), fields[-1]):
            path = FieldPath((*pod.path, *fields))
            yield Violation(path, api.forbidden(path, NOT_FOR_WINDOWS), on="key")
    for container in pod.containers:
        context = container.spec.get("securityContext")
        if not isinstance(context, dict):
            continue
        for field, since in WINDOWS_CONTAINER_FIELDS:
            if version >= since and context.get(field) is not None:
                path = container.path / "securityContext" / field
                yield Violation(path, api.forbidden(path, NOT_FOR_WINDOWS), on="key")


@rule("invalid-pod-os")
def invalid_pod_os(pod: Pod) -> Iterator[Violation]:
    os = pod.spec.get("os")
    name = os.get("name") if isinstance(os, dict) else None
    if not isinstance(name, str):
        return  # no os, or no name: the schema's finding
    path = pod.path / "os"
    if not name:  # "cannot be empty" until 1.34 dropped the redundant detail (#132472)
        detail = "" if pod.manifest.kubernetes_minor >= (1, 34) else "cannot be empty"
        yield Violation(path / "name", api.required(path / "name", detail))
    elif name not in OPERATING_SYSTEMS:
        yield Violation(path / "name", api.not_supported(path, name, OPERATING_SYSTEMS))
    elif name == "windows":
        yield from _windows_errors(pod)
    else:
        context = pod.spec.get("securityContext")
        if isinstance(context, dict) and context.get("windowsOptions") is not None:
            where = pod.path / "securityContext" / "windowsOptions"
            yield Violation(where, api.forbidden(where, NOT_FOR_LINUX), on="key")
        for container in pod.containers:
            context = container.spec.get("securityContext")
            if isinstance(context, dict) and context.get("windowsOptions") is not None:
                where = container.path / "securityContext" / "windowsOptions"
                yield Violation(where, api.forbidden(where, NOT_FOR_LINUX), on="key")
