"""Hostile input: whatever podlint is given, it answers with findings or a one-line error,
in bounded time, and prints nothing it should not."""

from __future__ import annotations

import json
import os
import sys

import pytest
from conftest import ROOT, run_cli

from podlint.engine import Linter

POD = b"apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: nginx}]}\n"


def test_control_characters_from_a_manifest_are_escaped_in_text_output():
    manifest = b'apiVersion: v1\nkind: Pod\nmetadata: {name: "w\\e[31m\\a\\r"}\nspec: {containers: [{name: web, image: nginx}]}\n'
    for fmt in ("text", "concise", "github"):
        out = run_cli("lint", "--format", fmt, "-", input=manifest).stdout
        assert b"\x1b" not in out and b"\x07" not in out and b"\r" not in out, fmt
        assert b"\\x1b[31m\\x07" in out, fmt
    report = json.loads(run_cli("lint", "--format", "json", "-", input=manifest).stdout)
    assert any('"w\x1b[31m\x07\r"' in finding["message"] for finding in report["findings"])


def test_a_secret_value_is_never_echoed(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(
        "apiVersion: v1\n"
        "kind: Secret\n"
        "metadata:\n"
        "  name: db\n"
        "  annotations:\n"
        '    "bad key!": s3cr3t-annotation\n'
        "data:\n"
        "  password: 7731337\n"  # an integer where base64 is wanted: wrong-type
        "stringData:\n"
        "  token: hunter2\n"
        "  token: hunter3\n"  # duplicate-key
    )
    for fmt in ("text", "concise", "json", "sarif", "junit", "github"):
        result = run_cli("lint", "--format", fmt, str(secret))
        out = result.stdout.decode()
        assert "wrong-type" in out and "duplicate-key" in out and "invalid-annotation" in out, fmt
        for value in ("7731337", "hunter2", "hunter3", "s3cr3t-annotation"):
            assert value not in out, (fmt, value)


def test_binary_files_are_skipped_with_a_notice_and_utf16_is_not_binary(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"\x00\x01binary\xff")
    (tmp_path / "b.yaml").write_bytes(POD.decode().encode("utf-16"))
    result = run_cli("lint", "--format", "concise", str(tmp_path))
    assert result.stderr.decode() == f"podlint: notice: {tmp_path / 'a.yaml'}: binary file (NUL bytes), skipped\n"
    assert result.returncode == 1  # the findings of b.yaml; a notice is not an error
    assert f"{tmp_path / 'b.yaml'}:4:40: warning [latest-tag]" in result.stdout.decode()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_never_opened_for_reading(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "pod.yaml").write_bytes(POD)
    result = run_cli("lint", "--format", "concise", str(tmp_path))  # would block forever on a read
    assert result.stderr.decode() == f"podlint: notice: {tmp_path / 'pipe.yaml'}: not a regular file, skipped\n"
    assert result.returncode == 1
    result = run_cli("lint", str(tmp_path / "pipe.yaml"))
    assert result.returncode == 2
    assert result.stderr.decode() == f"podlint: error: {tmp_path / 'pipe.yaml'}: not a regular file\n"


def test_a_symlink_loop_in_a_directory_walk_ends(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "pod.yaml").write_bytes(POD)
    (tmp_path / "k8s" / "loop").symlink_to(tmp_path / "k8s")
    (tmp_path / "k8s" / "self.yaml").symlink_to(tmp_path / "k8s" / "self.yaml")  # a link to itself
    result = run_cli("lint", "--format", "concise", str(tmp_path))
    assert result.returncode == 2
    alone = run_cli("lint", "--format", "concise", str(tmp_path / "k8s" / "pod.yaml")).stdout
    assert result.stdout == alone  # once, not once per trip round the loop
    assert "self.yaml: cannot read: Too many levels of symbolic links" in result.stderr.decode()


def test_files_over_the_size_limit_are_errors_and_the_others_are_linted(tmp_path):
    (tmp_path / "big.yaml").write_bytes(POD + b"# padding\n" * 200)
    (tmp_path / "small.yaml").write_bytes(POD)
    result = run_cli("lint", "--format", "concise", "--max-file-size", "1K", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"podlint: error: {tmp_path / 'big.yaml'}: 2,095 bytes, more than the --max-file-size of 1,024 bytes: not linted\n"
    )
    assert f"{tmp_path / 'small.yaml'}:4:40: warning [latest-tag]" in result.stdout.decode()
    unlimited = run_cli("lint", "--max-file-size", "0", "--format", "concise", str(tmp_path / "big.yaml"))  # 0: no limit
    assert (unlimited.returncode, unlimited.stderr) == (1, b"")
    assert b"[latest-tag]" in unlimited.stdout
    result = run_cli("lint", "--max-file-size", "50", "-", input=POD)
    assert result.returncode == 2
    assert result.stderr.decode() == "podlint: error: <stdin>: more than the --max-file-size of 50 bytes: not linted\n"
    result = run_cli("lint", "--max-file-size", "1X", "-", input=POD)
    assert result.returncode == 2 and "'1X' is not a size such as 1048576, 512K, 32M or 1G" in result.stderr.decode()


def test_a_file_that_vanishes_mid_run_is_an_error_and_the_rest_is_linted(tmp_path):
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_bytes(POD)

    def progress(done: int, total: int) -> None:
        if done == 1:
            (tmp_path / "b.yaml").unlink()

    result = Linter().lint_paths([str(tmp_path)], progress=progress)
    assert result.errors == [f"{tmp_path / 'b.yaml'}: cannot read: No such file or directory"]
    assert sorted({finding.file for finding in result.findings}) == [str(tmp_path / "a.yaml"), str(tmp_path / "c.yaml")]


# --- fuzzing: mutated bytes through the loader, every rule and every output format --------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

sys.path.insert(0, str(ROOT / "fuzz"))
import invariants  # noqa: E402

from podlint.config import Config  # noqa: E402
from podlint.examples import strip_markers  # noqa: E402
from podlint.registry import catalogue  # noqa: E402

SEEDS = [
    strip_markers(example[kind]).encode()
    for spec in catalogue().values()
    for example in spec.examples
    for kind in ("bad", "good")
    if kind in example
]
SEEDS += [(ROOT / "examples" / "cluster" / "nodes.yaml").read_bytes(), invariants.NODES.encode()]  # inventories too
# every rule, the scheduling rules against nodes; each input is also read as a node inventory
EVERY_RULE = Linter(Config(select=sorted(catalogue()), pod_security="restricted"), nodes=invariants.linter().nodes)


@st.composite
def mutated_bytes(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.sampled_from([b"\x00", b"\xff", b"\t", b"\r", b"\r\n", b"&a ", b"*a", b"<<: ", b"- ", b": ",
                                      b"[", b"}", b"'", b'"', b"!!python/object ", b"\xe2\x80\xa8", b"\x1b[31m",
                                      b"---\n", b"...\n", b"#", b"%YAML 1.1\n", b"9" * 30, b".inf", b"-0x1"]))
        if action == "insert":
            data[at:at] = chunk
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bytes())
def test_mutated_bytes_keep_every_invariant(data):
    invariants.check(EVERY_RULE, data)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bytes())
