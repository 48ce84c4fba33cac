"""Volumes as the API server validates them: each volume's source (``ValidateVolumes``,
``validateVolumeSource`` and the per-source functions), the mounts and devices of each
container (``ValidateVolumeMounts``, ``ValidateVolumeDevices``), in its words.

A volume whose definition has an error is not defined as far as the API server is concerned:
its mounts are reported as not found too (``undefined-volume``).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Container, Pod
from ...quantity import Quantity, QuantityError
from ...registry import rule
from ...sourcemap import FieldPath
from .placement import label_map_errors, label_selector_errors
from .validation import (
    _EMPTY,
    VOLUME_FIELD_PATHS,
    _dicts,
    _field_selector_errors,
    _int,
    _local_path_errors,
    _name_errors,
    _quantities,
    _resource_field_selector_errors,
    _str,
    annotation_map_errors,
)


# The volume sources, in the order validateVolumeSource checks them: the second and later of
# a volume are "may not specify more than 1 volume type" (at the path it names).
VOLUME_SOURCES = (
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),  # sic: the API server's path
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),  # sic: the API server's path has the typo
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
)
MORE_THAN_ONE_TYPE = "may not specify more than 1 volume type"
# ImageVolume, on by default from 1.35: before, the API server drops an image volume, and
# the mounts of it, from a pod it creates (dropImageVolumes)
IMAGE_VOLUME_SINCE = (1, 35)
# a pod template's image volume may leave its reference to the pods until 1.37 (#135989)
IMAGE_REFERENCE_IN_TEMPLATES_SINCE = (1, 37)
PULL_POLICIES = ("Always", "IfNotPresent", "Never")  # supportedPullPolicies, sorted
# validateProjectionSources says "per source" from 1.31 (kubernetes/kubernetes#125940)
PROJECTION_PER_SOURCE_SINCE = (1, 31)
HOST_PATH_TYPES = ("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket")
FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive"


def _volume_errors(pod: Pod, index: int, volume: dict) -> Iterator[Violation]:
    """validateVolumeSource and the per-source checks of one volume."""
    path = pod.path / "volumes" / index
    if _dropped(pod, volume):
        return
    sources = [(key, named) for key, named in VOLUME_SOURCES if volume.get(key) is not None]
    for key, named in sources[1:]:
        yield Violation(path / key, api.forbidden(path / named, MORE_THAN_ONE_TYPE), on="key")
    if not sources:
        return  # SetDefaults_Volume makes a volume without a source an emptyDir
    key, _ = sources[0]
    source = volume[key]
    if not isinstance(source, dict):
        return
    where = path / key
    if key == "emptyDir":
        size = _quantities({"sizeLimit": source.get("sizeLimit")}).get("sizeLimit")
        if size is not None and size.nanos < 0:
            message = "SizeLimit field must be a valid resource quantity"
            yield Violation(where / "sizeLimit", api.forbidden(where / "sizeLimit", message))
    elif key == "hostPath":  # validateHostPathVolumeSource: without a path, nothing more is checked
        host_path = source.get("path")
        if host_path in _EMPTY:
            at, on = (where / "path", "value") if "path" in source else (where, "key")
            yield Violation(at, api.required(where / "path"), on=on)
            return
        if isinstance(host_path, str) and ".." in host_path.split("/"):
            yield Violation(where / "path", api.invalid(where / "path", host_path, "must not contain '..'"))
        kind = source.get("type")
        if isinstance(kind, str) and kind not in HOST_PATH_TYPES:
            yield Violation(where / "type", api.not_supported(where / "type", kind, HOST_PATH_TYPES))
    elif key in ("configMap", "secret"):
        name_field = "name" if key == "configMap" else "secretName"
        if not source.get(name_field):
            yield Violation(where / name_field, api.required(where / name_field), on="key")
        mode = _int(source.get("defaultMode"))
        if mode is not None and not 0 <= mode <= 0o777:
            yield Violation(where / "defaultMode", api.invalid(where / "defaultMode", mode, FILE_MODE_ERROR))
        for item_index, item in _dicts(source.get("items")):
            yield from _key_to_path_errors(where / "items" / item_index, item)
    elif key == "downwardAPI":
        mode = _int(source.get("defaultMode"))
        if mode is not None and not 0 <= mode <= 0o777:
            yield Violation(where / "defaultMode", api.invalid(where / "defaultMode", mode, FILE_MODE_ERROR))
        for item_index, item in _dicts(source.get("items")):
            yield from _downward_api_file_errors(where, where / "items" / item_index, item, pod.manifest.kubernetes_minor)
    elif key == "projected":
        mode = _int(source.get("defaultMode"))
        if mode is not None and not 0 <= mode <= 0o777:
            yield Violation(where / "defaultMode", api.invalid(where / "defaultMode", mode, FILE_MODE_ERROR))
        yield from _projection_errors(where, source, pod.manifest.kubernetes_minor)
    elif key == "persistentVolumeClaim" and source.get("claimName") == "":
        yield Violation(where / "claimName", api.required(where / "claimName"))
    elif key == "nfs":  # validateNFSVolumeSource
        if source.get("server") == "":
            yield Violation(where / "server", api.required(where / "server"))
        nfs_path = source.get("path")
        if isinstance(nfs_path, str):
            if not nfs_path:
                yield Violation(where / "path", api.required(where / "path"))
            if not nfs_path.startswith("/"):
                yield Violation(where / "path", api.invalid(where / "path", nfs_path, "must be an absolute path"))
    elif key == "csi":
        yield from _csi_errors(where, source, pod.manifest.kubernetes_minor)
    elif key == "ephemeral":  # validateEphemeralVolumeSource
        template = source.get("volumeClaimTemplate")
        if template is None:
            yield Violation(where, api.required(where / "volumeClaimTemplate"), on="key")
        elif isinstance(template, dict):
            yield from _claim_template_errors(where / "volumeClaimTemplate", template, pod.manifest.kubernetes_minor)
        claim = _ephemeral_claim_name(pod, volume)
        if claim is not None:  # ValidatePersistentVolumeName of the claim the pod's volume creates
            for message in api.is_dns1123_subdomain(claim):
                yield Violation(path / "name", api.invalid(path / "name", volume["name"], f"PVC name {api.go_quote(claim)}: {message}"))
    elif key == "image":  # validateImageVolumeSource (an empty pullPolicy is defaulted)
        required = pod.is_pod or pod.manifest.kubernetes_minor >= IMAGE_REFERENCE_IN_TEMPLATES_SINCE
        if required and source.get("reference") in _EMPTY:
            at, on = (where / "reference", "value") if "reference" in source else (where, "key")
            yield Violation(at, api.required(where / "reference"), on=on)
        policy = source.get("pullPolicy")
        if isinstance(policy, str) and policy and policy not in PULL_POLICIES:
            yield Violation(where / "pullPolicy", api.not_supported(where / "pullPolicy", policy, PULL_POLICIES))
    elif key == "gitRepo":  # validateGitRepoVolumeSource
        if source.get("repository") == "":
            yield Violation(where / "repository", api.required(where / "repository"))
        directory = _str(source.get("directory"))
        if directory:
            yield from _local_path_errors(where / "directory", directory, where / "directory")
    elif key in IN_TREE_SOURCES:
        yield from _in_tree_source_errors(key, where, source)
    if volume.get("iscsi") is not None:  # whichever source comes first
        yield from _iscsi_name_errors(path, volume)


# --- the in-tree volume plugins: their fields that must not be empty ---------------------------------

# Each source's fields the API server requires (len(x) == 0 is "Required value"), as
# (field, whether the schema requires it too: then a missing one is the schema's finding)
IN_TREE_SOURCES = {
    "iscsi": (("targetPortal", True), ("iqn", True)),
    "fc": (),
    "gcePersistentDisk": (("pdName", True),),
    "awsElasticBlockStore": (("volumeID", True),),
    "glusterfs": (("endpoints", True), ("path", True)),
    "flocker": (),
    "rbd": (("monitors", True), ("image", True)),
    "cinder": (("volumeID", True),),
    "cephfs": (("monitors", True),),
    "quobyte": (),
    "flexVolume": (("driver", True),),
    "azureFile": (("secretName", True), ("shareName", True)),
    "azureDisk": (("diskName", True), ("diskURI", True)),
    "vsphereVolume": (("volumePath", True),),
    "photonPersistentDisk": (("pdID", True),),
    "portworxVolume": (("volumeID", True),),
    "scaleIO": (("gateway", True), ("system", True), ("volumeName", False)),
    "storageos": (("volumeName", False),),
}
# the path each validator names its fields by, where it is not the source's key (sic)
IN_TREE_PATHS = {"gcePersistentDisk": "persistentDisk", "cephfs": "cephfs"}
PARTITION_ERROR = "must be between 1 and 255, inclusive"  # sic: pdPartitionErrorMsg, for 0 to 255
LUN_ERROR = "must be between 0 and 255, inclusive"
# iscsiInitiatorIqnRegex (unanchored at the start, sic), iscsiInitiatorEuiRegex, iscsiInitiatorNaaRegex;
# Go's \s is ASCII white space without \v
_IQN = re.compile(r"iqn\.[0-9]{4}-[0-9]{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\t\n\f\r ]+)\Z")
_EUI = re.compile(r"eui.[A-Za-z0-9]{16}\Z")
_NAA = re.compile(r"naa.[A-Za-z0-9]{32}\Z")
AZURE_CACHING_MODES = ("None", "ReadOnly", "ReadWrite")  # sorted
AZURE_DISK_KINDS = ("Dedicated", "Managed", "Shared")
AZURE_MANAGED_URI = "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"
AZURE_BLOB_URI = "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"
QUOBYTE_REGISTRY = "must be a host:port pair or multiple pairs separated by commas"
ISCSI_NAME_TOO_LONG = (
    "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified."
)


def _in_tree_source_errors(key: str, at: FieldPath, source: dict) -> Iterator[Violation]:
    """The per-source validators of the in-tree plugins (``validateISCSIVolumeSource``,
    ``validateFCVolumeSource``, ``validateAzureDisk``, ...), after ``SetDefaults_AzureDiskVolumeSource``."""
    named = FieldPath((*at[:-1], IN_TREE_PATHS.get(key, key)))
    for name, schema_required in IN_TREE_SOURCES[key]:
        value = source.get(name)
        if value in _EMPTY or value == []:
            if name in source:
                yield Violation(at / name, api.required(named / name))
            elif not schema_required:
                yield Violation(at, api.required(named / name), on="key")
    if key == "iscsi":
        iqn = _str(source.get("iqn"))
        if iqn:
            yield from _iqn_errors(at / "iqn", named / "iqn", iqn, "must be valid format starting with iqn, eui, or naa")
        lun = _int(source.get("lun"))
        if lun is not None and not 0 <= lun <= 255:
            yield Violation(at / "lun", api.invalid(named / "lun", lun, LUN_ERROR))
        if (source.get("chapAuthDiscovery") is True or source.get("chapAuthSession") is True) and source.get("secretRef") is None:
            yield Violation(at, api.required(named / "secretRef"), on="key")
        initiator = _str(source.get("initiatorName"))
        if initiator is not None:  # sic: named in lowercase; the prefix and the format are both checked
            where, lower = at / "initiatorName", named / "initiatorname"
            if not initiator.startswith(("iqn", "eui", "naa")):
                detail = "must be valid format starting with iqn, eui, or naa"
                yield Violation(where, api.invalid(lower, initiator, detail))
            yield from _iqn_errors(where, lower, initiator, None)
    elif key == "fc":
        wwns, wwids = source.get("targetWWNs"), source.get("wwids")
        wwns = wwns if isinstance(wwns, list) else []
        if not wwns and not (wwids if isinstance(wwids, list) else []):
            where = at / "targetWWNs" if "targetWWNs" in source else at
            detail = "must specify either targetWWNs or wwids, but not both"
            yield Violation(where, api.required(named / "targetWWNs", detail), on="key")
        if wwns and isinstance(wwids, list) and wwids:
            detail = "targetWWNs and wwids can not be specified simultaneously"
            yield Violation(at / "targetWWNs", api.invalid(named / "targetWWNs", api.go_slice(wwns), detail), on="key")
        if wwns:
            lun = _int(source.get("lun"))
            if source.get("lun") is None:
                yield Violation(at, api.required(named / "lun", "lun is required if targetWWNs is specified"), on="key")
            elif lun is not None and not 0 <= lun <= 255:
                yield Violation(at / "lun", api.invalid(named / "lun", lun, LUN_ERROR))
    elif key in ("gcePersistentDisk", "awsElasticBlockStore"):
        partition = _int(source.get("partition"))
        if partition is not None and not 0 <= partition <= 255:
            yield Violation(at / "partition", api.invalid(named / "partition", partition, PARTITION_ERROR))
    elif key == "flocker":
        name, uuid = _str(source.get("datasetName")) or "", _str(source.get("datasetUUID")) or ""
        if not name and not uuid:
            yield Violation(at, api.required(named, "one of datasetName and datasetUUID is required"), on="key")
        if name and uuid:
            detail = "datasetName and datasetUUID can not be specified simultaneously"
            yield Violation(at, api.invalid(named, "resource", detail), on="key")
        if "/" in name:
            yield Violation(at / "datasetName", api.invalid(named / "datasetName", name, "must not contain '/'"))
    elif key in ("cinder", "storageos"):
        secret = source.get("secretRef")
        if isinstance(secret, dict) and secret.get("name") in _EMPTY:
            where = at / "secretRef" / "name" if "name" in secret else at / "secretRef"
            yield Violation(where, api.required(named / "secretRef" / "name"), on="value" if "name" in secret else "key")
        if key == "storageos":  # ValidateDNS1123Label
            for name in ("volumeName", "volumeNamespace"):
                value = _str(source.get(name))
                if value:
                    yield from _name_errors_at(at / name, named / name, value, api.is_dns1123_label(value))
    elif key == "quobyte":
        registry, tenant = _str(source.get("registry")) or "", _str(source.get("tenant")) or ""
        if not registry:
            if "registry" in source:  # a missing one is the schema's finding
                yield Violation(at / "registry", api.required(named / "registry", QUOBYTE_REGISTRY))
        elif len(tenant.encode()) >= 65:
            detail = "must be a UUID and may not exceed a length of 64 characters"
            yield Violation(at / "tenant", api.required(named / "tenant", detail))
        else:
            for pair in registry.split(","):
                if not _is_host_port(pair):
                    yield Violation(at / "registry", api.invalid(named / "registry", registry, QUOBYTE_REGISTRY))
        if source.get("volume") == "":
            yield Violation(at / "volume", api.required(named / "volume"))
    elif key == "flexVolume":
        options = source.get("options")
        for option in options if isinstance(options, dict) else ():
            if isinstance(option, str):
                prefix = option.split("/", 1)[0]
                if ("." + prefix.lower()).endswith((".kubernetes.io", ".k8s.io")):
                    where, detail = at / "options" / option, "kubernetes.io and k8s.io namespaces are reserved"
                    yield Violation(where, api.invalid(f"{named}.options[{option}]", option, detail), on="key")
    elif key == "azureDisk":
        caching = source.get("cachingMode")
        if isinstance(caching, str) and caching not in AZURE_CACHING_MODES:
            yield Violation(at / "cachingMode", api.not_supported(named / "cachingMode", caching, AZURE_CACHING_MODES))
        kind = source.get("kind")
        kind = "Shared" if kind is None else kind  # SetDefaults_AzureDiskVolumeSource
        if isinstance(kind, str) and kind not in AZURE_DISK_KINDS:
            yield Violation(at / "kind", api.not_supported(named / "kind", kind, AZURE_DISK_KINDS))
        uri = _str(source.get("diskURI")) or ""
        where = at / "diskURI" if "diskURI" in source else at
        if kind == "Managed" and not uri.startswith("/subscriptions/"):
            yield Violation(where, api.not_supported(named / "diskURI", uri, (AZURE_MANAGED_URI,)))
        if kind != "Managed" and not uri.startswith("https://"):
            yield Violation(where, api.not_supported(named / "diskURI", uri, (AZURE_BLOB_URI,)))


def _name_errors_at(at: FieldPath, named: FieldPath, value: str, messages: tuple[str, ...]) -> Iterator[Violation]:
    for message in messages:
        yield Violation(at, api.invalid(named, value, message))


def _iqn_errors(at: FieldPath, named: FieldPath, value: str, unknown: str | None) -> Iterator[Violation]:
    """An iSCSI qualified name in one of its three formats (``unknown``: what is said of none)."""
    if value.startswith("iqn"):
        valid = _IQN.search(value) is not None
    elif value.startswith("eui"):
        valid = _EUI.match(value) is not None
    elif value.startswith("naa"):
        valid = _NAA.match(value) is not None
    else:
        if unknown is not None:
            yield Violation(at, api.invalid(named, value, unknown))
        return
    if not valid:
        yield Violation(at, api.invalid(named, value, "must be valid format"))


def _iscsi_name_errors(path: FieldPath, volume: dict) -> Iterator[Violation]:
    """``validateVolumeSource``: with an initiator name, ``<volume>:<targetPortal>`` is at most 64 bytes."""
    iscsi, name = volume.get("iscsi"), _str(volume.get("name")) or ""
    if not isinstance(iscsi, dict) or iscsi.get("initiatorName") is None:
        return
    portal = _str(iscsi.get("targetPortal")) or ""
    if len(f"{name}:{portal}".encode()) > 64:
        yield Violation(path / "name", api.invalid(path / "name", name, ISCSI_NAME_TOO_LONG))


def _is_host_port(pair: str) -> bool:
    """Go's ``net.SplitHostPort`` succeeds: ``host:port``, ``[v6]:port``, no other colon."""
    if pair.startswith("["):
        end = pair.find("]")
        return end > 0 and pair[end + 1 : end + 2] == ":" and "[" not in pair[1:end] and "]" not in pair[end + 1 :]
    return pair.count(":") == 1 and "[" not in pair and "]" not in pair


