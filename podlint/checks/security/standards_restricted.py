"""The Pod Security Standards' *restricted* controls, as Pod Security Admission checks them.

Each rule mirrors a check of ``k8s.io/pod-security-admission/policy`` at the latest policy
version (``check_restrictedVolumes.go``, ``check_allowPrivilegeEscalation.go``,
``check_runAsNonRoot.go``, ``check_runAsUser.go``, ``check_seccompProfile_restricted.go``,
``check_capabilities_restricted.go``): the same containers (init, app and ephemeral), the same
pod-level inheritance, the same exemptions (Windows pods, user-namespaced pods), and the same
forbidden reason and detail. Where admission names several containers in one detail, podlint
reports each container where it is written, in the words admission would use for it alone.

What the baseline level also checks is left to ``standards_baseline``: a seccomp profile of
another type than ``RuntimeDefault`` or ``Localhost`` (``Unconfined``), a ``hostPath`` volume and
an added capability other than ``NET_BIND_SERVICE`` are reported there (in the restricted
level's words where it applies), so these rules do not repeat them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...findings import Violation
from ...model import Pod
from ...podsecurity import ALWAYS, Holds
from ...registry import rule
from ...sourcemap import FieldPath
from ..api.validation import _dicts, _int
from . import CAPABILITIES_RESTRICTED_SINCE, WINDOWS_EXEMPT_SINCE, container_name, pod_security_violation, verdict, windows_pod

RESTRICTED = "restricted"

# The inline volume sources the restricted level allows (restrictedVolumes_1_0); ``image`` too
# since Kubernetes 1.33 (kubernetes/kubernetes#130394, patched into the 1.0 check), and before
# 1.35 the API server drops image volumes (dropImageVolumes) before admission sees them.
ALLOWED_VOLUME_SOURCES = (
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
    "image",
)
# The other volume sources, in the order admission names them, with the names it uses.
RESTRICTED_VOLUME_SOURCES = (
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
)
# A pod in a user namespace (hostUsers: false) is exempt from runAsNonRoot and runAsUser since
# policy version 1.35 (KEP-127; before, only behind the UserNamespacesPodSecurityStandards gate).
USER_NAMESPACE_EXEMPT_SINCE = (1, 35)
CAPABILITY_ALL = "ALL"
# The policy version of each check's first version (check_*.go: MinimumVersion)
PRIVILEGE_ESCALATION_SINCE = (1, 8)
SECCOMP_RESTRICTED_SINCE = (1, 19)
RUN_AS_USER_SINCE = (1, 23)


def _dict(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _security_context(data: dict) -> dict:
    """A pod's or container's ``securityContext``; anything malformed reads as empty."""
    return _dict(data.get("securityContext")) or {}


def _holds(pod: Pod, since: tuple[int, int] = (1, 0), windows: bool = False, user_namespace: bool = False) -> Holds:
    """The policy versions at which a check that came in ``since`` finds a violation in the
    pod: before 1.25 for a Windows pod, if the check exempts them (``windows``); before 1.35
    for a pod in a user namespace, ``hostUsers: false``, where root in the container is not
    root on the node, if the check exempts those (``user_namespace``, relaxPolicyForUserNamespacePod)."""
    until = None
    if windows and windows_pod(pod):
        until = WINDOWS_EXEMPT_SINCE
    if user_namespace and pod.spec.get("hostUsers") is False:
        until = USER_NAMESPACE_EXEMPT_SINCE
    return Holds(since, until) if (since, until) != ((1, 0), None) else ALWAYS


def _violation(pod: Pod, at: FieldPath, reason: str, detail: str, explicit: bool, holds: Holds, on: str = "value"):
    return pod_security_violation(pod, RESTRICTED, at, reason, detail, explicit=explicit, on=on, holds=holds)


def _reported(pod: Pod, explicit: bool, holds: Holds) -> bool:
    """Whether the levels in force report a restricted violation of the pod (``explicit``: a
    dangerous value written, not a setting left out): the usual run reports only the former,
    and a rule need not word what no one will read."""
    return verdict(pod, RESTRICTED, explicit, holds) is not None


@rule("restricted-volume-types")
def restricted_volume_types(pod: Pod) -> Iterator[Violation]:
    for index, volume in _dicts(pod.spec.get("volumes")):
        present = [key for key, value in volume.items() if isinstance(value, dict)]  # a source is a mapping
        if any(key in ALLOWED_VOLUME_SOURCES for key in present):
            continue
        # a volume with no source at all is defaulted to an emptyDir (SetDefaults_Volume)
        source = next((key for key in RESTRICTED_VOLUME_SOURCES if key in present), None)
        if source is None or source == "hostPath":
            continue  # hostPath: baseline's host-path-volume reports it at every level
        name = volume.get("name") if isinstance(volume.get("name"), str) else ""
        violation = _violation(
            pod,
            pod.path / "volumes" / index / source,
            "restricted volume types",
            f'volume "{name}" uses restricted volume type "{source}"',
            explicit=False,
            holds=ALWAYS,
            on="key",
        )
        if violation:
            yield violation


@rule("privilege-escalation")
def privilege_escalation(pod: Pod) -> Iterator[Violation]:
    holds = _holds(pod, PRIVILEGE_ESCALATION_SINCE, windows=True)
    unset_reported = _reported(pod, False, holds)
    for container in pod.containers:
        value = _bool(_security_context(container.spec).get("allowPrivilegeEscalation"))
        if value is False or (value is None and not unset_reported):
            continue
        violation = _violation(
            pod,
            container.path / "securityContext" / "allowPrivilegeEscalation",
            "allowPrivilegeEscalation != false",
            f"{container_name(container)} must set securityContext.allowPrivilegeEscalation=false",
            explicit=value is True,
            holds=holds,
            on="value" if value is True else "key",
        )
        if violation:
            yield violation


@rule("run-as-non-root")
def run_as_non_root(pod: Pod) -> Iterator[Violation]:
    holds = _holds(pod, user_namespace=True)
    reason = "runAsNonRoot != true"
    pod_value = _bool(_security_context(pod.spec).get("runAsNonRoot"))
    values = [_bool(_security_context(container.spec).get("runAsNonRoot")) for container in pod.containers]
    # check_runAsNonRoot.go: where the pod or a container sets false, only those are named
    unset_reported = _reported(pod, False, holds) and pod_value is not False and False not in values
    if pod_value is False:
        violation = _violation(
            pod,
            pod.path / "securityContext" / "runAsNonRoot",
            reason,
            "pod must not set securityContext.runAsNonRoot=false",
            explicit=True,
            holds=holds,
        )
        if violation:
            yield violation
    for container, value in zip(pod.containers, values):
        at = container.path / "securityContext" / "runAsNonRoot"
        if value is False:
            detail, explicit, on = f"{container_name(container)} must not set securityContext.runAsNonRoot=false", True, "value"
        elif value is None and pod_value is None:
            if not unset_reported:
                continue
            # unset here and in the pod (a pod-level false is reported once, at the pod)
            detail, explicit, on = f"pod or {container_name(container)} must set securityContext.runAsNonRoot=true", False, "key"
        else:
            continue
        violation = _violation(pod, at, reason, detail, explicit=explicit, holds=holds, on=on)
        if violation:
            yield violation


@rule("run-as-root-user")
def run_as_root_user(pod: Pod) -> Iterator[Violation]:
    holds = _holds(pod, RUN_AS_USER_SINCE, user_namespace=True)
    setters = [(pod.path, pod.spec, "pod")]
    setters += [(container.path, container.spec, container_name(container)) for container in pod.containers]
    for path, spec, who in setters:
        if _int(_security_context(spec).get("runAsUser")) != 0:
            continue
        violation = _violation(
            pod,
            path / "securityContext" / "runAsUser",
            "runAsUser=0",
            f"{who} must not set runAsUser=0",
            explicit=True,
            holds=holds,
        )
        if violation:
            yield violation


SECCOMP_ALLOWED = ("RuntimeDefault", "Localhost")  # what the restricted level allows


def _seccomp_profile(spec: dict) -> dict | None:
    return _dict(_security_context(spec).get("seccompProfile"))


@rule("seccomp-required")
def seccomp_required(pod: Pod) -> Iterator[Violation]:
    """Only a profile left out is reported here: a type set to anything but RuntimeDefault or
    Localhost, on the pod or a container, is baseline's (seccomp-unconfined), and a container
    inheriting it is covered by that finding."""
    holds = _holds(pod, SECCOMP_RESTRICTED_SINCE, windows=True)
    if _seccomp_profile(pod.spec) is not None or not _reported(pod, False, holds):
        return
    profiles = [_seccomp_profile(container.spec) for container in pod.containers]
    if any(profile is not None and profile.get("type") not in SECCOMP_ALLOWED for profile in profiles):
        return  # check_seccompProfile_restricted.go names only the containers that set a bad type
    for container, profile in zip(pod.containers, profiles):
        if profile is not None:
            continue
        violation = _violation(
            pod,
            container.path / "securityContext" / "seccompProfile",
            "seccompProfile",
            f'pod or {container_name(container)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
            explicit=False,
            holds=holds,
            on="key",
        )
        if violation:
            yield violation


@rule("capabilities-drop-all")
def capabilities_drop_all(pod: Pod) -> Iterator[Violation]:
    holds = _holds(pod, CAPABILITIES_RESTRICTED_SINCE, windows=True)
    if not _reported(pod, False, holds):
        return
    for container in pod.containers:
        at = container.path / "securityContext" / "capabilities" / "drop"
        capabilities = _dict(_security_context(container.spec).get("capabilities"))
        drop = capabilities.get("drop") if capabilities is not None else None
        if isinstance(drop, list) and CAPABILITY_ALL in drop:
            continue
        violation = _violation(
            pod,
            at,
            "unrestricted capabilities",
            f'{container_name(container)} must set securityContext.capabilities.drop=["ALL"]',
            explicit=False,
            holds=holds,
            on="key",
        )
        if violation:
            yield violation
