"""Hardening beyond the Pod Security Standards: what no admission level refuses, but what gives
a compromised container more than it needs (the node's container runtime, the node's files, a
writable image, secrets in plain text, an API token it never uses)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from ...findings import Violation
from ...model import EPHEMERAL, Container, Pod
from ...registry import rule
from ...sourcemap import FieldPath
from ..api.validation import _dicts
from . import windows_pod

# The container runtimes' API sockets on a node, /var/run spelled /run (it is a link to /run).
RUNTIME_SOCKETS = (
    "/run/docker.sock",  # Docker Engine
    "/run/dockershim.sock",  # the kubelet's dockershim (until 1.23)
    "/run/cri-dockerd.sock",  # cri-dockerd
    "/run/containerd/containerd.sock",  # containerd
    "/run/k3s/containerd/containerd.sock",  # k3s' and RKE2's containerd
    "/run/crio/crio.sock",  # CRI-O
    "/run/podman/podman.sock",  # Podman
)
# Windows nodes: the named pipes of Docker and containerd.
RUNTIME_PIPES = ("\\\\.\\pipe\\docker_engine", "\\\\.\\pipe\\containerd-containerd")
# hostPath types whose mount readOnly does not restrict: a socket is still connected to, a
# device still written (the kernel checks a read-only mount for neither).
UNRESTRICTED_BY_READ_ONLY = ("Socket", "CharDevice", "BlockDevice")


def _dict(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _host_path(volume: dict) -> tuple[str, str] | None:
    """A hostPath volume's path and type ("" when unset), or None for another volume."""
    source = _dict(volume.get("hostPath"))
    path = _str(source.get("path")) if source is not None else None
    if path is None:
        return None
    return path, _str(source.get("type")) or ""


def _normal(path: str) -> str:
    """A node path as the runtime sockets are listed: normalised, /var/run spelled /run, a
    Windows pipe in lower case with backslashes."""
    if path.startswith(("\\\\", "//./")):
        return path.replace("/", "\\").lower()
    path = posixpath.normpath("/" + path.lstrip("/")) if path.startswith("/") else posixpath.normpath(path)
    if path == "/var/run" or path.startswith("/var/run/"):
        path = "/run" + path[len("/var/run") :]
    return path


def _runtime_exposure(path: str) -> str | None:
    """Whether ``path`` is a container runtime's socket ("socket") or a directory that holds one
    ("directory"); None when it is neither."""
    normal = _normal(path)
    if normal in RUNTIME_SOCKETS or normal in RUNTIME_PIPES:
        return "socket"
    if normal.startswith("/") and any(socket.startswith(normal.rstrip("/") + "/") for socket in RUNTIME_SOCKETS):
        return "directory"
    return None


@rule("docker-socket-mount")
def docker_socket_mount(pod: Pod) -> Iterator[Violation]:
    for index, volume in _dicts(pod.spec.get("volumes")):
        host = _host_path(volume)
        if host is None:
            continue
        path = host[0]
        exposure = _runtime_exposure(path)
        if exposure is None:
            continue
        name = _str(volume.get("name")) or ""
        if exposure == "socket":
            message = f'volume "{name}" mounts the container runtime socket {path}'
        else:
            message = f'volume "{name}" mounts {path}, which holds the container runtime sockets'
        yield Violation(pod.path / "volumes" / index / "hostPath" / "path", message)


def _sockets_or_devices(path: str) -> bool:
    """A path of sockets or device nodes, which a read-only mount does not protect: a socket
    (``*.sock``, ``/dev/log``, a runtime's socket) or ``/dev`` and what is in it (but the
    ``/dev/shm`` tmpfs, whose files are plain files)."""
    normal = _normal(path)
    if normal.endswith((".sock", ".socket")) or normal == "/dev/log" or _runtime_exposure(path) == "socket":
        return True
    return (normal == "/dev" or normal.startswith("/dev/")) and not (
        normal == "/dev/shm" or normal.startswith("/dev/shm/")
    )


def _volumes(pod: Pod) -> dict[str, dict]:
    volumes: dict[str, dict] = {}
    for _, volume in _dicts(pod.spec.get("volumes")):
        name = _str(volume.get("name"))
        if name is not None:
            volumes.setdefault(name, volume)
    return volumes


@rule("writable-host-path")
def writable_host_path(container: Container) -> Iterator[Violation]:
    volumes = container.pod.manifest.memo("hardening:hostpath-volumes", lambda: _volumes(container.pod))
    for index, mount in _dicts(container.spec.get("volumeMounts")):
        volume = volumes.get(_str(mount.get("name")) or "")
        host = _host_path(volume) if volume is not None else None
        if host is None or mount.get("readOnly") is True:
            continue
        path, kind = host
        if kind in UNRESTRICTED_BY_READ_ONLY or _sockets_or_devices(path):
            continue  # readOnly would change nothing (docker-socket-mount reports a runtime socket)
        at = container.path / "volumeMounts" / index
        read_only = "readOnly" in mount
        yield Violation(
            at / "readOnly" if read_only else at,
            f'{container.label} mounts the host\'s {path} (volume "{volume["name"]}") read-write',
            on="value" if read_only else "key",
        )


