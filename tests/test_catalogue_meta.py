"""The catalogue's own rules: every rule file well-formed, every rule implemented once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from podlint.examples import markers
from podlint.loader import load
from podlint.registry import PARAM_TYPES, catalogue, functions, rules_dir

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "podlint" / "schema" / "rule-file.schema.json").read_text())
FILES = sorted(rules_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_rule_file_is_well_formed(path):
    data = load(path.read_text(encoding="utf-8")).documents[0].data
    jsonschema.validate(data, SCHEMA)
    assert path.stem == data["id"]
    for name, param in (data.get("params") or {}).items():
        assert PARAM_TYPES[param["type"]](param["default"]), f"{name}: default is not {param['type']}"
    bad = [example["bad"] for example in data["examples"] if "bad" in example]
    good = [example for example in data["examples"] if "good" in example]
    assert bad and good, "at least one bad and one good example"
    assert all(markers(text) for text in bad), "every bad example marks where it is flagged"


def test_every_rule_is_implemented_exactly_once():
    assert sorted(functions()) == sorted(catalogue())


def test_rule_functions_are_named_after_their_ids_and_live_in_their_category_module():
    """``podlint.checks.<category>``, or a module of the package ``podlint.checks.<category>``."""
    specs = catalogue()
    for rule_id, function in functions().items():
        assert function.function.__name__ == rule_id.replace("-", "_")
        module = function.function.__module__.split(".")
        assert module[:3] == ["podlint", "checks", specs[rule_id].category] and len(module) <= 4


def test_messages_follow_the_house_style():
    """Messages are lower-case and carry no trailing period (checked on the bad examples).

    The exceptions: ``unschedulable`` gives kube-scheduler's FailedScheduling message verbatim,
    period included, so that it reads as the event the user would otherwise meet, and
    ``invalid-config-data`` the API server's decoding error ("Secret in version ...")."""
    from podlint.examples import run

    for spec in catalogue().values():
        for example in spec.examples:
            if "bad" in example:
                for finding in run(spec, example, "bad")[1].findings:
                    decoding = r'(Secret|ConfigMap) in version "v1" cannot be handled as a (Secret|ConfigMap): '
                    if finding.rule == "invalid-config-data" and re.match(decoding, finding.message):
                        continue
                    if finding.rule == "unschedulable":
                        scheduler = re.match(r"\d+/\d+ nodes are available: .*\.\Z", finding.message)
                        daemonset = re.match(r"the DaemonSet's pod cannot run on \d+ of the \d+ nodes", finding.message)
                        assert scheduler or daemonset, finding.message
                        if scheduler:
                            continue
                    assert not finding.message.endswith("."), finding.message
                    assert not re.match(r"[A-Z][a-z]", finding.message), finding.message


def test_aliases_do_not_collide():
    ids = set(catalogue())
    seen = set()
    for spec in catalogue().values():
        for alias in spec.aliases:
            assert alias not in ids and alias not in seen
            seen.add(alias)


def test_the_fields_a_run_reads_first_equal_the_whole_files():
    """A run reads only the sections of the rule files it needs (id, severity, category,
    summary, params, enabled, aliases); they are what reading the whole file gives."""
    from podlint.registry import _load_rule_text

    for spec in catalogue().values():
        full = _load_rule_text(spec.source, spec.name)
        assert (full["id"], full["severity"], full["category"], full["summary"]) == (
            spec.id,
            str(spec.severity),
            spec.category,
            spec.summary,
        )
        assert (full.get("enabled", True), tuple(full.get("aliases") or ())) == (spec.enabled, spec.aliases)
        params = {name: (p["type"], p.get("default"), p.get("doc", "")) for name, p in (full.get("params") or {}).items()}
        assert params == {name: (p.type, p.default, p.doc) for name, p in spec.params.items()}
