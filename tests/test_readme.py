"""The README's example sessions are real: each complete ``$ podlint ...`` block is run and compared."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT, run_cli

BLOCK = re.compile(r"```\n\$ (podlint [^\n]+)\n(.*?)```", re.S)


def sessions():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for command, output in BLOCK.findall(text):
        if "..." not in output:  # an abridged session is only an illustration
            yield pytest.param(command, output, id=command)


@pytest.mark.parametrize("command, output", list(sessions()))
def test_readme_session(command, output):
    result = run_cli(*shlex.split(command)[1:], cwd=ROOT)
    assert result.stdout.decode() == output


def test_there_are_sessions_to_check():
    assert list(sessions())


def test_rule_table_is_current():
    """The README's rule table is what ``scripts/rule_table.py`` makes of the catalogue."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "scripts/rule_table.py", "--check"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_rule_table_lists_every_rule_once():
    from podlint.registry import catalogue

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \[`([a-z0-9-]+)`\]\(rules/\1\.yaml\) \|", text, re.M)
    assert sorted(listed) == sorted(catalogue())


def test_parity_table_names_only_rules_that_exist():
    from podlint.registry import catalogue

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Parity with kube-linter") : text.index("### Adding a rule")]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| `")]
    named = {rule for row in rows for rule in re.findall(r"`([a-z0-9-]+)`", row[1])}
    assert len(rows) > 100 and named
    assert sorted(named - set(catalogue())) == []


def test_pod_security_section_names_every_security_rule():
    from podlint.registry import catalogue

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Pod Security Standards") : text.index("## Rules")]
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", section))
    security = {rule_id for rule_id, spec in catalogue().items() if spec.category == "security"}
    assert security <= named
    assert named & set(catalogue()) - security == {"invalid-pod-security-label"}  # the one api rule it names


def test_the_readme_counts_the_default_rules():
    from podlint.registry import catalogue

    enabled = sum(1 for spec in catalogue().values() if spec.enabled)
    assert f"({enabled} rules run by default now)" in (ROOT / "README.md").read_text(encoding="utf-8")
