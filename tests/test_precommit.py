"""The pre-commit hook, run by the real pre-commit: ``pre-commit try-repo`` on staged files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27.2
          resources:
            requests: {cpu: 100m, memory: 512m}
"""
GOOD = BAD.replace("memory: 512m}", "memory: 512Mi}\n            limits: {memory: 512Mi}")  # infos do not fail

pytestmark = pytest.mark.slow


def _pre_commit() -> list[str]:
    """pre-commit as installed beside this Python (the test extra), else on PATH."""
    beside = Path(sys.executable).with_name("pre-commit")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("pre-commit")
    if found is None:
        pytest.fail("pre-commit is not installed: pip install '.[test]'")
    return [found]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    # one hook environment for the module's runs: pre-commit builds it once, from this checkout
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [*_pre_commit(), "try-repo", str(ROOT), "podlint", "--color", "never"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture
def repo(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "ci@example.com")
    _git(tmp_path, "config", "user.name", "CI")
    (tmp_path / "README.md").write_text("not a manifest\n")
    return tmp_path


def test_a_bad_manifest_is_refused_with_the_finding(repo, pre_commit_home):
    (repo / "web.yaml").write_text(BAD)
    _git(repo, "add", "web.yaml", "README.md")
    result = _try_repo(repo, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "podlint" in result.stdout and "Failed" in result.stdout
    assert (
        'web.yaml:13:43: warning [fractional-byte-quantity] spec.template.spec.containers[0].resources.requests[memory]: '
        'fractional byte value "512m" is invalid, must be an integer'
    ) in result.stdout


def test_a_good_manifest_passes(repo, pre_commit_home):
    (repo / "web.yaml").write_text(GOOD)
    _git(repo, "add", "web.yaml", "README.md")
    result = _try_repo(repo, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "podlint" in result.stdout and "Passed" in result.stdout
