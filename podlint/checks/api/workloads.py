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
from .validation import _name_errors

_SPEC = FieldPath(("spec",))
NEGATIVE = "must be greater than or equal to 0"  # IsNegativeErrorMsg


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
    return f"(*{go_type})({api.UNKNOWN_ADDRESS if present else 'nil'})"


# --- intstr.IntOrString: maxSurge, maxUnavailable -----------------------------------------------

_PERCENT = re.compile(r"[0-9]+%\Z")
PERCENT_ERROR = api.regex_error(
    "a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%"
)
_MAX_GO_INT = 2**63 - 1


def _go_atoi(text: str) -> int | None:
    """Go's ``strconv.Atoi``: None where it fails."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        return None
    number = int(text)
    return number if -_MAX_GO_INT - 1 <= number <= _MAX_GO_INT else None


def _atoi(text: str) -> int:
    """``strconv.Atoi``, 0 where it fails (as ``IntOrString.IntValue`` ignores its error)."""
    return _go_atoi(text) or 0


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
    """``ValidatePositiveIntOrPercent`` (and ``IsNotMoreThan100Percent``). An IntOrString the
    error holds prints as Go's ``%#v`` of it; a negative number is checked as an int64."""
    if isinstance(value, str):
        if not _PERCENT.match(value):
            yield Violation(path, api.invalid(path, api.go_int_or_string(value), PERCENT_ERROR))
    elif value < 0:
        yield Violation(path, api.invalid(path, value, NEGATIVE))
    if at_most_100 and (_percent(value) or 0) > 100:
        yield Violation(path, api.invalid(path, api.go_int_or_string(value), "must not be greater than 100%"))


def _rolling_update(strategy: dict, unavailable: Any, surge: Any) -> tuple[Any, Any]:
    """A strategy's ``rollingUpdate``'s ``maxUnavailable`` and ``maxSurge``, defaulted when
    absent (to the values of ``unavailable`` and ``surge``)."""
    given = _dict(strategy.get("rollingUpdate"))
    if given.get("maxUnavailable") is not None:
        unavailable = given["maxUnavailable"]
    if given.get("maxSurge") is not None:
        surge = given["maxSurge"]
    return unavailable, surge


# --- Deployment ---------------------------------------------------------------------------------

DEPLOYMENT_STRATEGIES = ("Recreate", "RollingUpdate")
PROGRESS_DEADLINE_DEFAULT = 600  # SetDefaults_Deployment
_STRATEGY = _SPEC / "strategy"
_DEPLOYMENT_ROLLING = _STRATEGY / "rollingUpdate"


def _deployment_errors(spec: dict) -> Iterator[Violation]:
    # ValidateDeploymentSpec, ValidateDeploymentStrategy, ValidateRollingUpdateDeployment
    yield from _non_negative(spec, _SPEC, "replicas")
    path = _STRATEGY
    strategy = _dict(spec.get("strategy"))
    kind = strategy.get("type") or "RollingUpdate"
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            where = _DEPLOYMENT_ROLLING
            detail = "may not be specified when strategy `type` is 'Recreate'"
            yield Violation(where, api.forbidden(where, detail), on="key")
    elif kind == "RollingUpdate":
        where = _DEPLOYMENT_ROLLING
        unavailable, surge = _rolling_update(strategy, "25%", "25%")
        if _int_or_string(unavailable) and _int_or_string(surge):
            yield from _int_or_percent_errors(where / "maxUnavailable", unavailable)
            yield from _int_or_percent_errors(where / "maxSurge", surge, at_most_100=False)
            if _amount(unavailable) == 0 and _amount(surge) == 0:
                at = where / "maxUnavailable"
                yield Violation(at, api.invalid(at, api.go_int_or_string(unavailable), "may not be 0 when `maxSurge` is 0"))
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
_UPDATE_STRATEGY = _SPEC / "updateStrategy"
_DAEMON_SET_ROLLING = _UPDATE_STRATEGY / "rollingUpdate"


