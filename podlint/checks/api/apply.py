"""What client-side ``kubectl apply`` adds to an object: the object itself, in an annotation.

``kubectl apply`` (not ``--server-side``, not ``create``) stores the object, as the JSON it
sends, in ``kubectl.kubernetes.io/last-applied-configuration`` (``GetModifiedConfiguration``).
``ValidateAnnotations`` limits all of an object's annotations together to 256 KiB, so an
object whose JSON is about that large is refused: "metadata.annotations: Too long".
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Manifest
from ...registry import rule
from ...sourcemap import FieldPath
from .validation import TOTAL_ANNOTATION_SIZE_LIMIT

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
# the objects that grow that large: ConfigMaps of dashboards or rules, Secrets, CRDs' schemas
LARGE_KINDS = {("", "ConfigMap"), ("", "Secret"), ("apiextensions.k8s.io", "CustomResourceDefinition")}
_DATA = ("data", "binaryData", "stringData")  # what makes a ConfigMap or Secret large


def _as_go_writes(value):
    """A value as Go's encoding/json writes it, where Python would write it longer (1.0 as 1)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, dict):
        return {key: _as_go_writes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_go_writes(item) for item in value]
    return value


def json_size_at_least(data: dict) -> int:
    """Bytes of the compact JSON kubectl writes of ``data``, or fewer, never more: Go also
    escapes ``<``, ``>``, ``&``, U+2028 and U+2029, and kubectl may add an empty annotation map,
    a namespace and a line break."""
    return len(json.dumps(_as_go_writes(data), separators=(",", ":"), ensure_ascii=False).encode())


@rule("too-large-to-apply")
def too_large_to_apply(manifest: Manifest) -> Iterator[Violation]:
    if (manifest.group, manifest.kind) not in LARGE_KINDS:
        return
    data = manifest.data
    if manifest.kind != "CustomResourceDefinition":
        strings = sum(
            len(value)
            for field in _DATA
            if isinstance(data.get(field), dict)
            for value in data[field].values()
            if isinstance(value, str)
        )
        if strings * 6 < TOTAL_ANNOTATION_SIZE_LIMIT // 2:
            return  # far from the limit even if every character were escaped (\u0001): no JSON to write
    annotations = {key: value for key, value in manifest.annotations.items() if key != LAST_APPLIED}
    metadata = dict(manifest.metadata)
    if annotations:
        metadata["annotations"] = annotations
    else:
        metadata.pop("annotations", None)
    size = json_size_at_least({**data, "metadata": metadata})
    others = sum(
        len(key.encode()) + (len(value.encode()) if isinstance(value, str) else 0)
        for key, value in annotations.items()
        if isinstance(key, str)
    )
    if others + len(LAST_APPLIED) + size > TOTAL_ANNOTATION_SIZE_LIMIT:
        too_long = api.too_long("metadata.annotations", TOTAL_ANNOTATION_SIZE_LIMIT, manifest.kubernetes_minor)
        yield Violation(
            FieldPath(("kind",)),
            f"kubectl apply stores this {manifest.kind}, {size:,} bytes of JSON at least, in its annotation "
            f"{LAST_APPLIED}, and the API server refuses it ({too_long}): apply it with --server-side, or "
            f"create it with kubectl create",
        )
