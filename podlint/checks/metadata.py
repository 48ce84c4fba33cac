"""Rules about object metadata: labels and namespaces."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..model import Manifest, pod_of
from ..registry import Params, rule
from ..sourcemap import FieldPath

_METADATA = FieldPath(("metadata",))

# Built-in kinds that live outside any namespace, by (API group, kind): their metadata.namespace
# means nothing. CustomResourceDefinitions choose their own scope; those whose kind starts with
# "Cluster" (ClusterIssuer, ClusterPolicy, ClusterSecretStore, ...) are cluster-scoped by convention.
_CLUSTER_SCOPED = {
    ("", "Namespace"),
    ("", "Node"),
    ("", "PersistentVolume"),
    ("", "ComponentStatus"),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("certificates.k8s.io", "CertificateSigningRequest"),
    ("certificates.k8s.io", "ClusterTrustBundle"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("networking.k8s.io", "IngressClass"),
    ("networking.k8s.io", "IPAddress"),
    ("networking.k8s.io", "ServiceCIDR"),
    ("node.k8s.io", "RuntimeClass"),
    ("policy", "PodSecurityPolicy"),
    ("extensions", "PodSecurityPolicy"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("resource.k8s.io", "DeviceClass"),
    ("resource.k8s.io", "ResourceSlice"),
    ("scheduling.k8s.io", "PriorityClass"),
    ("storage.k8s.io", "CSIDriver"),
    ("storage.k8s.io", "CSINode"),
    ("storage.k8s.io", "StorageClass"),
    ("storage.k8s.io", "VolumeAttachment"),
    ("storage.k8s.io", "VolumeAttributesClass"),
    ("storagemigration.k8s.io", "StorageVersionMigration"),
    ("security.openshift.io", "SecurityContextConstraints"),
}


# Groups whose "objects" are files for a tool, not objects stored in a cluster: kubeconfig-style
# component configuration, audit policies, Backstage catalog entries (catalog-info.yaml).
_FILE_GROUPS = ("kubeadm.k8s.io", "audit.k8s.io", "backstage.io")


# Objects no application owns: written by the control plane and the nodes (events, leases,
# nodes and their CSI state), API requests that are never stored (reviews, bindings), and
# namespaces, which usually hold several applications.
_NOT_APPLICATION_OBJECTS = {
    ("", "Event"),
    ("events.k8s.io", "Event"),
    ("coordination.k8s.io", "Lease"),
    ("", "Node"),
    ("", "ComponentStatus"),
    ("", "Binding"),
    ("storage.k8s.io", "CSINode"),
    ("storage.k8s.io", "VolumeAttachment"),
    ("", "Namespace"),
}
_REVIEW_GROUPS = ("authentication.k8s.io", "authorization.k8s.io")


# What Kubernetes itself keeps in the default namespace: the API server's Service (and its
# endpoints), the ServiceAccount and the root CA ConfigMap that controllers create in every namespace.
_BUILT_INTO_DEFAULT = {
    ("", "Service", "kubernetes"),
    ("", "Endpoints", "kubernetes"),
    ("discovery.k8s.io", "EndpointSlice", "kubernetes"),
    ("", "ServiceAccount", "default"),
    ("", "ConfigMap", "kube-root-ca.crt"),
}


def _is_cluster_object(manifest: Manifest) -> bool:
    """Whether the document is an object stored in a cluster, not a tool's configuration file
    (``kind: Kustomization``, ``AdmissionConfiguration``, a kubeconfig, a scheduler ``Policy``)."""
    group = manifest.group
    if group.endswith("config.k8s.io") or group in _FILE_GROUPS:
        return False
    return not (group == "" and manifest.kind in ("Config", "Policy"))


def _is_namespaced(manifest: Manifest) -> bool:
    key = (manifest.group, manifest.kind)
    if key in _CLUSTER_SCOPED:
        return False
    return key == ("operators.coreos.com", "ClusterServiceVersion") or not manifest.kind.startswith("Cluster")


def _missing(labels: dict, required: list[str]) -> str:
    missing = [f'"{label}"' for label in required if label not in labels]
    return " or ".join(missing) if len(missing) < 3 else ", ".join(missing[:-1]) + f" or {missing[-1]}"


@rule("missing-recommended-labels")
def missing_recommended_labels(manifest: Manifest, params: Params) -> Iterator[Violation]:
    if (
        not _is_cluster_object(manifest)
        or (manifest.group, manifest.kind) in _NOT_APPLICATION_OBJECTS
        or manifest.group in _REVIEW_GROUPS
        or manifest.metadata.get("ownerReferences")  # a pod of a ReplicaSet has the labels its owner gave it
    ):
        return
    required = [label for label in params.required_labels if label]
    missing = _missing(manifest.labels, required)
    if missing:
        yield Violation(_METADATA / "labels", f"labels have no {missing}", on="key")
    pod = pod_of(manifest)
    if pod is None or not params.include_pod_templates or pod.metadata_path == _METADATA:
        return
    labels = pod.metadata.get("labels")
    missing = _missing(labels if isinstance(labels, dict) else {}, required)
    if missing:
        yield Violation(pod.metadata_path / "labels", f"pod template labels have no {missing}", on="key")


@rule("default-namespace")
def default_namespace(manifest: Manifest, params: Params) -> Iterator[Violation]:
    if not _is_cluster_object(manifest) or not _is_namespaced(manifest) or manifest.metadata.get("ownerReferences"):
        return  # an owned object is where its owner is
    namespace = manifest.metadata.get("namespace")
    if namespace == "default":
        if (manifest.group, manifest.kind, manifest.metadata.get("name")) in _BUILT_INTO_DEFAULT:
            return
        yield Violation(_METADATA / "namespace", 'object is in the "default" namespace')
    elif params.require_namespace and not (isinstance(namespace, str) and namespace):
        yield Violation(_METADATA / "namespace", "object has no namespace", on="key")
