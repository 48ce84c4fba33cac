"""Rules about container images."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ..findings import Violation
from ..imageref import DOCKER_HUB, ImageRef
from ..model import Container, Pod
from ..registry import Params, rule
from ..sourcemap import FieldPath
from . import matches_any
from .api.validation import _dicts


@rule("latest-tag")
def latest_tag(container: Container, params: Params) -> Iterator[Violation]:
    ref = ImageRef.parse(container.image)
    if ref is None or not ref.valid or ref.digest or ref.tag in params.allowed_tags:
        return  # a reference Docker refuses (a placeholder such as $IMAGE) is never pulled at all
    if ref.tag is None:
        yield Violation(container.path / "image", f'{container.label} uses image "{container.image}" with no tag')
    elif ref.tag == "latest":
        yield Violation(
            container.path / "image", f'{container.label} uses image "{container.image}" with the "latest" tag'
        )


class _PulledImage(NamedTuple):
    """An image the kubelet pulls for a pod: a container's, or an image volume's."""

    label: str  # container "web", volume "models"
    image: str
    ref: ImageRef
    at: FieldPath  # of the image reference
    policy_at: FieldPath  # of its pull policy
    policy: str | None  # as written; None when absent (the API server defaults it)


def _pulled_images(pod: Pod) -> tuple[_PulledImage, ...]:
    """Every image of the pod that Docker's reference grammar accepts, in document order.

    A reference it refuses (a typo, a template placeholder such as ``$IMAGE``) is never
    pulled: the kubelet stops at InvalidImageName, so there is no registry, digest or pull
    policy to speak of.
    """
    return pod.manifest.memo("images.pulled", lambda: tuple(_find_pulled_images(pod)))


def _find_pulled_images(pod: Pod) -> Iterator[_PulledImage]:
    for container in pod.containers:
        ref = ImageRef.parse(container.image)
        if ref is not None and ref.valid:
            policy = container.spec.get("imagePullPolicy")
            yield _PulledImage(
                container.label,
                container.image,
                ref,
                container.path / "image",
                container.path / "imagePullPolicy",
                policy if isinstance(policy, str) else None,
            )
    for index, volume in _dicts(pod.spec.get("volumes")):
        source = volume.get("image")
        if not isinstance(source, dict):
            continue
        reference = source.get("reference")
        ref = ImageRef.parse(reference if isinstance(reference, str) else None)
        if ref is not None and ref.valid:
            name = volume.get("name")
            at = pod.path / "volumes" / index / "image"
            policy = source.get("pullPolicy")
            yield _PulledImage(
                f'volume "{name if isinstance(name, str) else f"#{index}"}"',
                reference,
                ref,
                at / "reference",
                at / "pullPolicy",
                policy if isinstance(policy, str) else None,
            )


def _registry_prefix(entry: str) -> str:
    """An ``allowed-registries`` entry as a prefix of normalised names: ``GHCR.io/org/`` -> ``ghcr.io/org``."""
    prefix = entry.strip().rstrip("/").lower()
    head, slash, rest = prefix.partition("/")
    return f"{DOCKER_HUB}{slash}{rest}" if head == "index.docker.io" else prefix


@rule("untrusted-registry")
def untrusted_registry(pod: Pod, params: Params) -> Iterator[Violation]:
    prefixes = [_registry_prefix(entry) for entry in params.allowed_registries if entry.strip()]
    for pulled in _pulled_images(pod):
        name = pulled.ref.normalized.lower()
        if any(name == prefix or name.startswith(prefix + "/") for prefix in prefixes):
            continue
        why = "not from an allowed registry" + ("" if prefixes else " (allowed-registries is empty)")
        yield Violation(pulled.at, f'{pulled.label} uses image "{pulled.image}" ({pulled.ref.normalized}), {why}')


@rule("image-digest")
def image_digest(pod: Pod) -> Iterator[Violation]:
    for pulled in _pulled_images(pod):
        if pulled.ref.digest is None:
            yield Violation(pulled.at, f'{pulled.label} uses image "{pulled.image}", which is not pinned by a digest')


# A version of one or two numbers, maybe after a "v" and before a variant: 7, 1.27, v2, 3.12-alpine.
# A lone number of three digits or more is a build number or a date (123, 20240611), not a major version.
_FLOATING_VERSION = re.compile(r"v?(?:\d{1,2}|\d{1,4}\.\d+)(?:[-_][a-z][a-z0-9._-]*)?", re.IGNORECASE)


def _moving(tag: str, params: Params) -> bool:
    lowered = tag.lower()
    if matches_any(lowered, params.mutable_tags, fold=True):
        return True
    return params.floating_versions and _FLOATING_VERSION.fullmatch(tag) is not None


@rule("image-pull-policy")
def image_pull_policy(pod: Pod, params: Params) -> Iterator[Violation]:
    for pulled in _pulled_images(pod):
        ref = pulled.ref
        if ref.digest is not None:  # the digest is what is pulled, whatever the tag
            continue
        tag = ref.tag or "latest"  # parsers.ParseImageName: no tag and no digest reads as "latest"
        if tag != "latest" and not _moving(tag, params):
            continue
        field = pulled.policy_at[-1]  # imagePullPolicy, or pullPolicy of an image volume
        what = 'which has no tag (so "latest")' if ref.tag is None else f'whose tag "{tag}" moves'
        if pulled.policy == "IfNotPresent":
            yield Violation(
                pulled.policy_at, f'{pulled.label} uses image "{pulled.image}", {what}, with {field} IfNotPresent'
            )
        elif pulled.policy is None and tag != "latest":
            # SetDefaults_Container (SetDefaults_Volume for an image volume): Always for "latest", else IfNotPresent
            yield Violation(
                pulled.at,
                f'{pulled.label} uses image "{pulled.image}", {what}, with {field} IfNotPresent (the default)',
            )