# ValidateTemplateObjectMeta: a claim template's metadata may have labels and annotations only;
# any other field of ObjectMeta that is set is named by its Go field (sic: "uID")
TEMPLATE_METADATA_FIELDS = {
    "name": "name", "generateName": "generateName", "namespace": "namespace", "selfLink": "selfLink",
    "uid": "uID", "resourceVersion": "resourceVersion", "generation": "generation",
    "creationTimestamp": "creationTimestamp", "deletionTimestamp": "deletionTimestamp",
    "deletionGracePeriodSeconds": "deletionGracePeriodSeconds", "ownerReferences": "ownerReferences",
    "finalizers": "finalizers", "managedFields": "managedFields",
}
# supportedAccessModes, supportedVolumeModes: sorted
ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
VOLUME_MODES = ("Block", "Filesystem")


def _claim_template_errors(path: FieldPath, template: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidatePersistentVolumeClaimTemplate``: the template's metadata
    (``ValidateTemplateObjectMeta``) and spec (``ValidatePersistentVolumeClaimSpec``)."""
    metadata = template.get("metadata")
    if isinstance(metadata, dict):
        meta = path / "metadata"
        if isinstance(metadata.get("annotations"), dict):
            yield from annotation_map_errors(meta / "annotations", meta / "annotations", metadata["annotations"], version)
        if isinstance(metadata.get("labels"), dict):
            yield from label_map_errors(meta / "labels", meta / "labels", metadata["labels"], version)
        for field_name, named in TEMPLATE_METADATA_FIELDS.items():
            if metadata.get(field_name) not in (None, "", 0):  # set: not Go's zero value
                yield Violation(meta / field_name, api.forbidden(meta / named, "cannot be set"), on="key")
    spec = template.get("spec")
    if isinstance(spec, dict):  # not a mapping: the schema's finding
        yield from claim_spec_errors(path / "spec", spec, version)


# VolumeAttributesClass, GA and on from 1.34: before, a claim's volumeAttributesClassName is not checked
VOLUME_ATTRIBUTES_CLASS_SINCE = (1, 34)


def claim_spec_errors(where: FieldPath, spec: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidatePersistentVolumeClaimSpec`` of a new claim's spec at ``where``."""
    modes = spec.get("accessModes")
    modes = [mode for mode in modes if isinstance(mode, str)] if isinstance(modes, list) else []
    if not modes:
        at = where / "accessModes" if "accessModes" in spec else where
        yield Violation(at, api.required(where / "accessModes", "at least 1 access mode is required"), on="key")
    yield from label_selector_errors(where / "selector", spec.get("selector"), version)
    for index, mode in enumerate(modes):
        if mode not in ACCESS_MODES:
            yield Violation(where / "accessModes" / index, api.not_supported(where / "accessModes", mode, ACCESS_MODES))
    if "ReadWriteOncePod" in modes and any(mode != "ReadWriteOncePod" and mode in ACCESS_MODES for mode in modes):
        detail = "may not use ReadWriteOncePod with other access modes"
        yield Violation(where / "accessModes", api.forbidden(where / "accessModes", detail), on="key")
    resources = spec.get("resources")
    requests = resources.get("requests") if isinstance(resources, dict) else None
    named = f"{where}.resources[storage]"  # sic: fldPath.Child("resources").Key("storage")
    if not isinstance(requests, dict) or "storage" not in requests:
        at = where / "resources" if isinstance(resources, dict) else where
        yield Violation(at / "requests" if isinstance(requests, dict) else at, api.required(named), on="key")
    else:
        try:
            storage = Quantity.from_json(requests["storage"])
        except QuantityError:
            storage = None  # not a quantity: the request cannot be decoded
        if storage is not None and storage.nanos <= 0:  # ValidatePositiveQuantityValue
            at = where / "resources" / "requests" / "storage"
            yield Violation(at, api.invalid(named, str(storage), "must be greater than zero"))
    storage_class = _str(spec.get("storageClassName"))
    if storage_class:  # ValidateClassName
        yield from _name_errors(where / "storageClassName", storage_class, api.is_dns1123_subdomain(storage_class))
    mode = spec.get("volumeMode")
    if isinstance(mode, str) and mode not in VOLUME_MODES:
        yield Violation(where / "volumeMode", api.not_supported(where / "volumeMode", mode, VOLUME_MODES))
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    for name, reference in (("dataSource", source), ("dataSourceRef", ref)):
        if isinstance(reference, dict):
            yield from _data_source_errors(where / name, reference)
    if isinstance(ref, dict) and ref.get("namespace"):
        if source is not None:
            value = api.Stringer(_go_field_path("dataSource"))
            detail = "may not be specified when dataSourceRef.namespace is specified"
            yield Violation(where / "dataSource", api.invalid(where, value, detail), on="key")
    elif isinstance(source, dict) and isinstance(ref, dict) and not _same_data_source(source, ref):
        yield Violation(where / "dataSource", api.invalid(where, api.Stringer(_go_field_path("dataSource")), "must match dataSourceRef"), on="key")
    class_name = _str(spec.get("volumeAttributesClassName"))
    if class_name and version >= VOLUME_ATTRIBUTES_CLASS_SINCE:  # ValidateClassName
        yield from _name_errors(where / "volumeAttributesClassName", class_name, api.is_dns1123_subdomain(class_name))


def _go_field_path(name: str) -> str:
    """``%#v`` of the ``field.Path`` of a child named ``name``, its parent a pointer."""
    return f'field.Path{{name:{api.go_quote(name)}, index:"", parent:(*field.Path)({api.UNKNOWN_ADDRESS})}}'


def _same_data_source(source: dict, ref: dict) -> bool:
    """``isDataSourceEqualDataSourceRef``: an apiGroup of "" is not one left out (a pointer)."""
    same_strings = all((source.get(key) or "") == (ref.get(key) or "") for key in ("kind", "name"))
    return same_strings and source.get("apiGroup") == ref.get("apiGroup")


def _data_source_errors(where: FieldPath, reference: dict) -> Iterator[Violation]:
    """``validateDataSource`` and ``validateDataSourceRef``."""
    for name in ("name", "kind"):
        if reference.get(name) in _EMPTY:
            at, on = (where / name, "value") if name in reference else (where, "key")
            yield Violation(at, api.required(where / name), on=on)
    group, kind = _str(reference.get("apiGroup")) or "", _str(reference.get("kind")) or ""
    if not group and kind != "PersistentVolumeClaim":
        detail = "must be 'PersistentVolumeClaim' when referencing the default apiGroup"
        at = where / "kind" if "kind" in reference else where
        yield Violation(at, api.invalid(where, kind, detail), on="value" if "kind" in reference else "key")
    if group:
        yield from _name_errors(where / "apiGroup", group, api.is_dns1123_subdomain(group))
    namespace = _str(reference.get("namespace"))
    if namespace:  # only a dataSourceRef has one; ValidateNamespaceName
        yield from _name_errors(where / "namespace", namespace, api.is_dns1123_label(namespace))


CSI_DRIVER_MAX_LENGTH = 63
# ValidateCSIDriverName stops at an empty name from 1.35 (#134233); before, it goes on to say
# the name is not a subdomain
CSI_DRIVER_REQUIRED_ALONE_SINCE = (1, 35)


def _csi_driver_name_errors(where: FieldPath, driver: str, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateCSIDriverName``."""
    if not driver:
        yield Violation(where, api.required(where))
        if version >= CSI_DRIVER_REQUIRED_ALONE_SINCE:
            return
    if len(driver) > CSI_DRIVER_MAX_LENGTH:
        yield Violation(where, api.too_long(where, CSI_DRIVER_MAX_LENGTH, version))
    # the name is checked in lowercase, and shown as written
    yield from _name_errors(where, driver, api.is_dns1123_subdomain(driver.lower()))


def _csi_errors(path: FieldPath, csi: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``validateCSIVolumeSource`` and ``ValidateCSIDriverName``."""
    driver = csi.get("driver")
    if isinstance(driver, str):
        yield from _csi_driver_name_errors(path / "driver", driver, version)
    secret = csi.get("nodePublishSecretRef")
    if isinstance(secret, dict):
        name = secret.get("name")
        if name in _EMPTY:
            where = path / "nodePublishSecretRef" / "name"
            at, on = (where, "value") if "name" in secret else (path / "nodePublishSecretRef", "key")
            yield Violation(at, api.required(where), on=on)
        elif isinstance(name, str):  # sic: named csi.name
            for message in api.is_dns1123_subdomain(name):
                yield Violation(path / "nodePublishSecretRef" / "name", api.invalid(path / "name", name, message))


def _downward_api_file_errors(path: FieldPath, at: FieldPath, item: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``validateDownwardAPIVolumeFile`` of the item at ``at``, its errors named from ``path``
    (sic: the volume source's path, not the item's)."""
    target = _str(item.get("path"))
    if target == "":
        yield Violation(at / "path", api.required(path / "path"))
    elif target:
        yield from _local_path_errors(at / "path", target, path / "path", reserved=True)
    field_ref, resource_ref = item.get("fieldRef"), item.get("resourceFieldRef")
    if isinstance(field_ref, dict):
        yield from _field_selector_errors(at / "fieldRef", path / "fieldRef", field_ref, VOLUME_FIELD_PATHS, version)
        if resource_ref is not None:
            detail = "fieldRef and resourceFieldRef can not be specified simultaneously"
            yield Violation(at / "resourceFieldRef", api.invalid(path, "resource", detail), on="key")
    elif isinstance(resource_ref, dict):
        where = at / "resourceFieldRef"
        yield from _resource_field_selector_errors(where, path / "resourceFieldRef", resource_ref, True)
    elif field_ref is None and resource_ref is None:
        yield Violation(at, api.required(path, "one of fieldRef and resourceFieldRef is required"), on="value")
    mode = _int(item.get("mode"))
    if mode is not None and not 0 <= mode <= 0o777:
        yield Violation(at / "mode", api.invalid(path / "mode", mode, FILE_MODE_ERROR))


# The sources of a projected volume, in the order validateProjectionSources reads them. It
# never sees two more, clusterTrustBundle and podCertificate: their features are off by default
# in every version podlint knows (ClusterTrustBundleProjection, beta and off from 1.33;
# PodCertificateRequest, beta and off from 1.35), so the API server drops them
# (dropDisabledClusterTrustBundleProjection, dropDisabledPodCertificateProjection).
PROJECTIONS = ("secret", "configMap", "downwardAPI", "serviceAccountToken")
DROPPED_PROJECTIONS = ("clusterTrustBundle", "podCertificate")
MIN_TOKEN_SECONDS, MAX_TOKEN_SECONDS = 10 * 60, 1 << 32
TOKEN_SECONDS_DEFAULT = 3600  # SetDefaults_ServiceAccountTokenProjection


def _projection_errors(path: FieldPath, projected: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``validateProjectionSources``: each source of the projected volume at ``path``, and the
    files they write, no two at one path, in the words of Kubernetes ``version``."""
    written: set[str] = set()

    def duplicate(at: FieldPath, target: Any, value: Any) -> Iterator[Violation]:
        if isinstance(target, str) and target:
            if target in written:
                # sic: named by the volume, its value the source's name (the path for downwardAPI)
                yield Violation(at, api.invalid(path, value, "conflicting duplicate paths"))
            written.add(target)

    for index, source in _dicts(projected.get("sources")):
        where = path / "sources" / index
        kinds = [kind for kind in PROJECTIONS if source.get(kind) is not None]
        for kind in ("secret", "configMap"):
            projection = source.get(kind)
            if not isinstance(projection, dict):
                continue
            name = projection.get("name")
            if name in _EMPTY:
                at = where / kind / "name" if "name" in projection else where / kind
                yield Violation(at, api.required(where / kind / "name"), on="value" if "name" in projection else "key")
            for item_index, item in _dicts(projection.get("items")):
                at = where / kind / "items" / item_index
                yield from _key_to_path_errors(at, item)
                yield from duplicate(at / "path", item.get("path"), name if isinstance(name, str) else "")
        downward = source.get("downwardAPI")
        if isinstance(downward, dict):
            for item_index, item in _dicts(downward.get("items")):
                at = where / "downwardAPI" / "items" / item_index
                yield from _downward_api_file_errors(where / "downwardAPI", at, item, version)
                yield from duplicate(at / "path", item.get("path"), item.get("path"))
        token = source.get("serviceAccountToken")
        if isinstance(token, dict):
            at = where / "serviceAccountToken"
            seconds = token.get("expirationSeconds")
            seconds = TOKEN_SECONDS_DEFAULT if seconds is None else _int(seconds)
            if seconds is not None and seconds < MIN_TOKEN_SECONDS:
                detail = "may not specify a duration less than 10 minutes"
                yield Violation(at / "expirationSeconds", api.invalid(at / "expirationSeconds", seconds, detail))
            if seconds is not None and seconds > MAX_TOKEN_SECONDS:
                detail = "may not specify a duration larger than 2^32 seconds"
                yield Violation(at / "expirationSeconds", api.invalid(at / "expirationSeconds", seconds, detail))
            target = token.get("path")
            if target == "":  # sic: the volume's path is named, not the token's
                yield Violation(at / "path", api.required(path / "path"))
            elif isinstance(target, str):
                yield from _local_path_errors(at / "path", target, path / "path", reserved=True)
        if len(kinds) > 1:  # one error for the source, shown at its second kind
            per_source = version >= PROJECTION_PER_SOURCE_SINCE
            detail = "may not specify more than 1 volume type per source" if per_source else MORE_THAN_ONE_TYPE
            yield Violation(where / kinds[1], api.forbidden(where, detail), on="key")


def _key_to_path_errors(path: FieldPath, item: dict) -> Iterator[Violation]:
    """validateKeyToPath: the items of a configMap or secret volume."""
    if item.get("key") == "":
        yield Violation(path / "key", api.required(path / "key"))
    target = _str(item.get("path"))
    if target == "":
        yield Violation(path / "path", api.required(path / "path"))
    elif target:
        yield from _local_path_errors(path / "path", target, path / "path", reserved=True)
    mode = _int(item.get("mode"))
    if mode is not None and not 0 <= mode <= 0o777:
        yield Violation(path / "mode", api.invalid(path / "mode", mode, FILE_MODE_ERROR))


def _dropped(pod: Pod, volume: dict) -> bool:
    """An image volume the API server drops, with its mounts, before it validates the pod (the
    indices its messages give the others then count without it, which podlint's do not)."""
    return volume.get("image") is not None and pod.manifest.kubernetes_minor < IMAGE_VOLUME_SINCE


def _dropped_names(pod: Pod) -> set:
    return {_str(volume.get("name")) for _, volume in _dicts(pod.spec.get("volumes")) if _dropped(pod, volume)}


@rule("invalid-volume")
def invalid_volume(pod: Pod) -> Iterator[Violation]:
    volumes = _dicts(pod.spec.get("volumes"))
    created = {claim for _, volume in volumes if (claim := _ephemeral_claim_name(pod, volume)) is not None}
    for index, volume in volumes:
        yield from _volume_errors(pod, index, volume)
        claim = volume.get("persistentVolumeClaim")
        name = claim.get("claimName") if isinstance(claim, dict) else None
        if isinstance(name, str) and name in created:  # ValidateVolumes
            where = pod.path / "volumes" / index / "persistentVolumeClaim" / "claimName"
            detail = "must not reference a PVC that gets created for an ephemeral volume"
            yield Violation(where, api.invalid(where, name, detail))


def _ephemeral_claim_name(pod: Pod, volume: dict) -> str | None:
    """The claim a Pod's ephemeral volume creates, ``<pod>-<volume>`` (not known for a template,
    nor for a Pod named from its generateName)."""
    name, pod_name = _str(volume.get("name")), _str(pod.manifest.metadata.get("name"))
    if not pod.is_pod or volume.get("ephemeral") is None or name is None or not pod_name:
        return None
    return f"{pod_name}-{name}"


@rule("duplicate-volume-name")
def duplicate_volume_name(pod: Pod) -> Iterator[Violation]:
    # ValidateVolumes: a name is taken by the first volume of it without an error, and only
    # a later one is a duplicate of it
    first = _accepted_volumes(pod)
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = _str(volume.get("name"))
        if name and name in first and first[name][0] < index and not _dropped(pod, volume):
            path = pod.path / "volumes" / index / "name"
            yield Violation(path, api.duplicate(path, name))


def _accepted_volumes(pod: Pod) -> dict[str, tuple[int, dict]]:
    """The volumes ValidateVolumes accepts, by name, with their index: the first of each name
    with a valid name and no error in its source."""

    def memo() -> dict[str, tuple[int, dict]]:
        accepted: dict[str, tuple[int, dict]] = {}
        for index, volume in _dicts(pod.spec.get("volumes")):
            name = _str(volume.get("name"))
            if not name or name in accepted or api.is_dns1123_label(name) or _dropped(pod, volume):
                continue
            if next(_volume_errors(pod, index, volume), None) is None:
                accepted[name] = (index, volume)
        return accepted

    return pod.manifest.memo("accepted volumes", memo)


def _defined_volumes(pod: Pod) -> dict[str, dict]:
    """The volumes ValidateVolumes accepts, by name: one whose definition has an error is left
    out, so the API server reports its mounts as not found too."""
    def memo() -> dict[str, dict]:
        defined = {name: volume for name, (_, volume) in _accepted_volumes(pod).items()}
        # a StatefulSet's controller adds a persistentVolumeClaim volume per volumeClaimTemplate
        manifest = pod.manifest
        if (manifest.group, manifest.kind) == ("apps", "StatefulSet"):
            spec = manifest.data.get("spec") if isinstance(manifest.data.get("spec"), dict) else {}
            for _, template in _dicts(spec.get("volumeClaimTemplates")):
                metadata = template.get("metadata")
                name = _str(metadata.get("name")) if isinstance(metadata, dict) else None
                if name and name not in defined:
                    defined[name] = {"name": name, "persistentVolumeClaim": {"claimName": name}}
        return defined

    return pod.manifest.memo("volumes", memo)


@rule("undefined-volume")
def undefined_volume(container: Container) -> Iterator[Violation]:
    # ValidateVolumeMounts, ValidateVolumeDevices
    defined = _defined_volumes(container.pod)
    dropped = _dropped_names(container.pod) if container.pod.spec.get("volumes") else set()
    for field_name in ("volumeMounts", "volumeDevices"):
        for index, mount in _dicts(container.spec.get(field_name)):
            name = mount.get("name")
            if isinstance(name, str) and name not in defined and (field_name == "volumeDevices" or name not in dropped):
                path = container.path / field_name / index / "name"
                yield Violation(path, api.not_found(path, name))
    for index, device in _dicts(container.spec.get("volumeDevices")):
        name = _str(device.get("name"))
        volume = defined.get(name) if name else None
        if volume is not None and volume.get("persistentVolumeClaim") is None and volume.get("ephemeral") is None:
            path = container.path / "volumeDevices" / index / "name"
            message = "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"
            yield Violation(path, api.invalid(path, name, message))


RECURSIVE_READ_ONLY = ("Disabled", "Enabled", "IfPossible")  # validateMountRecursiveReadOnly, sorted
RECURSIVE_READ_ONLY_SINCE = (1, 31)  # the RecursiveReadOnlyMounts feature, on by default


@rule("invalid-volume-mount")
def invalid_volume_mount(container: Container) -> Iterator[Violation]:
    yield from _volume_mount_errors(container)
    yield from _volume_device_errors(container)


def _volume_mount_errors(container: Container) -> Iterator[Violation]:
    # ValidateVolumeMounts (the volume's name is undefined-volume's, a repeated mountPath
    # duplicate-mount-path's); sic: subPath, mountPropagation and recursiveReadOnly errors name
    # the list, not the mount
    mounts = container.spec.get("volumeMounts")
    if not isinstance(mounts, list):
        return
    devices = {_str(device.get("name")) for _, device in _dicts(container.spec.get("volumeDevices"))}
    context = container.spec.get("securityContext")
    privileged = isinstance(context, dict) and context.get("privileged") is True
    recursive = container.pod.manifest.kubernetes_minor >= RECURSIVE_READ_ONLY_SINCE
    listed = container.path / "volumeMounts"
    for index, mount in _dicts(mounts):
        path = listed / index
        name = mount.get("name")
        if name == "":
            yield Violation(path / "name", api.required(path / "name"))
        elif isinstance(name, str) and name in devices:
            yield Violation(path / "name", api.invalid(path / "name", name, "must not already exist in volumeDevices"))
        if mount.get("mountPath") == "":
            yield Violation(path / "mountPath", api.required(path / "mountPath"))
        sub_path, expression = _str(mount.get("subPath")), _str(mount.get("subPathExpr"))
        if sub_path:
            yield from _local_path_errors(path / "subPath", sub_path, listed / "subPath")
        if expression:
            if sub_path:
                detail = "subPathExpr and subPath are mutually exclusive"
                yield Violation(path / "subPathExpr", api.invalid(path / "subPathExpr", expression, detail))
            yield from _local_path_errors(path / "subPathExpr", expression, listed / "subPathExpr")
        propagation = mount.get("mountPropagation")
        if propagation == "Bidirectional" and not privileged:
            detail = "Bidirectional mount propagation is available only to privileged containers"
            yield Violation(path / "mountPropagation", api.forbidden(listed / "mountPropagation", detail))
        mode = mount.get("recursiveReadOnly")
        if recursive and isinstance(mode, str) and mode != "Disabled":
            where, named = path / "recursiveReadOnly", listed / "recursiveReadOnly"
            if mode not in RECURSIVE_READ_ONLY:
                yield Violation(where, api.not_supported(named, mode, RECURSIVE_READ_ONLY))
                continue
            if mount.get("readOnly") is not True:
                yield Violation(where, api.forbidden(named, "may only be specified when readOnly is true"))
            if propagation is not None and propagation != "None":
                detail = "may only be specified when mountPropagation is None or not specified"
                yield Violation(where, api.forbidden(named, detail))


def _volume_device_errors(container: Container) -> Iterator[Violation]:
    # ValidateVolumeDevices (the volume's name and kind are undefined-volume's, a repeated or
    # mounted devicePath duplicate-mount-path's)
    mounted = {_str(mount.get("name")) for _, mount in _dicts(container.spec.get("volumeMounts"))}
    names: set[str] = set()
    for index, device in _dicts(container.spec.get("volumeDevices")):
        path = container.path / "volumeDevices" / index
        name, device_path = device.get("name"), device.get("devicePath")
        if name == "":
            yield Violation(path / "name", api.required(path / "name"))
        elif isinstance(name, str) and name in names:
            yield Violation(path / "name", api.invalid(path / "name", name, "must be unique"))
        if device_path == "":
            yield Violation(path / "devicePath", api.required(path / "devicePath"))
        elif isinstance(device_path, str) and ".." in device_path.split("/"):
            detail = "can not contain backsteps ('..')"
            yield Violation(path / "devicePath", api.invalid(path / "devicePath", device_path, detail))
        if isinstance(name, str) and name in mounted:
            yield Violation(path / "name", api.invalid(path / "name", name, "must not already exist in volumeMounts"))
        if isinstance(name, str) and name:
            names.add(name)


@rule("duplicate-mount-path")
def duplicate_mount_path(container: Container) -> Iterator[Violation]:
    # ValidateVolumeMounts (mountPath), ValidateVolumeDevices (devicePath), and their overlap
    devices = {_str(device.get("devicePath")) for _, device in _dicts(container.spec.get("volumeDevices"))}
    mount_paths: set[str] = set()
    for index, mount in _dicts(container.spec.get("volumeMounts")):
        mount_path = _str(mount.get("mountPath"))
        if mount_path is None:
            continue
        path = container.path / "volumeMounts" / index / "mountPath"
        if mount_path in mount_paths:
            yield Violation(path, api.invalid(path, mount_path, "must be unique"))
        mount_paths.add(mount_path)
        if mount_path in devices:
            yield Violation(path, api.invalid(path, mount_path, "must not already exist as a path in volumeDevices"))
    device_paths: set[str] = set()
    for index, device in _dicts(container.spec.get("volumeDevices")):
        device_path = _str(device.get("devicePath"))
        if device_path is None:
            continue
        path = container.path / "volumeDevices" / index / "devicePath"
        if device_path in device_paths:
            yield Violation(path, api.invalid(path, device_path, "must be unique"))
        if ".." not in device_path.split("/"):  # sic: a path with backsteps is not remembered
            device_paths.add(device_path)
        if device_path in mount_paths:
            yield Violation(path, api.invalid(path, device_path, "must not already exist as a path in volumeMounts"))
