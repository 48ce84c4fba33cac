"""Rules of the ``security`` category: the Pod Security Standards' controls, one rule each
(``standards_baseline``, ``standards_restricted``), and hardening beyond them (``hardening``).

A control's violation is reported as Pod Security Admission words it, and as loud as the
level in force makes it (:mod:`podlint.podsecurity`).
"""

from __future__ import annotations

from ...findings import Violation
from ...model import Container, Pod
from ...sourcemap import FieldPath

# Windows pods (spec.os.name: windows) are exempt from the allowPrivilegeEscalation, seccomp and
# capabilities checks since policy version 1.25: the API server refuses those fields on them.
WINDOWS_EXEMPT_SINCE = (1, 25)


def container_name(container: Container) -> str:
    """How admission names a container, whatever its kind: ``container "web"``."""
    return f'container "{container.name or ""}"'


def windows_pod(pod: Pod) -> bool:
    """A Windows pod, exempt from the Linux-only checks."""
    os = pod.spec.get("os")
    return (
        isinstance(os, dict) and os.get("name") == "windows" and pod.manifest.kubernetes_minor >= WINDOWS_EXEMPT_SINCE
    )


def pod_security_violation(
    pod: Pod, control: str, at: FieldPath, reason: str, detail: str, explicit: bool = True, on: str = "value"
) -> Violation | None:
    """The finding for a violated control of level ``control`` ("baseline" or "restricted"), or
    None when the level in force for the pod does not report it. ``reason`` and ``detail`` are
    the check's forbidden reason and detail in k8s.io/pod-security-admission's words:
    ``violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container
    "web" must set securityContext.allowPrivilegeEscalation=false)`` (``would violate`` where a
    ``warn`` or ``audit`` label asks for the level)."""
    manifest = pod.manifest
    verdict = manifest.pod_security.verdict(manifest.ref.namespace, control, explicit)
    if verdict is None:
        return None
    severity, level, verb = verdict
    return Violation(at, f'{verb} PodSecurity "{level}": {reason} ({detail})', on=on, severity=severity)
