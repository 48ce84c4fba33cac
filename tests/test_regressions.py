"""Every input that ever crashed or hung podlint (``tests/regressions/``), replayed with every
rule and every output format, under the invariants the fuzzer checks (``fuzz/invariants.py``)."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))
import invariants  # noqa: E402

INPUTS = sorted(path for path in (ROOT / "tests" / "regressions").iterdir() if path.is_file())


@pytest.fixture(scope="module")
def linter():
    return invariants.linter()


@pytest.mark.parametrize("path", INPUTS, ids=lambda path: path.name)
def test_regression_input(linter, path):
    invariants.check(linter, path.read_bytes())


def test_there_are_regression_inputs():
    assert len(INPUTS) >= 4
