"""The command line, run for real: formats, exit codes, inputs, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import CACHE_DIR, ROOT, run_cli

from podlint.schema.bundle import newest_version

INPUT = "tests/reporters/input"
SNAPSHOTS = ROOT / "tests" / "reporters" / "snapshots"
FORMATS = {"text": "txt", "concise": "txt", "json": "json"}
POD = b"apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n"
GOOD = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_format_snapshot(fmt):
    result = run_cli("lint", "--format", fmt, INPUT, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    snapshot = SNAPSHOTS / f"{fmt}.{FORMATS[fmt]}"
    if os.environ.get("PODLINT_UPDATE_SNAPSHOTS"):
        snapshot.write_bytes(result.stdout)
    assert result.stdout.decode() == snapshot.read_text(encoding="utf-8")


def test_json_contract():
    result = run_cli("lint", "--format", "json", INPUT, cwd=ROOT)
    report = json.loads(result.stdout)
    assert list(report) == ["findings", "summary"]
    assert report["summary"] == {"files": 2, "objects": 2, "errors": 2, "warnings": 4, "infos": 5}
    keys = ["rule", "severity", "message", "file", "line", "column", "end_line", "end_column", "object", "path"]
    for finding in report["findings"]:
        assert list(finding) == keys
    latest = [f for f in report["findings"] if f["rule"] == "latest-tag"][0]
    assert latest["object"] == {"kind": "Deployment", "name": "api", "namespace": "prod"}
    assert latest["path"] == "spec.template.spec.containers[0].image"
    assert (latest["line"], latest["column"], latest["end_line"], latest["end_column"]) == (13, 18, 13, 29)
    second = [f for f in report["findings"] if f["rule"] == "latest-tag"][1]
    assert second["object"] == {"kind": "Pod", "name": "debug", "namespace": None}


@pytest.mark.parametrize(
    "stdin, args, code",
    [
        (GOOD, [], 0),
        (POD, [], 1),
        (POD, ["--fail-on", "error"], 0),
        (POD, ["--select", "latest-tag", "--fail-on", "warning"], 1),
        (POD, ["--ignore", "latest-tag,bare-pod,missing-requests,missing-memory-limit"], 0),
        (b"a: [\n", ["--fail-on", "error"], 1),
        (b"just: data\n", [], 0),  # an info finding does not fail the default gate
        (b"just: data\n", ["--fail-on", "info"], 1),
        (POD, ["--select", "nope"], 2),
        (POD, ["--fail-on", "fatal"], 2),
    ],
)
def test_exit_codes(stdin, args, code):
    result = run_cli("lint", *args, "-", input=stdin)
    assert result.returncode == code, result.stderr
    assert b"Traceback" not in result.stderr


def test_stdin_filename_is_reported():
    result = run_cli("lint", "--format", "concise", "--stdin-filename", "chart/templates/pod.yaml", "-", input=POD)
    assert result.stdout.decode().splitlines() == [
        "chart/templates/pod.yaml:2:7: warning [bare-pod] pod \"web\" is not managed by a controller",
        "chart/templates/pod.yaml:4:1: info [automount-service-account-token] the pod mounts the default service"
        " account's API token (automountServiceAccountToken is not false)",
        "chart/templates/pod.yaml:5:17: warning [missing-memory-limit] container \"web\" has no memory limit",
        "chart/templates/pod.yaml:5:17: warning [missing-requests] container \"web\" has no cpu or memory request",
        "chart/templates/pod.yaml:5:17: info [readonly-root-filesystem] container \"web\" has a writable root filesystem",
        "chart/templates/pod.yaml:5:35: warning [latest-tag] container \"web\" uses image \"nginx\" with no tag",
    ]


def test_missing_file_is_exit_2_and_the_rest_is_linted(tmp_path):
    (tmp_path / "pod.yaml").write_bytes(POD)
    result = run_cli("lint", "--format", "concise", "nope.yaml", "pod.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "podlint: error: nope.yaml: no such file or directory\n"
    assert len(result.stdout.decode().splitlines()) == 6


def test_directory_without_manifests(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("hi")
    result = run_cli("lint", "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "podlint: error: empty: no manifests (*.yaml, *.yml, *.json) found\n"


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        # root reads everything: use a directory entry that cannot be opened as a file instead
        os.mkfifo(tmp_path / "pipe.yaml")
        result = run_cli("lint", "pipe.yaml", cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.decode() == "podlint: error: pipe.yaml: not a regular file\n"
        return
    path = tmp_path / "secret.yaml"
    path.write_bytes(POD)
    path.chmod(0)
    result = run_cli("lint", "secret.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "secret.yaml: cannot read" in result.stderr.decode()


def test_directories_recursive_with_excludes(tmp_path):
    for name in ("a/pod.yaml", "a/b/pod.yml", "c/pod.json", "charts/x/pod.yaml", ".hidden/pod.yaml", "a/notes.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(POD if not name.endswith(".json") else json.dumps(
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [{"name": "web", "image": "nginx"}]}}
        ).encode())
    result = run_cli("lint", "--format", "json", "--select", "bare-pod", "--exclude", "charts", ".", cwd=tmp_path)
    files = [f["file"] for f in json.loads(result.stdout)["findings"]]
    assert files == ["a/b/pod.yml", "a/pod.yaml", "c/pod.json"]
    result = run_cli("lint", "--format", "json", "--select", "bare-pod", "--exclude", "*.yml", "--exclude", "c/*", "a", "c", cwd=tmp_path)
    assert [f["file"] for f in json.loads(result.stdout)["findings"]] == ["a/pod.yaml"]


def test_config_exclude_and_discovery(tmp_path):
    (tmp_path / ".podlint.yaml").write_text("select: [bare-pod]\nexclude: [generated]\n")
    for name in ("k8s/pod.yaml", "k8s/generated/pod.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(POD)
    result = run_cli("lint", "--format", "concise", "k8s", cwd=tmp_path)
    assert result.stdout.decode() == 'k8s/pod.yaml:2:7: warning [bare-pod] pod "web" is not managed by a controller\n'


def test_bad_configuration_is_exit_2_with_one_line(tmp_path):
    (tmp_path / ".podlint.yaml").write_text("rules:\n  latest-tag: {sevrity: error}\n")
    result = run_cli("lint", "-", input=POD, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        'podlint: error: .podlint.yaml:2:16: unknown setting "sevrity" for rule "latest-tag" '
        '(did you mean "severity"?); it takes: severity, allowed-tags\n'
    ).replace(".podlint.yaml", str(tmp_path.resolve() / ".podlint.yaml"))
    result = run_cli("lint", "--config", "missing.yaml", "-", input=POD, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == "podlint: error: missing.yaml: no such configuration file\n"


def test_explicit_config_file(tmp_path):
    (tmp_path / "ci.yaml").write_text("select: [latest-tag]\nrules: {latest-tag: {severity: error}}\n")
    result = run_cli("lint", "--config", "ci.yaml", "--format", "concise", "-", input=POD, cwd=tmp_path)
    assert result.stdout.decode() == '<stdin>:5:35: error [latest-tag] container "web" uses image "nginx" with no tag\n'


def test_invalid_utf8_and_utf16(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes(b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n")
    (tmp_path / "utf16.yaml").write_bytes(POD.decode().encode("utf-16"))
    result = run_cli("lint", "--format", "concise", "latin1.yaml", "utf16.yaml", cwd=tmp_path)
    assert result.stdout.decode().splitlines() == [
        "latin1.yaml:3:21: error [yaml-syntax] invalid UTF-8 byte 0xe9 (byte offset 51)",
        'utf16.yaml:2:7: warning [bare-pod] pod "web" is not managed by a controller',
        "utf16.yaml:4:1: info [automount-service-account-token] the pod mounts the default service account's API"
        " token (automountServiceAccountToken is not false)",
        'utf16.yaml:5:17: warning [missing-memory-limit] container "web" has no memory limit',
        'utf16.yaml:5:17: warning [missing-requests] container "web" has no cpu or memory request',
        'utf16.yaml:5:17: info [readonly-root-filesystem] container "web" has a writable root filesystem',
        'utf16.yaml:5:35: warning [latest-tag] container "web" uses image "nginx" with no tag',
    ]


def _on_a_terminal(no_color: str | None) -> tuple[int, bytes]:
    """Run podlint with its output on a pseudo-terminal; (exit code, what the terminal got)."""
    import subprocess
    import sys

    pty = pytest.importorskip("pty")
    controller, worker = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = str(ROOT)
    if no_color is not None:
        env["NO_COLOR"] = no_color
    proc = subprocess.run([sys.executable, "-m", "podlint", "lint", str(ROOT / "examples" / "debug-pod.yaml")],
                          stdout=worker, stderr=subprocess.PIPE, env=env, timeout=60)
    os.close(worker)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    return proc.returncode, output


def test_colour_only_on_a_terminal_without_no_color():
    assert b"\x1b[" not in run_cli("lint", "-", input=POD).stdout
    code, output = _on_a_terminal(no_color=None)
    assert code == 1 and b"\x1b[" in output and b"bare-pod" in output
    code, output = _on_a_terminal(no_color="1")
    assert code == 1 and b"\x1b[" not in output and b"bare-pod" in output


def test_rules_table():
    result = run_cli("rules")
    lines = result.stdout.decode().splitlines()
    assert lines[0].split() == ["id", "default", "severity", "category", "summary"]
    assert any(line.split()[:4] == ["latest-tag", "on", "warning", "images"] for line in lines)
    from podlint.registry import catalogue

    assert [line.split()[0] for line in lines[1:]] == list(catalogue())


def test_explain_shows_docs_and_real_output():
    result = run_cli("explain", "latest-tag")
    text = result.stdout.decode()
    assert result.returncode == 0
    assert text.startswith("latest-tag (warning, images)\n\nContainer image has the `latest` tag or no tag.\n")
    assert "# expect" not in text
    assert "allowed-tags (list[str], default []): " in text
    assert '  7:14: warning [latest-tag] container "web" uses image "nginx" with no tag' in text
    result = run_cli("explain", "latest-tags")
    assert result.returncode == 2
    assert result.stderr.decode() == 'podlint: error: unknown rule "latest-tags" (did you mean "latest-tag"?)\n'


def test_explain_shows_the_nodes_an_example_is_checked_against():
    text = run_cli("explain", "replicas-exceed-capacity").stdout.decode()
    nodes = "Nodes (--nodes) for: six replicas of 2 cores on two 4-core nodes\n  pools:\n    - name: general\n"
    assert nodes in text
    assert text.index(nodes) < text.index("Bad: six replicas of 2 cores on two 4-core nodes")
    assert "  5:13: warning [replicas-exceed-capacity] 6 pods wanted at once, but at most 2 fit" in text


def test_version_and_help():
    from podlint import __version__

    assert run_cli("--version").stdout.decode() == f"podlint, version {__version__}\n"
    assert b"--stdin-filename" in run_cli("lint", "--help").stdout


NEWEST = newest_version()
POD_LEVEL_RESOURCES = b"""\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  resources: {limits: {memory: 1Gi}}
  containers: [{name: web, image: "nginx:1.27.2"}]