@rule("readonly-root-filesystem")
def readonly_root_filesystem(container: Container) -> Iterator[Violation]:
    if container.role == EPHEMERAL:
        return  # a debugging container, added to a running pod by kubectl debug
    if windows_pod(container.pod):
        return  # the API server refuses readOnlyRootFilesystem on a Windows pod
    context = _dict(container.spec.get("securityContext")) or {}
    value = context.get("readOnlyRootFilesystem")
    if value is True:
        return
    at = container.path / "securityContext" / "readOnlyRootFilesystem"
    if value is False:
        yield Violation(at, f"{container.label} sets readOnlyRootFilesystem to false")
    else:
        yield Violation(at, f"{container.label} has a writable root filesystem", on="key")


# --- secrets in env ---------------------------------------------------------------------------

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# A name whose last word is one of these holds a secret: DB_PASSWORD, GITHUB_TOKEN, JWT_SECRET.
_SECRET_WORDS = frozenset(
    {"PASSWORD", "PASSWD", "PASS", "PWD", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY"}
)
# ... or whose last word is KEY after one of these: API_KEY, AWS_SECRET_ACCESS_KEY, ENCRYPTION_KEY.
_KEY_QUALIFIERS = frozenset(
    {
        "API",
        "ACCESS",
        "ACCOUNT",
        "AUTH",
        "CLIENT",
        "ENCRYPTION",
        "HMAC",
        "LICENSE",
        "MASTER",
        "PRIVATE",
        "SECRET",
        "SHARED",
        "SIGNING",
        "STORAGE",
    }
)
# A value that is a private key, whatever the variable is called.
_PRIVATE_KEY = re.compile(r"-{3,}\s*BEGIN [A-Z0-9 ]*PRIVATE KEY\s*-{3,}")
# Values that are not the secret itself: a file, a reference another tool resolves, a template.
_NOT_A_SECRET = re.compile(
    r"\A(?:/|\./|~/|file:|\$\(|\$\{|\{\{|vault:|ref\+|arn:aws:(?:secretsmanager|ssm):|projects/[^/]+/secrets/)"
)
_PLAIN = frozenset({"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null"})


# Names that end like a secret's but name an identifier: etcd's initial cluster token only keeps
# two clusters bootstrapped side by side apart (etcd's clustering guide)
_IDENTIFIERS = (("INITIAL", "CLUSTER", "TOKEN"),)


def _secret_name(name: str) -> bool:
    words = [word.upper() for word in _WORDS.findall(name)]
    if not words or name == "PWD":  # PWD alone is the shell's working directory
        return False
    if any(tuple(words[-len(identifier):]) == identifier for identifier in _IDENTIFIERS):
        return False
    last = words[-1]
    if last in _SECRET_WORDS:
        return True
    return last == "KEY" and len(words) > 1 and words[-2] in _KEY_QUALIFIERS


def _literal_secret(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    text = value.strip()
    return not _NOT_A_SECRET.match(text) and text.lower() not in _PLAIN


def _away_from(container: Container, value_path: FieldPath, candidates: list[tuple[FieldPath, str]]):
    """The first of ``candidates`` (path, on) reported on a line the value is not on: the text
    report shows a finding's source line, and the value must never be shown."""
    manifest = container.pod.manifest
    sourcemap = manifest.document.sourcemap
    mark = sourcemap.values.get(tuple(manifest.base + value_path))
    if mark is not None:
        lines = range(mark[0] + 1, mark[2] + 2)  # 1-based, as spans are
        for path, on in candidates:
            if sourcemap.span(tuple(manifest.base + path), on).line not in lines:
                return path, on
    return candidates[0]


@rule("secret-in-env")
def secret_in_env(container: Container) -> Iterator[Violation]:
    for index, variable in _dicts(container.spec.get("env")):
        name, value = _str(variable.get("name")), variable.get("value")
        if name is None:
            continue
        if isinstance(value, str) and _PRIVATE_KEY.search(value):
            message = f'{container.label} sets env var "{name}" to a literal private key'
        elif _secret_name(name) and _literal_secret(value):
            message = f'{container.label} sets secret-looking env var "{name}" to a literal value'
        else:
            continue
        at = container.path / "env" / index
        candidates = [(at / "name", "value"), (container.path / "env", "key"), (container.path / "name", "value")]
        where, on = _away_from(container, at / "value", [*candidates, (FieldPath(("kind",)), "value")])
        yield Violation(where, message, on=on)


@rule("automount-service-account-token")
def automount_service_account_token(pod: Pod) -> Iterator[Violation]:
    if isinstance(pod.spec.get("automountServiceAccountToken"), bool):
        return  # decided either way: false, or true on purpose
    if pod.is_static:
        return  # a static pod can have no service account
    account = _str(pod.spec.get("serviceAccountName")) or _str(pod.spec.get("serviceAccount")) or "default"
    if account != "default":
        return  # a service account of its own: made to call the API
    yield Violation(
        pod.path / "automountServiceAccountToken",
        "the pod mounts the default service account's API token (automountServiceAccountToken is not false)",
        on="key",
    )
