"""ResourceQuotas, as far as a pod's manifest alone decides them.

The ResourceQuota admission plugin (``staging/src/k8s.io/apiserver/pkg/admission/plugin/
resourcequota/controller.go``) refuses a pod in a namespace whose quota tracks cpu or memory
when one of its containers does not ask for them (``podEvaluator.Constraints``, in
``pkg/quota/v1/evaluator/core/pods.go``): "failed quota: NAME: must specify limits.cpu for:
web". Whether a pod fits in what a quota has left depends on the pods already running, which
no manifest tells; podlint does not judge it.

podlint knows the ResourceQuotas among the linted files whose scopes it can decide for a pod
(none, ``Terminating``, ``NotTerminating``, ``BestEffort``, ``NotBestEffort``, and the
``PriorityClass`` scope selector). One with a namespace applies to the pods of that namespace
in every file; one without to the pods without one in its own file.
"""

from __future__ import annotations

from typing import NamedTuple

from .model import object_ref
from .quantity import stored_quantity

# validationSet: the names for which every container must ask
REQUIRED_BY_QUOTA = ("cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory")
# podObjectCountQuotaResources and podComputeQuotaResources: what every scope may track
POD_QUOTA_RESOURCES = frozenset(("pods", *REQUIRED_BY_QUOTA))
SCOPES = ("Terminating", "NotTerminating", "BestEffort", "NotBestEffort")
PRIORITY_CLASS = "PriorityClass"
OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


class ScopeRequirement(NamedTuple):
    scope: str
    operator: str = "Exists"
    values: tuple[str, ...] = ()


class ResourceQuota(NamedTuple):
    name: str
    namespace: str | None
    hard: tuple[str, ...]  # the names of the resources it tracks, sorted
    scopes: tuple[ScopeRequirement, ...] = ()


def is_resource_quota(data: dict) -> bool:
    return data.get("kind") == "ResourceQuota" and data.get("apiVersion") == "v1"


def accepted_quota(data: dict) -> ResourceQuota | None:
    """The ResourceQuota an object makes, or None where podlint cannot read it or decide its
    scopes (or the API server would refuse its amounts)."""
    ref = object_ref(data)
    spec = data.get("spec")
    if not ref.name or not isinstance(spec, dict):
        return None
    hard = spec.get("hard") if spec.get("hard") is not None else {}
    if not isinstance(hard, dict):
        return None
    for name, amount in hard.items():
        quantity = stored_quantity(amount) if isinstance(name, str) else None
        if quantity is None or quantity.nanos < 0 or _name_refused(name):
            return None
        if _is_integer_resource(name) and quantity.milli_value % 1000:
            return None  # ValidateResourceQuantityValue: must be an integer
    requirements = []
    scopes = spec.get("scopes") if spec.get("scopes") is not None else []
    if not isinstance(scopes, list) or any(scope not in (*SCOPES, PRIORITY_CLASS) for scope in scopes):
        return None
    requirements.extend(ScopeRequirement(scope) for scope in scopes)  # getScopeSelectorsFromQuota: Exists
    selector = spec.get("scopeSelector")
    if selector is not None:
        expressions = selector.get("matchExpressions") if isinstance(selector, dict) else None
        if not isinstance(expressions, list):
            return None
        for expression in expressions:
            requirement = _requirement(expression)
            if requirement is None:
                return None
            requirements.append(requirement)
    names = {requirement.scope for requirement in requirements}
    # IsResourceQuotaScopeValidForResource, for the standard names (those without a '/')
    allowed = {"pods"} if "BestEffort" in names else POD_QUOTA_RESOURCES
    if names and any("/" not in name and name not in allowed for name in hard):
        return None  # "unsupported scope applied to resource"
    if {"Terminating", "NotTerminating"} <= names or {"BestEffort", "NotBestEffort"} <= names:
        return None  # conflicting scopes
    return ResourceQuota(ref.name, ref.namespace, tuple(sorted(hard)), tuple(requirements))


HUGEPAGES_PREFIXES = ("hugepages-", "requests.hugepages-")  # IsQuotaHugePageResourceName
# helper.IsIntegerResourceName: the object counts, and count/<resource>
INTEGER_RESOURCES = frozenset(
    (
        "pods",
        "services",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
        "configmaps",
        "persistentvolumeclaims",
        "services.nodeports",
        "services.loadbalancers",
    )
)


def _is_integer_resource(name: str) -> bool:
    from .apiserver import is_extended_resource_name

    return name in INTEGER_RESOURCES or name.startswith("count/") or is_extended_resource_name(name)


# helper.standardQuotaResources
STANDARD_QUOTA_RESOURCES = frozenset(
    (
        "cpu",
        "memory",
        "ephemeral-storage",
        "requests.cpu",
        "requests.memory",
        "requests.storage",
        "requests.ephemeral-storage",
        "limits.cpu",
        "limits.memory",
        "limits.ephemeral-storage",
        *INTEGER_RESOURCES,
    )
)


def _name_refused(name: str) -> bool:
    """``ValidateResourceQuotaResourceName``: a qualified name, and where it has no prefix, one
    the quota system knows (``IsStandardQuotaResourceName``, hugepages included)."""
    from .apiserver import is_qualified_name

    if is_qualified_name(name, (1, 99)):
        return True
    return "/" not in name and name not in STANDARD_QUOTA_RESOURCES and not name.startswith(HUGEPAGES_PREFIXES)


def _requirement(expression: object) -> ScopeRequirement | None:
    if not isinstance(expression, dict):
        return None
    scope, operator, values = expression.get("scopeName"), expression.get("operator"), expression.get("values") or []
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        return None
    if scope in SCOPES and operator == "Exists" and not values:
        return ScopeRequirement(scope)
    if scope == PRIORITY_CLASS and operator in OPERATORS:
        if (operator in ("In", "NotIn")) != bool(values):
            return None  # ValidateScopedResourceSelectorRequirement refuses it
        return ScopeRequirement(scope, operator, tuple(values))
    return None


def required(quota: ResourceQuota) -> tuple[str, ...]:
    """What every container of a pod the quota matches must ask for: the names it tracks of
    ``validationSet``, sorted."""
    return tuple(name for name in quota.hard if name in REQUIRED_BY_QUOTA)
