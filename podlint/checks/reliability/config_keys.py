"""The keys a pod reads from ConfigMaps and Secrets, against those objects among the linted files.

The kubelet reads an env var's ``configMapKeyRef`` from the ConfigMap's ``data`` and a
``secretKeyRef`` from the Secret's ``data`` (``makeEnvironmentVariables``: "couldn't find key
KEY in ConfigMap NAMESPACE/NAME"), and a volume's ``items`` from ``data`` or ``binaryData``
(``MakePayload``: "configmap references non-existent config key: KEY", "references
non-existent secret key: KEY"), unless the reference or the volume is ``optional``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...config import suggest
from ...findings import Violation
from ...model import EPHEMERAL, Pod
from ...registry import rule
from ..api.validation import _dicts

ENV_SOURCES = (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret"))
VOLUME_SOURCES = (("configMap", "ConfigMap", "name"), ("secret", "Secret", "secretName"))
PROJECTED_SOURCES = (("configMap", "ConfigMap", "name"), ("secret", "Secret", "name"))


@rule("missing-config-key")
def missing_config_key(pod: Pod) -> Iterator[Violation]:
    cluster = pod.manifest.cluster
    if cluster is None or not (cluster.config_maps or cluster.secrets):
        return
    namespace = pod.manifest.ref.namespace
    for container in pod.containers:
        if container.role == EPHEMERAL:  # refused in a manifest (ephemeral-container-in-manifest)
            continue
        for index, entry in _dicts(container.spec.get("env")):
            source = entry.get("valueFrom")
            if not isinstance(source, dict):
                continue
            for field, kind in ENV_SOURCES:
                reference = source.get(field)
                if not isinstance(reference, dict) or reference.get("optional") is True:
                    continue
                name, key = reference.get("name"), reference.get("key")
                keys = cluster.config_keys(kind, name, namespace) if isinstance(name, str) else None
                if keys is None or not isinstance(key, str) or key in keys.data:
                    continue
                if key in keys.binary:
                    why = "; it is a key of its binaryData, which an env var cannot read"
                else:
                    why = suggest(key, keys.data)
                yield Violation(
                    container.path / "env" / index / "valueFrom" / field / "key",
                    f'{container.label} cannot start: {kind} "{name}" has no key "{key}"{why}',
                )
    for index, volume in _dicts(pod.spec.get("volumes")):
        path = pod.path / "volumes" / index
        label = f'volume "{volume["name"]}"' if isinstance(volume.get("name"), str) else f"volume #{index}"
        for field, kind, name_field in VOLUME_SOURCES:
            yield from _items(cluster, namespace, path / field, volume.get(field), kind, name_field, label)
        projected = volume.get("projected")
        if isinstance(projected, dict):
            for number, source in _dicts(projected.get("sources")):
                for field, kind, name_field in PROJECTED_SOURCES:
                    where = path / "projected" / "sources" / number / field
                    yield from _items(cluster, namespace, where, source.get(field), kind, name_field, label)


def _items(cluster, namespace, path, source, kind: str, name_field: str, label: str) -> Iterator[Violation]:
    """The ``items`` of a volume's ConfigMap or Secret that it does not have."""
    if not isinstance(source, dict) or source.get("optional") is True or not isinstance(source.get(name_field), str):
        return
    items = _dicts(source.get("items"))
    if not items:
        return
    name = source[name_field]
    keys = cluster.config_keys(kind, name, namespace)
    if keys is None:
        return
    for number, item in items:
        key = item.get("key")
        if isinstance(key, str) and key not in keys.data and key not in keys.binary:
            yield Violation(
                path / "items" / number / "key",
                f'{label} cannot be mounted: {kind} "{name}" has no key "{key}"{suggest(key, keys.data | keys.binary)}',
            )
