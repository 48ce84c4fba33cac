"""Claims the pods of a workload share (shared-readwriteonce-claim)."""

from __future__ import annotations

import pytest

from podlint.config import Config
from podlint.engine import Linter

RULE = "shared-readwriteonce-claim"


def claim(name: str, modes: str, namespace: str = "") -> str:
    metadata = f"{{name: {name}, namespace: {namespace}}}" if namespace else f"{{name: {name}}}"
    return (
        f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {metadata}\n"
        f"spec: {{accessModes: [{modes}], resources: {{requests: {{storage: 1Gi}}}}}}\n---\n"
    )


def workload(kind: str, spec: str = "", claim_name: str = "data", namespace: str = "") -> str:
    pod = (
        "    spec:\n"
        + "      restartPolicy: OnFailure\n" * (kind == "Job")
        + "      containers: [{name: app, image: 'example/app:1.0.0'}]\n"
        f"      volumes: [{{name: data, persistentVolumeClaim: {{claimName: {claim_name}}}}}]\n"
    )
    group = {"Job": "batch/v1", "Pod": "v1"}.get(kind, "apps/v1")
    metadata = f"{{name: app, namespace: {namespace}}}" if namespace else "{name: app}"
    head = f"apiVersion: {group}\nkind: {kind}\nmetadata: {metadata}\n"
    if kind == "Pod":
        return head + "spec:\n  containers: [{name: app, image: 'example/app:1.0.0'}]\n" + (
            f"  volumes: [{{name: data, persistentVolumeClaim: {{claimName: {claim_name}}}}}]\n"
        )
    template = "  template:\n    metadata: {labels: {app: a}}\n" + pod
    selector = "" if kind == "Job" else "  selector: {matchLabels: {app: a}}\n"
    return head + "spec:\n" + spec + selector + template


def messages(text: str) -> list[str]:
    return [f.message for f in Linter(Config(select=[RULE])).lint_text(text, "case.yaml").findings]


RWO = 'PersistentVolumeClaim "data", which is ReadWriteOnce: a pod on another node than the first cannot mount it and stays in ContainerCreating'
ROLLOUT = (
    'a rollout starts the new pod before it stops the old one, and PersistentVolumeClaim "data" is ReadWriteOnce: '
    "a new pod that lands on another node cannot mount it, and the rollout hangs; use strategy Recreate"
)


@pytest.mark.parametrize(
    "kind, spec, expected",
    [
        ("Deployment", "", [ROLLOUT]),  # one replica, RollingUpdate with 25% surge: one more pod
        ("Deployment", "  replicas: 2\n", [f"2 replicas share {RWO}"]),
        ("Deployment", "  replicas: 0\n", []),
        ("Deployment", "  strategy: {type: Recreate}\n", []),
        ("Deployment", "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}\n", []),
        ("Deployment", "  strategy: {rollingUpdate: {maxSurge: '0%', maxUnavailable: 1}}\n", []),
        ("Deployment", "  strategy: {rollingUpdate: {maxSurge: '1%'}}\n", [ROLLOUT]),
        # one replica may be down: the old pod is stopped as the new one starts (ResolveFenceposts)
        ("Deployment", "  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}\n", []),
        ("Deployment", "  strategy: {rollingUpdate: {maxUnavailable: '100%'}}\n", []),
        ("Deployment", "  strategy: {type: null, rollingUpdate: {maxSurge: null}}\n", [ROLLOUT]),  # the defaults
        ("Deployment", "  strategy: {rollingUpdate: {maxSurge: '\u00b2%'}}\n", []),  # refused: not a percentage
        ("StatefulSet", "  serviceName: app\n", []),  # deletes a pod before it makes the next
        ("StatefulSet", "  serviceName: app\n  replicas: 3\n", [f"3 replicas share {RWO}"]),
        ("ReplicaSet", "  replicas: 2\n", [f"2 replicas share {RWO}"]),
        ("DaemonSet", "", [f"a DaemonSet runs a pod on every node it selects, and they share {RWO}"]),
        ("Job", "  parallelism: 4\n", [f"4 pods run in parallel and share {RWO}"]),
        ("Job", "  parallelism: 4\n  completions: 1\n", []),
        ("Job", "", []),
        ("Pod", "", []),
    ],
)
def test_the_pods_a_workload_runs_at_once(kind, spec, expected):
    assert messages(claim("data", "ReadWriteOnce") + workload(kind, spec)) == expected


