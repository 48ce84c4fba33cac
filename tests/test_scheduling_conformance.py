"""Conformance with kube-scheduler's filter plugins: the cases of ``scheduling_cases.yaml``,
each derived from a test table of the Kubernetes source (named in its ``source``), run
through the same path as ``podlint fit``: feasible nodes, reason counts, exact message."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from podlint.loader import load
from podlint.model import manifests
from podlint.scheduling.inventory import add_existing, parse_inventory
from podlint.scheduling.workloads import analyse
from podlint.schema.bundle import newest_version
from podlint.schema.catalog import Schemas

CASES = YAML(typ="safe").load((Path(__file__).parent / "scheduling_cases.yaml").read_text(encoding="utf-8"))


def schedule(case: dict):
    version = str(case.get("kubernetes-version") or newest_version())
    inventory = parse_inventory(case["nodes"], "nodes.yaml")
    if case.get("existing"):
        add_existing(inventory, case["existing"], "existing.yaml", tuple(map(int, version.split("."))))
    (document,) = load(case["pod"]).documents
    (manifest,) = manifests(document, Schemas(version), nodes=inventory)
    return analyse(manifest, inventory).verdict


def test_there_are_enough_cases_from_every_plugin():
    assert len(CASES) >= 30
    sources = " ".join(case["source"] for case in CASES)
    for plugin in ("noderesources", "tainttoleration", "nodeaffinity", "nodeunschedulable", "nodeports", "podtopologyspread"):
        assert plugin in sources
    assert "component-helpers/resource" in sources and "kubelet/lifecycle" in sources
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case):
    verdict = schedule(case)
    assert verdict.feasible_nodes == case["feasible"]
    assert verdict.reasons == case["reasons"]
    # the filters' part: the PostFilter plugins' is tested in test_scheduling.py
    assert (verdict.filter_message or verdict.message) == case["message"]
    assert verdict.schedulable == bool(case["feasible"])
