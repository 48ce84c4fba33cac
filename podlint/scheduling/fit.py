"""kube-scheduler's filters, run statically: which nodes a pod fits on, and why not the others.

The default profile's filter plugins run per node in its order — NodeUnschedulable,
NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit — and a node records
the reasons of the first plugin that rejects it, as ``RunFilterPlugins`` stops there. The
reasons are the plugins' own strings, and the message is built as ``FitError.Error()``
builds it: ``0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint
{dedicated: gpu}.`` (counts before reasons, sorted as strings).

Nodes that differ only in name and labels the pod does not read are checked once: a pool
of 5,000 identical nodes costs one check per workload, not 5,000.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .. import apiserver as api
from .inventory import Inventory, Node, Taint
from .requests import (
    CPU,
    EPHEMERAL_STORAGE,
    MEMORY,
    POD_LEVEL_RESOURCES_SINCE,
    PODS,
    host_ports,
    in_units,
    pod_requests,
)

# the plugins' reason strings
UNSCHEDULABLE = "node(s) were unschedulable"  # NodeUnschedulable
UNTOLERATED_TAINT = "node(s) had untolerated taint(s)"  # TaintToleration, from 1.34
UNTOLERATED_TAINT_NAMED = "node(s) had untolerated taint {{{key}: {value}}}"  # before: taint keys may be secrets
UNNAMED_TAINTS_SINCE = (1, 34)  # kubernetes/kubernetes#134740, in 1.35 and 1.34's patch releases
NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"  # NodeAffinity
AFFINITY_CONFLICT = "pod affinity terms conflict"  # NodeAffinity's PreFilter
NOT_IN_PREFILTER = "node(s) didn't satisfy plugin(s) [NodeAffinity]"  # nodes a PreFilterResult left out
# before 1.32 (NodeToStatus's absent nodes, #126022) such nodes gave no reason at all: from
# 1.30.2 and 1.31.0 on, they were left out of the map the message counts (#125197)
LEFT_OUT_COUNTED_SINCE = (1, 32)
NODE_PORTS = "node(s) didn't have free ports for the requested pod ports"  # NodePorts
TOO_MANY_PODS = "Too many pods"  # NodeResourcesFit
# a required topology key the node has no label for: PodTopologySpread, InterPodAffinity
SPREAD_LABEL_MISSING = "node(s) didn't match pod topology spread constraints (missing required label)"
POD_AFFINITY_RULES = "node(s) didn't match pod affinity rules"
NO_NODES = "no nodes available to schedule pods"  # ErrNoNodesAvailable

# The PostFilter plugins, run when no node fits, add their part after the filters' message:
# DynamicResources' (before DefaultPreemption from 1.34, where DRA is on by default, to 1.36)
# for a pod without resource claims, then DefaultPreemption's, "preemption: " and its own FitError over
# the nodes: where removing pods of lower priority cannot help (a node an UnschedulableAndUnresolvable
# filter rejected), where there are none, or the reasons the node still gives without them
DRA_SINCE = (1, 34)
QUIET_DRA_SINCE = (1, 37)  # its no-op outcomes give no reason from 1.37 (kubernetes/kubernetes#140222)
# from 1.37 a preemption that finds room says where (#140180): "preemption: found a potential
# placement for pod on node NODE, preempting N victims"
PLACEMENT_SAID_SINCE = (1, 37)
NO_CLAIMS_TO_DEALLOCATE = "no new claims to deallocate"
DRA_STATE_NOT_FOUND = "not found"  # its PostFilter after a PreFilter rejection, before its own PreFilter ran
PREEMPTION = "preemption: "
NOT_ELIGIBLE = "not eligible due to preemptionPolicy=Never."  # PodEligibleToPreemptOthers
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"  # SelectVictimsOnNode
# NodeResourcesFit: from 1.34 a request above what the node can allocate at all is
# UnschedulableAndUnresolvable (InsufficientResource.Unresolvable), where preemption cannot help
UNRESOLVABLE_INSUFFICIENT_SINCE = (1, 34)
# the filters whose rejections are UnschedulableAndUnresolvable
UNRESOLVABLE_REASONS = frozenset(
    (UNSCHEDULABLE, UNTOLERATED_TAINT, NODE_AFFINITY, NOT_IN_PREFILTER, SPREAD_LABEL_MISSING, POD_AFFINITY_RULES)
)

# a pod bound by spec.nodeName never meets the scheduler: the node's kubelet admits it or
# rejects it (pkg/kubelet/lifecycle/predicate.go), and the pod fails with the first reason
KUBELET_REJECTED = "{reason}: Pod was rejected: {message}"  # the pod's status reason and message
OS_LABEL = "kubernetes.io/os"
OS_SELECTOR_MISMATCH = (
    "PodOSSelectorNodeLabelDoesNotMatch",
    "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label",
)
OS_FIELD_MISMATCH = ("PodOSNotSupported", "Failed to admit pod as the OS field doesn't match node OS")
NOT_TOLERATED = "node(s) had taints that the pod didn't tolerate"  # tainttoleration.ErrReasonNotMatch
OUT_OF = {CPU: "OutOfcpu", MEMORY: "OutOfmemory", EPHEMERAL_STORAGE: "OutOfephemeral-storage", PODS: "OutOfpods"}
ADMITTED = 'bound to node "{name}" by spec.nodeName: its kubelet admits the pod'
NO_SUCH_NODE = 'bound by spec.nodeName to node "{name}", which the inventory does not have: the pod stays Pending'

UNSCHEDULABLE_TAINT = Taint("node.kubernetes.io/unschedulable", "", "NoSchedule")
FILTERED_EFFECTS = ("NoSchedule", "NoExecute")  # DoNotScheduleTaintsFilterFunc
NAME_FIELD = "metadata.name"
_INT64 = re.compile(r"[+-]?[0-9]+\Z")

# The DaemonSet controller adds these tolerations to its pods (AddOrUpdateDaemonPodTolerations).
DAEMON_TOLERATIONS = (
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
)
DAEMON_HOST_NETWORK_TOLERATION = ("node.kubernetes.io/network-unavailable", "NoSchedule")
# The DefaultTolerationSeconds admission plugin (on by default) gives every pod these, for 300 s.
ADMISSION_TOLERATIONS = (("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"))


# --- what the pod asks for --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Toleration:
    key: str
    operator: str
    value: str
    effect: str

    def tolerates(self, taint: Taint) -> bool:
        """``Toleration.ToleratesTaint``."""
        if self.effect and self.effect != taint.effect:
            return False
        if self.key and self.key != taint.key:
            return False
        if self.operator in ("", "Equal"):
            return self.value == taint.value
        return self.operator == "Exists"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _tolerations(spec: dict) -> tuple[Toleration, ...]:
    items = spec.get("tolerations")
    out = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            out.append(
                Toleration(
                    _text(item.get("key")),
                    _text(item.get("operator")),
                    _text(item.get("value")),
                    _text(item.get("effect")),
                )
            )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Requirement:
    """A node selector requirement, parsed as ``NodeSelectorRequirementsAsSelector`` parses it."""

    key: str
    operator: str
    values: tuple[str, ...]

    def valid(self, field_requirement: bool) -> bool:
        n = len(self.values)
        if field_requirement:  # nodeSelectorRequirementsAsFieldSelector: In or NotIn, one value
            return self.operator in ("In", "NotIn") and n == 1
        # labels.NewRequirement checks each value as a label value: a term with another (which
        # the API server takes before 1.33) matches no node
        if any(api.is_valid_label_value(value, api.LABEL_CONTENT_SINCE) for value in self.values):
            return False
        if self.operator in ("In", "NotIn"):
            return n > 0
        if self.operator in ("Exists", "DoesNotExist"):
            return n == 0
        if self.operator in ("Gt", "Lt"):
            return n == 1 and _int64(self.values[0]) is not None
        return False

    def matches(self, labels: dict[str, str]) -> bool:
        """``labels.Requirement.Matches``."""
        op = self.operator
        if op == "In":
            return self.key in labels and labels[self.key] in self.values
        if op == "NotIn":
            return self.key not in labels or labels[self.key] not in self.values
        if op == "Exists":
            return self.key in labels
        if op == "DoesNotExist":
            return self.key not in labels
        if self.key not in labels:
            return False
        have, want = _int64(labels[self.key]), _int64(self.values[0])
        if have is None or want is None:
            return False
        return have > want if op == "Gt" else have < want


def _int64(text: str) -> int | None:
    """``strconv.ParseInt(text, 10, 64)``, or None where it fails."""
    if not _INT64.match(text):
        return None
    value = int(text)
    return value if -(2**63) <= value < 2**63 else None


@dataclass(frozen=True, slots=True)
class Term:
    """A node selector term: its requirements ANDed. A term that does not parse matches nothing."""

    labels: tuple[Requirement, ...]
    fields: tuple[Requirement, ...]
    valid: bool

    def matches(self, node: Node) -> bool:
        if not self.valid or not (self.labels or self.fields):
            return False
        if not all(r.matches(node.labels) for r in self.labels):
            return False
        return all(r.matches({NAME_FIELD: node.name}) for r in self.fields)


def _requirements(items: Any) -> tuple[Requirement, ...]:
    out = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            values = item.get("values")
            values = tuple(v for v in values if isinstance(v, str)) if isinstance(values, list) else ()
            out.append(Requirement(_text(item.get("key")), _text(item.get("operator")), values))
    return tuple(out)


def _terms(spec: dict) -> tuple[Term, ...] | None:
    """The required node affinity's terms; None where the pod has none."""
    affinity = spec.get("affinity")
    node_affinity = affinity.get("nodeAffinity") if isinstance(affinity, dict) else None
    required = (
        node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") if isinstance(node_affinity, dict) else None
    )
    if not isinstance(required, dict):
        return None
    terms = []
    items = required.get("nodeSelectorTerms")
    for item in items if isinstance(items, list) else ():
        item = item if isinstance(item, dict) else {}
        labels, fields = _requirements(item.get("matchExpressions")), _requirements(item.get("matchFields"))
        valid = all(r.valid(False) for r in labels) and all(r.valid(True) and r.key == NAME_FIELD for r in fields)
        terms.append(Term(labels, fields, valid))
    return tuple(terms)


