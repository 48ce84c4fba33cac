"""Probes: whether a container has them, and whether they measure what they should.

Probes are read as the kubelet runs them: after the API server's defaults
(``SetDefaults_Probe``: timeoutSeconds 1, periodSeconds 10, successThreshold 1,
failureThreshold 3; ``0`` is defaulted too), and with a named port looked up in the
probed container's own ports (``ResolveContainerPort`` / ``findPortByName``). Only app
containers and native sidecars can have probes; the API server refuses them on plain init
and ephemeral containers (``invalid-probe``), so these rules skip those.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import apiserver as api
from ...findings import Severity, Violation
from ...model import APP, SIDECAR, Container, Pod
from ...registry import Params, rule
from ...sourcemap import FieldPath
from ..api.validation import _dicts, _int

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
PORT_HANDLERS = ("httpGet", "tcpSocket")  # grpc.port is an integer: no name to look up

# SetDefaults_Probe (pkg/apis/core/v1/defaults.go): absent or 0 becomes the default.
PROBE_DEFAULTS = {"timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
TIMINGS = ("initialDelaySeconds", *PROBE_DEFAULTS)

# Kinds whose pods run until they are deleted (a Pod only with restartPolicy Always).
LONG_RUNNING = {
    ("", "Pod"),
    ("", "ReplicationController"),
    ("apps", "Deployment"),
    ("apps", "StatefulSet"),
    ("apps", "DaemonSet"),
    ("apps", "ReplicaSet"),
    ("extensions", "Deployment"),
    ("extensions", "DaemonSet"),
    ("extensions", "ReplicaSet"),
}


# --- helpers (the probe-aware parts might belong in model.py) ---------------------------------------------


def _probe(container: Container, name: str) -> dict | None:
    """The container's probe ``name`` if it can run: a mapping with a handler, on an app or sidecar container."""
    if container.role not in (APP, SIDECAR):
        return None
    probe = container.spec.get(name)
    if not isinstance(probe, dict) or not any(probe.get(handler) is not None for handler in PROBE_HANDLERS):
        return None
    return probe


def _timing(probe: dict, field: str) -> tuple[int | None, str]:
    """A probe timing as the kubelet uses it, and how a message shows it.

    ``(10, "periodSeconds 10 (the default)")``; ``(None, ...)`` for a negative or malformed
    value, which ``invalid-probe`` and the schema rules report.
    """
    raw = probe.get(field)
    value = _int(raw)
    if raw is not None and (value is None or value < 0):
        return None, ""
    default = PROBE_DEFAULTS.get(field, 0)
    if value is None:
        return default, f"{field} {default} (the default)"
    if value == 0 and default:
        return default, f"{field} 0 (defaulted to {default})"
    return value, f"{field} {value}"


def _ports(container: Container) -> list[dict]:
    return [port for _, port in _dicts(container.spec.get("ports"))]


def _long_running(pod: Pod) -> bool:
    if (pod.manifest.group, pod.manifest.kind) not in LONG_RUNNING:
        return False
    # a bare Pod with restartPolicy Never or OnFailure is a one-off task; templates must be Always
    return not (pod.is_pod and pod.spec.get("restartPolicy") in ("Never", "OnFailure"))


def _where(container: Container) -> FieldPath:
    """The container's ``name`` key, where a missing probe would be added."""
    return container.path / "name"


def _declared_elsewhere(container: Container, key: str, value: Any) -> Container | None:
    """Another container of the pod (app, sidecar or init) that declares a port with ``key == value``."""
    for other in container.pod.containers:
        if other.path != container.path and any(port.get(key) == value for port in _ports(other)):
            return other
    return None


# --- missing probes ------------------------------------------------------------------------------------------


def _serving(container: Container) -> bool:
    """An app or sidecar container of a long-running pod that declares ports."""
    return container.role in (APP, SIDECAR) and bool(_ports(container)) and _long_running(container.pod)


@rule("missing-readiness-probe")
def missing_readiness_probe(container: Container) -> Iterator[Violation]:
    if _serving(container) and container.spec.get("readinessProbe") is None:
        yield Violation(_where(container), f"{container.label} declares ports but has no readiness probe", on="key")


@rule("missing-liveness-probe")
def missing_liveness_probe(container: Container) -> Iterator[Violation]:
    if _serving(container) and container.spec.get("livenessProbe") is None:
        yield Violation(_where(container), f"{container.label} declares ports but has no liveness probe", on="key")


# --- probe ports ---------------------------------------------------------------------------------------------


def _protocol(port: dict) -> str:
    """The port's protocol, TCP when absent (or malformed: the schema rules report that)."""
    protocol = port.get("protocol")
    return protocol if protocol in ("UDP", "SCTP") else "TCP"