"""


def test_kubernetes_version_selects_the_schema():
    """Pod-level resources are in the 1.37 schema, not in 1.30's."""
    args = ["lint", "--format", "concise", "--select", "unknown-field", "-"]
    assert run_cli(*args, input=POD_LEVEL_RESOURCES).stdout == b""
    old = run_cli(*args[:-1], "--kubernetes-version", "1.30", "-", input=POD_LEVEL_RESOURCES)
    assert old.returncode == 1
    assert old.stdout.decode() == (
        '<stdin>:5:3: error [unknown-field] unknown field "spec.resources" (did you mean "resourceClaims"?)\n'
    )


@pytest.mark.parametrize(
    "version, message",
    [
        ("1.29", f"podlint: error: no schemas for Kubernetes 1.29: podlint has 1.30 to {NEWEST}\n"),
        ("v1.33", "podlint: error: kubernetes-version must be a minor version such as \"1.33\", not 'v1.33'\n"),
    ],
)
def test_unknown_kubernetes_version(version, message):
    result = run_cli("lint", "--kubernetes-version", version, "-", input=POD)
    assert result.returncode == 2
    assert result.stderr.decode() == message


HELM_STREAM = b"""\
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "nginx:1.27.2", resources: {requests: {cpu: 100m, memory: 64Mi}}}
---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata: {name: Web}
spec: {ports: [{port: 80}]}
"""


