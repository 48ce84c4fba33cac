"""What the PostFilter plugins add to the FailedScheduling message of a pod no node fits:
DynamicResources' part (from 1.34, DRA being on by default; ``no new claims to deallocate`` for
a pod without resource claims) and DefaultPreemption's (``pkg/scheduler/framework/preemption``:
``preemption: `` and its own FitError over the nodes)."""

from __future__ import annotations

import pytest

from podlint.scheduling.inventory import add_existing, parse_inventory
from podlint.scheduling.workloads import fit_paths

NODES = """\
pools:
  - {name: tainted, allocatable: {cpu: "4", memory: 8Gi, pods: 10}, taints: [{key: dedicated, effect: NoSchedule}]}
  - {name: busy, count: 2, allocatable: {cpu: "4", memory: 8Gi, pods: 10}}
"""


def running(node: str, cpu: str, priority: int | None = None, name: str = "r") -> str:
    written = "" if priority is None else f"  priority: {priority}\n"
    return (
        f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}-{node}}}\nspec:\n  nodeName: {node}\n{written}"
        f"  containers: [{{name: c, image: x, resources: {{requests: {{cpu: '{cpu}'}}}}}}]\n---\n"
    )


BUSY = running("busy-1", "3") + running("busy-2", "3")  # 1 cpu left on each, the pods at priority 0


def message(tmp_path, pod: str, version: str = "1.35", existing: str = BUSY, nodes: str = NODES):
    (tmp_path / "pod.yaml").write_text(pod)
    inventory = parse_inventory(nodes, "nodes.yaml")
    add_existing(inventory, existing, "existing.yaml", tuple(map(int, version.split("."))))
    (workload,) = [w for _, w in fit_paths([str(tmp_path / "pod.yaml")], inventory, version).workloads]
    return workload.verdict


def pod(cpu: str = "2", spec: str = "", before: str = "") -> str:
    return (
        f"{before}apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{spec}"
        f"  containers: [{{name: c, image: x, resources: {{requests: {{cpu: '{cpu}'}}}}}}]\n"
    )


FILTERS = "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu."
NO_VICTIMS = "0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."


@pytest.mark.parametrize(
    "version, expected",
    [
        # the running pods' priority is not below the pod's: no victims where it lacks room
        ("1.35", f"{FILTERS} no new claims to deallocate, preemption: {NO_VICTIMS}"),
        ("1.33", f"{FILTERS.replace('taint(s)', 'taint {dedicated: }')} preemption: {NO_VICTIMS}"),
    ],
)
def test_no_pod_of_lower_priority_to_preempt(tmp_path, version, expected):
    verdict = message(tmp_path, pod(), version)
    assert (verdict.message, verdict.schedulable, verdict.preempts) == (expected, False, False)
    assert verdict.filter_message == expected.partition(" preemption")[0].removesuffix(" no new claims to deallocate,")


def test_a_request_above_what_a_node_can_allocate_is_beyond_preemption_from_1_34(tmp_path):
    # NodeResourcesFit's Unresolvable: 5 cpu where a node allocates 4
    assert message(tmp_path, pod("5"), "1.35").message == (
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. no new claims to deallocate, "
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    )
    assert message(tmp_path, pod("5"), "1.33").message.endswith(f"preemption: {NO_VICTIMS}")


def test_a_pod_that_never_preempts(tmp_path):
    never = (
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: batch}\nvalue: 100\n"
        "preemptionPolicy: Never\n---\n"
    )
    text = pod(spec="  priorityClassName: batch\n", before=never)
    assert message(tmp_path, text, "1.35").message == (
        f"{FILTERS} no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never."
    )
    assert message(tmp_path, text, "1.33").message.endswith(" preemption: not eligible due to preemptionPolicy=Never.")


HIGH = "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000\n---\n"


def test_preempting_pods_of_lower_priority_makes_room(tmp_path):
    # the pods running have priority 0 (none written): preemption nominates a node, and the
    # event keeps the filters' part alone
    verdict = message(tmp_path, pod(spec="  priorityClassName: high\n", before=HIGH))
    assert (verdict.message, verdict.schedulable, verdict.preempts) == (FILTERS, False, True)


def test_what_is_left_when_the_pods_of_lower_priority_are_gone(tmp_path):
    # on each busy node 2 cpu run at priority 2000 and 1 at 0: without the latter, 2 are free of the 3 asked
    existing = "".join(running(n, "2", 2000, "high") + running(n, "1", 0, "low") for n in ("busy-1", "busy-2"))
    verdict = message(tmp_path, pod("3", spec="  priorityClassName: high\n", before=HIGH), existing=existing)
    assert verdict.message == (
        f"{FILTERS} no new claims to deallocate, preemption: 0/3 nodes are available: 1 Preemption is not helpful"
        " for scheduling, 2 Insufficient cpu."
    )


