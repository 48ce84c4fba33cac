"""The progress bar: on standard error when it is a terminal, for runs over many files only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli

from podlint.cli import PROGRESS_MIN_FILES

pty = pytest.importorskip("pty")  # POSIX terminals
CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n"


@pytest.fixture
def many_files(tmp_path):
    for index in range(PROGRESS_MIN_FILES):
        (tmp_path / f"m{index:03}.yaml").write_text(CONFIG_MAP)
    return tmp_path


def run_with_terminal_stderr(*args: str) -> tuple[bytes, bytes]:
    """Run the CLI with standard error on a pseudo-terminal; returns (stdout, terminal output)."""
    primary, secondary = pty.openpty()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80", "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "podlint", *args], stdout=subprocess.PIPE, stderr=secondary, env=environment
    )
    os.close(secondary)
    terminal = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        terminal += chunk
    stdout = process.stdout.read()
    process.wait(timeout=120)
    os.close(primary)
    return stdout, terminal


def test_a_bar_on_a_terminal(many_files):
    stdout, terminal = run_with_terminal_stderr("lint", "--format", "json", str(many_files))
    assert f"{PROGRESS_MIN_FILES}/{PROGRESS_MIN_FILES}".encode() in terminal
    assert b"linting" in terminal
    assert stdout.startswith(b"{") and b"linting" not in stdout  # the report stays clean


def test_no_bar_when_quiet_or_for_few_files(many_files, tmp_path_factory):
    _, terminal = run_with_terminal_stderr("lint", "--quiet", str(many_files))
    assert terminal == b""
    few = tmp_path_factory.mktemp("few")
    (few / "one.yaml").write_text(CONFIG_MAP)
    _, terminal = run_with_terminal_stderr("lint", str(few))
    assert terminal == b""


def test_no_bar_in_a_pipe(many_files):
    result = run_cli("lint", str(many_files))
    assert result.stderr == b""
