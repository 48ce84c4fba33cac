"""Scheduling: will the pods fit on the nodes of ``--nodes``? Silent without an inventory."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Violation
from ..model import Pod
from ..registry import rule


def _workload(pod: Pod):
    if pod.manifest.nodes is None:
        return None
    from ..scheduling.workloads import workload_of

    return workload_of(pod.manifest)


@rule("unschedulable")
def unschedulable(pod: Pod) -> Iterator[Violation]:
    workload = _workload(pod)
    if workload is None or workload.verdict.schedulable:
        return
    verdict = workload.verdict
    if workload.daemon:
        rejected = ", ".join(sorted(f"{count} {reason}" for reason, count in verdict.rejected.items()))
        failing = verdict.targeted - len(verdict.feasible)
        message = (
            f"the DaemonSet's pod cannot run on {failing} of the {verdict.targeted} nodes it should run on: {rejected}"
        )
    else:
        message = verdict.message
        if verdict.preempts:
            message += " (the scheduler then preempts pods of lower priority to make room for it on a node)"
    yield Violation(pod.path, message, on="key")


@rule("replicas-exceed-capacity")
def replicas_exceed_capacity(pod: Pod) -> Iterator[Violation]:
    workload = _workload(pod)
    if workload is None or workload.replicas is None or workload.replicas_at is None:
        return
    capacity = workload.verdict.capacity
    wanted = workload.replicas
    if capacity == 0 or wanted <= capacity:
        return  # none fits: that is unschedulable's finding
    spread = workload.needs.spread_keys
    per_domain = f", one per {' and per '.join(spread)} as its pod anti-affinity requires" if spread else ""
    yield Violation(
        workload.replicas_at,
        f"{wanted} pods wanted at once, but at most {capacity} fit on the nodes "
        f"(an estimate: each placed on the first node with room{per_domain}, beside the pods already running)",
    )
