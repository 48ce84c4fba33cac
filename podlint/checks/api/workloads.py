"""What the API server refuses in the specs of workloads, beyond their pod templates.

Each rule mirrors ``pkg/apis/apps/validation/validation.go`` (or the batch package), after
the defaults of ``pkg/apis/apps/v1/defaults.go`` are applied, as the API server applies
them before it validates, and words its messages as the API server does.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Manifest
from ...registry import rule
from ...sourcemap import FieldPath

_SPEC = FieldPath(("spec",))
NEGATIVE = "must be greater than or equal to 0"  # IsNegativeErrorMsg
# Where the API server prints a memory address (a pointer inside a struct it prints with
# %#v), which no manifest can tell.
ADDRESS = "0xc…"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _non_negative(spec: dict, path: FieldPath, name: str) -> Iterator[Violation]:
    """``ValidateNonnegativeField`` of ``spec[name]``."""
    value = _int(spec.get(name))
    if value is not None and value < 0:
        yield Violation(path / name, api.invalid(path / name, value, NEGATIVE))


def _pointer(go_type: str, present: bool) -> str:
    return f"(*{go_type})({ADDRESS if present else 'nil'})"


# --- intstr.IntOrString: maxSurge, maxUnavailable -----------------------------------------------

_PERCENT = re.compile(r"[0-9]+%\Z")
PERCENT_ERROR = api.regex_error(
    "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"
)
_MAX_GO_INT = 2**63 - 1


def _atoi(text: str) -> int:
    """Go's ``strconv.Atoi``, 0 where it fails (as ``IntOrString.IntValue`` ignores its error)."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        return 0
    number = int(text)
    return number if -_MAX_GO_INT - 1 <= number <= _MAX_GO_INT else 0


def _percent(value: Any) -> int | None:
    """``getPercentValue``: the number of a valid percent string, or None."""
    if isinstance(value, str) and _PERCENT.match(value):
        return _atoi(value[:-1])
    return None


def _amount(value: Any) -> int:
    """``getIntOrPercentValue``."""
    percent = _percent(value)
    if percent is not None:
        return percent
    return _atoi(value) if isinstance(value, str) else value


def _int_or_string(value: Any) -> bool:
    return isinstance(value, str) or _int(value) is not None


def _int_or_percent_errors(path: FieldPath, value: Any, at_most_100: bool = True) -> Iterator[Violation]:
    """``ValidatePositiveIntOrPercent`` (and ``IsNotMoreThan100Percent``). An IntOrString prints
    bare: ``Invalid value: 120%``."""
    shown = api.Stringer(str(value))
    if isinstance(value, str):
        if not _PERCENT.match(value):
            yield Violation(path, api.invalid(path, shown, PERCENT_ERROR))
    elif value < 0:
        yield Violation(path, api.invalid(path, value, NEGATIVE))
    if at_most_100 and (_percent(value) or 0) > 100:
        yield Violation(path, api.invalid(path, shown, "must not be greater than 100%"))


def _rolling_update(strategy: dict, path: FieldPath, defaults: dict) -> tuple[FieldPath, dict]:
    """A strategy's ``rollingUpdate``, its absent fields defaulted."""
    given = _dict(strategy.get("rollingUpdate"))
    values = {name: default if given.get(name) is None else given[name] for name, default in defaults.items()}
    return path / "rollingUpdate", values


# --- Deployment ---------------------------------------------------------------------------------

DEPLOYMENT_STRATEGIES = ("Recreate", "RollingUpdate")
PROGRESS_DEADLINE_DEFAULT = 600  # SetDefaults_Deployment


