"""``podlint fit``'s report: a table for people, or JSON for tools. Formatting only."""

from __future__ import annotations

import json
from typing import TextIO

from . import escape


def workload_json(file: str, workload) -> dict:
    manifest, verdict = workload.manifest, workload.verdict
    return {
        "file": file,
        "kind": manifest.kind,
        "name": manifest.ref.name,
        "namespace": manifest.ref.namespace,
        "schedulable": verdict.schedulable,
        "feasible_nodes": verdict.feasible_nodes,
        "reasons": verdict.reasons,
        "message": verdict.message,
        "replicas": workload.replicas,
        "max_replicas": workload.max_replicas,
    }


def render_json(result, stream: TextIO) -> None:
    """``{"workloads": [...]}``, one workload a line (a 5,000-node cluster makes long lines:
    the compact form is written by the C encoder, many times faster than an indented one)."""
    items = [json.dumps(workload_json(file, w), ensure_ascii=False) for file, w in result.workloads]
    stream.write('{"workloads": [\n' + ",\n".join(items) + "\n]}\n" if items else '{"workloads": []}\n')


def _replicas(workload) -> str:
    if workload.daemon:
        verdict = workload.verdict
        return f"daemon: {len(verdict.feasible)} of {verdict.targeted} targeted"
    if workload.replicas is None:
        return "-"
    return f"{workload.replicas} / {workload.max_replicas}"


def describe(amounts: dict) -> str:
    """``cpu 500m, memory 1Gi``: requests as a reader writes them."""
    from ..quantity import BINARY_SI, DECIMAL_SI, Quantity

    parts = []
    for name in sorted(amounts, key=lambda n: (n != "cpu", n != "memory", n)):
        amount = amounts[name]
        if amount:
            binary = name in ("memory", "ephemeral-storage") or name.startswith("hugepages-")
            parts.append(f"{name} {Quantity.of(amount, BINARY_SI if binary else DECIMAL_SI)}")
    return ", ".join(parts) or "nothing"


def render_table(result, stream: TextIO, color: bool = False, width: int | None = None) -> None:
    """One row per workload: what it requests per replica, replicas wanted / fitting (an
    estimate), the nodes it fits on and the scheduler's message. Cells are plain text, never
    rich markup: a name such as ``[/x]`` is printed as it is written."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table("workload", "requests per replica", "replicas wanted / fitting", "nodes", "scheduler says")
    for file, workload in result.workloads:
        manifest, verdict = workload.manifest, workload.verdict
        namespace = f"{manifest.ref.namespace}/" if manifest.ref.namespace else ""
        name = escape(f"{manifest.kind} {namespace}{manifest.ref.name or '?'}")
        cells = (
            f"{name}\n{escape(file)}",
            describe(workload.needs.requests),
            _replicas(workload),
            f"{len(verdict.feasible)}/{len(verdict.inventory.nodes)}",
            escape(verdict.message),
        )
        table.add_row(*(Text(cell) for cell in cells), style=None if workload.fits else "red")
    console = Console(file=stream, force_terminal=color, no_color=not color, width=width, soft_wrap=False)
    console.print(table)
    count, fitting = len(result.workloads), sum(1 for _, w in result.workloads if w.verdict.schedulable)
    console.print(
        Text(
            f"{count} workload{'' if count == 1 else 's'}, {fitting} schedulable; replicas fitting are an "
            "estimate (each placed on the first node with room)"
        )
    )