def test_helm_source_templates_are_named():
    text = run_cli("lint", "--stdin-filename", "shop.yaml", "-", input=HELM_STREAM).stdout.decode()
    # each finding's heading line, followed by two lines of the excerpt
    assert text.splitlines()[1].endswith("[automount-service-account-token]  in shop/templates/deployment.yaml")
    assert text.splitlines()[4].endswith("[readonly-root-filesystem]  in shop/templates/deployment.yaml")
    assert text.splitlines()[7].endswith("[missing-memory-limit]  in shop/templates/deployment.yaml")
    assert text.splitlines()[10].endswith("[invalid-name]  in shop/templates/service.yaml")
    report = json.loads(run_cli("lint", "--format", "json", "-", input=HELM_STREAM).stdout)
    token, readonly, memory, name = report["findings"]
    assert token["rule"] == "automount-service-account-token"
    assert token["source_template"] == "shop/templates/deployment.yaml"
    assert token["line"] == 10
    assert readonly["rule"] == "readonly-root-filesystem"
    assert readonly["source_template"] == "shop/templates/deployment.yaml"
    assert readonly["line"] == 12
    assert memory["rule"] == "missing-memory-limit"
    assert memory["source_template"] == "shop/templates/deployment.yaml"
    assert memory["line"] == 12
    assert name["rule"] == "invalid-name"
    assert name["source_template"] == "shop/templates/service.yaml"
    assert name["line"] == 17


