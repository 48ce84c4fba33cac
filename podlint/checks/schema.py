"""Rules that check objects against the Kubernetes JSON schema of the chosen version, strictly."""

from __future__ import annotations

from typing import Iterator

from ..findings import Violation
from ..model import Manifest
from ..registry import rule
from ..schema.validate import MISSING_FIELD, UNKNOWN_FIELD, WRONG_TYPE, SchemaProblem
from ..sourcemap import FieldPath


def _problems(manifest: Manifest) -> list[SchemaProblem]:
    def validate() -> list[SchemaProblem]:
        # a fast validator (podlint's own, or jsonschema-rs) says whether the object is valid,
        # as most are; the mistakes of the others are read from the schema
        fast = manifest.schemas.fast_validator(manifest.api_version, manifest.kind)
        if fast is not None and fast.is_valid(manifest.data):
            return []
        return manifest.schemas.problems(manifest.api_version, manifest.kind, manifest.data)

    return manifest.memo("schema", validate)


def _violations(manifest: Manifest, kind: str) -> Iterator[Violation]:
    for problem in _problems(manifest):
        if problem.kind == kind:
            yield Violation(problem.path, problem.message, on=problem.on)


@rule("unknown-field")
def unknown_field(manifest: Manifest) -> Iterator[Violation]:
    yield from _violations(manifest, UNKNOWN_FIELD)


@rule("missing-required-field")
def missing_required_field(manifest: Manifest) -> Iterator[Violation]:
    yield from _violations(manifest, MISSING_FIELD)
    # required by the API server's validation where the schema is content with the field
    # present: validateContainers (an empty list of containers), validateContainerCommon (a
    # container without an image, which the schema calls optional, or with an empty name)
    from ..model import _get, pod_of, pod_paths

    paths = pod_paths(manifest)
    if paths is not None and _get(manifest.data, *paths[0]) is None and isinstance(_get(manifest.data, *paths[0][:-1]), dict):
        # a Pod, or a pod template, without a spec: the API server's zero value has no containers
        path = paths[0] / "containers"
        yield Violation(paths[0], f"{path}: Required value", on="key")
    pod = pod_of(manifest)
    if pod is None:
        return
    if pod.spec.get("containers") == []:
        path = pod.path / "containers"
        yield Violation(path, f"{path}: Required value")
    for container in pod.containers:
        if container.spec.get("name") == "":
            path = container.path / "name"
            yield Violation(path, f"{path}: Required value")
        if not container.spec.get("image"):
            path = container.path / "image"
            yield Violation(path, f"{path}: Required value", on="key")


@rule("wrong-type")
def wrong_type(manifest: Manifest) -> Iterator[Violation]:
    yield from _violations(manifest, WRONG_TYPE)


@rule("removed-api")
def removed_api(manifest: Manifest) -> Iterator[Violation]:
    from ..apis import describe, lifecycle

    entry = lifecycle(manifest.api_version, manifest.kind)
    if entry is not None and entry.removed is not None and manifest.kubernetes_minor >= entry.removed:
        yield Violation(FieldPath(("apiVersion",)), describe(manifest.api_version, manifest.kind, entry))


@rule("deprecated-api")
def deprecated_api(manifest: Manifest) -> Iterator[Violation]:
    from ..apis import describe, lifecycle

    entry = lifecycle(manifest.api_version, manifest.kind)
    if entry is None or entry.deprecated is None:
        return
    version = manifest.kubernetes_minor
    if entry.deprecated <= version and (entry.removed is None or version < entry.removed):
        yield Violation(FieldPath(("apiVersion",)), describe(manifest.api_version, manifest.kind, entry))
