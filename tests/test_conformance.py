"""podlint over the shared real-world corpus (../shared/corpus): never a crash, positions in range.

Optional: skipped where the corpus is not beside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

CORPUS = ROOT.parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")


def test_corpus_lints_without_a_crash():
    result = run_cli("lint", "--format", "json", str(CORPUS))
    assert result.returncode in (0, 1), result.stderr.decode()[-2000:]
    assert result.stderr == b""
    report = json.loads(result.stdout)
    assert report["summary"]["files"] > 1000
    lines: dict[str, int] = {}
    for finding in report["findings"]:
        file = finding["file"]
        if file not in lines:
            lines[file] = len(Path(file).read_bytes().decode("utf-8", errors="replace").splitlines()) + 1
        assert 1 <= finding["line"] <= finding["end_line"] <= lines[file], finding
        assert finding["column"] >= 1 and finding["end_column"] >= 1


def test_corpus_against_a_node_inventory_without_a_crash():
    """Every workload of the corpus scheduled on the bundled example cluster, in both surfaces."""
    nodes = str(ROOT / "examples" / "cluster" / "nodes.yaml")
    lint = run_cli("lint", "--nodes", nodes, "--select", "scheduling", "--format", "json", str(CORPUS))
    assert lint.returncode in (0, 1) and lint.stderr == b"", lint.stderr.decode()[-2000:]
    findings = json.loads(lint.stdout)["findings"]
    assert {f["rule"] for f in findings} <= {"unschedulable", "replicas-exceed-capacity"} and findings
    fit = run_cli("fit", "--nodes", nodes, "--format", "json", str(CORPUS))
    assert fit.returncode == 2  # Helm templates and broken files of the corpus cannot be analysed: each says so
    for line in fit.stderr.decode().splitlines():
        assert ": not analysed: " in line or line.startswith("podlint: notice: "), line
    workloads = json.loads(fit.stdout)["workloads"]
    unschedulable = [w for w in workloads if not w["schedulable"] and w["kind"] not in ("DaemonSet",)]
    assert len(unschedulable) == len(
        [f for f in findings if f["rule"] == "unschedulable" and f["object"]["kind"] != "DaemonSet"]
    )


def test_c_and_python_parsers_agree_on_the_corpus(monkeypatch):
    from podlint import loader

    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in files]
    fast = [loader.load(text) for text in texts]
    monkeypatch.setattr(loader, "_CParser", None)
    disagree = []
    for path, text, a in zip(files, texts, fast):
        b = loader.load(text)
        same = [d.data for d in a.documents] == [d.data for d in b.documents] and all(
            _spans(x) == _spans(y) and [e.mark for e in x.errors] == [e.mark for e in y.errors]
            for x, y in zip(a.documents, b.documents)
            if not x.empty
        )
        if not same:
            disagree.append(str(path.relative_to(CORPUS)))
    assert disagree == []


def test_the_fast_loader_reads_the_corpus_as_the_events_do():
    """libyaml composing (podlint.composed) takes nearly every file of the corpus, and reads
    each as the event-driven loader does: data, positions and lookups of absent paths."""
    from test_composed import assert_same

    from podlint.engine import decode

    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    taken = [assert_same(decode(path.read_bytes())[0]) for path in files]
    assert sum(taken) >= 0.95 * len(files)


def _spans(document) -> dict:
    """Every span the document can report (the parsers differ only in where block collections end)."""
    sourcemap = document.sourcemap
    return {(path, on): sourcemap.span(path, on) for path in sourcemap.values for on in ("key", "value")}


def test_fast_and_slow_validators_agree_on_the_corpus():
    """podlint's own validator, jsonschema-rs and jsonschema give every object of the corpus
    the same verdict (see test_fast_validation)."""
    from test_fast_validation import agree

    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    checked = sum(agree(p.read_bytes().decode("utf-8", errors="replace")) for p in files)
    assert checked > 1000