def test_the_command_line_exits_0_1_or_2_and_its_json_parses(data):
    result = run_cli("lint", "--format", "json", "-", input=data)
    assert result.returncode in (0, 1, 2), result.stderr
    assert b"Traceback" not in result.stderr
    json.loads(result.stdout)


# --- parallel runs ----------------------------------------------------------------------------------------------------


def test_parallel_runs_report_exactly_what_one_process_reports(tmp_path):
    from podlint import engine

    for index in range(engine.PARALLEL_MIN_FILES * 2):
        (tmp_path / f"{index:02}.yaml").write_bytes(POD.replace(b"web", f"web{index}".encode()))
    (tmp_path / "bin.yaml").write_bytes(b"\x00")
    serial = run_cli("lint", "--format", "json", "--jobs", "1", str(tmp_path))
    parallel = run_cli("lint", "--format", "json", "--jobs", "2", str(tmp_path))
    assert parallel.returncode == serial.returncode == 1
    assert parallel.stdout == serial.stdout and parallel.stderr == serial.stderr
    assert len(json.loads(serial.stdout)["findings"]) > engine.PARALLEL_MIN_FILES * 2


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="workers are forked only where fork is safe")
def test_a_worker_that_dies_is_reported_and_no_file_is_lost(tmp_path, monkeypatch):
    from podlint import engine

    names = [f"{index:02}.yaml" for index in range(engine.PARALLEL_MIN_FILES * 3)]
    for name in names:
        (tmp_path / name).write_bytes(POD)
    work = engine._work

    def dying(batch, max_file_size):  # a worker killed (by the OOM killer, say) while it holds 17.yaml
        if any(path.name == "17.yaml" for _, path in batch):
            os._exit(9)
        return work(batch, max_file_size)

    dying.__module__, dying.__qualname__ = "podlint.engine", "_work"  # pickled by name; the forked workers
    # inherit the patched module
    monkeypatch.setattr(engine, "_work", dying)
    result = Linter().lint_paths([str(tmp_path)], jobs=2)
    died = {error.split(":")[0] for error in result.errors if "not linted: a worker process died" in error}
    linted = {finding.file for finding in result.findings}
    assert str(tmp_path / "17.yaml") in died
    assert died | linted == {str(tmp_path / name) for name in names} and not died & linted
    assert len(result.errors) == len(died)


