"""The benchmark scripts run, and account for what they say they measure (their times are
never asserted: speed is measured by running them, not in tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from podlint.registry import catalogue

ROOT = Path(__file__).resolve().parent.parent


def test_rules_table_counts_every_call_of_every_rule():
    done = subprocess.run(
        [sys.executable, "benchmarks/rules.py", "--files", "1", "--top", "1000"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    rows = {}
    for line in done.stdout.splitlines():
        match = re.fullmatch(r"\| `([a-z0-9-]+)` \| (\w+) \| ([\d,]+) \| [\d.]+ \| \d+ \| [\d.]+% \| \d+ \|", line)
        if match:
            rows[match.group(1)] = (match.group(2), int(match.group(3).replace(",", "")))
    defaults = {rule_id for rule_id, spec in catalogue().items() if spec.enabled}
    # the one file holds ten objects, each in a document of its own, and suppressions
    assert set(rows) == defaults
    assert rows["unused-suppression"] == ("Suppressions", 1)
    assert rows["missing-required-field"] == ("Manifest", 10)
    assert rows["not-kubernetes-object"] == ("Document", 10)
    assert rows["bare-pod"][0] == "Pod"
    assert rows["latest-tag"][0] == "Container" and rows["latest-tag"][1] > 10
    assert f"| all {len(rows)} rules called ({len(defaults)} run) |" in done.stdout
    assert "| pod view |" in done.stdout and "| memoised: schema |" in done.stdout
