"""Where a database keeps its data, and whether that survives the pod."""

from __future__ import annotations



POSTGRES = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      initContainers:
        - name: wait
          image: postgres:16.4
          command: [sh, -c, "until pg_isready -h db; do sleep 1; done"]
      containers:
        - name: a
          image: postgres:16.4
          env: [{name: PGDATA, value: /pgdata/data}]
          volumeMounts: [{name: data, mountPath: /pgdata}]
        - name: b
          image: postgres:18.1
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
        - name: c
          image: postgres:18.1
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
        - name: e
          image: postgres:15
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
"""


def test_postgres_data_is_where_its_version_and_pgdata_put_it(lint):
    # an init container is a client; PGDATA moves the data; PostgreSQL 18 keeps it per version
    findings = lint(POSTGRES, select=["ephemeral-data-volume"]).findings
    assert [(f.line, f.message) for f in findings] == [
        (19, 'container "b" runs postgres, whose data directory /var/lib/postgresql/18/docker is not on a volume'),
        (25, 'container "e" runs postgres, whose data directory /var/lib/postgresql/data is not on a volume'),
    ]


def test_a_database_a_job_runs_is_thrown_away_with_it(lint):
    job = """\
apiVersion: batch/v1
kind: Job
metadata: {name: dump}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: dump, image: "mysql:8.4", command: [mysqldump, --all-databases]}]
"""
    assert lint(job, select=["ephemeral-data-volume"]).findings == []