def test_a_read_write_once_pod_claim_keeps_the_others_pending():
    assert messages(claim("data", "ReadWriteOncePod") + workload("Deployment", "  replicas: 2\n")) == [
        '2 replicas share PersistentVolumeClaim "data", which is ReadWriteOncePod: only one pod at a time can use '
        "it, and the others stay Pending while it does"
    ]


@pytest.mark.parametrize(
    "claims, namespace, found",
    [
        (claim("data", "ReadWriteMany"), "", False),
        (claim("data", "ReadWriteOnce, ReadOnlyMany"), "", False),
        (claim("other", "ReadWriteOnce"), "", False),  # not among the files
        (claim("data", "ReadWriteOnce", "shop"), "shop", True),
        (claim("data", "ReadWriteOnce", "shop"), "other", False),
        (claim("data", "ReadWriteOnce"), "shop", True),  # may be created in the pod's namespace
        (claim("data", "ReadWriteOnce", "a") + claim("data", "ReadWriteMany", "b"), "", False),  # either
    ],
)
def test_which_claims_are_read(claims, namespace, found):
    assert bool(messages(claims + workload("Deployment", "  replicas: 2\n", namespace=namespace))) is found


def test_a_claim_in_another_file(tmp_path):
    (tmp_path / "claim.yaml").write_text(claim("data", "ReadWriteOnce").removesuffix("---\n"))
    (tmp_path / "app.yaml").write_text(workload("Deployment", "  replicas: 2\n"))
    findings = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)]).findings
    assert [(f.file.rpartition("/")[2], f.line, f.column, f.path) for f in findings] == [
        ("app.yaml", 11, 65, "spec.template.spec.volumes[0].persistentVolumeClaim.claimName")
    ]


def test_a_cron_job_runs_its_job_template_parallelism():
    cron_job = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: export}
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      parallelism: 3
      completions: 6
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: export, image: 'example/export:1.0.0'}]
          volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
