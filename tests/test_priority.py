"""Pod priority: the classes podlint knows, where it finds them, and what the cache keys on.
The Priority admission plugin's and ValidatePriorityClass's messages are in the conformance table."""

from __future__ import annotations

import pytest
from conftest import run_cli

from podlint.config import Config
from podlint.engine import Linter
from podlint.priority import NO_DEFAULT_CLASS, PriorityClass, accepted_class, add_class, resolve

CLASS = """\
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: {name}
value: {value}
{extra}"""
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: batch
spec:
  priorityClassName: {name}
  preemptionPolicy: Never
  containers:
    - name: batch
      image: busybox:1.36
"""


def _class(name: str, value: object, policy: str | None = None) -> dict:
    data = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name}, "value": value}
    return data if policy is None else {**data, "preemptionPolicy": policy}


@pytest.mark.parametrize(
    "data, expected",
    [
        (_class("high", 1000), PriorityClass("high", 1000, "PreemptLowerPriority", False)),
        (_class("batch", -5, "Never"), PriorityClass("batch", -5, "Never", False)),
        ({**_class("default", 7), "globalDefault": True}, PriorityClass("default", 7, "PreemptLowerPriority", True)),
        # what the API server refuses is never created, so no pod can name it
        (_class("huge", 1_000_000_001), None),
        (_class("system-high", 1000), None),
        (_class("system-node-critical", 2_000_001_000), None),  # the API server's own, not the file's
        (_class("odd", 1000, "Sometimes"), None),
        (_class("odd", "1000"), None),
        (_class("zero", None), PriorityClass("zero", 0, "PreemptLowerPriority", False)),  # value is optional
        (_class("odd", True), None),
        (_class("odd", 2**31), None),
        ({**_class("odd", 7), "globalDefault": "yes"}, None),
    ],
)
def test_the_classes_the_api_server_would_create(data, expected):
    assert accepted_class(data) == expected


def test_resolve():
    low = PriorityClass("low", -10, "Never", True)
    high = PriorityClass("high", 1000)
    assert resolve("", {}) == NO_DEFAULT_CLASS == PriorityClass("", 0, "PreemptLowerPriority", False)
    assert resolve("", {"high": high}) == NO_DEFAULT_CLASS
    assert resolve("", {"high": high, "low": low}) == low
    assert resolve("high", {"high": high}) == high
    assert resolve("system-cluster-critical", {}).value == 2_000_000_000
    assert resolve("system-node-critical", {}).value == 2_000_001_000
    assert resolve("elsewhere", {"high": high}) is None


def test_a_second_global_default_is_never_created():
    classes: dict = {}
    first, second = PriorityClass("low", -10, "Never", True), PriorityClass("lower", -20, "Never", True)
    for pc in (PriorityClass("high", 1000), first, second, PriorityClass("mid", 5)):
        add_class(classes, pc)
    assert list(classes) == ["high", "low", "mid"]
    add_class(classes, PriorityClass("low", -1, "Never", True))  # the same class again: it is replaced
    assert classes["low"].value == -1 and list(classes) == ["high", "low", "mid"]


def test_a_class_in_another_file_is_the_one_its_pods_name(tmp_path):
    (tmp_path / "classes.yaml").write_text(CLASS.format(name="background", value=-10, extra="preemptionPolicy: Never\n"))
    (tmp_path / "pod.yaml").write_text(POD.format(name="background"))
    (tmp_path / "other.yaml").write_text(POD.format(name="high"))  # not among the files: not judged
    linter = Linter(Config(select=["invalid-priority"]))
    assert linter.lint_paths([str(tmp_path)]).findings == []
    (tmp_path / "classes.yaml").write_text(CLASS.format(name="background", value=-10, extra=""))
    (finding,) = Linter(Config(select=["invalid-priority"])).lint_paths([str(tmp_path)]).findings
    assert (finding.file, finding.line, finding.column) == (str(tmp_path / "pod.yaml"), 7, 21)
    assert finding.message == (
        "the string value of PreemptionPolicy (Never) must not be provided in pod spec; "
        "priority admission controller computed PreemptLowerPriority from the given PriorityClass name"
    )


def test_a_global_default_class_in_another_file_is_what_a_pod_without_a_class_gets(tmp_path):
    pod = POD.replace("  priorityClassName: {name}\n", "  priority: {value}\n")
    (tmp_path / "pod.yaml").write_text(pod.format(value=-10))
    (tmp_path / "other.yaml").write_text(pod.format(value=5).replace("batch", "other"))
    (tmp_path / "classes.yaml").write_text(
        CLASS.format(name="background", value=-10, extra="globalDefault: true\npreemptionPolicy: Never\n")
    )
    findings = Linter(Config(select=["invalid-priority"])).lint_paths([str(tmp_path)]).findings
    assert [(f.file.rpartition("/")[2], f.line, f.message) for f in findings] == [
        (
            "other.yaml",
            6,
            "the integer value of priority (5) must not be provided in pod spec; "
            "priority admission controller computed -10 from the given PriorityClass name",
        )
    ]


def test_without_the_rule_no_file_is_read_for_classes(tmp_path, monkeypatch):
    (tmp_path / "pod.yaml").write_text(POD.format(name="high"))
    linter = Linter(Config(select=["invalid-name"]))
    monkeypatch.setattr(Linter, "_find_cluster_objects", lambda *args: pytest.fail("read for classes"))
    assert linter.lint_paths([str(tmp_path)]).findings == []


def test_a_changed_class_in_another_file_is_a_new_cache_key(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "classes.yaml").write_text(CLASS.format(name="background", value=-10, extra="preemptionPolicy: Never\n"))
    (tmp_path / "k8s" / "pod.yaml").write_text(POD.format(name="background"))
    env = {"PODLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run():
        return run_cli("lint", "--select", "invalid-priority", "--format", "concise", "k8s", cwd=tmp_path, env=env)

    assert run().returncode == 0
    # only the class changes: the pod's file, unchanged, must be linted again
    (tmp_path / "k8s" / "classes.yaml").write_text(CLASS.format(name="background", value=-10, extra=""))
    second = run()
    assert second.returncode == 1
    assert second.stdout.decode().splitlines()[0].startswith("k8s/pod.yaml:7:21: error [invalid-priority] the string value")


def test_the_second_global_default_in_the_order_of_the_files_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(CLASS.format(name="low", value=-5, extra="globalDefault: true\n"))
    (tmp_path / "b.yaml").write_text(CLASS.format(name="zero", value=0, extra="globalDefault: true\n"))
    findings = Linter(Config(select=["invalid-priority"])).lint_paths([str(tmp_path)]).findings
    assert [(f.file.rpartition("/")[2], f.line, f.column, f.message) for f in findings] == [
        ("b.yaml", 6, 16, "PriorityClass low is already marked as default. Only one default can exist")
    ]