def _daemon_set_errors(spec: dict) -> Iterator[Violation]:
    # ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet
    yield from _non_negative(spec, _SPEC, "minReadySeconds")
    path = _UPDATE_STRATEGY
    strategy = _dict(spec.get("updateStrategy"))
    kind = strategy.get("type") or "RollingUpdate"
    if kind == "RollingUpdate":
        # SetDefaults_DaemonSet: maxUnavailable 1, maxSurge 0
        where = _DAEMON_SET_ROLLING
        unavailable, surge = _rolling_update(strategy, 1, 0)
        if _int_or_string(unavailable) and _int_or_string(surge):
            yield from _int_or_percent_errors(where / "maxUnavailable", unavailable)
            yield from _int_or_percent_errors(where / "maxSurge", surge)
            if _amount(unavailable) != 0 and _amount(surge) != 0:
                at = where / "maxSurge"
                detail = "may not be set when maxUnavailable is non-zero"
                yield Violation(at, api.invalid(at, api.go_int_or_string(surge), detail))
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


# MaxUnavailableStatefulSet, on by default from 1.35: before, the API server drops maxUnavailable
MAX_UNAVAILABLE_STATEFUL_SET_SINCE = (1, 35)


# From 1.33 a new StatefulSet's serviceName, when set, must be a DNS label (before, any name
# was taken, and the StatefulSet could create no pod)
SERVICE_NAME_CHECKED_SINCE = (1, 33)


# ValidateStatefulSetSpec: a negative revisionHistoryLimit from 1.33 (#129017); the claim
# templates' specs, as new claims', from 1.34 (#132212), where the controller failed to create
# the claims before
REVISION_HISTORY_CHECKED_SINCE = (1, 33)
CLAIM_TEMPLATES_CHECKED_SINCE = (1, 34)


def _stateful_set_errors(spec: dict, version: tuple[int, int]) -> Iterator[Violation]:
    # ValidateStatefulSetSpec, validateRollingUpdateStatefulSet, ValidatePersistentVolumeClaimRetentionPolicy
    unavailable_kept = version >= MAX_UNAVAILABLE_STATEFUL_SET_SINCE
    service = spec.get("serviceName")
    if version >= SERVICE_NAME_CHECKED_SINCE and isinstance(service, str) and service:
        yield from _name_errors(_SPEC / "serviceName", service, api.is_dns1123_label(service))  # ValidateDNS1123Label
    policy = spec.get("podManagementPolicy")
    if isinstance(policy, str) and policy and policy not in POD_MANAGEMENT_POLICIES:
        path = _SPEC / "podManagementPolicy"
        yield Violation(path, api.invalid(path, policy, "must be 'OrderedReady' or 'Parallel'"))
    path = _UPDATE_STRATEGY
    strategy = _dict(spec.get("updateStrategy"))
    kind = strategy.get("type") or "RollingUpdate"
    update = strategy.get("rollingUpdate")
    if kind == "OnDelete":
        if update is not None:
            where = path / "rollingUpdate"
            value = api.Stringer(_stateful_set_rolling_update(update, unavailable_kept))
            yield Violation(where, api.invalid(where, value, "only allowed for updateStrategy 'RollingUpdate'"), on="key")
    elif kind == "RollingUpdate":
        if isinstance(update, dict):
            yield from _non_negative(update, path / "rollingUpdate", "partition")
            unavailable = update.get("maxUnavailable")
            if unavailable_kept and _int_or_string(unavailable):
                where = path / "rollingUpdate" / "maxUnavailable"
                yield from _int_or_percent_errors(where, unavailable, at_most_100=False)
                if _amount(unavailable) == 0:
                    yield Violation(where, api.invalid(where, api.go_int_or_string(unavailable), "cannot be 0"))
                if (_percent(unavailable) or 0) > 100:
                    detail = "must not be greater than 100%"
                    yield Violation(where, api.invalid(where, api.go_int_or_string(unavailable), detail))
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
    if version >= REVISION_HISTORY_CHECKED_SINCE:
        yield from _non_negative(spec, _SPEC, "revisionHistoryLimit")
    yield from _non_negative(_dict(spec.get("ordinals")), _SPEC / "ordinals", "start")
    if version >= CLAIM_TEMPLATES_CHECKED_SINCE:  # ValidateVolumeClaimTemplates: their specs alone
        from .volumes import claim_spec_errors

        templates = spec.get("volumeClaimTemplates")
        for index, template in enumerate(templates if isinstance(templates, list) else ()):
            claim = _dict(template).get("spec")
            if isinstance(claim, dict):
                yield from claim_spec_errors(_SPEC / "volumeClaimTemplates" / index / "spec", claim, version)


