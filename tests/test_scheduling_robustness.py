"""The scheduler's view never crashes on a value of an unexpected type: every case of the
scheduling conformance table, with one field of its pod, its nodes or its running pods
replaced by an odd value, is either judged or, for the inventory, refused with an
``InventoryError`` (a one-line message, exit code 2), never a Python exception."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_robustness import ODD_VALUES, paths, replaced
from test_scheduling_conformance import CASES

from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load
from podlint.scheduling.inventory import InventoryError, add_existing, parse_inventory

# fields the conformance pods seldom write, so that the odd values reach their readers too
PLACEMENT = {
    "nodeName": "node-1",
    "os": {"name": "linux"},
    "hostNetwork": True,
    "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
    "topologySpreadConstraints": [
        {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {}}
    ],
    "affinity": {
        "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": "zone", "labelSelector": {}}]},
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]
            }
        },
    },
}


def _documents(text: str) -> list:
    return [document.data for document in load(text).documents]


def _mutate(draw, data):
    where = draw(st.sampled_from(list(paths(data))[1:] or [()]))
    return replaced(data, where, draw(st.sampled_from(ODD_VALUES))) if where else data


def _text(documents: list) -> str:
    return "---\n".join(json.dumps(document) + "\n" for document in documents)


@st.composite
def mutated_case(draw):
    case = draw(st.sampled_from(CASES))
    part = draw(st.sampled_from(["pod", "nodes", "existing"] if case.get("existing") else ["pod", "nodes"]))
    pod, nodes, existing = _documents(case["pod"]), _documents(case["nodes"]), _documents(case.get("existing") or "")
    if part == "pod":
        spec = pod[0].get("spec")
        spec = spec.get("template", {}).get("spec", spec) if isinstance(spec, dict) else None
        if isinstance(spec, dict):
            for key in draw(st.sets(st.sampled_from(sorted(PLACEMENT)))):
                spec[key] = PLACEMENT[key]
        pod = [_mutate(draw, pod[0])]
    elif part == "nodes":
        nodes = [_mutate(draw, nodes[0])]
    else:
        existing = [_mutate(draw, existing[0])]
    return case, _text(pod), _text(nodes), _text(existing) if existing else None


@settings(max_examples=1200, deadline=None, derandomize=True)
@given(mutated_case())
def test_scheduling_survives_odd_values(mutation):
    case, pod, nodes, existing = mutation
    version = str(case.get("kubernetes-version") or "") or None
    try:
        inventory = parse_inventory(nodes, "nodes.json")
        if existing is not None:
            add_existing(inventory, existing, "existing.json", tuple(map(int, (version or "1.99").split("."))))
    except InventoryError:
        return  # refused with its position, as `podlint fit` prints it
    linter = Linter(Config(kubernetes_version=version), nodes=inventory)
    linter.lint_text(pod, "pod.json")
