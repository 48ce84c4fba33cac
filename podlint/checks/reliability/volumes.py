"""Volumes and the data on them: volumes nothing uses, databases that keep their data nowhere,
claims the pods of a workload cannot all mount."""

from __future__ import annotations

import re
from functools import lru_cache
from posixpath import normpath
from typing import Iterator

from ...cluster import RUNS_PODS, claim_template_names, idle, matching, pinned_node
from ...findings import Violation
from ...imageref import ImageRef
from ...model import DAEMONS, EPHEMERAL, INIT, REPLICAS, Container, Pod, pods_at_once
from ...registry import Params, rule
from ..api.validation import _dicts


def _names(container: Container, field: str) -> Iterator[str]:
    for _, item in _dicts(container.spec.get(field)):
        if isinstance(item.get("name"), str):
            yield item["name"]


@rule("unused-volume")
def unused_volume(pod: Pod) -> Iterator[Violation]:
    used = {name for c in pod.containers for field in ("volumeMounts", "volumeDevices") for name in _names(c, field)}
    for index, volume in _dicts(pod.spec.get("volumes")):
        name = volume.get("name")
        if isinstance(name, str) and name not in used:
            yield Violation(pod.path / "volumes" / index / "name", f'volume "{name}" is not mounted by any container')


@lru_cache(maxsize=8)
def _data_directories(entries: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``mysql=/var/lib/mysql`` entries as {image: directories} (read once per run's parameters)."""
    table = {}
    for entry in entries:
        image, _, directories = entry.partition("=")
        table[image.strip().lower()] = tuple(normpath(d.strip()) for d in directories.split(",") if d.strip())
    return table


@lru_cache(maxsize=1024)
def _service(image: str | None, entries: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """The data directories entry of an image (worked out once per image and parameters): its
    repository's trailing components (``bitnami/mysql``), the longest that has an entry. A
    one-word entry (``mysql``) is a Docker official image: ``mysql``, ``docker.io/library/mysql``
    or a mirror's ``.../library/mysql``, not ``gcr.io/google-samples/mysql``, whose data may
    be elsewhere."""
    ref = ImageRef.parse(image)
    if ref is None:
        return None
    table = _data_directories(entries)
    parts = ref.repository.lower().split("/")
    for start in range(len(parts)):
        key = "/".join(parts[start:])
        official = start == 0 or parts[start - 1] == "library"
        if key in table and ("/" in key or official):
            return key, table[key]
    return None


def _within(path: str, directory: str) -> bool:
    return path == directory or directory == "/" or path.startswith(directory + "/")


# The official PostgreSQL image keeps its data in /var/lib/postgresql/<major>/docker from
# PostgreSQL 18 (docker-library/postgres#1259), where it was /var/lib/postgresql/data
POSTGRES_IMAGES = ("postgres", "postgis/postgis")
POSTGRES_VERSIONED_DATA_SINCE = 18
RUN_TO_COMPLETION = (("batch", "Job"), ("batch", "CronJob"))


def _postgres_directories(container: Container, directories: tuple[str, ...]) -> tuple[str, ...]:
    """The data directory of an official PostgreSQL container: ``PGDATA`` where it is set, else
    the one of its version (for an untagged or ``latest`` image, the volume the image declares,
    /var/lib/postgresql, under which any version keeps it)."""
    for _, variable in _dicts(container.spec.get("env")):
        value = variable.get("value")
        if variable.get("name") == "PGDATA" and isinstance(value, str) and value.startswith("/"):
            return (normpath(value),)
    ref = ImageRef.parse(container.image)
    tag = (ref.tag or "latest") if ref is not None else "latest"
    digits = tag.split(".")[0].split("-")[0]
    if tag == "latest" or (digits.isdigit() and int(digits) >= POSTGRES_VERSIONED_DATA_SINCE):
        return (f"/var/lib/postgresql/{digits}/docker",) if digits.isdigit() else ("/var/lib/postgresql",)
    return directories


@rule("ephemeral-data-volume")
def ephemeral_data_volume(pod: Pod, params: Params) -> Iterator[Violation]:
    if (pod.manifest.group, pod.manifest.kind) in RUN_TO_COMPLETION:
        return  # a database a Job runs is thrown away with it (a test, a dump)
    entries = tuple(params.data_directories)
    volumes = None  # by name, when a container runs a data service
    for container in pod.containers:
        if container.role in (EPHEMERAL, INIT):
            continue  # an init container runs to completion: a client (pg_isready), not the service
        found = _service(container.image, entries)
        if found is None:
            continue
        service, directories = found
        if service in POSTGRES_IMAGES:
            directories = _postgres_directories(container, directories)
        mounts = [
            (index, mount, normpath(mount["mountPath"]))
            for index, mount in _dicts(container.spec.get("volumeMounts"))
            if isinstance(mount.get("mountPath"), str) and mount["mountPath"].startswith("/")
        ]
        # the mount that holds the data: at a data directory or above it; the deepest wins
        holding = [(len(path), index, mount, d) for index, mount, path in mounts for d in directories if _within(d, path)]
        if not holding:
            # a mount below the data directory (a config file in it): the data may still be elsewhere
            if any(_within(path, d) for _, _, path in mounts for d in directories):
                continue
            yield Violation(
                container.path / "image",
                f"{container.label} runs {service}, whose data directory {directories[0]} is not on a volume",
            )
            continue
        _, index, mount, directory = max(holding, key=lambda item: item[0])
        if volumes is None:
            volumes = {v["name"]: v for _, v in _dicts(pod.spec.get("volumes")) if isinstance(v.get("name"), str)}
        volume = volumes.get(mount["name"]) if isinstance(mount.get("name"), str) else None
        kind = next((key for key in ("emptyDir", "ephemeral") if isinstance(volume, dict) and key in volume), None)
        if kind is not None:
            yield Violation(
                container.path / "volumeMounts" / index / "mountPath",
                f"{container.label} runs {service} with its data directory {directory} on {kind} volume "
                f'"{mount.get("name")}", which is deleted with the pod',
            )


# --- claims one node (or one pod) at a time can use ------------------------------------------------------

SINGLE_NODE_MODES = {"ReadWriteOnce", "ReadWriteOncePod"}
MULTI_NODE_MODES = {"ReadWriteMany", "ReadOnlyMany"}
DEPLOYMENTS = {("apps", "Deployment"), ("extensions", "Deployment")}
RUN_TO_COMPLETION_COUNTS = {("batch", "Job"), ("batch", "CronJob")}


@rule("shared-readwriteonce-claim")
def shared_readwriteonce_claim(pod: Pod) -> Iterator[Violation]:
    cluster = pod.manifest.cluster
    if cluster is None or not cluster.claims:
        return
    manifest = pod.manifest
    key = (manifest.group, manifest.kind)
    if idle(manifest.data):
        return
    alone = key not in REPLICAS and key not in DAEMONS  # a Pod is one pod (a PodTemplate none)
    node = pinned_node(pod.spec)
    if key in DAEMONS and node is not None:
        alone = True
    template_claims = claim_template_names(manifest.data) if key == ("apps", "StatefulSet") else set()
    for index, volume in _dicts(pod.spec.get("volumes")):
        source = volume.get("persistentVolumeClaim")
        name = source.get("claimName") if isinstance(source, dict) else None
        if isinstance(volume.get("name"), str) and volume["name"] in template_claims:
            continue  # the controller mounts each pod's own claim in its place (updateStorage)
        modes = cluster.named(cluster.claims, name, manifest.ref.namespace) if isinstance(name, str) else None
        if not modes or modes & MULTI_NODE_MODES or not modes & SINGLE_NODE_MODES:
            continue
        mode = "ReadWriteOncePod" if modes == {"ReadWriteOncePod"} else "ReadWriteOnce"
        # the pods of one node share a ReadWriteOnce claim: replicas pinned to a node too
        message = None if alone or (mode == "ReadWriteOnce" and node is not None) else _sharing(manifest, key, name, mode)
        others = _other_users(cluster, name, manifest, node if mode == "ReadWriteOnce" else None) if key in RUNS_PODS else []
        if others:
            users = _and(others)
            if message is None:
                message = f'PersistentVolumeClaim "{name}", which is {mode}, is mounted by {users} too: {_outcome(mode)}'
            else:
                message = f"{message}; {users} {'mounts' if len(others) == 1 else 'mount'} it too"
        if message is not None:
            yield Violation(pod.path / "volumes" / index / "persistentVolumeClaim" / "claimName", message)


def _other_users(cluster, claim: str, manifest, node: str | None) -> list[str]:
    """The other objects among the files whose pods may mount the same claim as this one's (of
    a namespace where there is such a claim, and the pod's, where these are known), as
    "Kind "name"", sorted; not those pinned to ``node``, the node this one's pods are pinned to."""
    namespace = manifest.ref.namespace
    claimed = [other for other, _ in matching(cluster.claims.get(claim, {}), namespace)]
    me = (manifest.kind, manifest.ref.name or "")
    found = set()
    for user_namespace, users in matching(cluster.claim_users.get(claim, {}), namespace):
        if not any(other is None or user_namespace is None or other == user_namespace for other in claimed):
            continue
        for user in users:
            if user.name and (user.kind, user.name) != me and (node is None or user.node != node):
                found.add(f'{user.kind} "{user.name}"')
    return sorted(found)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _outcome(mode: str) -> str:
    if mode == "ReadWriteOncePod":
        return "only one pod at a time can use it, and the others stay Pending while it does"
    return "a pod on another node than the first cannot mount it and stays in ContainerCreating"


def _sharing(manifest, key: tuple[str, str], claim: str, mode: str) -> str | None:
    """What goes wrong when the pods of a workload share a claim of ``mode``, or None if they
    never run two at once."""
    outcome = _outcome(mode)
    if mode == "ReadWriteOncePod":
        hang = "the new pod cannot be scheduled while the old one uses it"
    else:
        hang = "a new pod that lands on another node cannot mount it"
    claimed = f'PersistentVolumeClaim "{claim}", which is {mode}'
    if key in DAEMONS:
        return f"a DaemonSet runs a pod on every node it selects, and they share {claimed}: {outcome}"
    replicas, _ = pods_at_once(manifest)
    if key in RUN_TO_COMPLETION_COUNTS:
        if replicas > 1:
            return f"{replicas} pods run in parallel and share {claimed}: {outcome}"
        return None
    if replicas > 1:
        return f"{replicas} replicas share {claimed}: {outcome}"
    if replicas == 1 and key in DEPLOYMENTS and _starts_before_it_stops(manifest.data.get("spec")):
        return (
            f'a rollout starts the new pod before it stops the old one, and PersistentVolumeClaim "{claim}" is '
            f"{mode}: {hang}, and the rollout hangs; use strategy Recreate"
        )
    return None


def _starts_before_it_stops(spec) -> bool:
    """Whether a rollout of a Deployment of one replica starts the new pod before it stops the
    old one: ``ResolveFenceposts`` (maxSurge rounded up, maxUnavailable rounded down) gives a
    surge and no unavailable pod, after ``SetDefaults_Deployment`` (RollingUpdate, 25% each)."""
    strategy = spec.get("strategy") if isinstance(spec, dict) else None
    strategy = strategy if isinstance(strategy, dict) else {}
    if (strategy.get("type") or "RollingUpdate") != "RollingUpdate":
        return False
    rolling = strategy.get("rollingUpdate") if isinstance(strategy.get("rollingUpdate"), dict) else {}
    surge = _fencepost(rolling.get("maxSurge"), round_up=True)
    unavailable = _fencepost(rolling.get("maxUnavailable"), round_up=False)
    return surge is not None and unavailable is not None and surge > 0 and unavailable == 0


_PERCENT = re.compile(r"[0-9]+%\Z")  # IsValidPercent: any other string is refused


def _fencepost(value, round_up: bool) -> int | None:
    """A maxSurge or maxUnavailable of one replica (None: a value the API server refuses)."""
    if value is None:
        value = "25%"
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _PERCENT.match(value):
        percent = int(value[:-1])
        return -(-percent // 100) if round_up else percent // 100
    return None