@rule("probe-port-not-declared")
def probe_port_not_declared(container: Container) -> Iterator[Violation]:
    ports = _ports(container)
    names = {port["name"]: _protocol(port) for port in ports if isinstance(port.get("name"), str)}
    numbers: dict[int, set[str]] = {}
    for port in ports:
        if (number := _int(port.get("containerPort"))) is not None:
            numbers.setdefault(number, set()).add(_protocol(port))
    for name in PROBES:
        probe = _probe(container, name)
        if probe is None:
            continue
        for handler in PORT_HANDLERS:
            action = probe.get(handler)
            if not isinstance(action, dict):
                continue
            port, where = action.get("port"), container.path / name / handler / "port"
            number = _int(port)
            if isinstance(port, str) and not api.is_valid_port_name(port):  # an invalid name is invalid-probe's
                if port not in names:
                    message = f'{container.label} {name} port "{port}" is not a port name of this container'
                    other = _declared_elsewhere(container, "name", port)
                    if other is not None:
                        message += f"; {other.label} declares it, but a probe looks up names in its own container only"
                    yield Violation(where, message)
                elif names[port] != "TCP":
                    yield Violation(
                        where,
                        f'{container.label} {name} port "{port}" is a {names[port]} port, '
                        f"but {handler} connects over TCP",
                        severity=Severity.WARNING,
                    )
            elif number is not None and 1 <= number <= 65535 and ports and "TCP" not in numbers.get(number, ()):
                if isinstance(action.get("host"), str) and action["host"]:
                    continue  # the probe goes to another host: its ports are not this container's
                if number in numbers:
                    protocols = "/".join(sorted(numbers[number]))
                    message = (
                        f"{container.label} {name} port {number} is declared for {protocols} only, "
                        f"but {handler} connects over TCP"
                    )
                    severity = Severity.WARNING
                else:
                    message = f"{container.label} {name} port {number} is not one of the container's declared ports"
                    other = _declared_elsewhere(container, "containerPort", number)
                    # an undeclared health or admin port works; probing another container's does not
                    severity = Severity.INFO if other is None else Severity.WARNING
                    if other is not None:
                        message += f"; {other.label} declares it, so the probe checks that container"
                yield Violation(where, message, severity=severity)


# --- probe settings ------------------------------------------------------------------------------------------


def _resolved_port(port: Any, container: Container) -> Any:
    """A named port as the number the kubelet probes, where this container declares it."""
    if isinstance(port, str):
        for declared in _ports(container):
            if declared.get("name") == port and _int(declared.get("containerPort")) is not None:
                return _int(declared["containerPort"])
    return _int(port) if _int(port) is not None else port


def _defaulted(probe: dict, container: Container) -> dict:
    """The probe as the API server stores it, with named ports resolved; terminationGracePeriodSeconds
    (how a failed liveness probe kills, not when it fails) is left out."""
    result: dict[str, Any] = {key: value for key, value in probe.items() if value is not None}
    result.pop("terminationGracePeriodSeconds", None)
    for field in TIMINGS:
        value, _ = _timing(probe, field)
        result[field] = value if value is not None else probe.get(field)
    for handler in PROBE_HANDLERS:
        action = result.get(handler)
        if not isinstance(action, dict):
            continue
        action = {key: value for key, value in action.items() if value is not None and value not in ("", [])}
        if "port" in action:
            action["port"] = _resolved_port(action["port"], container)
        if handler == "httpGet":
            action.setdefault("path", "/")  # SetDefaults_HTTPGetAction
            action.setdefault("scheme", "HTTP")
        elif handler == "grpc":
            action.setdefault("service", "")  # +default=""
        result[handler] = action
    return result


@rule("liveness-equals-readiness")
def liveness_equals_readiness(container: Container) -> Iterator[Violation]:
    liveness, readiness = _probe(container, "livenessProbe"), _probe(container, "readinessProbe")
    if liveness is None or readiness is None:
        return
    if _defaulted(liveness, container) == _defaulted(readiness, container):
        yield Violation(
            container.path / "livenessProbe",
            f"{container.label} livenessProbe is identical to its readinessProbe",
            on="key",
        )


@rule("probe-timeout-exceeds-period")
def probe_timeout_exceeds_period(container: Container) -> Iterator[Violation]:
    for name in PROBES:
        probe = _probe(container, name)
        if probe is None:
            continue
        (timeout, timeout_text), (period, period_text) = (
            _timing(probe, "timeoutSeconds"),
            _timing(probe, "periodSeconds"),
        )
        threshold, _ = _timing(probe, "failureThreshold")
        if timeout is None or period is None or threshold is None or timeout <= period:
            continue
        field = "timeoutSeconds" if probe.get("timeoutSeconds") is not None else "periodSeconds"
        yield Violation(
            container.path / name / field,
            f"{container.label} {name} {timeout_text} is longer than its {period_text}: a hung endpoint is"
            f" probed every {timeout}s, and found failing after {threshold}×{timeout}s, not {threshold}×{period}s",
        )


@rule("liveness-too-aggressive")
def liveness_too_aggressive(container: Container, params: Params) -> Iterator[Violation]:
    probe = _probe(container, "livenessProbe")
    if probe is None or container.spec.get("startupProbe") is not None:
        return
    (delay, delay_text), (failures, failures_text), (period, period_text) = (
        _timing(probe, field) for field in ("initialDelaySeconds", "failureThreshold", "periodSeconds")
    )
    if delay is None or failures is None or period is None:
        return
    grace = delay + failures * period
    if grace < params.min_startup_seconds:
        yield Violation(
            container.path / "livenessProbe",
            f"{container.label} has no startupProbe and its livenessProbe allows only {grace}s to start: "
            f"{delay_text} + {failures_text} * {period_text}",
            on="key",
        )
