"""Which built-in API versions a Kubernetes release no longer serves, or serves with a deprecation warning.

From the Deprecated API Migration Guide
(https://kubernetes.io/docs/reference/using-api/deprecation-guide/) and the API server's own
deprecation warnings (``v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1
EndpointSlice``), whose wording the messages follow.
"""

from __future__ import annotations

from typing import NamedTuple


class ApiLifecycle(NamedTuple):
    deprecated: tuple[int, int] | None  # first minor version that warns
    removed: tuple[int, int] | None  # first minor version that no longer serves it
    replacement: str | None  # "apps/v1 Deployment"; None when nothing replaces it


def _removed(version: str, replacement_version: str | None, *pairs: str, deprecated: str | None = None):
    """Table rows for ``group/version Kind`` pairs removed in ``version``, replaced by ``replacement_version``."""
    rows = {}
    for pair in pairs:
        api_version, kind = pair.split()
        replacement = f"{replacement_version} {kind}" if replacement_version else None
        rows[(api_version, kind)] = ApiLifecycle(_minor(deprecated) if deprecated else None, _minor(version), replacement)
    return rows


def _minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


LIFECYCLE: dict[tuple[str, str], ApiLifecycle] = {
    # v1.16
    **_removed("1.16", "networking.k8s.io/v1", "extensions/v1beta1 NetworkPolicy"),
    **_removed("1.16", "apps/v1", "extensions/v1beta1 DaemonSet", "apps/v1beta2 DaemonSet"),
    **_removed("1.16", "apps/v1", "extensions/v1beta1 Deployment", "apps/v1beta1 Deployment", "apps/v1beta2 Deployment"),
    **_removed("1.16", "apps/v1", "apps/v1beta1 StatefulSet", "apps/v1beta2 StatefulSet"),
    **_removed("1.16", "apps/v1", "extensions/v1beta1 ReplicaSet", "apps/v1beta1 ReplicaSet", "apps/v1beta2 ReplicaSet"),
    # v1.22
    **_removed(
        "1.22",
        "admissionregistration.k8s.io/v1",
        "admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration",
    ),
    **_removed("1.22", "apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1 CustomResourceDefinition"),
    **_removed("1.22", "apiregistration.k8s.io/v1", "apiregistration.k8s.io/v1beta1 APIService"),
    **_removed("1.22", "authentication.k8s.io/v1", "authentication.k8s.io/v1beta1 TokenReview"),
    **_removed(
        "1.22",
        "authorization.k8s.io/v1",
        "authorization.k8s.io/v1beta1 LocalSubjectAccessReview",
        "authorization.k8s.io/v1beta1 SelfSubjectAccessReview",
        "authorization.k8s.io/v1beta1 SubjectAccessReview",
    ),
    **_removed("1.22", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1 CertificateSigningRequest"),
    **_removed("1.22", "coordination.k8s.io/v1", "coordination.k8s.io/v1beta1 Lease"),
    **_removed("1.22", "networking.k8s.io/v1", "extensions/v1beta1 Ingress", "networking.k8s.io/v1beta1 Ingress"),
    **_removed("1.22", "networking.k8s.io/v1", "networking.k8s.io/v1beta1 IngressClass"),
    **_removed(
        "1.22",
        "rbac.authorization.k8s.io/v1",
        "rbac.authorization.k8s.io/v1beta1 ClusterRole",
        "rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1beta1 Role",
        "rbac.authorization.k8s.io/v1beta1 RoleBinding",
    ),
    **_removed("1.22", "scheduling.k8s.io/v1", "scheduling.k8s.io/v1beta1 PriorityClass"),
    **_removed(
        "1.22",
        "storage.k8s.io/v1",
        "storage.k8s.io/v1beta1 CSIDriver",
        "storage.k8s.io/v1beta1 CSINode",
        "storage.k8s.io/v1beta1 StorageClass",
        "storage.k8s.io/v1beta1 VolumeAttachment",
    ),
    # v1.25
    **_removed("1.25", "batch/v1", "batch/v1beta1 CronJob"),
    **_removed("1.25", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1 EndpointSlice"),
    **_removed("1.25", "events.k8s.io/v1", "events.k8s.io/v1beta1 Event"),
    **_removed("1.25", "autoscaling/v2", "autoscaling/v2beta1 HorizontalPodAutoscaler"),
    **_removed("1.25", "policy/v1", "policy/v1beta1 PodDisruptionBudget"),
    **_removed("1.25", None, "policy/v1beta1 PodSecurityPolicy", deprecated="1.21"),  # Pod Security Admission instead
    **_removed("1.25", "node.k8s.io/v1", "node.k8s.io/v1beta1 RuntimeClass"),
    # v1.26, v1.27, v1.29, v1.32
    **_removed(
        "1.26",
        "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration",
    ),
    **_removed("1.26", "autoscaling/v2", "autoscaling/v2beta2 HorizontalPodAutoscaler"),
    **_removed("1.27", "storage.k8s.io/v1", "storage.k8s.io/v1beta1 CSIStorageCapacity"),
    **_removed(
        "1.29",
        "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration",
    ),
    **_removed(
        "1.32",
        "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration",
        deprecated="1.29",
    ),
    # deprecated, still served
    ("v1", "ComponentStatus"): ApiLifecycle((1, 19), None, None),
    ("v1", "Endpoints"): ApiLifecycle((1, 33), None, "discovery.k8s.io/v1 EndpointSlice"),
}


def lifecycle(api_version: str, kind: str) -> ApiLifecycle | None:
    return LIFECYCLE.get((api_version, kind))


def describe(api_version: str, kind: str, entry: ApiLifecycle) -> str:
    """The API server's wording: ``X is deprecated in v1.21+, unavailable in v1.25+; use Y``."""
    parts = []
    if entry.deprecated:
        parts.append(f"deprecated in v{entry.deprecated[0]}.{entry.deprecated[1]}+")
    if entry.removed:
        parts.append(f"unavailable in v{entry.removed[0]}.{entry.removed[1]}+")
    text = f"{api_version} {kind} is {', '.join(parts)}"
    if entry.replacement:
        text += f"; use {entry.replacement}"
    return text