"""
    assert messages(claim("data", "ReadWriteOnce") + cron_job) == [f"3 pods run in parallel and share {RWO}"]


def test_a_daemon_set_pinned_to_one_node_runs_one_pod():
    pinned = workload("DaemonSet").replace("    spec:\n", "    spec:\n      nodeSelector: {kubernetes.io/hostname: node-1}\n", 1)
    assert messages(claim("data", "ReadWriteOnce") + pinned) == []


def test_two_workloads_that_mount_one_claim(tmp_path):
    # a backup CronJob beside the database: a pod of one on another node cannot mount it
    database = workload("Deployment", "  strategy: {type: Recreate}\n").replace("name: app}", "name: db}", 1)
    backup = workload("Job").replace("name: app}", "name: backup}", 1)
    (tmp_path / "claim.yaml").write_text(claim("data", "ReadWriteOnce").removesuffix("---\n"))
    (tmp_path / "db.yaml").write_text(database)
    (tmp_path / "backup.yaml").write_text(backup)
    (tmp_path / "other.yaml").write_text(workload("Pod", claim_name="other").replace("name: app}", "name: lone}", 1))
    findings = Linter(Config(select=[RULE])).lint_paths([str(tmp_path)]).findings
    assert [(f.file.rpartition("/")[2], f.line, f.message) for f in findings] == [
        ("backup.yaml", 10, 'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Deployment "db" too: a pod'
         " on another node than the first cannot mount it and stays in ContainerCreating"),
        ("db.yaml", 11, 'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Job "backup" too: a pod'
         " on another node than the first cannot mount it and stays in ContainerCreating"),
    ]


def test_a_workload_that_shares_a_claim_with_itself_and_another():
    text = (
        claim("data", "ReadWriteOncePod")
        + workload("Deployment", "  replicas: 2\n") + "---\n"
        + workload("Pod").replace("name: app}", "name: debug}", 1)
    )
    assert messages(text) == [
        '2 replicas share PersistentVolumeClaim "data", which is ReadWriteOncePod: only one pod at a time can use it,'
        ' and the others stay Pending while it does; Pod "debug" mounts it too',
        'PersistentVolumeClaim "data", which is ReadWriteOncePod, is mounted by Deployment "app" too: only one pod at'
        " a time can use it, and the others stay Pending while it does",
    ]


def test_a_pod_template_runs_no_pod():
    template = (
        "apiVersion: v1\nkind: PodTemplate\nmetadata: {name: tpl}\ntemplate:\n  spec:\n"
        "    containers: [{name: app, image: 'example/app:1.0.0'}]\n"
        "    volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n---\n"
    )
    assert messages(claim("data", "ReadWriteOncePod") + template + workload("Pod")) == []


def named(text: str, name: str) -> str:
    return text.replace("metadata: {name: app", f"metadata: {{name: {name}", 1)


def test_the_pods_of_one_node_share_a_read_write_once_claim():
    pinned = "    spec:\n      nodeSelector: {kubernetes.io/hostname: node-1}\n"
    on_node = lambda text: text.replace("    spec:\n", pinned, 1)  # noqa: E731
    database = on_node(named(workload("Deployment", "  replicas: 2\n  strategy: {type: Recreate}\n"), "db"))
    backup = on_node(named(workload("Job"), "backup"))
    elsewhere = named(workload("Job"), "report").replace("    spec:\n", pinned.replace("node-1", "node-2"), 1)
    assert messages(claim("data", "ReadWriteOnce") + database + "---\n" + backup) == []
    assert messages(claim("data", "ReadWriteOnce") + database + "---\n" + elsewhere) == [
        'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Job "report" too: a pod on another node'
        " than the first cannot mount it and stays in ContainerCreating",
        'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Deployment "db" too: a pod on another node'
        " than the first cannot mount it and stays in ContainerCreating",
    ]
    # one pod at a time, wherever it is
    assert [m.split(": ")[-1] for m in messages(claim("data", "ReadWriteOncePod") + database + "---\n" + backup)] == [
        'only one pod at a time can use it, and the others stay Pending while it does; Job "backup" mounts it too',
        "only one pod at a time can use it, and the others stay Pending while it does",
    ]


def test_objects_that_run_no_pod_of_the_claim_are_not_its_users():
    stateful = (
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: 2\n"
        "  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n"
        "      containers: [{name: app, image: 'example/app:1.0.0'}]\n"
        "      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n"
        "  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce]}}]\n---\n"
    )
    idle = named(workload("Deployment", "  replicas: 0\n"), "idle")
    suspended = named(workload("Job", "  suspend: true\n"), "paused")
    # the StatefulSet's template volume is replaced by each pod's own claim (data-db-0, ...)
    assert messages(claim("data", "ReadWriteOnce") + stateful + idle + "---\n" + suspended + "---\n" + workload("Pod")) == []


def test_users_of_a_claim_of_another_namespace_are_not_named():
    text = (
        claim("data", "ReadWriteOnce", "x")
        + workload("Pod")
        + "---\n"
        + named(workload("Pod", namespace="prod"), "b")
        + "---\n"
        + named(workload("Pod", namespace="x"), "c")
        + "---\n"
        + named(workload("Pod"), "d")
    )
    # the Pod without a namespace may be in x: it is told of c and d, not of b (in prod, where no such claim is)
    assert messages(text)[0] == (
        'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Pod "c" and Pod "d" too: a pod on another'
        " node than the first cannot mount it and stays in ContainerCreating"
    )


def test_three_users_and_an_edited_file(tmp_path):
    (tmp_path / "claim.yaml").write_text(claim("data", "ReadWriteOnce").removesuffix("---\n"))
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(named(workload("Pod"), name))
    linter = Linter(Config(select=[RULE]))
    first = [f.message for f in linter.lint_paths([str(tmp_path)]).findings]
    assert first[0].startswith('PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Pod "b" and Pod "c" too')
    # an editor's text of a.yaml, renamed and not saved: the object read from the file before is gone
    edited = linter.lint_text(named(workload("Pod"), "a2"), str(tmp_path / "a.yaml"))
    assert [f.message.split(" too:")[0] for f in edited.findings] == [
        'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Pod "b" and Pod "c"'
    ]
    many = named(workload("Pod"), "d")
    assert linter.lint_text(many, str(tmp_path / "d.yaml")).findings[0].message.startswith(
        'PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Pod "a", Pod "b" and Pod "c" too'
    )
