"""Pod priority, as the Priority admission plugin resolves it.

A pod names its ``PriorityClass``; the plugin (``plugin/pkg/admission/priority/admission.go``)
sets the pod's ``priority`` and ``preemptionPolicy`` from that class when the pod is created,
and refuses a pod that already holds different ones. Without a class name the pod gets the
cluster's global default class, or priority 0 and ``PreemptLowerPriority`` where there is
none. The classes podlint knows are the two the API server creates itself and those among the
linted files that the API server would accept.
"""

from __future__ import annotations

from typing import Mapping, NamedTuple

from .model import object_ref

GROUP = "scheduling.k8s.io"
HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000  # scheduling.HighestUserDefinablePriority
SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY  # scheduling.SystemCriticalPriority
SYSTEM_PREFIX = "system-"  # scheduling.SystemPriorityClassPrefix
PREEMPTION_POLICIES = ("PreemptLowerPriority", "Never")  # ValidatePreemptionPolicy
DEFAULT_PREEMPTION_POLICY = "PreemptLowerPriority"  # SetDefaults_PriorityClass


class PriorityClass(NamedTuple):
    name: str
    value: int
    preemption_policy: str = DEFAULT_PREEMPTION_POLICY
    global_default: bool = False


# scheduling.SystemPriorityClasses(): created by the API server, their preemptionPolicy defaulted
SYSTEM_CLASSES = {
    pc.name: pc
    for pc in (
        PriorityClass("system-node-critical", SYSTEM_CRITICAL_PRIORITY + 1000),
        PriorityClass("system-cluster-critical", SYSTEM_CRITICAL_PRIORITY),
    )
}
# getDefaultPriority without a global default class: DefaultPriorityWhenNoDefaultClassExists
NO_DEFAULT_CLASS = PriorityClass("", 0)


def system_name_error(name: str, value: object, global_default: object) -> str | None:
    """``IsKnownSystemPriorityClass`` for a class whose name has the system prefix: its error, or
    None for one of the system classes exactly as the API server makes it."""
    known = SYSTEM_CLASSES.get(name)
    if known is None:
        return f"{name} is not a known system priority class"
    if value != known.value:
        return f"value of {name} PriorityClass must be {known.value}"
    if bool(global_default) != known.global_default:
        return f"globalDefault of {name} PriorityClass must be false"
    return None


def is_priority_class(data: dict) -> bool:
    return data.get("kind") == "PriorityClass" and data.get("apiVersion") == f"{GROUP}/v1"


def accepted_class(data: dict) -> PriorityClass | None:
    """The PriorityClass an object makes, or None where the API server would refuse it (or its
    name is not a string): only what it accepts can be named by a pod."""
    name = object_ref(data).name
    value = data.get("value")
    value = 0 if value is None else value  # optional: an int32's zero
    if not name or not isinstance(value, int) or isinstance(value, bool) or not -(2**31) <= value < 2**31:
        return None
    global_default = False if data.get("globalDefault") is None else data["globalDefault"]
    policy = DEFAULT_PREEMPTION_POLICY if data.get("preemptionPolicy") is None else data["preemptionPolicy"]
    if not isinstance(global_default, bool) or policy not in PREEMPTION_POLICIES:
        return None
    if name.startswith(SYSTEM_PREFIX):
        return None  # a system class: the API server's own, or refused
    if value > HIGHEST_USER_DEFINABLE_PRIORITY:
        return None
    return PriorityClass(name, value, policy, global_default)


def default_class(classes: Mapping[str, PriorityClass]) -> PriorityClass | None:
    """The global default class among ``classes``, if any."""
    return next((pc for pc in classes.values() if pc.global_default), None)


def add_class(classes: dict[str, PriorityClass], found: PriorityClass) -> None:
    """Add ``found`` to ``classes``, created in that order, unless the plugin refuses it: a
    second global default ("Only one default can exist")."""
    first = default_class(classes) if found.global_default else None
    if first is None or first.name == found.name:
        classes[found.name] = found


def resolve(name: str, classes: Mapping[str, PriorityClass]) -> PriorityClass | None:
    """The class the plugin gives a pod naming ``name`` (""; none): a system class, a known one,
    or the global default. None where the class is not known: the cluster may have it."""
    if not name:
        return default_class(classes) or NO_DEFAULT_CLASS
    return SYSTEM_CLASSES.get(name) or classes.get(name)