def _cluster_files(tmp_path, count):
    """``count`` files of cluster objects whose order matters (the first PriorityClass marked
    global default is the one admitted), and the pods that read them."""
    for index in range(count):
        (tmp_path / f"{index:02}.yaml").write_text(
            f"""\
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {{name: class-{index}}}
value: {index}
globalDefault: true
---
apiVersion: v1
kind: LimitRange
metadata: {{name: limits-{index % 3}, namespace: shop}}
spec:
  limits: [{{type: Container, max: {{memory: {64 * (index + 1)}Mi}}}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: app, namespace: shop}}
data: {{key-{index}: x}}
---
apiVersion: v1
kind: Pod
metadata: {{name: web-{index}, namespace: shop}}
spec:
  containers:
    - name: web
      image: example/web:1.0.0
      resources: {{limits: {{memory: 1Gi}}}}
      env: [{{name: K, valueFrom: {{configMapKeyRef: {{name: app, key: key-{count - index}}}}}}}]
"""
        )
    return sorted((str(path), path) for path in tmp_path.glob("*.yaml"))


def test_parallel_reading_of_cluster_objects_takes_them_in_the_files_order(tmp_path):
    from podlint import engine

    files = _cluster_files(tmp_path, engine.PARALLEL_MIN_FILES * 2)
    serial = engine.scan_cluster(files, (1, 35), None, jobs=1)
    parallel = engine.scan_cluster(files, (1, 35), None, jobs=2)
    assert parallel == serial
    assert list(serial[1].priority_classes) == ["class-0"]  # the first global default; the others refused
    assert [limit.name for limit in serial[1].in_namespace("shop")[0]] == ["limits-0", "limits-1", "limits-2"]
    one = run_cli("lint", "--format", "json", "--jobs", "1", str(tmp_path))
    two = run_cli("lint", "--format", "json", "--jobs", "2", str(tmp_path))
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1
    assert b'"rule": "missing-config-key"' in one.stdout and b'"rule": "outside-limit-range"' in one.stdout


def test_cluster_objects_read_partly_from_the_cache_are_taken_in_the_files_order(tmp_path):
    from podlint import engine

    files = _cluster_files(tmp_path, engine.PARALLEL_MIN_FILES * 3)
    serial = engine.scan_cluster(files, (1, 35), None, jobs=1)
    cache = tmp_path / "cache"
    engine.scan_cluster(files[::3], (1, 35), None, jobs=1, cache=cache)  # every third file kept
    assert engine.scan_cluster(files, (1, 35), None, jobs=2, cache=cache) == serial
    assert engine.scan_cluster(files, (1, 35), None, jobs=1, cache=cache) == serial  # all of them kept


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="workers are forked only where fork is safe")
def test_a_reading_worker_that_dies_leaves_its_files_to_the_first_process(tmp_path, monkeypatch):
    from podlint import engine

    files = _cluster_files(tmp_path, engine.PARALLEL_MIN_FILES * 2)
    serial = engine.scan_cluster(files, (1, 35), None, jobs=1)
    scan = engine._scan_batch

    def dying(batch, version, max_file_size):
        if any(path.name == "17.yaml" for _, path, _ in batch):
            os._exit(9)
        return scan(batch, version, max_file_size)

    dying.__module__, dying.__qualname__ = "podlint.engine", "_scan_batch"
    monkeypatch.setattr(engine, "_scan_batch", dying)
    assert engine.scan_cluster(files, (1, 35), None, jobs=2) == serial