def _deployment_errors(spec: dict) -> Iterator[Violation]:
    # ValidateDeploymentSpec, ValidateDeploymentStrategy, ValidateRollingUpdateDeployment
    yield from _non_negative(spec, _SPEC, "replicas")
    path = _SPEC / "strategy"
    strategy = _dict(spec.get("strategy"))
    kind = strategy.get("type") or "RollingUpdate"
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            where = path / "rollingUpdate"
            detail = "may not be specified when strategy `type` is 'Recreate'"
            yield Violation(where, api.forbidden(where, detail), on="key")
    elif kind == "RollingUpdate":
        where, update = _rolling_update(strategy, path, {"maxUnavailable": "25%", "maxSurge": "25%"})
        unavailable, surge = update["maxUnavailable"], update["maxSurge"]
        if _int_or_string(unavailable) and _int_or_string(surge):
            yield from _int_or_percent_errors(where / "maxUnavailable", unavailable, at_most_100=False)
            yield from _int_or_percent_errors(where / "maxSurge", surge, at_most_100=False)
            if _amount(unavailable) == 0 and _amount(surge) == 0:
                at = where / "maxUnavailable"
                yield Violation(at, api.invalid(at, api.Stringer(str(unavailable)), "may not be 0 when `maxSurge` is 0"))
            if (_percent(unavailable) or 0) > 100:
                at = where / "maxUnavailable"
                yield Violation(at, api.invalid(at, api.Stringer(str(unavailable)), "must not be greater than 100%"))
    elif isinstance(kind, str):
        value = api.Stringer(
            f"apps.DeploymentStrategy{{Type:{api.go_quote(kind)}, "
            f"RollingUpdate:{_pointer('apps.RollingUpdateDeployment', strategy.get('rollingUpdate') is not None)}}}"
        )
        yield Violation(path / "type", api.not_supported(path, value, DEPLOYMENT_STRATEGIES))
    yield from _non_negative(spec, _SPEC, "minReadySeconds")
    yield from _non_negative(spec, _SPEC, "revisionHistoryLimit")
    deadline = spec.get("progressDeadlineSeconds")
    deadline = PROGRESS_DEADLINE_DEFAULT if deadline is None else _int(deadline)
    ready = 0 if spec.get("minReadySeconds") is None else _int(spec["minReadySeconds"])
    if deadline is not None:
        yield from _non_negative(spec, _SPEC, "progressDeadlineSeconds")
        if ready is not None and deadline <= ready:
            # the default deadline is reported at minReadySeconds, the field that makes it too short
            at = _SPEC / ("progressDeadlineSeconds" if spec.get("progressDeadlineSeconds") is not None else "minReadySeconds")
            where = _SPEC / "progressDeadlineSeconds"
            yield Violation(at, api.invalid(where, deadline, "must be greater than minReadySeconds"))


# --- DaemonSet ----------------------------------------------------------------------------------

DAEMON_SET_STRATEGIES = ("RollingUpdate", "OnDelete")


def _daemon_set_errors(spec: dict) -> Iterator[Violation]:
    # ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet
    yield from _non_negative(spec, _SPEC, "minReadySeconds")
    path = _SPEC / "updateStrategy"
    strategy = _dict(spec.get("updateStrategy"))
    kind = strategy.get("type") or "RollingUpdate"
    if kind == "RollingUpdate":
        # SetDefaults_DaemonSet: maxUnavailable 1, maxSurge 0
        where, update = _rolling_update(strategy, path, {"maxUnavailable": 1, "maxSurge": 0})
        unavailable, surge = update["maxUnavailable"], update["maxSurge"]
        if _int_or_string(unavailable) and _int_or_string(surge):
            yield from _int_or_percent_errors(where / "maxUnavailable", unavailable)
            yield from _int_or_percent_errors(where / "maxSurge", surge)
            if _amount(unavailable) != 0 and _amount(surge) != 0:
                at = where / "maxSurge"
                yield Violation(at, api.invalid(at, api.Stringer(str(surge)), "may not be set when maxUnavailable is non-zero"))
            elif _amount(unavailable) == 0 and _amount(surge) == 0:
                at = where / "maxUnavailable"
                yield Violation(at, api.required(at, "cannot be 0 when maxSurge is 0"))
    elif kind != "OnDelete" and isinstance(kind, str):
        value = api.Stringer(
            f"apps.DaemonSetUpdateStrategy{{Type:{api.go_quote(kind)}, "
            f"RollingUpdate:{_pointer('apps.RollingUpdateDaemonSet', strategy.get('rollingUpdate') is not None)}}}"
        )
        yield Violation(path / "type", api.not_supported(path, value, DAEMON_SET_STRATEGIES))
    yield from _non_negative(spec, _SPEC, "revisionHistoryLimit")


