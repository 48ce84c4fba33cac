"""A run written as its files are linted (``Linter.stream_paths``): the same findings, counts,
errors and report as a run that keeps them all (``Linter.lint_paths``)."""

from __future__ import annotations

import io
import shutil

import pytest
from conftest import ROOT, run_cli

from podlint.config import Config
from podlint.engine import PARALLEL_MIN_FILES, Linter
from podlint.findings import Severity
from podlint.reporters import STREAMED_FORMATS, render


@pytest.fixture
def tree(tmp_path):
    """Files whose directory walk differs from the order of their names (a/b0.yaml is walked
    before a/b/c.yaml, whose name sorts first), a broken one, and one with no finding."""
    examples = ROOT / "examples"
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(examples / "debug-pod.yaml", tmp_path / "a" / "b0.yaml")
    shutil.copy(examples / "web-deployment.yaml", tmp_path / "a" / "b" / "c.yaml")
    shutil.copy(examples / "rejected-deployment.yaml", tmp_path / "z.yaml")
    (tmp_path / "a" / "broken.yaml").write_text("kind: [\n", encoding="utf-8")
    (tmp_path / "a" / "empty.yaml").write_text("# nothing here\n", encoding="utf-8")
    # enough files for worker processes to take part (engine.PARALLEL_MIN_FILES)
    for number in range(PARALLEL_MIN_FILES):
        shutil.copy(examples / "web-deployment.yaml", tmp_path / "a" / f"w{number:02d}.yaml")
    return tmp_path


def _paths(tree) -> list[str]:
    # z.yaml first, a/b0.yaml twice (given alone and inside a/), and a path that is not there
    return [str(tree / "z.yaml"), str(tree / "a"), str(tree / "a" / "b0.yaml"), str(tree / "missing.yaml")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_streamed_run_finds_what_a_whole_run_finds(tree, jobs):
    linter = Linter(Config())
    whole = linter.lint_paths(_paths(tree), jobs=jobs, sources="findings")
    streamed = linter.stream_paths(_paths(tree), jobs=jobs, sources="findings")
    assert list(streamed.findings) == whole.findings
    assert [f.file for f in whole.findings][:1] == [str(tree / "a" / "b" / "c.yaml")]
    assert (streamed.files, streamed.objects, streamed.unknown) == (whole.files, whole.objects, whole.unknown)
    assert streamed.errors == whole.errors == [f"{tree / 'missing.yaml'}: no such file or directory"]
    assert [streamed.count(s) for s in Severity] == [whole.count(s) for s in Severity]
    assert bool(streamed.findings) is True


@pytest.mark.parametrize("fmt", STREAMED_FORMATS)
def test_the_command_line_writes_a_streamed_report_as_a_whole_one(tree, fmt):
    whole = Linter(Config()).lint_paths(_paths(tree), sources="findings" if fmt == "text" else "none")
    expected = io.StringIO()
    render(fmt, whole, expected)
    done = run_cli("lint", "--no-cache", "--format", fmt, *_paths(tree))
    assert done.returncode == 2  # findings, and a path that is not there
    assert done.stdout.decode() == expected.getvalue()
    assert done.stderr.decode() == f"podlint: error: {tree / 'missing.yaml'}: no such file or directory\n"


def test_a_run_with_no_finding_streams_an_empty_report(tmp_path):
    (tmp_path / "empty.yaml").write_text("# nothing here\n", encoding="utf-8")
    streamed = Linter(Config()).stream_paths([str(tmp_path)])
    out = io.StringIO()
    render("json", streamed, out)
    assert out.getvalue() == (
        '{\n  "findings": [],\n  "summary": {\n    "files": 1,\n    "objects": 0,\n    "errors": 0,\n'
        '    "warnings": 0,\n    "infos": 0\n  }\n}\n'
    )
    assert bool(streamed.findings) is False


def test_a_streamed_run_is_read_once_and_counted_after(tree):
    streamed = Linter(Config()).stream_paths([str(tree / "z.yaml")])
    with pytest.raises(RuntimeError, match="known once its findings are read"):
        streamed.count(Severity.ERROR)
    with pytest.raises(RuntimeError, match="known once they are read"):
        bool(streamed.findings)
    first = list(streamed.findings)
    assert [f.rule for f in first if f.severity == Severity.ERROR] == ["invalid-name", "requests-exceed-limits"]
    assert streamed.count(Severity.ERROR) == 2
    with pytest.raises(RuntimeError, match="can be read once"):
        list(streamed.findings)


def test_the_command_line_streams_the_formats_that_read_findings_once(tree, monkeypatch):
    from click.testing import CliRunner

    from podlint import engine
    from podlint.cli import main

    def refuse(*args, **kwargs):
        raise AssertionError("the whole run was kept")

    monkeypatch.setattr(Linter, "lint_paths", refuse)
    monkeypatch.setattr(engine, "KEEP_FILES_FROM_COLLECTOR", False)  # set by the command: given back after
    runner = CliRunner()
    for fmt in STREAMED_FORMATS:
        done = runner.invoke(main, ["lint", "--no-cache", "--format", fmt, str(tree / "z.yaml")])
        assert done.exit_code == 1, done.output
    # --statistics counts the findings after the report: that run keeps them
    done = runner.invoke(main, ["lint", "--no-cache", "--statistics", str(tree / "z.yaml")])
    assert isinstance(done.exception, AssertionError)
