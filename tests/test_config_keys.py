"""The keys a pod reads from ConfigMaps and Secrets among the linted files (missing-config-key)."""

from __future__ import annotations

import pytest
from conftest import run_cli

from podlint.cluster import Cluster, ConfigKeys, config_keys, mentions, read
from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load

RULE = "missing-config-key"

CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
{namespace}data:
  log-level: info
binaryData:
  logo.png: iVBORw0KGgo=
"""

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
{namespace}spec:
  containers:
    - name: web
      image: example/web:1.0.0
      env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef: {{name: app, key: {key}}}
"""


def _lint(tmp_path) -> list[tuple[str, int, int, str]]:
    findings = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)]).findings
    return [(f.file.rpartition("/")[2], f.line, f.column, f.message) for f in findings]


def test_a_config_map_in_another_file_is_read_for_the_pods_of_its_namespace(tmp_path):
    (tmp_path / "config.yaml").write_text(CONFIG_MAP.format(namespace="  namespace: shop\n"))
    (tmp_path / "shop.yaml").write_text(POD.format(namespace="  namespace: shop\n", key="loglevel"))
    (tmp_path / "other.yaml").write_text(POD.format(namespace="  namespace: other\n", key="loglevel"))
    (tmp_path / "none.yaml").write_text(POD.format(namespace="", key="log_level"))  # may be created in shop
    (tmp_path / "good.yaml").write_text(POD.format(namespace="  namespace: shop\n", key="log-level"))
    assert _lint(tmp_path) == [
        ("none.yaml", 12, 47, 'container "web" cannot start: ConfigMap "app" has no key "log_level" (did you mean "log-level"?)'),
        ("shop.yaml", 13, 47, 'container "web" cannot start: ConfigMap "app" has no key "loglevel" (did you mean "log-level"?)'),
    ]


def test_config_maps_of_one_name_without_a_namespace_count_together(tmp_path):
    (tmp_path / "a.yaml").write_text(CONFIG_MAP.format(namespace=""))
    (tmp_path / "b.yaml").write_text(CONFIG_MAP.format(namespace="").replace("log-level", "verbosity"))
    (tmp_path / "pod.yaml").write_text(POD.format(namespace="  namespace: shop\n", key="verbosity"))
    (tmp_path / "typo.yaml").write_text(POD.format(namespace="  namespace: shop\n", key="verbose"))
    assert [(file, message) for file, _, _, message in _lint(tmp_path)] == [
        ("typo.yaml", 'container "web" cannot start: ConfigMap "app" has no key "verbose" (did you mean "verbosity"?)'),
    ]


def test_an_env_var_reads_data_only_and_a_volume_binary_data_too(lint):
    text = CONFIG_MAP.format(namespace="") + "---\n" + POD.format(namespace="", key="logo.png") + (
        "      volumeMounts: [{name: assets, mountPath: /assets}]\n"
        "  volumes:\n"
        "    - name: assets\n"
        "      configMap:\n"
        "        name: app\n"
        "        items: [{key: logo.png, path: logo.png}, {key: logo.svg, path: logo.svg}]\n"
    )
    findings = lint(text, select=[RULE]).findings
    assert [(f.line, f.column, f.path, f.message) for f in findings] == [
        (21, 47, "spec.containers[0].env[0].valueFrom.configMapKeyRef.key",
         'container "web" cannot start: ConfigMap "app" has no key "logo.png"; it is a key of its binaryData, which an'
         " env var cannot read"),
        (27, 56, "spec.volumes[0].configMap.items[1].key",
         'volume "assets" cannot be mounted: ConfigMap "app" has no key "logo.svg" (did you mean "logo.png"?)'),
    ]


SECRETS = """\
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: hunter2}
data: {username: YWRtaW4=}
---
apiVersion: v1
kind: Secret
metadata: {name: token}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata: {name: filled-later}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: example/web:1.0.0
      env:
        - {name: A, valueFrom: {secretKeyRef: {name: db, key: password}}}
        - {name: B, valueFrom: {secretKeyRef: {name: db, key: username}}}
        - {name: C, valueFrom: {secretKeyRef: {name: db, key: pasword}}}
        - {name: D, valueFrom: {secretKeyRef: {name: db, key: host, optional: true}}}
        - {name: E, valueFrom: {secretKeyRef: {name: token, key: token}}}
        - {name: F, valueFrom: {secretKeyRef: {name: filled-later, key: anything}}}
  volumes:
    - name: creds
      secret: {secretName: db, items: [{key: user, path: user}]}
    - name: optional
      secret: {secretName: db, optional: true, items: [{key: user, path: user}]}
    - name: projected
      projected:
        sources:
          - secret: {name: db, items: [{key: password, path: p}, {key: pass, path: q}]}
          - configMap: {name: absent, items: [{key: x, path: x}]}
"""


def test_secrets_their_string_data_and_what_is_not_checked(lint):
    findings = lint(SECRETS, select=[RULE]).findings
    assert [(f.line, f.column, f.message) for f in findings] == [
        (26, 63, 'container "web" cannot start: Secret "db" has no key "pasword" (did you mean "password"?)'),
        (32, 46, 'volume "creds" cannot be mounted: Secret "db" has no key "user" (did you mean "username"?)'),
        (38, 72, 'volume "projected" cannot be mounted: Secret "db" has no key "pass" (did you mean "password"?)'),
    ]


