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