def test_what_podlint_cannot_tell_is_left_out(tmp_path):
    # a PriorityClass that is not among the files, with pods running; a pod with resource claims
    unknown = message(tmp_path, pod(spec="  priorityClassName: elsewhere\n"))
    assert (unknown.message, unknown.preempts) == (FILTERS, False)
    claims = pod(spec="  resourceClaims: [{name: gpu, resourceClaimName: gpu-claim}]\n")
    assert message(tmp_path, claims, "1.35").message == FILTERS
    assert message(tmp_path, claims, "1.33").message == f"{FILTERS.replace('taint(s)', 'taint {dedicated: }')} preemption: {NO_VICTIMS}"


def test_a_pod_every_node_is_refused_by_a_pre_filter(tmp_path):
    conflict = pod(
        spec="  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n"
        "        nodeSelectorTerms:\n          - matchFields:\n"
        "              - {key: metadata.name, operator: In, values: [busy-1]}\n"
        "              - {key: metadata.name, operator: In, values: [busy-2]}\n"
    )
    # DynamicResources' PostFilter finds no state of its own PreFilter, which never ran: an error
    assert message(tmp_path, conflict, "1.35").message == "0/3 nodes are available: pod affinity terms conflict. not found"
    assert message(tmp_path, conflict, "1.33").message == (
        "0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is"
        " not helpful for scheduling."
    )


def test_the_unschedulable_finding_says_preemption_makes_room(tmp_path):
    from podlint.config import Config
    from podlint.engine import Linter

    inventory = parse_inventory(NODES, "nodes.yaml")
    add_existing(inventory, BUSY, "existing.yaml")
    (tmp_path / "pod.yaml").write_text(pod(spec="  priorityClassName: high\n", before=HIGH))
    findings = Linter(Config(select=["unschedulable"]), nodes=inventory).lint_paths([str(tmp_path)]).findings
    assert [f.message for f in findings] == [
        f"{FILTERS} (the scheduler then preempts pods of lower priority to make room for it on a node)"
    ]


def test_from_1_37_dynamic_resources_says_nothing_of_a_pod_without_claims(tmp_path):
    # kubernetes/kubernetes#140222: its no-op outcomes give no reason
    assert message(tmp_path, pod(), "1.37").message == f"{FILTERS} preemption: {NO_VICTIMS}"
    assert message(tmp_path, pod(), "1.36").message == f"{FILTERS} no new claims to deallocate, preemption: {NO_VICTIMS}"


def test_from_1_37_a_preemption_that_makes_room_names_a_node_podlint_cannot_pick(tmp_path):
    # "preemption: found a potential placement for pod on node NODE, preempting N victims"
    # (#140180): the node and N depend on PodDisruptionBudgets and start times, left out
    verdict = message(tmp_path, pod(spec="  priorityClassName: high\n", before=HIGH), "1.37")
    assert (verdict.message, verdict.preempts) == (FILTERS, True)
    conflict = pod(
        spec="  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n"
        "        nodeSelectorTerms:\n          - matchFields:\n"
        "              - {key: metadata.name, operator: In, values: [busy-1]}\n"
        "              - {key: metadata.name, operator: In, values: [busy-2]}\n"
    )
    assert message(tmp_path, conflict, "1.37").message == "0/3 nodes are available: pod affinity terms conflict."


def test_running_pods_of_a_priority_class_without_their_priority(tmp_path):
    # as every admitted pod has it, spec.priority is what counts; written without it, a system
    # class gives its value, and another class one podlint does not know
    critical = "".join(
        running(n, "3").replace("spec:\n", "spec:\n  priorityClassName: system-node-critical\n") for n in ("busy-1", "busy-2")
    )
    verdict = message(tmp_path, pod(spec="  priorityClassName: high\n", before=HIGH), existing=critical)
    assert (verdict.message, verdict.preempts) == (f"{FILTERS} no new claims to deallocate, preemption: {NO_VICTIMS}", False)
    other = critical.replace("system-node-critical", "batch-low")
    unknown = message(tmp_path, pod(spec="  priorityClassName: high\n", before=HIGH), existing=other)
    assert (unknown.message, unknown.preempts) == (FILTERS, False)


def test_room_made_by_known_victims_alone_needs_no_unknown_priority(tmp_path):
    # busy-1 runs a pod of a class podlint does not know (1 cpu) and one of priority 0 (2 cpu):
    # preempting the latter alone frees the 2 cpu asked, whatever the former's priority
    existing = (
        running("busy-1", "1").replace("spec:\n", "spec:\n  priorityClassName: batch-low\n")
        + running("busy-1", "2", 0, "low")
        + running("busy-2", "3", 5000, "high")
    )
    verdict = message(tmp_path, pod(spec="  priorityClassName: high\n", before=HIGH), existing=existing)
    assert (verdict.message, verdict.preempts) == (FILTERS, True)