@pytest.mark.parametrize(
    "data, keys",
    [
        ({"kind": "ConfigMap", "data": {"a": "1"}, "binaryData": {"b": ""}}, ConfigKeys(frozenset({"a"}), frozenset({"b"}))),
        ({"kind": "ConfigMap", "data": None, "binaryData": {"b": ""}}, ConfigKeys(frozenset(), frozenset({"b"}))),
        ({"kind": "ConfigMap"}, None),  # no key: a placeholder
        ({"kind": "ConfigMap", "data": ["a"]}, None),  # not a map: refused
        ({"kind": "Secret", "data": {"a": ""}, "stringData": {"b": ""}}, ConfigKeys(frozenset({"a", "b"}))),
        ({"kind": "Secret", "type": "kubernetes.io/service-account-token", "data": {"a": ""}}, None),
    ],
)
def test_config_keys(data, keys):
    assert config_keys(data) == keys


@pytest.mark.parametrize(
    "text, found",
    [
        ("kind: ConfigMap\n", True),
        ('{"kind": "Secret"}', True),
        ("kind: 'Secret'\n", True),
        ("imagePullSecrets: [{name: registry}]\nconfigMapKeyRef: {name: a}\n", False),
        ("kind: SecretStore\n", False),
        ("kind: LimitRange\n", True),
    ],
)
def test_the_pre_scan_reads_the_files_that_hold_config_maps_and_secrets(text, found):
    assert mentions(text) is found
    assert mentions(text.encode()) is found


def test_a_changed_config_map_in_another_file_is_a_new_cache_key(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "config.yaml").write_text(CONFIG_MAP.format(namespace="").replace("log-level", "loglevel"))
    (tmp_path / "k8s" / "pod.yaml").write_text(POD.format(namespace="", key="loglevel"))
    env = {"PODLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run():
        return run_cli("lint", "--select", RULE, "--format", "concise", "k8s", cwd=tmp_path, env=env)

    assert run().returncode == 0
    (tmp_path / "k8s" / "config.yaml").write_text(CONFIG_MAP.format(namespace=""))
    second = run()
    assert second.returncode == 1
    assert second.stdout.decode().splitlines() == [
        'k8s/pod.yaml:12:47: error [missing-config-key] container "web" cannot start: ConfigMap "app" has no key'
        ' "loglevel" (did you mean "log-level"?)'
    ]


def test_the_pre_scan_parses_only_the_documents_that_may_hold_cluster_objects(tmp_path, monkeypatch):
    from podlint import engine

    (tmp_path / "chart.yaml").write_text(
        POD.format(namespace="  namespace: shop\n", key="loglevel").replace("name: web", "name: chart", 1)
        + "--- # the chart's configuration\n"
        + CONFIG_MAP.format(namespace="  namespace: shop\n")
    )
    (tmp_path / "shop.yaml").write_text(POD.format(namespace="  namespace: shop\n", key="loglevel"))
    parsed = []
    monkeypatch.setattr(engine, "load", lambda text, load=engine.load: parsed.append(text) or load(text))
    assert [(file, line) for file, line, _, _ in _lint(tmp_path)] == [("chart.yaml", 13), ("shop.yaml", 13)]
    # the pre-scan's, then the lint of each file
    assert parsed[0] == "--- # the chart's configuration\n" + CONFIG_MAP.format(namespace="  namespace: shop\n")
    assert len(parsed) == 3


@pytest.mark.parametrize(
    "text, found",
    [
        ("kind: !!str ConfigMap\n", True),
        ("kind: &k Service\n", True),
        ("kind: ConfigMapList\n", False),
    ],
)
def test_a_tagged_or_anchored_kind_is_read_too(text, found):
    assert mentions(text) is found


def test_a_file_with_directives_is_read_whole():
    from podlint.cluster import split_documents

    text = "apiVersion: v1\nkind: Pod\n...\n%TAG !k! tag:example.com,2026:\n--- !k!map\nkind: ConfigMap\n"
    assert split_documents(text) == [text]
    assert split_documents("a: 1\n---\nb: 2\n") == ["a: 1\n", "---\nb: 2\n"]


def test_a_config_map_in_a_utf16_file(tmp_path):
    (tmp_path / "config.yaml").write_bytes(CONFIG_MAP.format(namespace="").encode("utf-16"))
    (tmp_path / "pod.yaml").write_text(POD.format(namespace="", key="loglevel"))
    assert [(file, line) for file, line, _, _ in _lint(tmp_path)] == [("pod.yaml", 12)]


def test_a_file_s_own_objects_join_the_run_s_without_changing_or_copying_them():
    def objects(text: str) -> Cluster:
        return read(load(text).documents, (1, 35))[1]

    run = Cluster()
    run.add(objects(CONFIG_MAP.format(namespace="  namespace: shop\n")), namespaced_only=True)
    own = objects(CONFIG_MAP.format(namespace="  namespace: shop\n").replace("log-level", "verbosity"))
    merged = run.with_own(own)
    assert merged.config_keys("ConfigMap", "app", "shop") == ConfigKeys(
        frozenset({"log-level", "verbosity"}), frozenset({"logo.png"})
    )
    assert run.config_keys("ConfigMap", "app", "shop") == ConfigKeys(frozenset({"log-level"}), frozenset({"logo.png"}))
    # what the file has none of is the run's own mapping, not a copy (a copy for each file of a
    # repository made a run's time grow with the square of its files)
    assert merged.services is run.services and merged.secrets is run.secrets
    assert run.with_own(Cluster()) is run
    with pytest.raises(TypeError):  # what it shares with the run is never added to
        merged.add(own)