# --- StatefulSet --------------------------------------------------------------------------------

POD_MANAGEMENT_POLICIES = ("OrderedReady", "Parallel")
RETENTION_POLICIES = ("Retain", "Delete")


def _stateful_set_errors(spec: dict) -> Iterator[Violation]:
    # ValidateStatefulSetSpec, validateRollingUpdateStatefulSet, ValidatePersistentVolumeClaimRetentionPolicy
    policy = spec.get("podManagementPolicy")
    if isinstance(policy, str) and policy and policy not in POD_MANAGEMENT_POLICIES:
        path = _SPEC / "podManagementPolicy"
        yield Violation(path, api.invalid(path, policy, "must be 'OrderedReady' or 'Parallel'"))
    path = _SPEC / "updateStrategy"
    strategy = _dict(spec.get("updateStrategy"))
    kind = strategy.get("type") or "RollingUpdate"
    update = strategy.get("rollingUpdate")
    if kind == "OnDelete":
        if update is not None:
            where = path / "rollingUpdate"
            value = api.Stringer(_stateful_set_rolling_update(update))
            yield Violation(where, api.invalid(where, value, "only allowed for updateStrategy 'RollingUpdate'"), on="key")
    elif kind == "RollingUpdate":
        if isinstance(update, dict):
            yield from _non_negative(update, path / "rollingUpdate", "partition")
    elif isinstance(kind, str):
        value = api.Stringer(
            f"apps.StatefulSetUpdateStrategy{{Type:{api.go_quote(kind)}, RollingUpdate:"
            f"{_pointer('apps.RollingUpdateStatefulSetStrategy', update is not None)}}}"
        )
        yield Violation(path / "type", api.invalid(path, value, "must be 'RollingUpdate' or 'OnDelete'"))
    retention = _dict(spec.get("persistentVolumeClaimRetentionPolicy"))
    for name in ("whenDeleted", "whenScaled"):
        value = retention.get(name)
        if isinstance(value, str) and value and value not in RETENTION_POLICIES:
            where = _SPEC / "persistentVolumeClaimRetentionPolicy" / name
            yield Violation(where, api.not_supported(where, value, RETENTION_POLICIES))
    yield from _non_negative(spec, _SPEC, "replicas")
    yield from _non_negative(spec, _SPEC, "minReadySeconds")
    yield from _non_negative(_dict(spec.get("ordinals")), _SPEC / "ordinals", "start")


def _stateful_set_rolling_update(update: Any) -> str:
    """``%#v`` of the internal ``apps.RollingUpdateStatefulSetStrategy`` a manifest's ``rollingUpdate`` becomes."""
    update = _dict(update)
    partition = _int(update.get("partition")) or 0
    unavailable = _pointer("intstr.IntOrString", update.get("maxUnavailable") is not None)
    return f"apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, MaxUnavailable:{unavailable}}}"


# --- the rule ------------------------------------------------------------------------------------

_WORKLOADS = {
    ("apps/v1", "Deployment"): _deployment_errors,
    ("apps/v1", "DaemonSet"): _daemon_set_errors,
    ("apps/v1", "StatefulSet"): _stateful_set_errors,
}
# ValidateReplicaSetSpec, ValidateReplicationControllerSpec: counts that may not be negative
_COUNTS_ONLY = {("apps/v1", "ReplicaSet"), ("v1", "ReplicationController")}


@rule("invalid-workload")
def invalid_workload(manifest: Manifest) -> Iterator[Violation]:
    key = (manifest.api_version, manifest.kind)
    spec = manifest.data.get("spec")
    if not isinstance(spec, dict):
        return
    check = _WORKLOADS.get(key)
    if check is not None:
        yield from check(spec)
    elif key in _COUNTS_ONLY:
        yield from _non_negative(spec, _SPEC, "replicas")
        yield from _non_negative(spec, _SPEC, "minReadySeconds")