def _stateful_set_rolling_update(update: Any, unavailable_kept: bool) -> str:
    """``%#v`` of the internal ``apps.RollingUpdateStatefulSetStrategy`` a manifest's ``rollingUpdate``
    becomes (``unavailable_kept``: the API server keeps its ``maxUnavailable``)."""
    update = _dict(update)
    partition = _int(update.get("partition")) or 0
    unavailable = _pointer("intstr.IntOrString", unavailable_kept and update.get("maxUnavailable") is not None)
    return f"apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, MaxUnavailable:{unavailable}}}"


# --- the rule ------------------------------------------------------------------------------------

_WORKLOADS = {
    ("apps/v1", "Deployment"): _deployment_errors,
    ("apps/v1", "DaemonSet"): _daemon_set_errors,
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
    elif key == ("apps/v1", "StatefulSet"):
        yield from _stateful_set_errors(spec, manifest.kubernetes_minor)
    elif key in _COUNTS_ONLY:
        yield from _non_negative(spec, _SPEC, "replicas")
        yield from _non_negative(spec, _SPEC, "minReadySeconds")


# --- Job and CronJob ------------------------------------------------------------------------------

JOB_COUNTS = ("parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")
COMPLETION_MODES = ("NonIndexed", "Indexed")
MAX_INDEXED_PARALLELISM = 100_000  # maxParallelismForIndexedJob
MAX_FAILED_INDEXES = 100_000  # maxFailedIndexesForIndexedJob
COMPLETIONS_SOFT_LIMIT = 100_000
HIGH_COMPLETIONS_LIMIT = 10_000  # parallelismLimitForHighCompletions, maxFailedIndexesLimitForHighCompletions
HIGH_COMPLETIONS = f"when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
NOT_INDEXED = "requires indexed completion mode"
# validatePodFailurePolicy and its rules: the sets' values, sorted as sets.List sorts them
FAILURE_ACTIONS = ("Count", "FailIndex", "FailJob", "Ignore")
EXIT_CODE_OPERATORS = ("In", "NotIn")
CONDITION_STATUSES = ("False", "True", "Unknown")
# SetDefaults_PodFailurePolicyOnPodConditionsPattern (#131525): from 1.34 an onPodConditions
# pattern without a status is made True wherever it is, a CronJob's job template included;
# before, only SetDefaults_Job did, for a Job
CONDITION_STATUS_DEFAULTED_EVERYWHERE_SINCE = (1, 34)
MAX_FAILURE_RULES, MAX_EXIT_CODES, MAX_CONDITION_PATTERNS = 20, 255, 20
REPLACEMENT_POLICIES = ("Failed", "TerminatingOrFailed")


def _valid_values(values: tuple[str, ...]) -> str:
    """Go's ``fmt.Sprintf("valid values: %q", values)`` of a ``[]string``."""
    return "valid values: [" + " ".join(api.go_quote(value) for value in values) + "]"


def _job_errors(spec: dict, path: FieldPath, defaulted: bool, version: tuple[int, int]) -> Iterator[Violation]:
    """``validateJobSpec`` without the pod template; ``defaulted``: a Job's spec, which
    ``SetDefaults_Job`` fills in (a CronJob's job template is validated as written)."""
    for name in JOB_COUNTS:
        yield from _non_negative(spec, path, name)
    given = {name for name in JOB_COUNTS if spec.get(name) is not None}
    count = {name: _int(spec.get(name)) for name in JOB_COUNTS}
    if defaulted and not given & {"completions", "parallelism"}:
        given |= {"completions", "parallelism"}
        count["completions"] = count["parallelism"] = 1
    completions, parallelism, failed = count["completions"], count["parallelism"], count["maxFailedIndexes"]
    if "maxFailedIndexes" in given and "backoffLimitPerIndex" not in given:
        where = path / "backoffLimitPerIndex"
        yield Violation(path / "maxFailedIndexes", api.required(where, "when maxFailedIndexes is specified"), on="key")
    mode = spec.get("completionMode")
    if isinstance(mode, str) and mode not in COMPLETION_MODES:
        where = path / "completionMode"
        yield Violation(where, api.not_supported(where, mode, COMPLETION_MODES))
    if mode == "Indexed":
        if "completions" not in given:
            detail = "when completion mode is Indexed"
            yield Violation(path / "completionMode", api.required(path / "completions", detail))
        if parallelism is not None and parallelism > MAX_INDEXED_PARALLELISM:
            where = path / "parallelism"
            detail = f"must be less than or equal to {MAX_INDEXED_PARALLELISM} when completion mode is Indexed"
            yield Violation(where, api.invalid(where, parallelism, detail))
        if completions is not None and failed is not None and failed > completions:
            where = path / "maxFailedIndexes"
            yield Violation(where, api.invalid(where, failed, "must be less than or equal to completions"))
        if failed is not None and failed > MAX_FAILED_INDEXES:
            where = path / "maxFailedIndexes"
            yield Violation(where, api.invalid(where, failed, f"must be less than or equal to {MAX_FAILED_INDEXES}"))
        if completions is not None and completions > COMPLETIONS_SOFT_LIMIT and "backoffLimitPerIndex" in given:
            if "maxFailedIndexes" not in given:
                detail = f"must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"
                yield Violation(path / "completions", api.required(path / "maxFailedIndexes", detail))
            detail = f"must be less than or equal to {HIGH_COMPLETIONS_LIMIT} {HIGH_COMPLETIONS}"
            if parallelism is not None and parallelism > HIGH_COMPLETIONS_LIMIT:
                yield Violation(path / "parallelism", api.invalid(path / "parallelism", parallelism, detail))
            if failed is not None and failed > HIGH_COMPLETIONS_LIMIT:
                yield Violation(path / "maxFailedIndexes", api.invalid(path / "maxFailedIndexes", failed, detail))
    elif mode in (None, "NonIndexed"):
        for name in ("backoffLimitPerIndex", "maxFailedIndexes"):
            if count[name] is not None:
                yield Violation(path / name, api.invalid(path / name, count[name], NOT_INDEXED))
    if version >= SUCCESS_POLICY_SINCE:
        yield from _success_policy_errors(spec, path, completions, version)
    policy = spec.get("podFailurePolicy")
    if isinstance(policy, dict):
        # a pattern's status is defaulted in a Job, and from 1.34 in a CronJob's job template too
        statuses_defaulted = defaulted or version >= CONDITION_STATUS_DEFAULTED_EVERYWHERE_SINCE
        yield from _pod_failure_policy_errors(spec, policy, path / "podFailurePolicy", statuses_defaulted, version)
    replacement = spec.get("podReplacementPolicy")
    if isinstance(replacement, str):
        # validatePodReplacementPolicy: with a podFailurePolicy, only Failed
        allowed = ("Failed",) if policy is not None else REPLACEMENT_POLICIES
        if replacement not in allowed:
            where = path / "podReplacementPolicy"
            yield Violation(where, api.not_supported(where, replacement, allowed))


# JobSuccessPolicy, on by default from 1.31: before, the API server drops successPolicy
SUCCESS_POLICY_SINCE = (1, 31)
MAX_SUCCESS_POLICY_RULES = 20  # maxSuccessPolicyRule
MAX_SUCCEEDED_INDEXES_BYTES = 64 * 1024  # maxJobSuccessPolicySucceededIndexesLimit


def _go_success_policy(policy: dict) -> api.Stringer:
    """Go's ``%#v`` of the ``batch.SuccessPolicy`` a field error holds."""
    rules = policy.get("rules")
    if not isinstance(rules, list):
        return api.Stringer("batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule(nil)}")
    shown = []
    for item in rules:
        item = _dict(item)
        indexes = _pointer("string", item.get("succeededIndexes") is not None)
        count = _pointer("int32", item.get("succeededCount") is not None)
        shown.append(f"batch.SuccessPolicyRule{{SucceededIndexes:{indexes}, SucceededCount:{count}}}")
    return api.Stringer("batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{" + ", ".join(shown) + "}}")


def _index_intervals(text: str, completions: int) -> tuple[int, str | None]:
    """``validateIndexesFormat``: how many indexes an interval list (``1,3-5``) names, or why
    it cannot be read (``parseIndexInterval``'s words)."""
    if not text:
        return 0, None
    last, total = None, 0
    for interval in text.split(","):
        limits = interval.split("-")
        if len(limits) > 2:
            return 0, (
                f"the fragment {api.go_quote(interval)} violates the requirement that an index interval can have "
                "at most two parts separated by '-'"
            )
        bounds = []
        for limit in limits:
            number = _go_atoi(limit)
            if number is None:
                return 0, f"cannot convert string to integer for index: {api.go_quote(limit)}"
            if number >= completions:
                return 0, f"too large index: {api.go_quote(limit)}"
            bounds.append(number)
        first, end = bounds[0], bounds[-1]
        if len(bounds) == 2 and first >= end:
            return 0, f"non-increasing order, previous: {first}, current: {end}"
        if last is not None and last >= first:
            return 0, f"non-increasing order, previous: {last}, current: {first}"
        total += end - first + 1
        last = end
    return total, None


def _success_rule_errors(
    rule: dict, path: FieldPath, completions: int | None, version: tuple[int, int]
) -> Iterator[Violation]:
    # validateSuccessPolicyRule
    indexes, count = rule.get("succeededIndexes"), rule.get("succeededCount")
    if indexes is None and count is None:
        detail = "at least one of succeededCount or succeededIndexes must be specified"
        yield Violation(path, api.required(path, detail), on="value")
    if completions is None:
        return  # an Indexed Job without completions: the Required value above
    total = 0
    if isinstance(indexes, str):
        where = path / "succeededIndexes"
        if len(indexes.encode()) > MAX_SUCCEEDED_INDEXES_BYTES:
            yield Violation(where, api.too_long(where, MAX_SUCCEEDED_INDEXES_BYTES, version))
        total, error = _index_intervals(indexes, completions)
        if error is not None:
            yield Violation(where, api.invalid(where, indexes, f"error parsing succeededIndexes: {error}"))
    count = _int(count)
    if count is not None:
        where = path / "succeededCount"
        if count < 0:
            yield Violation(where, api.invalid(where, count, NEGATIVE))
        if count > completions:
            detail = f"must be less than or equal to {completions} (the number of specified completions)"
            yield Violation(where, api.invalid(where, count, detail))
        if isinstance(indexes, str) and count > total:
            detail = f"must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"
            yield Violation(where, api.invalid(where, count, detail))


def _success_policy_errors(
    spec: dict, path: FieldPath, completions: int | None, version: tuple[int, int]
) -> Iterator[Violation]:
    # validateJobSpec, validateSuccessPolicy
    policy, where = spec.get("successPolicy"), path / "successPolicy"
    if not isinstance(policy, dict):
        return  # none, or the schema's finding
    if spec.get("completionMode") != "Indexed":
        yield Violation(where, api.invalid(where, _go_success_policy(policy), NOT_INDEXED), on="key")
        return
    rules = policy.get("rules")
    if not isinstance(rules, (list, type(None))):
        return  # the schema's finding
    rules_path = where / "rules"
    if not rules:
        detail = "at least one rules must be specified when the successPolicy is specified"
        yield Violation(rules_path if "rules" in policy else where, api.required(rules_path, detail), on="key")
    elif len(rules) > MAX_SUCCESS_POLICY_RULES:
        yield Violation(rules_path, api.too_many(rules_path, len(rules), MAX_SUCCESS_POLICY_RULES), on="key")
    for index, item in enumerate(rules or ()):
        if isinstance(item, dict):
            yield from _success_rule_errors(item, rules_path / index, completions, version)


def _container_names(spec: dict) -> set:
    template = _dict(_dict(spec.get("template")).get("spec"))
    names = set()
    for group in ("containers", "initContainers"):
        items = template.get(group)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                names.add(item["name"])
    return names


def _pod_failure_policy_errors(
    spec: dict, policy: dict, path: FieldPath, defaulted: bool, version: tuple[int, int]
) -> Iterator[Violation]:
    # validatePodFailurePolicy, validatePodFailurePolicyRule and its OnExitCodes and OnPodConditions
    rules = policy.get("rules")
    rules = rules if isinstance(rules, list) else []
    if len(rules) > MAX_FAILURE_RULES:
        yield Violation(path / "rules", api.too_many(path / "rules", len(rules), MAX_FAILURE_RULES), on="key")
    names = _container_names(spec)
    for index, item in enumerate(rules):
        if isinstance(item, dict):
            yield from _failure_rule_errors(spec, item, path / "rules" / index, names, defaulted, version)


def _failure_rule_errors(
    spec: dict, item: dict, path: FieldPath, names: set, defaulted: bool, version: tuple[int, int]
) -> Iterator[Violation]:
    action = item.get("action")
    where = path / "action"
    if action == "":  # a missing action is the schema's finding
        yield Violation(where, api.required(where, _valid_values(FAILURE_ACTIONS)))
    elif action == "FailIndex":
        if spec.get("backoffLimitPerIndex") is None:
            yield Violation(where, api.invalid(where, action, "requires the backoffLimitPerIndex to be set"))
    elif isinstance(action, str) and action not in FAILURE_ACTIONS:
        yield Violation(where, api.not_supported(where, action, FAILURE_ACTIONS))
    exit_codes = item.get("onExitCodes")
    if isinstance(exit_codes, dict):
        yield from _exit_code_errors(exit_codes, path / "onExitCodes", names)
    conditions = item.get("onPodConditions")
    conditions = conditions if isinstance(conditions, list) else []
    if conditions:
        yield from _condition_errors(conditions, path / "onPodConditions", defaulted, version)
    if exit_codes is not None and conditions:
        yield Violation(path, api.invalid_omitting_value(path, "specifying both OnExitCodes and OnPodConditions is not supported"))
    if exit_codes is None and not conditions:
        yield Violation(path, api.invalid_omitting_value(path, "specifying one of OnExitCodes and OnPodConditions is required"))


def _exit_code_errors(exit_codes: dict, path: FieldPath, names: set) -> Iterator[Violation]:
    operator = exit_codes.get("operator")
    where = path / "operator"
    if operator == "":  # a missing operator is the schema's finding
        yield Violation(where, api.required(where, _valid_values(EXIT_CODE_OPERATORS)))
    elif isinstance(operator, str) and operator not in EXIT_CODE_OPERATORS:
        yield Violation(where, api.not_supported(where, operator, EXIT_CODE_OPERATORS))
    name = exit_codes.get("containerName")
    if isinstance(name, str) and name not in names:
        where = path / "containerName"
        yield Violation(where, api.invalid(where, name, "must be one of the container or initContainer names in the pod template"))
    values = exit_codes.get("values")
    where = path / "values"
    if not isinstance(values, list) or not all(_int(value) is not None for value in values):
        return  # missing values, or values that are not numbers: the schema's finding
    if not values:
        yield Violation(where, api.invalid(where, api.Stringer("[]int32{}"), "at least one value is required"))
        return
    if len(values) > MAX_EXIT_CODES:
        yield Violation(where, api.too_many(where, len(values), MAX_EXIT_CODES), on="key")
    seen = set()
    for index, value in enumerate(values):
        if operator == "In" and value == 0:
            yield Violation(where / index, api.invalid(where / index, value, "must not be 0 for the In operator"))
        if value in seen:
            yield Violation(where / index, api.duplicate(where / index, value))
        seen.add(value)
    if any(before > after for before, after in zip(values, values[1:])):
        shown = api.Stringer("[]int32{" + ", ".join(str(value) for value in values) + "}")
        yield Violation(where, api.invalid(where, shown, "must be ordered"), on="key")


def _condition_errors(conditions: list, path: FieldPath, defaulted: bool, version: tuple[int, int]) -> Iterator[Violation]:
    if len(conditions) > MAX_CONDITION_PATTERNS:
        yield Violation(path, api.too_many(path, len(conditions), MAX_CONDITION_PATTERNS), on="key")
    for index, pattern in enumerate(conditions):
        if not isinstance(pattern, dict):
            continue
        kind = pattern.get("type")
        if isinstance(kind, str):  # a missing type is the schema's finding
            where = path / index / "type"
            for message in api.is_qualified_name(kind, version):
                yield Violation(where, api.invalid(where, kind, message))
        status = pattern.get("status")
        where = path / index / "status"
        if status in (None, "") and not defaulted:  # made True by the defaults
            at = where if "status" in pattern else path / index
            yield Violation(at, api.required(where, _valid_values(CONDITION_STATUSES)))
        elif isinstance(status, str) and status and status not in CONDITION_STATUSES:
            yield Violation(where, api.not_supported(where, status, CONDITION_STATUSES))


CRON_JOB_COUNTS = ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")


# JobManagedBy, on by default from 1.32: before, the API server drops managedBy
MANAGED_BY_SINCE = (1, 32)
MAX_MANAGED_BY_LENGTH = 63
_HTTP_PATH = re.compile(r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+\Z")
HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"


def _managed_by_errors(spec: dict, path: FieldPath, version: tuple[int, int]) -> Iterator[Violation]:
    """``validateJobSpec``: ``managedBy`` is a domain-prefixed path (``IsDomainPrefixedPath``) of
    at most 63 characters."""
    value = spec.get("managedBy")
    if not isinstance(value, str) or version < MANAGED_BY_SINCE:
        return
    where = path / "managedBy"
    host, slash, rest = value.partition("/")
    if not value:
        yield Violation(where, api.required(where))
    elif not slash or not host or not rest:
        yield Violation(where, api.invalid(where, value, 'must be a domain-prefixed path (such as "acme.io/foo")'))
    else:
        for message in api.is_dns1123_subdomain(host):
            yield Violation(where, api.invalid(where, host, message))
        if not _HTTP_PATH.match(rest):
            yield Violation(where, api.invalid(where, rest, api.regex_error("Invalid path", HTTP_PATH_FMT)))
    if len(value) > MAX_MANAGED_BY_LENGTH:
        yield Violation(where, api.too_long_max_length(where, MAX_MANAGED_BY_LENGTH, version))


def _indexed_hostname_errors(manifest: Manifest, spec: dict) -> Iterator[Violation]:
    """``ValidateJob``: an Indexed Job's pods are named ``<job>-<index>``, and the last of them,
    index ``completions - 1``, must still be a DNS label (a name generated from
    ``generateName`` is not known here)."""
    name, completions = manifest.metadata.get("name"), _int(spec.get("completions"))
    if spec.get("completionMode") != "Indexed" or not isinstance(name, str) or not name:
        return
    if spec.get("completions") is None and spec.get("parallelism") is None:
        completions = 1  # SetDefaults_Job
    if completions is None or completions <= 0:
        return
    hostname = f"{name}-{completions - 1}"
    if api.is_dns1123_label(hostname):
        path = FieldPath(("metadata", "name"))
        yield Violation(path, api.invalid(path, name, f"will not able to create pod with invalid DNS label: {hostname}"))


# The labels generateSelector gives a new Job's pod template where it lacks them, whose value
# is the Job's name: ValidatePodTemplateSpec then checks them as label values, at most 63
# characters, where a Job's name may have 253.
JOB_NAME_LABELS = ("job-name", "batch.kubernetes.io/job-name")


def _job_name_label_errors(manifest: Manifest, spec: dict) -> Iterator[Violation]:
    name = manifest.metadata.get("name")
    if spec.get("manualSelector") is True or not isinstance(name, str) or not name:
        return  # no labels generated; a name from generateName is short enough
    labels = _dict(_dict(_dict(spec.get("template")).get("metadata")).get("labels"))
    if all(key in labels for key in JOB_NAME_LABELS):
        return
    path, where = FieldPath(("metadata", "name")), FieldPath(("spec", "template", "labels"))
    for message in api.is_valid_label_value(name, manifest.kubernetes_minor):  # the same error for both labels, shown once
        yield Violation(path, api.invalid(where, name, message))


@rule("invalid-job")
def invalid_job(manifest: Manifest) -> Iterator[Violation]:
    if manifest.api_version != "batch/v1" or manifest.kind not in ("Job", "CronJob"):
        return
    spec = manifest.data.get("spec")
    if not isinstance(spec, dict):
        return
    if manifest.kind == "Job":
        yield from _job_errors(spec, _SPEC, defaulted=True, version=manifest.kubernetes_minor)
        yield from _managed_by_errors(spec, _SPEC, manifest.kubernetes_minor)
        yield from _indexed_hostname_errors(manifest, spec)
        yield from _job_name_label_errors(manifest, spec)
        return
    # validateCronJobSpec, ValidateJobTemplateSpec
    for name in CRON_JOB_COUNTS:
        yield from _non_negative(spec, _SPEC, name)
    job = _dict(_dict(spec.get("jobTemplate")).get("spec"))
    path = _SPEC / "jobTemplate" / "spec"
    yield from _job_errors(job, path, defaulted=False, version=manifest.kubernetes_minor)
    yield from _managed_by_errors(job, path, manifest.kubernetes_minor)
    if job.get("manualSelector") is True:
        where = path / "manualSelector"
        yield Violation(where, api.not_supported(where, True, ("nil", "false")))