@dataclass
class PodNeeds:
    """What the filters ask of a node for one pod."""

    requests: dict[str, Fraction]  # exact, for people to read
    units: dict[str, int]  # in the scheduler's units, zero amounts left out
    ports: tuple[tuple[str, str, int], ...]
    tolerations: tuple[Toleration, ...]
    node_name: str
    node_selector: dict[str, str]
    terms: tuple[Term, ...] | None
    label_keys: tuple[str, ...] = ()  # the node labels the pod's selectors read
    reads_names: bool = False  # whether the verdict depends on the node's name
    version: tuple[int, int] = (1, 99)  # the Kubernetes version whose scheduler decides
    spread_keys: tuple[str, ...] = ()  # topology keys no two replicas may share a value of
    # the topology keys of the hard spread constraints and of the required pod affinity terms:
    # a node must have a label of each
    spread_constraint_keys: tuple[str, ...] = ()
    pod_affinity_keys: tuple[str, ...] = ()
    os_label: str | None = None  # the pod's own kubernetes.io/os label, which the kubelet compares
    os_name: str | None = None  # spec.os.name
    # what preemption reads: the pod's priority and preemption policy as the Priority admission
    # plugin gives them (None: a PriorityClass podlint does not know), and its resource claims
    priority: int | None = 0
    preemption_policy: str | None = "PreemptLowerPriority"
    has_claims: bool = False

    @classmethod
    def of(
        cls, spec: dict, version: tuple[int, int] = (1, 99), labels: Any = None, namespace: str | None = None
    ) -> PodNeeds:
        """``version``: pod-level resources count from 1.34; the scheduler's words change.
        ``labels`` and ``namespace``: the pod's, for the anti-affinity terms that select it."""
        requests = pod_requests(spec, pod_level=version >= POD_LEVEL_RESOURCES_SINCE)
        selector = spec.get("nodeSelector")
        selector = {k: v for k, v in selector.items() if isinstance(k, str)} if isinstance(selector, dict) else {}
        terms = _terms(spec)
        node_name = _text(spec.get("nodeName"))
        keys = set(selector)
        reads_names = bool(node_name)
        for term in terms or ():
            keys.update(r.key for r in term.labels)
            reads_names = reads_names or bool(term.fields)
        spread_constraint_keys, pod_affinity_keys = _required_topology_keys(spec)
        keys.update(spread_constraint_keys + pod_affinity_keys)
        os_label = _text(labels.get(OS_LABEL)) if isinstance(labels, dict) else ""
        os = spec.get("os")
        os_name = _text(os.get("name")) if isinstance(os, dict) else ""
        return cls(
            requests,
            in_units(requests),
            host_ports(spec, version),
            _tolerations(spec) + tuple(Toleration(key, "Exists", "", effect) for key, effect in ADMISSION_TOLERATIONS),
            node_name,
            selector,
            terms,
            tuple(sorted(keys)),
            reads_names,
            version,
            _spread_keys(spec, labels if isinstance(labels, dict) else {}, namespace, version),
            spread_constraint_keys,
            pod_affinity_keys,
            os_label or None,
            os_name or None,
            has_claims=isinstance(spec.get("resourceClaims"), list) and bool(spec["resourceClaims"]),
        )

    def tolerates(self, taint: Taint) -> bool:
        return any(toleration.tolerates(taint) for toleration in self.tolerations)

    def matches_affinity(self, node: Node) -> bool:
        """``RequiredNodeAffinity.Match``: the nodeSelector and the required node affinity."""
        labels = node.labels
        for key, value in self.node_selector.items():
            if labels.get(key) != value:
                return False
        if self.terms is None:
            return True
        return any(term.matches(node) for term in self.terms)

    def untolerated_taint(self, node: Node) -> Taint | None:
        """``FindMatchingUntoleratedTaint`` over the NoSchedule and NoExecute taints."""
        for taint in node.taints:
            if taint.effect in FILTERED_EFFECTS and not self.tolerates(taint):
                return taint
        return None

    def prefilter(self) -> tuple[set[str] | None, str | None]:
        """NodeAffinity's PreFilter: the only nodes worth checking when every term names
        nodes (``matchFields`` on ``metadata.name`` with In), or a reason to reject at once."""
        if not self.terms:
            return None, None
        names: set[str] = set()
        for term in self.terms:
            term_names: set[str] | None = None
            for requirement in term.fields:
                if requirement.key == NAME_FIELD and requirement.operator == "In":
                    values = set(requirement.values)
                    term_names = values if term_names is None else term_names & values
            if term_names is None:
                return None, None  # this term does not name nodes: every node may match
            names |= term_names
        if not names:
            return None, AFFINITY_CONFLICT
        return names, None