def test_source_template_is_only_where_helm_says():
    report = json.loads(run_cli("lint", "--format", "json", "-", input=POD).stdout)
    assert all("source_template" not in finding for finding in report["findings"])


def test_output_file_gets_the_report_and_the_terminal_the_summary(tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("lint", "--format", "json", "--output-file", str(out), INPUT, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.decode() == "2 files, 2 objects: 2 errors, 4 warnings, 5 infos\n"
    assert json.loads(out.read_text())["summary"]["errors"] == 2


def test_output_file_that_cannot_be_written(tmp_path):
    result = run_cli("lint", "--output-file", str(tmp_path / "missing" / "r.txt"), "-", input=GOOD)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"podlint: error: {tmp_path / 'missing' / 'r.txt'}: cannot write the report")


def test_statistics_and_quiet():
    result = run_cli("lint", "--format", "concise", "--statistics", "--quiet", "-", input=POD)
    assert result.stdout.decode().splitlines()[-6:] == [
        "1  automount-service-account-token (info)",
        "1  bare-pod (warning)",
        "1  latest-tag (warning)",
        "1  missing-memory-limit (warning)",
        "1  missing-requests (warning)",
        "1  readonly-root-filesystem (info)",
    ]
    machine = run_cli("lint", "--format", "json", "--statistics", "-", input=POD)
    json.loads(machine.stdout)  # the table does not spoil the report: it went to standard error
    assert machine.stderr.decode().splitlines() == [
        "1  automount-service-account-token (info)",
        "1  bare-pod (warning)",
        "1  latest-tag (warning)",
        "1  missing-memory-limit (warning)",
        "1  missing-requests (warning)",
        "1  readonly-root-filesystem (info)",
    ]
    quiet = run_cli("lint", "--quiet", "-", input=GOOD)
    assert quiet.stdout == b""


def test_a_source_comment_that_helm_did_not_write_is_not_a_template():
    text = b"# Source: https://kubernetes.io/docs/concepts/workloads/pods/\n" + POD
    report = json.loads(run_cli("lint", "--format", "json", "-", input=text).stdout)
    assert report["findings"] and all("source_template" not in finding for finding in report["findings"])


def _podlint(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PODLINT_CACHE_DIR": CACHE_DIR, "NO_COLOR": "1"}
    env.pop("PYTHONUNBUFFERED", None)  # the report sits in stdout's buffer until the end
    return subprocess.Popen([sys.executable, "-m", "podlint", *args], env=env, **kwargs)


def test_a_report_that_cannot_be_written_is_an_error(tmp_path):
    (tmp_path / "settings.yaml").write_bytes(GOOD)
    with open("/dev/full", "w") as full:
        done = _podlint("lint", str(tmp_path / "settings.yaml"), stdout=full, stderr=subprocess.PIPE)
        _, err = done.communicate(timeout=60)
    assert done.returncode == 2
    assert err == b"podlint: error: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path):
    (tmp_path / "settings.yaml").write_bytes(GOOD)
    done = _podlint("lint", str(tmp_path / "settings.yaml"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done.stdout.close()  # the reader is gone before podlint writes
    err = done.stderr.read()
    assert done.wait(timeout=60) == 1 and err == b""


def test_a_closed_standard_output_does_not_fail_a_run_that_writes_a_file(tmp_path):
    (tmp_path / "settings.yaml").write_bytes(GOOD)
    report = tmp_path / "report.json"
    args = ("lint", "--format", "json", "--output-file", str(report), str(tmp_path / "settings.yaml"))
    closed = _podlint(*args, stdout=None, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    _, err = closed.communicate(timeout=60)
    assert closed.returncode == 0 and err == b"", err
    assert json.loads(report.read_text())["summary"]["files"] == 1


def test_an_output_encoding_without_a_character_gets_it_escaped(tmp_path):
    labels = ", ".join(f"l{n}: v" for n in range(40))
    (tmp_path / "pod.yaml").write_text(f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p, labels: {{{labels}, bad: '-x'}}}}\n")
    result = run_cli("lint", "--no-cache", "--select", "invalid-label", "pod.yaml", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1 and result.stderr == b""
    assert b"    3 | \\u2026v, l36: v, l37: v, l38: v, l39: v, bad: '-x'}}\n" in result.stdout
