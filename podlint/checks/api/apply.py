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
CLUSTER_SCOPED = {("apiextensions.k8s.io", "CustomResourceDefinition")}  # kubectl drops their namespace
EMPTY_ANNOTATIONS = len(',"annotations":{}')  # what kubectl writes when no other annotation remains
SOME_NAMESPACE = len(',"namespace":"x"')  # the least kubectl adds to a namespaced object without one


def _as_go_writes(value, short: list[int]):
    """A value as Go's encoding/json writes it where Python would write it longer: 1.0 as 1;
    1e-07 as 1e-7 (one byte less, counted in ``short``)."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return int(value)
        if 1e-10 <= abs(value) < 1e-6:
            short[0] += 1  # Go's encoder cuts a zero from a one-digit negative exponent
        return value
    if isinstance(value, dict):
        return {key: _as_go_writes(item, short) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_go_writes(item, short) for item in value]
    return value


def json_size_at_least(data: dict) -> int | None:
    """Bytes of the compact JSON ``json.Marshal`` writes of ``data``, or fewer, never more (Go
    also escapes ``<``, ``>``, ``&``, U+2028 and U+2029); None where it writes none (NaN)."""
    short = [0]
    try:
        text = json.dumps(_as_go_writes(data, short), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError:
        return None
    return len(text.encode()) - short[0]


def _annotations(manifest: Manifest) -> dict:
    """The annotations kubectl keeps of the manifest's (``Unstructured.GetAnnotations``): none if
    one is neither a string nor null (a null one as ""), the last-applied one left out."""
    annotations = manifest.annotations
    if any(value is not None and not isinstance(value, str) for value in annotations.values()):
        return {}
    return {key: value or "" for key, value in annotations.items() if key != LAST_APPLIED}


@rule("too-large-to-apply")
def too_large_to_apply(manifest: Manifest) -> Iterator[Violation]:
    key = (manifest.group, manifest.kind)
    if key not in LARGE_KINDS:
        return
    annotations = _annotations(manifest)
    metadata = dict(manifest.metadata)
    metadata.pop("annotations", None)
    added = 1  # the line break json.Encoder ends with
    if annotations:
        metadata["annotations"] = annotations
    else:
        added += EMPTY_ANNOTATIONS
    if key in CLUSTER_SCOPED:
        metadata.pop("namespace", None)
    elif not metadata.get("namespace"):
        added += SOME_NAMESPACE
    size = json_size_at_least({**manifest.data, "metadata": metadata})
    if size is None:
        return  # kubectl cannot write it as JSON at all
    size += added
    others = sum(len(name.encode()) + len(value.encode()) for name, value in annotations.items())
    if others + len(LAST_APPLIED) + size > TOTAL_ANNOTATION_SIZE_LIMIT:
        too_long = api.too_long("metadata.annotations", TOTAL_ANNOTATION_SIZE_LIMIT, manifest.kubernetes_minor)
        yield Violation(
            FieldPath(("kind",)),
            f"kubectl apply stores this {manifest.kind}, {size:,} bytes of JSON at least, in its annotation "
            f"{LAST_APPLIED}, and the API server refuses it ({too_long}): apply it with --server-side, or "
            f"create it with kubectl create (without --save-config)",
        )