def _required_topology_keys(spec: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The topology keys of the pod's ``DoNotSchedule`` spread constraints (PodTopologySpread's
    Filter) and of its required pod affinity terms (InterPodAffinity's ``satisfyPodAffinity``):
    a node without a label of one of them is rejected, whatever runs in the cluster."""

    def keys(items: Any, hard: Any = None) -> tuple[str, ...]:
        found = []
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and (hard is None or hard(item)):
                key = item.get("topologyKey")
                if isinstance(key, str) and key and key not in found:
                    found.append(key)
        return tuple(found)

    spread = keys(spec.get("topologySpreadConstraints"), lambda c: c.get("whenUnsatisfiable") == "DoNotSchedule")
    affinity = spec.get("affinity")
    pod_affinity = affinity.get("podAffinity") if isinstance(affinity, dict) else None
    terms = pod_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") if isinstance(pod_affinity, dict) else None
    return spread, keys(terms)


# MatchLabelKeysInPodAffinity, on by default from 1.31 (before, the API server drops the lists)
LABEL_KEYS_IN_AFFINITY_SINCE = (1, 31)


def _spread_keys(spec: dict, labels: dict, namespace: str | None, version: tuple[int, int]) -> tuple[str, ...]:
    """The topology keys of the pod's required anti-affinity terms that select the pod itself:
    two replicas of it never run in one domain of such a key (one node for
    ``kubernetes.io/hostname``, one zone for ``topology.kubernetes.io/zone``). A term whose
    namespaces are chosen by their labels (``namespaceSelector``) cannot be decided here and
    is left out. From 1.31 the API server adds ``key In (own value)`` to each replica's term
    for each of its ``matchLabelKeys`` the replica has, and ``key NotIn (own value)`` for each
    of its ``mismatchLabelKeys`` (before, it drops both lists). A key of the template's labels
    has one value in every replica: ``In`` keeps them together, ``NotIn`` sets them apart. A
    key the template lacks may be one its controller adds, shared (``pod-template-hash``) or
    not (``statefulset.kubernetes.io/pod-name``): such a term, like one with
    ``mismatchLabelKeys``, cannot be decided here and is left out."""
    from ..apiserver import selector_matches

    affinity = spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    terms = anti.get("requiredDuringSchedulingIgnoredDuringExecution") if isinstance(anti, dict) else None
    keys = []
    for term in terms if isinstance(terms, list) else ():
        if not isinstance(term, dict):
            continue
        key, selector = term.get("topologyKey"), term.get("labelSelector")
        if not isinstance(key, str) or not key or not isinstance(selector, dict):
            continue
        if version >= LABEL_KEYS_IN_AFFINITY_SINCE:
            match = term.get("matchLabelKeys")
            match = match if isinstance(match, list) else ()
            if term.get("mismatchLabelKeys") or any(isinstance(name, str) and name not in labels for name in match):
                continue
        namespaces, namespace_selector = term.get("namespaces"), term.get("namespaceSelector")
        if namespace_selector == {}:
            pass  # every namespace
        elif namespace_selector is not None or namespaces:
            if not (isinstance(namespaces, list) and namespace is not None and namespace in namespaces):
                continue
        if selector_matches(selector, labels) and key not in keys:
            keys.append(key)
    return tuple(keys)


# --- the filters ------------------------------------------------------------------------------


def _port_conflict(used: set[tuple[str, str, int]], ip: str, protocol: str, port: int) -> bool:
    """``HostPortInfo.CheckConflict``: 0.0.0.0 conflicts with every address of the port."""
    if ip == "0.0.0.0":
        return any(p == protocol and n == port for _, p, n in used)
    return ("0.0.0.0", protocol, port) in used or (ip, protocol, port) in used


def fits_request(needs: PodNeeds, node: Node) -> list[str]:
    """NodeResourcesFit's ``fitsRequest``: every resource the node lacks for the pod."""
    reasons = []
    if node.pods + 1 > node.allocatable.get(PODS, 0):
        reasons.append(TOO_MANY_PODS)
    units = needs.units
    if not units:
        return reasons
    for name in (CPU, MEMORY, EPHEMERAL_STORAGE):
        if name in units and units[name] > node.free(name):
            reasons.append(f"Insufficient {name}")
    for name, amount in units.items():
        if name not in (CPU, MEMORY, EPHEMERAL_STORAGE) and amount > node.free(name):
            reasons.append(f"Insufficient {name}")
    return reasons


def run_filters(needs: PodNeeds, node: Node) -> list[str]:
    """The reasons of the first filter plugin that rejects ``node``; empty when it fits (a pod
    bound by ``spec.nodeName`` is not scheduled: see :func:`admit`)."""
    if node.unschedulable and not needs.tolerates(UNSCHEDULABLE_TAINT):
        return [UNSCHEDULABLE]
    taint = needs.untolerated_taint(node)
    if taint is not None:
        if needs.version >= UNNAMED_TAINTS_SINCE:
            return [UNTOLERATED_TAINT]
        return [UNTOLERATED_TAINT_NAMED.format(key=taint.key, value=taint.value)]
    if not needs.matches_affinity(node):
        return [NODE_AFFINITY]
    if needs.ports and any(_port_conflict(node.used_ports, *port) for port in needs.ports):
        return [NODE_PORTS]
    reasons = fits_request(needs, node)
    if reasons:
        return reasons
    # the volume plugins are not modelled; then PodTopologySpread and InterPodAffinity, as far
    # as the node alone decides (how many matching pods run in each domain is not modelled)
    if any(key not in node.labels for key in needs.spread_constraint_keys):
        return [SPREAD_LABEL_MISSING]
    if any(key not in node.labels for key in needs.pod_affinity_keys):
        return [POD_AFFINITY_RULES]
    return []


def room_for(needs: PodNeeds, node: Node) -> int:
    """How many of the pod's replicas fit on ``node`` (which fits one) as they are placed one
    after another: each takes its requests, a pod slot and its host ports."""
    count = node.allocatable.get(PODS, 0) - node.pods
    for name, amount in needs.units.items():
        count = min(count, node.free(name) // amount)
    if needs.ports:
        count = min(count, 1)  # a second replica would want the same host ports
    return max(count, 0)


# --- nodes in groups --------------------------------------------------------------------------


def groups(inventory: Inventory, label_keys: tuple[str, ...], by_name: bool) -> list[list[int]]:
    """The inventory's nodes (by index) in groups the filters cannot tell apart, for a pod
    that reads ``label_keys`` (and node names, with ``by_name``). Cached per inventory."""
    cache = inventory.groups
    key = (label_keys, by_name)
    if key in cache:
        return cache[key]
    signatures: dict[tuple, int] = {}
    found: dict[tuple, list[int]] = {}
    for index, node in enumerate(inventory.nodes):
        signature = signatures.setdefault(node.signature(), len(signatures))
        labels = node.labels
        group_key = (signature, tuple(labels.get(k) for k in label_keys), node.name if by_name else None)
        found.setdefault(group_key, []).append(index)
    cache[key] = result = list(found.values())
    return result


# --- verdicts ---------------------------------------------------------------------------------


@dataclass
class Verdict:
    """Where one pod (a workload's replica) fits."""

    inventory: Inventory
    feasible: list[int]  # indices of the nodes it fits on, in inventory order
    reasons: dict[str, int]  # reason → number of nodes that gave it
    message: str  # the FailedScheduling event's: the filters' part, then the PostFilter plugins'
    schedulable: bool
    capacity: int = 0  # replicas that fit at once (an estimate: first-fit, one workload alone)
    targeted: int | None = None  # DaemonSets: nodes the controller would run a pod on
    rejected: dict[str, int] = field(default_factory=dict)  # DaemonSets: reasons on targeted nodes
    filter_message: str = ""  # the filters' part of the message alone
    preempts: bool = False  # no node fits, but one would once pods of lower priority are preempted

    @property
    def feasible_nodes(self) -> list[str]:
        nodes = self.inventory.nodes
        return [nodes[i].name for i in self.feasible]


def fit_message(feasible: int, total: int, reasons: dict[str, int], prefilter: str | None = None) -> str:
    """``FitError.Error()``: ``0/5 nodes are available: 2 Insufficient cpu, 3 ….`` (with the
    number of nodes that fit in place of the 0 when some do)."""
    if total == 0:
        return NO_NODES
    text = f"{feasible}/{total} nodes are available"
    if prefilter:
        return f"{text}: {prefilter}."
    histogram = sorted(f"{count} {reason}" for reason, count in reasons.items())
    if histogram:
        return f"{text}: {', '.join(histogram)}."
    return f"{text}:" if feasible == 0 else f"{text}."  # (no reason: every node left out, before 1.32)


def schedule(needs: PodNeeds, inventory: Inventory) -> Verdict:
    """Run the filters for a pod over every node of the inventory."""
    nodes = inventory.nodes
    total = len(nodes)
    if total == 0:
        return Verdict(inventory, [], {}, NO_NODES, False)
    only, rejected = needs.prefilter()
    if rejected:
        message = fit_message(0, total, {}, rejected)
        return _unscheduled(Verdict(inventory, [], {rejected: total}, message, False), needs, [], prefilter=True)
    reasons: Counter[str] = Counter()
    feasible: list[int] = []
    failed: list[tuple[list[int], list[str]]] = []
    capacity = 0
    taken: set[tuple[str, str]] = set()  # topology domains a replica already runs in
    keys = tuple(sorted({*needs.label_keys, *needs.spread_keys}))
    for group in groups(inventory, keys, needs.reads_names):
        node = nodes[group[0]]
        if only is not None and node.name not in only:
            if needs.version >= LEFT_OUT_COUNTED_SINCE:
                reasons[NOT_IN_PREFILTER] += len(group)
            failed.append((group, [NOT_IN_PREFILTER]))
            continue
        found = run_filters(needs, node)
        if found:
            for reason in found:
                reasons[reason] += len(group)
            failed.append((group, found))
            continue
        feasible.extend(group)
        room = room_for(needs, node)
        domains = {(key, node.labels[key]) for key in needs.spread_keys if key in node.labels}
        if not domains:
            capacity += room * len(group)
        elif room and not domains & taken:
            capacity += 1  # the group's nodes share these domains: one replica among them
            taken |= domains
    feasible.sort()
    message = fit_message(len(feasible), total, reasons)
    verdict = Verdict(inventory, feasible, dict(reasons), message, bool(feasible), capacity)
    return verdict if feasible else _unscheduled(verdict, needs, failed)


def _unscheduled(verdict: Verdict, needs: PodNeeds, failed: list, prefilter: bool = False) -> Verdict:
    """A verdict of no node, its message with what the PostFilter plugins add (:func:`post_filter`)."""
    verdict.filter_message = verdict.message
    found, verdict.preempts = post_filter(needs, verdict.inventory.nodes, failed, prefilter)
    if found:
        verdict.message = f"{verdict.message} {found}"
    return verdict  # (None: what they add is not known here, the filters' part alone)


def post_filter(needs: PodNeeds, nodes: list[Node], failed: list, prefilter: bool = False) -> tuple[str | None, bool]:
    """What the PostFilter plugins say of a pod no node fits (``RunPostFilterPlugins``: the
    reasons of each, joined by ", "), given ``failed``, the groups of nodes with the reasons
    their filters gave, and whether preemption finds room. When it does, its plugin succeeds
    and the message ends with the filters' part ("", before 1.37), or with the node it picks
    and how many pods it preempts there (1.37 on), which depend on PodDisruptionBudgets and
    the pods' start times: not said (None). None too where podlint cannot tell: a pod with
    resource claims (1.34 on: dynamic resource allocation is not modelled), a pod or pods
    running whose PriorityClass it does not know, or a PreFilter's rejection of every node
    (``prefilter``) from 1.37."""
    reasons = []
    if needs.version >= DRA_SINCE:
        if needs.has_claims:
            return None, False
        if prefilter:  # an error, which ends the PostFilter plugins
            return (DRA_STATE_NOT_FOUND if needs.version < QUIET_DRA_SINCE else None), False
        if needs.version < QUIET_DRA_SINCE:
            reasons.append(NO_CLAIMS_TO_DEALLOCATE)
    if needs.preemption_policy is None:
        return None, False
    if needs.preemption_policy == "Never":
        return ", ".join([*reasons, PREEMPTION + NOT_ELIGIBLE]), False
    total = len(nodes)
    statuses: Counter[str] = Counter()
    if prefilter:
        statuses[NOT_HELPFUL] = total
    unknown = False
    for group, found in failed:
        node = nodes[group[0]]
        if _unresolvable(needs, node, found):
            statuses[NOT_HELPFUL] += len(group)
            continue
        victims = [pod for pod in node.running if pod[0] is not None and pod[0] < needs.priority]
        again = run_filters(needs, _without(node, victims)) if victims else None
        if again == []:  # a candidate: the pod is nominated to a node, its victims preempted
            return ("" if needs.version < PLACEMENT_SAID_SINCE else None), True
        if any(pod[0] is None for pod in node.running):
            unknown = True  # a pod of a priority podlint does not know may be a victim too
            continue
        if not victims:
            statuses[NO_VICTIMS] += len(group)
            continue
        for reason in again:
            statuses[reason] += len(group)
    if unknown:
        return None, False
    return ", ".join([*reasons, PREEMPTION + fit_message(0, total, statuses)]), False


def _unresolvable(needs: PodNeeds, node: Node, found: list[str]) -> bool:
    """Whether the filter that rejected ``node`` said UnschedulableAndUnresolvable: preemption
    does not try it."""
    if found[0] in UNRESOLVABLE_REASONS or found[0].startswith("node(s) had untolerated taint"):
        return True
    if needs.version < UNRESOLVABLE_INSUFFICIENT_SINCE or found == [NODE_PORTS]:
        return False
    # NodeResourcesFit: a resource the pod asks more of than the node can allocate at all
    return any(amount > node.allocatable.get(name, 0) for name, amount in needs.units.items())


def _without(node: Node, victims: list) -> Node:
    """``node`` with the pods ``victims`` removed: their requests, pod slots and host ports."""
    requested = dict(node.requested)
    ports = set(node.used_ports)
    for _, units, pod_ports in victims:
        for name, amount in units:
            requested[name] = requested.get(name, 0) - amount
        ports.difference_update(pod_ports)
    running = [pod for pod in node.running if pod not in victims]
    return dataclasses.replace(node, requested=requested, pods=node.pods - len(victims), used_ports=ports, running=running)


def admit(needs: PodNeeds, inventory: Inventory) -> Verdict:
    """A pod bound to a node by ``spec.nodeName``: kube-scheduler never sees it, and the
    node's kubelet admits it or rejects it (``predicateAdmitHandler.Admit``)."""
    name = needs.node_name
    nodes = inventory.nodes
    index = next((i for i, node in enumerate(nodes) if node.name == name), None)
    if index is None:
        return Verdict(inventory, [], {}, NO_SUCH_NODE.format(name=name), False)
    node = nodes[index]
    units = _admitted_units(needs, node)
    rejection = _kubelet_rejection(needs, node, units)
    if rejection is not None:
        reason, message = rejection
        return Verdict(inventory, [], {reason: 1}, KUBELET_REJECTED.format(reason=reason, message=message), False)
    capacity = room_for(dataclasses.replace(needs, units=units), node)
    return Verdict(inventory, [index], {}, ADMITTED.format(name=name), True, capacity)


def _admitted_units(needs: PodNeeds, node: Node) -> dict[str, int]:
    """``removeMissingExtendedResources``: the kubelet leaves out the extended resources its
    node does not have (cluster-level resources, or ones a driver provides)."""
    from ..apiserver import is_extended_resource_name

    return {
        name: amount
        for name, amount in needs.units.items()
        if not is_extended_resource_name(name) or name in node.allocatable
    }


def _kubelet_rejection(needs: PodNeeds, node: Node, units: dict[str, int]) -> tuple[str, str] | None:
    """The kubelet's reason and message for refusing the pod, the first it finds, or None."""
    node_os = node.labels.get(OS_LABEL) or "linux"  # the kubelet's own OS: the label it sets
    if needs.os_label is not None and needs.os_label != node_os:
        return OS_SELECTOR_MISMATCH
    if needs.os_name is not None and needs.os_name != node_os:
        return OS_FIELD_MISMATCH
    # generalFilter: AdmissionCheck (noderesources.Fits, NodeAffinity, NodeName, NodePorts), then
    # the NoExecute taints
    if node.pods + 1 > node.allocatable.get(PODS, 0):
        return _out_of(PODS, 1, node.pods, node.allocatable.get(PODS, 0))
    order = [name for name in (CPU, MEMORY, EPHEMERAL_STORAGE) if units.get(name, 0) > 0]
    order += sorted(name for name in units if name not in (CPU, MEMORY, EPHEMERAL_STORAGE))
    for name in order:
        if units[name] > node.free(name):
            return _out_of(name, units[name], node.requested.get(name, 0), node.allocatable.get(name, 0))
    if not needs.matches_affinity(node):
        return "NodeAffinity", f"Predicate NodeAffinity failed: {NODE_AFFINITY}"
    if needs.ports and any(_port_conflict(node.used_ports, *port) for port in needs.ports):
        return "NodePorts", f"Predicate NodePorts failed: {NODE_PORTS}"
    for taint in node.taints:
        if taint.effect == "NoExecute" and not needs.tolerates(taint):
            return "TaintToleration", f"Predicate TaintToleration failed: {NOT_TOLERATED}"
    return None


def _out_of(name: str, requested: int, used: int, capacity: int) -> tuple[str, str]:
    """An ``InsufficientResourceError``: its reason (``OutOfcpu``) and message."""
    message = f"Node didn't have enough resource: {name}, requested: {requested}, used: {used}, capacity: {capacity}"
    return OUT_OF.get(name, f"OutOf{name}"), message


def daemon_needs(spec: dict, version: tuple[int, int] = (1, 99)) -> PodNeeds:
    """A DaemonSet's pod as its controller creates it: with the tolerations it adds."""
    needs = PodNeeds.of(spec, version)
    added = list(DAEMON_TOLERATIONS)
    if spec.get("hostNetwork") is True:
        added.append(DAEMON_HOST_NETWORK_TOLERATION)
    extra = tuple(Toleration(key, "Exists", "", effect) for key, effect in added)
    needs.tolerations = needs.tolerations + extra
    return needs


def schedule_daemon(needs: PodNeeds, inventory: Inventory) -> Verdict:
    """A DaemonSet: the nodes its pods run on, the nodes it does not target (node selector,
    affinity or taints, as ``NodeShouldRunDaemonPod`` decides) and the targeted nodes that
    cannot run its pod, each with the scheduler's reason."""
    nodes = inventory.nodes
    total = len(nodes)
    reasons: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    feasible: list[int] = []
    targeted = 0
    first: tuple[int, list[str]] | None = None  # the first targeted node that cannot run the pod
    for group in groups(inventory, needs.label_keys, needs.reads_names):
        node = nodes[group[0]]
        found = run_filters(needs, node)
        targets = _daemon_targets(needs, node)
        targeted += len(group) if targets else 0
        if found:
            for reason in found:
                reasons[reason] += len(group)
                if targets:
                    rejected[reason] += len(group)
            if targets and (first is None or group[0] < first[0]):
                first = (group[0], found)
        else:
            feasible.extend(group)
    feasible.sort()
    if first is not None:
        # what that node's pod is told: the DaemonSet controller pins each pod to its node
        # (matchFields metadata.name), so the other nodes are left out by NodeAffinity's PreFilter
        own = {reason: 1 for reason in first[1]}
        counted = total > 1 and needs.version >= LEFT_OUT_COUNTED_SINCE
        message = fit_message(0, total, {**own, **({NOT_IN_PREFILTER: total - 1} if counted else {})})
        others = [i for i in range(total) if i != first[0]]
        failed = [([first[0]], first[1])] + ([(others, [NOT_IN_PREFILTER])] if others else [])
    else:
        message = fit_message(len(feasible), total, reasons) if total else NO_NODES
    verdict = Verdict(
        inventory, feasible, dict(reasons), message, not rejected, targeted=targeted, rejected=dict(rejected)
    )
    return _unscheduled(verdict, needs, failed) if first is not None else verdict


def _daemon_targets(needs: PodNeeds, node: Node) -> bool:
    """``NodeShouldRunDaemonPod``: the pod's node name, node selector and affinity match the
    node, and its tolerations cover the node's NoSchedule and NoExecute taints."""
    if needs.node_name and needs.node_name != node.name:
        return False
    return needs.matches_affinity(node) and needs.untolerated_taint(node) is None
