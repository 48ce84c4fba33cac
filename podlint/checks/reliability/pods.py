"""What a pod is for: managed by a controller, one application per pod."""

from __future__ import annotations

from typing import Iterator

from ...findings import Violation
from ...model import Pod
from ...registry import rule
from ...sourcemap import FieldPath


@rule("bare-pod")
def bare_pod(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    if manifest.kind != "Pod" or manifest.metadata.get("ownerReferences"):
        return
    name = manifest.ref.name or ""
    yield Violation(FieldPath(("kind",)), f'pod "{name}" is not managed by a controller')
