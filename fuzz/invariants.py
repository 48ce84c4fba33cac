"""What must hold for any input, whatever its bytes: used by the fuzzer and by the tests that
replay ``tests/regressions/``."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# nodes the scheduling rules check every input against: a real cluster's, and pools with a
# cordoned node, a NoExecute taint and an extended resource
NODES = """\
pools:
  - {name: small, count: 2, allocatable: {cpu: 500m, memory: 1Gi, pods: 3}}
  - {name: gpu, allocatable: {cpu: "8", memory: 32Gi, nvidia.com/gpu: 2}, taints: [{key: gpu, effect: NoExecute}]}
  - {name: cordoned, allocatable: {cpu: "64", memory: 256Gi}, unschedulable: true, labels: {disk: ssd}}
"""


def linter():
    """A linter with every rule, opt-in ones included, and a node inventory."""
    from podlint.config import Config
    from podlint.engine import Linter
    from podlint.registry import catalogue
    from podlint.scheduling.inventory import add_existing, parse_inventory

    nodes = parse_inventory(NODES, "nodes.yaml")
    cluster = parse_inventory((ROOT / "examples" / "cluster" / "nodes.yaml").read_text(), "cluster.yaml")
    nodes.nodes += cluster.nodes
    running = "apiVersion: v1\nkind: Pod\nmetadata: {name: busy}\nspec:\n  nodeName: small-1\n  containers:\n"
    running += "  - {name: c, resources: {requests: {cpu: 400m}}, ports: [{containerPort: 80, hostPort: 80}]}\n"
    add_existing(nodes, running, "pods.yaml")
    return Linter(Config(select=sorted(catalogue())), nodes=nodes)


def check_inventory(data: bytes) -> None:
    """Read ``data`` as a node inventory and as pods already running: a malformed one is an
    InventoryError, never another exception."""
    from podlint.engine import decode
    from podlint.scheduling.inventory import InventoryError, add_existing, parse_inventory

    text, _ = decode(data)
    try:
        inventory = parse_inventory(text, "nodes.yaml")
    except InventoryError:
        inventory = parse_inventory(NODES, "nodes.yaml")
    try:
        add_existing(inventory, text, "pods.yaml")
    except InventoryError:
        pass


def loaded(source) -> list:
    """Everything the rest of podlint reads of a loaded file (:class:`podlint.loader.SourceFile`)."""
    return [source.block_scalar_lines] + [
        (
            repr(d.data),  # repr: 1, 1.0 and True differ, and nan equals nan
            dict(d.sourcemap.keys),
            dict(d.sourcemap.values),
            set(d.sourcemap.aliased),
            d.start_line,
            d.empty,
            d.broken,
            d.errors,
            d.duplicate_keys,
            d.converted_keys,
            d.limits,
        )
        for d in source.documents
    ]


def check_loaders(data: bytes) -> None:
    """The loader's fast path, where it takes a text, reads what the events read."""
    from podlint.engine import decode
    from podlint.loader import load_events, split_lines, without_bom

    try:
        from podlint.composed import USABLE, compose
    except ImportError:  # no PyYAML: the events read everything
        return
    text = without_bom(decode(data)[0])
    lines = split_lines(text)
    fast = compose(text, lines) if USABLE else None
    if fast is not None:
        assert loaded(fast) == loaded(load_events(text, lines))


def check(linter, data: bytes) -> None:
    """Lint ``data`` and write every output format, and read it as a node inventory; raise if
    an invariant does not hold."""
    check_inventory(data)
    check_loaders(data)
    from podlint.engine import LintResult
    from podlint.reporters import FORMATS, render

    report = linter.lint_bytes(data, "input.yaml")
    lines = max(len(report.lines), 1)
    for finding in report.findings:
        span = finding.span
        assert 1 <= span.line <= lines and span.column >= 1, (finding, lines)
        assert (span.end_line, span.end_column) >= (span.line, span.column), finding
    result = LintResult()
    result.add(report)
    for fmt in FORMATS:
        stream = io.StringIO()
        render(fmt, result, stream)
        if fmt in ("json", "sarif"):
            json.loads(stream.getvalue())
        elif fmt == "junit":
            ET.fromstring(stream.getvalue())
