"""What the pre-scan finds in a file is kept in the cache: read back as the same values, used
while the file's bytes stay the same, and never trusted when it is not an entry podlint wrote."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT, cache_entries, run_cli, write_cache_entries

from podlint import engine
from podlint.cluster import Cluster
from podlint.cluster import read as read_cluster
from podlint.cluster_cache import NotKept, from_json, to_json
from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load
from podlint.podsecurity import NamespaceLevels

# one of everything the pre-scan keeps, each field of a Cluster and of Pod Security levels
EVERYTHING = """\
apiVersion: v1
kind: Namespace
metadata:
  name: team
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.30
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/audit-version: v1.29
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: latest
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: critical}
value: 1000000
globalDefault: true
preemptionPolicy: Never
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: {name: sandboxed}
handler: runsc
overhead: {podFixed: {cpu: 250m, memory: 120Mi}}
scheduling:
  nodeSelector: {sandbox: "true"}
  tolerations: [{key: sandbox, operator: Equal, value: "true", effect: NoExecute, tolerationSeconds: 300}]
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: team}
spec:
  limits:
    - type: Container
      max: {cpu: "2"}
      min: {memory: 16Mi}
      default: {cpu: 500m, memory: 256Mi}
      defaultRequest: {cpu: 100m, memory: 128Mi}
      maxLimitRequestRatio: {cpu: "10"}
---
apiVersion: v1
kind: LimitRange
metadata: {name: here-only}
spec:
  limits: [{type: Pod, max: {memory: 4Gi}}]
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: team}
spec:
  hard: {requests.cpu: "8", limits.memory: 16Gi}
  scopeSelector:
    matchExpressions: [{scopeName: PriorityClass, operator: In, values: [critical]}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app, namespace: team}
