"""A StatefulSet's governing Service, among the linted files (statefulset-headless-service)."""

from __future__ import annotations

import pytest

from podlint.config import Config
from podlint.engine import Linter

RULE = "statefulset-headless-service"


def service(name: str = "db", spec: str = "clusterIP: None, selector: {app: db}", namespace: str = "") -> str:
    metadata = f"{{name: {name}, namespace: {namespace}}}" if namespace else f"{{name: {name}}}"
    return f"apiVersion: v1\nkind: Service\nmetadata: {metadata}\nspec: {{{spec}, ports: [{{port: 5432}}]}}\n---\n"


def stateful_set(namespace: str = "", labels: str = "{app: db, tier: data}") -> str:
    metadata = f"{{name: db, namespace: {namespace}}}" if namespace else "{name: db}"
    return (
        f"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {metadata}\nspec:\n  serviceName: db\n"
        f"  selector: {{matchLabels: {{app: db}}}}\n  template:\n    metadata: {{labels: {labels}}}\n"
        "    spec: {containers: [{name: db, image: 'postgres:17.2'}]}\n"
    )


NOT_HEADLESS = (
    'serviceName "db" is a Service that is not headless (clusterIP: None): Kubernetes promises the pods DNS names of'
    ' their own (db-0.db and on) only through a headless Service, and "db" resolves to its cluster IP, not to the pods'
)
NOT_SELECTED = (
    'serviceName "db" is a Service that does not select the pods of this StatefulSet, so they get no DNS names of'
    " their own (db-0.db and on)"
)


def messages(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in Linter(Config(select=[RULE])).lint_text(text, "case.yaml").findings]


@pytest.mark.parametrize(
    "services, expected",
    [
        (service(), []),
        (service(spec="selector: {app: db}"), [NOT_HEADLESS]),
        (service(spec="type: ExternalName, externalName: db.example.com"), [NOT_HEADLESS]),
        (service(spec="clusterIP: None, selector: {app: postgres}"), [NOT_SELECTED]),
        (service(spec="clusterIP: None"), []),  # no selector: endpoints managed by hand
        (service(spec="clusterIPs: ['None'], selector: {app: db}"), []),  # refused without clusterIP: not read
        # a label the controller gives each pod: a Service of one pod, which still selects it
        (service(spec="clusterIP: None, selector: {app: db, statefulset.kubernetes.io/pod-name: db-0}"), []),
        (service(spec="selector: {app: db}") + service(spec="clusterIP: None, selector: {app: db}", namespace="shop"), []),
        (service(name="other", spec="selector: {app: db}"), []),  # not among the files
        ("", []),
    ],
)
def test_the_governing_service(services, expected):
    assert [message for _, _, message in messages(services + stateful_set())] == expected


def test_the_service_of_another_namespace_is_not_the_governing_one():
    text = service(spec="selector: {app: db}", namespace="other") + stateful_set(namespace="shop")
    assert messages(text) == []
    text = service(spec="selector: {app: db}", namespace="shop") + stateful_set(namespace="shop")
    assert messages(text) == [(10, 16, NOT_HEADLESS)]


def test_a_service_in_another_file(tmp_path):
    (tmp_path / "service.yaml").write_text(service(spec="clusterIP: None, selector: {app: postgres}").removesuffix("---\n"))
    (tmp_path / "db.yaml").write_text(stateful_set())
    findings = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)]).findings
    assert [(f.file.rpartition("/")[2], f.line, f.column, f.message) for f in findings] == [("db.yaml", 5, 16, NOT_SELECTED)]


def test_a_template_without_labels_is_selector_mismatch_s_to_report():
    text = service(spec="clusterIP: None, selector: {app: db}") + stateful_set().replace(
        "    metadata: {labels: {app: db, tier: data}}\n", ""
    )
    assert messages(text) == []


def test_the_first_pod_is_named_by_the_start_ordinal():
    text = service(spec="selector: {app: db}") + stateful_set().replace("  serviceName: db\n", "  serviceName: db\n  ordinals: {start: 1}\n")
    assert "(db-1.db and on)" in messages(text)[0][2]


def test_the_cache_key_of_a_service_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    from conftest import ROOT

    script = (
        "from podlint.cluster import read; from podlint.loader import load; import sys; "
        "print(read(load(sys.stdin.read()).documents, (1, 34))[1].fingerprint())"
    )
    text = service(spec="clusterIP: None, selector: {app.kubernetes.io/name: db, app.kubernetes.io/instance: prod, tier: data}")
    keys = {
        subprocess.run(
            [sys.executable, "-c", script], input=text.encode(), capture_output=True, check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(keys) == 1
