"""What the API server refuses in where a pod may run: its tolerations, affinity and topology
spread constraints.

The rules mirror ``ValidateTolerations``, ``validateAffinity``,
``validateTopologySpreadConstraints`` and the functions they call in
``pkg/apis/core/validation/validation.go`` (and ``ValidateLabelSelector`` of apimachinery),
as they validate a new pod, and word their messages as the API server does.
"""

from __future__ import annotations

from typing import Any, Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Pod
from ...registry import rule
from ...sourcemap import FieldPath


def _dicts(value: Any) -> list[tuple[int, dict]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _label_name_errors(path: FieldPath, key: Any, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateLabelName``: a label key."""
    if isinstance(key, str):
        for message in api.is_qualified_name(key, version):
            yield Violation(path, api.invalid(path, key, message))


# --- tolerations ------------------------------------------------------------------------------

TOLERATION_OPERATORS = ("Equal", "Exists")
# From 1.35 (with the TaintTolerationComparisonOperators feature, alpha, off): Lt and Gt are
# operators the API server knows and refuses, naming all four (kubernetes/kubernetes#134665)
COMPARISON_OPERATORS_SINCE = (1, 35)
# From 1.32 an Exists toleration with a value is shown by its value, no longer by the whole
# toleration (kubernetes/kubernetes#128119)
EXISTS_VALUE_ALONE_SINCE = (1, 32)
COMPARISON_OPERATORS = ("Lt", "Gt")
TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def _toleration_errors(path: FieldPath, toleration: dict, version: tuple[int, int]) -> Iterator[Violation]:
    key, operator = toleration.get("key") or "", toleration.get("operator") or ""
    value, effect = toleration.get("value") or "", toleration.get("effect") or ""
    if not all(isinstance(field, str) for field in (key, operator, value, effect)):
        return  # the schema's finding
    operator_path = path / "operator"
    # each problem is shown at the field written, or at the toleration when it is missing
    at_operator = operator_path if "operator" in toleration else path
    if key:
        yield from _label_name_errors(path / "key", key, version)
    elif operator != "Exists":
        detail = 'operator must be Exists when `key` is empty, which means "match all values and all keys"'
        yield Violation(at_operator, api.invalid(operator_path, operator, detail))
    if toleration.get("tolerationSeconds") is not None and effect != "NoExecute":
        at = path / "effect" if "effect" in toleration else path / "tolerationSeconds"
        detail = "effect must be 'NoExecute' when `tolerationSeconds` is set"
        yield Violation(at, api.invalid(path / "effect", effect, detail), on="value" if "effect" in toleration else "key")
    if operator in ("Equal", ""):
        if errors := api.is_valid_label_value(value, version):
            yield Violation(path / "value", api.invalid(operator_path, value, ";".join(errors)))
    elif operator == "Exists":
        if value:
            shown: Any = value
            if version < EXISTS_VALUE_ALONE_SINCE:  # sic: the whole toleration as the value
                seconds = api.UNKNOWN_ADDRESS if toleration.get("tolerationSeconds") is not None else "nil"
                shown = api.Stringer(
                    f"core.Toleration{{Key:{api.go_quote(key)}, Operator:{api.go_quote(operator)}, "
                    f"Value:{api.go_quote(value)}, Effect:{api.go_quote(effect)}, TolerationSeconds:(*int64)({seconds})}}"
                )
            detail = "value must be empty when `operator` is 'Exists'"
            yield Violation(path / "value", api.invalid(operator_path, shown, detail))
    elif version >= COMPARISON_OPERATORS_SINCE and operator in COMPARISON_OPERATORS:
        known = TOLERATION_OPERATORS + COMPARISON_OPERATORS
        yield Violation(operator_path, api.not_supported(operator_path, operator, known))
    else:
        yield Violation(operator_path, api.not_supported(operator_path, operator, TOLERATION_OPERATORS))
    if effect and effect not in TAINT_EFFECTS:
        yield Violation(path / "effect", api.not_supported(path / "effect", effect, TAINT_EFFECTS))


@rule("invalid-toleration")
def invalid_toleration(pod: Pod) -> Iterator[Violation]:
    path = pod.path / "tolerations"
    for index, toleration in _dicts(pod.spec.get("tolerations")):
        yield from _toleration_errors(path / index, toleration, pod.manifest.kubernetes_minor)


# --- matchLabelKeys and mismatchLabelKeys ------------------------------------------------------------

# MatchLabelKeysInPodAffinity, on by default from 1.31: before, the API server drops the
# matchLabelKeys and mismatchLabelKeys of pod (anti-)affinity terms
LABEL_KEYS_IN_POD_AFFINITY_SINCE = (1, 31)
# MatchLabelKeysInPodTopologySpreadSelectorMerge, on by default from 1.34: a new Pod's spread
# constraints have their matchLabelKeys merged into the label selector, as its affinity terms
# do, and are validated as those are; before, each key may not be in the selector at all
SPREAD_SELECTOR_MERGE_SINCE = (1, 34)
WITHOUT_SELECTOR = "must not be specified when labelSelector is not set"
IN_SELECTOR = "exists in both matchLabelKeys and labelSelector"
IN_MISMATCH = "exists in both matchLabelKeys and mismatchLabelKeys"


def _label_keys(value: Any) -> list[str]:
    """A ``matchLabelKeys`` or ``mismatchLabelKeys`` list; empty when it is none (a value of the
    wrong type is the schema's finding)."""
    if isinstance(value, list) and all(isinstance(key, str) for key in value):
        return value
    return []


def _merged(pod: Pod, selector: Any, match: list[str], mismatch: list[str]) -> Any:
    """``applyMatchLabelKeysAndMismatchLabelKeys``: the selector with ``key In (value)`` for each
    key of ``match`` and ``key NotIn (value)`` for each of ``mismatch`` that the pod's labels
    have, appended to its ``matchExpressions``, as the API server writes them into a Pod it
    creates (a nil selector matches nothing and is left so). A template's labels stand for
    its pods' (those its controller adds are not known here)."""
    labels = pod.metadata.get("labels")
    if not isinstance(selector, dict) or not isinstance(labels, dict):
        return selector
    expressions = selector.get("matchExpressions")
    if not isinstance(expressions, (list, type(None))):
        return selector
    added = [
        {"key": key, "operator": operator, "values": [labels[key]]}
        for keys, operator in ((match, "In"), (mismatch, "NotIn"))
        for key in keys
        if key in labels
    ]
    return {**selector, "matchExpressions": [*(expressions or ()), *added]} if added else selector


def _repeated(match: list[str], selector: dict) -> list[int]:
    """The index in ``match`` of each key that the selector's ``matchExpressions`` name again,
    after its ``matchLabels`` or an earlier expression (a merged key is such a repeat)."""
    last = {key: index for index, key in enumerate(match)}
    labels = selector.get("matchLabels")
    seen = {key for key in labels if isinstance(key, str)} if isinstance(labels, dict) else set()
    found = []
    for _, expression in _dicts(selector.get("matchExpressions")):
        key = expression.get("key", "")
        if not isinstance(key, str):
            continue  # the schema's finding
        if key in last and key in seen:
            found.append(last[key])
        seen.add(key)
    return found


def _label_keys_errors(
    path: FieldPath, match: list[str], mismatch: list[str], selector: Any, version: tuple[int, int]
) -> Iterator[Violation]:
    """``ValidateMatchLabelKeysAndMismatchLabelKeys`` of the term or spread constraint at
    ``path``, against its (merged) ``selector``."""
    if selector is not None and not isinstance(selector, dict):
        return  # the schema's finding
    for name, keys in (("matchLabelKeys", match), ("mismatchLabelKeys", mismatch)):
        if keys and selector is None:
            yield Violation(path / name, api.forbidden(path / name, WITHOUT_SELECTOR), on="key")
        elif keys:
            for index, key in enumerate(keys):
                yield from _label_name_errors(path / name / index, key, version)
    if selector is not None:
        for index in _repeated(match, selector):
            # sic: the API server names the key by its index under the term itself
            yield Violation(path / "matchLabelKeys" / index, api.invalid(path / index, match[index], IN_SELECTOR))
    for index, key in enumerate(match):
        if key in mismatch:
            where = path / "matchLabelKeys" / index
            yield Violation(where, api.invalid(where, key, IN_MISMATCH))


def _created_pod_errors(pod: Pod, path: FieldPath, match: list[str], written: Any, merged: Any) -> Iterator[Violation]:
    """What the API server refuses in the Pods a controller creates from a template, though it
    accepts the template: a key of ``match`` that the merge repeats in the selector."""
    if not isinstance(merged, dict) or merged is written:
        return
    before = set(_repeated(match, written))
    created = FieldPath(("spec", *path[len(pod.path) :]))
    for index in _repeated(match, merged):
        if index not in before:
            message = api.invalid(created / index, match[index], IN_SELECTOR)
            yield Violation(path / "matchLabelKeys" / index, api.TEMPLATE_PODS_REFUSED + message)
            before.add(index)


def _label_keys_of(pod: Pod, path: FieldPath, selector: Any, match: list[str], mismatch: list[str]) -> Iterator[Violation]:
    """The checks of a term's or spread constraint's label keys: a Pod's own with its selector
    merged, a template's as written, and then what its pods would be refused for."""
    merged = _merged(pod, selector, match, mismatch)
    yield from _label_keys_errors(path, match, mismatch, merged if pod.is_pod else selector, pod.manifest.kubernetes_minor)
    if not pod.is_pod:
        yield from _created_pod_errors(pod, path, match, selector, merged)


# --- label selectors ------------------------------------------------------------------------------


def _values_shape_errors(path: FieldPath, requirement: dict, node: bool) -> Iterator[Violation]:
    """The values a requirement's operator needs (``ValidateLabelSelectorRequirement``, or
    ``ValidateNodeSelectorRequirement`` for a ``node`` selector, which also has Gt and Lt); an
    unknown operator is "not a valid selector operator"."""
    operator = requirement.get("operator")
    if not isinstance(operator, str):
        return  # missing or of the wrong type: the schema's finding
    values = requirement.get("values")
    count = len(values) if isinstance(values, list) else 0
    where = path / "values"
    at, on = (where, "key") if "values" in requirement else (path, "value")
    if operator in ("In", "NotIn"):
        if count == 0:
            yield Violation(at, api.required(where, "must be specified when `operator` is 'In' or 'NotIn'"), on=on)
    elif operator in ("Exists", "DoesNotExist"):
        if count > 0:
            detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            yield Violation(at, api.forbidden(where, detail), on=on)
    elif operator in ("Gt", "Lt") and node:
        if count != 1:
            yield Violation(at, api.required(where, "must be specified single value when `operator` is 'Lt' or 'Gt'"), on=on)
    else:
        where = path / "operator"
        yield Violation(where, api.invalid(where, operator, "not a valid selector operator"))


def requirement_errors(
    path: FieldPath, requirement: dict, version: tuple[int, int], check_values: bool = True, node: bool = False
) -> Iterator[Violation]:
    """A selector requirement (of a ``node`` selector): its operator and values, its key, and
    (``check_values``) each value as a label value."""
    yield from _values_shape_errors(path, requirement, node)
    yield from _label_name_errors(path / "key", requirement.get("key"), version)
    if check_values:
        values = requirement.get("values")
        for index, value in enumerate(values if isinstance(values, list) else ()):
            if isinstance(value, str):
                where = path / "values" / index
                for message in api.is_valid_label_value(value, version):
                    yield Violation(where, api.invalid(where, value, message))


def label_map_errors(at: FieldPath, path: FieldPath, labels: dict, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateLabels``: each key and value of the map at ``at``, each error named by the map
    (``path``: the name the API server gives it)."""
    for key, value in labels.items():
        if isinstance(key, str):
            for message in api.is_qualified_name(key, version):
                yield Violation(at / key, api.invalid(path, key, message), on="key")
        if isinstance(value, str):
            for message in api.is_valid_label_value(value, version):
                yield Violation(at / key, api.invalid(path, value, message))


def label_selector_errors(path: FieldPath, selector: Any, version: tuple[int, int]) -> Iterator[Violation]:
    """``ValidateLabelSelector``: its ``matchLabels`` (each error named by the map, sic) and
    ``matchExpressions``."""
    if not isinstance(selector, dict):
        return
    if isinstance(selector.get("matchLabels"), dict):
        yield from label_map_errors(path / "matchLabels", path / "matchLabels", selector["matchLabels"], version)
    for index, requirement in _dicts(selector.get("matchExpressions")):
        yield from requirement_errors(path / "matchExpressions" / index, requirement, version)


# --- node affinity -----------------------------------------------------------------------------------

NODE_FIELD_KEYS = ("metadata.name",)  # nodeFieldSelectorValidators


def _field_requirement_errors(path: FieldPath, requirement: dict) -> Iterator[Violation]:
    # ValidateNodeFieldSelectorRequirement
    operator = requirement.get("operator")
    values = requirement.get("values")
    values = values if isinstance(values, list) else []
    if operator in ("In", "NotIn"):
        if len(values) != 1:
            where = path / "values"
            at, on = (where, "key") if "values" in requirement else (path, "value")
            detail = "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"
            yield Violation(at, api.required(where, detail), on=on)
    elif isinstance(operator, str):
        yield Violation(path / "operator", api.invalid(path / "operator", operator, "not a valid selector operator"))
    key = requirement.get("key")
    if isinstance(key, str) and key not in NODE_FIELD_KEYS:
        yield Violation(path / "key", api.invalid(path / "key", key, "not a valid field selector key"))
    elif isinstance(key, str):
        for index, value in enumerate(values):
            if isinstance(value, str):
                where = path / "values" / index
                for message in api.is_dns1123_subdomain(value):  # ValidateNodeName
                    yield Violation(where, api.invalid(where, value, message))


def _node_selector_term_errors(path: FieldPath, term: Any, check_values: bool, version: tuple[int, int]) -> Iterator[Violation]:
    # ValidateNodeSelectorTerm
    if not isinstance(term, dict):
        return
    for index, requirement in _dicts(term.get("matchExpressions")):
        yield from requirement_errors(path / "matchExpressions" / index, requirement, version, check_values, node=True)
    for index, requirement in _dicts(term.get("matchFields")):
        yield from _field_requirement_errors(path / "matchFields" / index, requirement)


def _weight_errors(path: FieldPath, term: dict) -> Iterator[Violation]:
    weight = term.get("weight")
    if isinstance(weight, int) and not isinstance(weight, bool) and not 1 <= weight <= 100:
        yield Violation(path / "weight", api.invalid(path / "weight", weight, "must be in the range 1-100"))


# ValidateNodeSelectorRequirement checks the values of a required term as label values from
# 1.33 (#128212); before, any value is accepted (and matches no node)
REQUIRED_NODE_AFFINITY_VALUES_SINCE = (1, 33)


def _node_affinity_errors(path: FieldPath, affinity: dict, version: tuple[int, int]) -> Iterator[Violation]:
    # validateNodeAffinity, ValidateNodeSelector, ValidatePreferredSchedulingTerms
    check_values = version >= REQUIRED_NODE_AFFINITY_VALUES_SINCE
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if isinstance(required, dict):
        where = path / "requiredDuringSchedulingIgnoredDuringExecution" / "nodeSelectorTerms"
        terms = required.get("nodeSelectorTerms")
        if terms == []:  # a missing list is the schema's finding
            yield Violation(where, api.required(where, "must have at least one node selector term"), on="key")
        for index, term in enumerate(terms if isinstance(terms, list) else ()):
            yield from _node_selector_term_errors(where / index, term, check_values, version)
    where = path / "preferredDuringSchedulingIgnoredDuringExecution"
    for index, term in _dicts(affinity.get("preferredDuringSchedulingIgnoredDuringExecution")):
        yield from _weight_errors(where / index, term)
        # values no node label can hold are only a warning here (invalid-affinity-value)
        preference = term.get("preference")
        yield from _node_selector_term_errors(where / index / "preference", preference, False, version)


# --- pod affinity and anti-affinity ------------------------------------------------------------------


def _pod_affinity_term_errors(path: FieldPath, term: Any, pod: Pod) -> Iterator[Violation]:
    # validatePodAffinityTerm, ValidatePodAffinityTermSelector
    if not isinstance(term, dict):
        return
    selector = term.get("labelSelector")
    if pod.manifest.kubernetes_minor >= LABEL_KEYS_IN_POD_AFFINITY_SINCE:
        match, mismatch = _label_keys(term.get("matchLabelKeys")), _label_keys(term.get("mismatchLabelKeys"))
        if match or mismatch:
            yield from _label_keys_of(pod, path, selector, match, mismatch)
    # the selector as written: what a merge adds are the pod's labels, whose errors are invalid-label's
    version = pod.manifest.kubernetes_minor
    yield from label_selector_errors(path / "labelSelector", selector, version)
    yield from label_selector_errors(path / "namespaceSelector", term.get("namespaceSelector"), version)
    namespaces = term.get("namespaces")
    for index, name in enumerate(namespaces if isinstance(namespaces, list) else ()):
        if isinstance(name, str):
            for message in api.is_dns1123_label(name):  # ValidateNamespaceName; sic: "namespace"
                yield Violation(path / "namespaces" / index, api.invalid(path / "namespace", name, message))
    key = term.get("topologyKey")
    if key == "":  # a missing key is the schema's finding
        yield Violation(path / "topologyKey", api.required(path / "topologyKey", "can not be empty"))
    yield from _label_name_errors(path / "topologyKey", key, version)


def _pod_affinity_errors(path: FieldPath, affinity: dict, pod: Pod) -> Iterator[Violation]:
    # validatePodAffinity, validatePodAntiAffinity, validateWeightedPodAffinityTerms
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    where = path / "requiredDuringSchedulingIgnoredDuringExecution"
    for index, term in enumerate(required if isinstance(required, list) else ()):
        yield from _pod_affinity_term_errors(where / index, term, pod)
    where = path / "preferredDuringSchedulingIgnoredDuringExecution"
    for index, term in _dicts(affinity.get("preferredDuringSchedulingIgnoredDuringExecution")):
        yield from _weight_errors(where / index, term)
        yield from _pod_affinity_term_errors(where / index / "podAffinityTerm", term.get("podAffinityTerm"), pod)


@rule("invalid-affinity")
def invalid_affinity(pod: Pod) -> Iterator[Violation]:
    affinity = pod.spec.get("affinity")
    if not isinstance(affinity, dict):
        return
    path = pod.path / "affinity"
    if isinstance(affinity.get("nodeAffinity"), dict):
        yield from _node_affinity_errors(path / "nodeAffinity", affinity["nodeAffinity"], pod.manifest.kubernetes_minor)
    for name in ("podAffinity", "podAntiAffinity"):
        if isinstance(affinity.get(name), dict):
            yield from _pod_affinity_errors(path / name, affinity[name], pod)


# --- topology spread constraints --------------------------------------------------------------------

SCHEDULE_ACTIONS = ("DoNotSchedule", "ScheduleAnyway")  # supportedScheduleActions, sorted
NODE_INCLUSION_POLICIES = ("Honor", "Ignore")  # supportedPodTopologySpreadNodePolicies, sorted
NOT_POSITIVE = "must be greater than zero"  # isNotPositiveErrorMsg


def _integer(value: Any) -> int | None:
    """An integer a field holds (``1.0`` is one), or None for what the schema reports."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def _spread_label_keys_errors(path: FieldPath, constraint: dict, pod: Pod) -> Iterator[Violation]:
    """``validateTopologySpreadConstraints``' check of ``matchLabelKeys`` (of a Pod's merged
    selector from 1.34)."""
    selector, keys = constraint.get("labelSelector"), _label_keys(constraint.get("matchLabelKeys"))
    if not keys or (selector is not None and not isinstance(selector, dict)):
        return
    if pod.manifest.kubernetes_minor < SPREAD_SELECTOR_MERGE_SINCE:
        # ValidateMatchLabelKeysInTopologySpread: no key may be in the selector
        where = path / "matchLabelKeys"
        if selector is None:
            yield Violation(where, api.forbidden(where, WITHOUT_SELECTOR), on="key")
            taken = set()
        else:
            labels, expressions = selector.get("matchLabels"), _dicts(selector.get("matchExpressions"))
            keys_written = [*(labels if isinstance(labels, dict) else ()), *(item.get("key", "") for _, item in expressions)]
            taken = {key for key in keys_written if isinstance(key, str)}
        for index, key in enumerate(keys):
            yield from _label_name_errors(where / index, key, pod.manifest.kubernetes_minor)
            if key in taken:
                yield Violation(where / index, api.invalid(where / index, key, IN_SELECTOR))
        return
    yield from _label_keys_of(pod, path, selector, keys, [])


def _spread_constraint_errors(path: FieldPath, constraint: dict, later: list, pod: Pod) -> Iterator[Violation]:
    # ValidateMaxSkew, ValidateTopologyKey, ValidateWhenUnsatisfiable, ValidateSpreadConstraintNotRepeat,
    # validateMinDomains, validateNodeInclusionPolicy; what is missing is the schema's finding
    skew = _integer(constraint.get("maxSkew"))
    if skew is not None and skew <= 0:
        yield Violation(path / "maxSkew", api.invalid(path / "maxSkew", skew, NOT_POSITIVE))
    key = constraint.get("topologyKey")
    if key == "":
        yield Violation(path / "topologyKey", api.required(path / "topologyKey", "can not be empty"))
    action = constraint.get("whenUnsatisfiable")
    if isinstance(action, str) and action not in SCHEDULE_ACTIONS:
        where = path / "whenUnsatisfiable"
        yield Violation(where, api.not_supported(where, action, SCHEDULE_ACTIONS))
    pair = (key or "", action or "")
    if isinstance(pair[0], str) and isinstance(pair[1], str):
        for other in later:
            if (other.get("topologyKey") or "", other.get("whenUnsatisfiable") or "") == pair:
                # sic: the API server names the pair as a field of the first of the two
                named = f"{path}.{{topologyKey, whenUnsatisfiable}}"
                at = path / "topologyKey" if "topologyKey" in constraint else path
                yield Violation(at, api.duplicate(named, f"{{{pair[0]}, {pair[1]}}}"))
                break
    if constraint.get("minDomains") is not None:
        domains = _integer(constraint["minDomains"])
        if domains is not None:
            where = path / "minDomains"
            if domains <= 0:
                yield Violation(where, api.invalid(where, domains, NOT_POSITIVE))
            if action != "DoNotSchedule" and isinstance(action, (str, type(None))):
                detail = f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action or ''}"
                yield Violation(where, api.invalid(where, domains, detail))
    for name in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
        policy = constraint.get(name)
        if isinstance(policy, str) and policy not in NODE_INCLUSION_POLICIES:
            yield Violation(path / name, api.not_supported(path / name, policy, NODE_INCLUSION_POLICIES))
    yield from _spread_label_keys_errors(path, constraint, pod)
    # the selector as written: what a merge adds are the pod's labels, whose errors are invalid-label's
    yield from label_selector_errors(path / "labelSelector", constraint.get("labelSelector"), pod.manifest.kubernetes_minor)


@rule("invalid-topology-spread")
def invalid_topology_spread(pod: Pod) -> Iterator[Violation]:
    # validateTopologySpreadConstraints
    constraints = pod.spec.get("topologySpreadConstraints")
    if not isinstance(constraints, list):
        return
    path = pod.path / "topologySpreadConstraints"
    for index, constraint in enumerate(constraints):
        if isinstance(constraint, dict):
            later = [other for other in constraints[index + 1 :] if isinstance(other, dict)]
            yield from _spread_constraint_errors(path / index, constraint, later, pod)