data: {LOG_LEVEL: info}
binaryData: {logo.png: aGVsbG8=}
---
apiVersion: v1
kind: Secret
metadata: {name: app}
stringData: {token: change-me}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: team}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: team}
spec:
  clusterIP: None
  selector: {app: app}
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app, namespace: team}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}
  maxReplicas: 6
  metrics:
    - type: ContainerResource
      containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 75}}
    - type: Pods
      pods: {metric: {name: queue}, target: {type: AverageValue, averageValue: "5"}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: team}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      nodeName: node-1
      containers: [{name: app, image: "registry.example.com/app:1.0"}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
"""


def found_in(text: str, source: str = "k8s/app.yaml"):
    return read_cluster(load(text).documents, (1, 35), source)


def shape(value):
    """A value with its types, frozensets in a fixed order: equal only for the same types and values."""
    if isinstance(value, Cluster):
        return ("Cluster", [(field.name, shape(getattr(value, field.name))) for field in dataclasses.fields(value)])
    if isinstance(value, frozenset):
        return ("frozenset", sorted((shape(item) for item in value), key=repr))
    if isinstance(value, dict):
        return ("dict", [(shape(key), shape(item)) for key, item in value.items()])
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, [shape(item) for item in value])
    return (type(value).__name__, repr(value))


def through_json(found):
    return from_json(json.loads(json.dumps(to_json(found))), (1, 35))


def test_everything_the_pre_scan_finds_reads_back_as_the_same_values():
    found = found_in(EVERYTHING)
    namespaces, cluster = found
    assert namespaces["team"] == NamespaceLevels("baseline", "restricted", "restricted", (1, 30), (1, 29), None)
    assert all(getattr(cluster, field.name) for field in dataclasses.fields(Cluster))  # every kind of object
    again = through_json(found)
    assert shape(again) == shape(found)
    assert again[1] == cluster and again[1].fingerprint() == cluster.fingerprint()  # the reports' key
    assert through_json(None) is None


def test_what_an_entry_cannot_hold_is_not_kept():
    namespaces, cluster = found_in(EVERYTHING)
    odd = dataclasses.replace(cluster, runtime_classes={"x": object()})
    with pytest.raises(NotKept):
        to_json((namespaces, odd))


@pytest.mark.parametrize(
    "entry",
    [
        "text",
        [],
        [["d"], {}],  # fields missing
        [["d"], {name: ["d"] for name in ("priority_classes", "limit_ranges")}],
        [["d", "team", ["o", "Popen", "ls"]], {field.name: ["d"] for field in dataclasses.fields(Cluster)}],
        [["d", "team", ["o", "NamespaceLevels", "baseline"]], {field.name: ["d"] for field in dataclasses.fields(Cluster)}],
        [["d", ["l"], 1], {field.name: ["d"] for field in dataclasses.fields(Cluster)}],  # an unhashable key
        [["x"], {field.name: ["d"] for field in dataclasses.fields(Cluster)}],
        [["d"], {field.name: "many" for field in dataclasses.fields(Cluster)}],
        [["d"], {field.name: ["q", "1", 2] for field in dataclasses.fields(Cluster)}],
        [["t"], {field.name: ["d"] for field in dataclasses.fields(Cluster)}],  # namespaces that are not a map
    ],
)
def test_an_entry_podlint_did_not_write_is_refused(entry):
    with pytest.raises(NotKept):
        from_json(entry, (1, 35))


@pytest.mark.parametrize(
    "change",
    [
        ('"Never", true', '"Never", "yes"'),  # a bool that is not one
        ('["o", "PriorityClass", "critical", 1000000', '["o", "PriorityClass", "critical", "1000000"'),
        ('"baseline"', '"root"'),  # no such level
        ('"DecimalSI"', '"Roman"'),  # no such quantity format
        ('"NoExecute"', '"NoWay"'),  # a toleration the API server refuses
        ('"Equal"', '"Like"'),
        ('"ReadWriteOnce"]', '7]'),  # an access mode that is not a string
        ('"node-1"', '["l"]'),
        ('"In"', '"Near"'),  # no such operator
        ('"LOG_LEVEL"', '["t"]'),
    ],
)
def test_an_entry_of_values_the_pre_scan_never_makes_is_refused(change):
    written = json.dumps(to_json(found_in(EVERYTHING)))
    old, new = change
    assert old in written
    with pytest.raises(NotKept):
        from_json(json.loads(written.replace(old, new, 1)), (1, 35))


@pytest.mark.parametrize("depth", [100_000, 600])  # deeper than reading it goes; only than checking it
def test_an_entry_nested_without_end_is_refused(depth):
    deep: list = ["d"]
    for _ in range(depth):
        deep = ["d", "key", deep]
    toleration = ["o", "RuntimeClass", "deep", None, ["t"], ["t", deep], ["t"]]
    fields = {field.name: ["d"] for field in dataclasses.fields(Cluster)}
    with pytest.raises(NotKept):
        from_json([deep, fields], (1, 35))
    with pytest.raises(NotKept):
        from_json([["d"], {**fields, "runtime_classes": ["d", "deep", toleration]}], (1, 35))


@pytest.fixture
def project(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "app.yaml").write_text(EVERYTHING)
    (tmp_path / "k8s" / "web.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: team}\nspec:\n  containers:\n"
        "    - name: web\n      image: nginx:1.27\n"
        "      env: [{name: X, valueFrom: {configMapKeyRef: {name: app, key: MISSING}}}]\n"
    )
    return tmp_path


def parsed_for_the_pre_scan(monkeypatch):
    read = []
    original = engine._scan_file

    def spy(display, path, version, max_file_size, digest=None):
        found = original(display, path, version, max_file_size, digest)
        if found is not None:  # parsed: the file mentions cluster objects
            read.append(display)
        return found

    monkeypatch.setattr(engine, "_scan_file", spy)
    return read


def test_a_second_run_parses_no_unchanged_file_for_the_pre_scan(project, monkeypatch):
    k8s = str(project / "k8s")
    reference = Linter(Config()).lint_paths([k8s]).findings
    read = parsed_for_the_pre_scan(monkeypatch)
    cache = project / "cache"
    first = Linter(Config()).lint_paths([k8s], cache=cache)
    assert read == [f"{k8s}/app.yaml"]  # the Pod's file mentions no cluster object
    assert any(f.rule == "missing-config-key" for f in first.findings)
    again = Linter(Config()).lint_paths([k8s], cache=cache)
    assert read == [f"{k8s}/app.yaml"]
    assert again.findings == first.findings == reference
    app = project / "k8s" / "app.yaml"
    app.write_text(EVERYTHING.replace("LOG_LEVEL: info", "LOG_LEVEL: info, MISSING: here"))
    edited = Linter(Config()).lint_paths([k8s], cache=cache)
    assert read == [f"{k8s}/app.yaml"] * 2
    assert not any(f.rule == "missing-config-key" for f in edited.findings)


def test_the_kubernetes_version_is_part_of_the_key(project, monkeypatch):
    read = parsed_for_the_pre_scan(monkeypatch)
    cache = project / "cache"
    Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    Linter(Config(kubernetes_version="1.31")).lint_paths([str(project / "k8s")], cache=cache)
    assert len(read) == 2
    assert len(list(cache.glob("cluster-*"))) == 2


def test_no_cache_keeps_nothing_and_parses_every_time(project, monkeypatch):
    read = parsed_for_the_pre_scan(monkeypatch)
    for _ in range(2):
        Linter(Config()).lint_paths([str(project / "k8s")], cache=False)
    assert len(read) == 2
    assert not (project / "cache").exists()


@pytest.mark.parametrize("damage", ["not json", "[]", "not a list", "wrong shape", "wrong types", "wrong digest"])
def test_a_damaged_entry_is_parsed_again(project, monkeypatch, damage):
    env = {"PODLINT_CACHE_DIR": str(project / "cache")}
    reference = run_cli("lint", "--no-cache", "k8s", cwd=project)
    run_cli("lint", "k8s", cwd=project, env=env)
    (folder,) = (project / "cache").glob("cluster-*")
    ((entry, path, digest, [value], _),) = cache_entries(folder)
    damaged = {
        "wrong shape": [(path, digest, [[value[0], {}]])],
        "wrong types": [(path, digest, [[value[0], {name: "x" for name in value[1]}]])],
        "wrong digest": [(path, "0" * 64, [value])],
        "not a list": [(path, digest, value[0])],
    }.get(damage)

    def spoil():
        if damaged is None:
            entry.write_text(damage)
        else:
            write_cache_entries(entry, damaged)

    spoil()
    again = run_cli("lint", "k8s", cwd=project, env=env)
    assert (again.returncode, again.stdout, again.stderr) == (reference.returncode, reference.stdout, reference.stderr)
    spoil()
    read = parsed_for_the_pre_scan(monkeypatch)
    monkeypatch.chdir(project)
    Linter(Config()).lint_paths(["k8s"], cache=project / "cache")
    assert read == ["k8s/app.yaml"]
    Linter(Config()).lint_paths(["k8s"], cache=project / "cache")
    assert read == ["k8s/app.yaml"]  # the entry written anew


def test_a_cache_damaged_at_random_never_changes_the_report(project):
    sys.path.insert(0, str(ROOT / "fuzz"))
    try:
        from cache_damage import trials
    finally:
        sys.path.remove(str(ROOT / "fuzz"))
    assert trials(project / "k8s", seed=5, count=60) == []


POD = """\
apiVersion: v1
kind: Pod
metadata: {{name: web{namespace_line}}}
spec:
  containers:
    - name: web
      image: nginx:1.27
      env: [{{name: K, valueFrom: {{configMapKeyRef: {{name: app, key: K}}}}}}]
"""


def linted_again(monkeypatch):
    linted = []
    original = Linter._lint_file

    def spy(self, display, path, max_file_size):
        linted.append(Path(display).name)
        return original(self, display, path, max_file_size)

    monkeypatch.setattr(Linter, "_lint_file", spy)
    return linted


def test_a_report_is_linted_again_only_when_what_concerns_its_namespaces_changes(tmp_path, monkeypatch):
    k8s = tmp_path / "k8s"
    k8s.mkdir()
    for namespace in ("a", "b"):
        (k8s / f"pod-{namespace}.yaml").write_text(POD.format(namespace_line=f", namespace: {namespace}"))
        (k8s / f"config-{namespace}.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: app, namespace: {namespace}}}\ndata: {{K: v}}\n"
        )
    (k8s / "pod-anywhere.yaml").write_text(POD.format(namespace_line=""))
    cache = tmp_path / "cache"
    linted = linted_again(monkeypatch)

    def run() -> set[str]:
        del linted[:]
        cached = Linter(Config()).lint_paths([str(k8s)], cache=cache).findings
        again = set(linted)
        assert cached == Linter(Config()).lint_paths([str(k8s)], cache=False).findings
        return again

    assert run() == {"pod-a.yaml", "pod-b.yaml", "pod-anywhere.yaml", "config-a.yaml", "config-b.yaml"}
    assert run() == set()
    # a key left out in namespace b: its files, and the Pod of no namespace (which reads every one)
    (k8s / "config-b.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: b}\ndata: {L: v}\n"
    )
    assert run() == {"config-b.yaml", "pod-b.yaml", "pod-anywhere.yaml"}
    # namespace a made baseline: its files, and the Pod of no namespace
    (k8s / "namespace-a.yaml").write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {pod-security.kubernetes.io/enforce: baseline}\n"
    )
    assert run() == {"namespace-a.yaml", "pod-a.yaml", "config-a.yaml", "pod-anywhere.yaml"}
    # a Namespace belongs to none: the file that has it is not linted again for namespace b
    (k8s / "config-b.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: b}\ndata: {K: v}\n"
    )
    assert run() == {"config-b.yaml", "pod-b.yaml", "pod-anywhere.yaml"}
    # a PriorityClass concerns the pods of every namespace
    (k8s / "priority.yaml").write_text(
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: low}\nvalue: 10\n"
    )
    assert run() == {path.name for path in k8s.iterdir()}
    # and a ConfigMap of no namespace, which a pod of any namespace may read
    (k8s / "config-anywhere.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {M: v}\n")
    assert run() == {path.name for path in k8s.iterdir()}


def test_what_a_file_changed_after_its_digest_gives_the_pre_scan_is_not_kept(project, monkeypatch):
    app = project / "k8s" / "app.yaml"
    known = engine._scan_known

    def then_changed(store, file, *args):
        found = known(store, file, *args)
        if file[1] == app:
            app.write_text(EVERYTHING.replace("LOG_LEVEL: info", "LOG_LEVEL: info, MISSING: here"))
        return found

    monkeypatch.setattr(engine, "_scan_known", then_changed)
    cache = project / "cache"
    linted = Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    assert not any(f.rule == "missing-config-key" for f in linted.findings)  # the file as it is now
    assert [entry for folder in cache.glob("cluster-*") for entry in cache_entries(folder)] == []  # not kept for the bytes it had
