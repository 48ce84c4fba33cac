"""Rules of the ``security`` category: the Pod Security Standards' controls, one rule each
(``standards_baseline``, ``standards_restricted``), and hardening beyond them (``hardening``).

A control's violation is reported as Pod Security Admission words it, and as loud as the
level in force makes it (:mod:`podlint.podsecurity`).
"""

from __future__ import annotations

from typing import Callable

from ...findings import Violation
from ...model import Container, Pod
from ...podsecurity import ALWAYS, Holds, Verdict
from ...sourcemap import FieldPath

# Windows pods (spec.os.name: windows) are exempt from the allowPrivilegeEscalation, seccomp and
# capabilities checks since policy version 1.25: the API server refuses those fields on them.
WINDOWS_EXEMPT_SINCE = (1, 25)
# check_capabilities_restricted.go's first policy version; at the restricted level it replaces
# check_capabilities_baseline.go
CAPABILITIES_RESTRICTED_SINCE = (1, 22)


def container_name(container: Container) -> str:
    """How admission names a container, whatever its kind: ``container "web"``."""
    return f'container "{container.name or ""}"'


def windows_pod(pod: Pod) -> bool:
    """A Windows pod (``spec.os.name: windows``), exempt from the Linux-only checks from policy 1.25."""
    os = pod.spec.get("os")
    return isinstance(os, dict) and os.get("name") == "windows"


def verdict(pod: Pod, control: str, explicit: bool, holds: Holds = ALWAYS) -> Verdict | None:
    """How the levels in force for the pod report a violation of ``control`` (None: not at all)."""
    manifest = pod.manifest
    enforced = (manifest.group, manifest.kind) != ("", "PodTemplate")  # no pod is made from one
    return manifest.pod_security.verdict(
        manifest.ref.namespace, control, explicit, manifest.kubernetes_minor, holds, enforced
    )


def pod_security_violation(
    pod: Pod,
    control: str,
    at: FieldPath,
    reason: str | Callable[[Verdict], str],
    detail: str | Callable[[Verdict], str],
    explicit: bool = True,
    on: str = "value",
    holds: Holds = ALWAYS,
) -> Violation | None:
    """The finding for a violated control of level ``control`` ("baseline" or "restricted"), or
    None when the levels in force for the pod do not report it (at the policy versions where
    the check ``holds``). ``reason`` and ``detail`` are the check's forbidden reason and detail
    in k8s.io/pod-security-admission's words (either may depend on the level and version the
    violation is reported at, where another check replaces one): ``violates PodSecurity "restricted:latest":
    allowPrivilegeEscalation != false (container "web" must set
    securityContext.allowPrivilegeEscalation=false)`` (``would violate`` where a ``warn`` or
    ``audit`` label asks for the level)."""
    found = verdict(pod, control, explicit, holds)
    if found is None:
        return None
    reason = reason if isinstance(reason, str) else reason(found)
    detail = detail if isinstance(detail, str) else detail(found)
    return Violation(at, f'{found.verb} PodSecurity "{found.policy}": {reason} ({detail})', on=on, severity=found.severity)
