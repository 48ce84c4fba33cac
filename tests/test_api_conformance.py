"""Conformance with the API server: manifests it refuses (or warns about), and ones it accepts.

Each case is a manifest derived from ``pkg/apis/core/validation``, the apps and batch
validation packages, ``pkg/api/pod/warnings.go`` and their tests. ``# expect: COL [rule]``
markers give where podlint must report; ``messages`` gives, in order of position, the API
server's words. A valid case must give no finding at all from the schema and api rules.
"""

from __future__ import annotations

import textwrap

import pytest

from podlint.config import Config
from podlint.engine import Linter
from podlint.examples import markers

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
"""
APP = "containers:\n  - name: web\n    image: nginx:1.27.2\n"
POD_LEVEL_CONTAINERS = (
    "containers:\n"
    '  - {name: web, image: "nginx:1.27.2", resources: {requests: {memory: 256Mi}, limits: {memory: 768Mi}}}\n'
    '  - {name: log, image: "busybox:1.36", resources: {requests: {memory: 256Mi}, limits: {memory: 768Mi}}}\n'
)
MILLI_QUANTITY = (
    "resource.Quantity{{i:resource.int64Amount{{value:{0}, scale:-3}}, d:resource.infDecAmount{{Dec:(*inf.Dec)(nil)}}, "
    's:"{0}m", Format:"DecimalSI"}}'
)
RUNTIME_CLASS = "apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: {name}\nhandler: {name}\n{extra}---\n"
QUOTA = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\nspec:\n{spec}---\n"
LIMIT_RANGE = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\n{namespace}spec:\n  limits:\n{limits}---\n"
NGINX = textwrap.indent(APP, "  ")
RFC1123_LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
RFC1123_SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
LABEL_VALUE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
QUALIFIED_NAME = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
QUANTITY = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"


def pod(*parts: str) -> str:
    """A Pod whose spec is ``parts``, each dedented (markers' columns are those of the result)."""
    return POD + "".join(textwrap.indent(textwrap.dedent(part), "  ") for part in parts)


def deployment(*parts: str) -> str:
    return DEPLOYMENT + "".join(textwrap.indent(textwrap.dedent(part), "      ") for part in parts)


WORKLOAD = """\
apiVersion: apps/v1
kind: {kind}
metadata:
  name: web
spec:
{spec}  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers: [{{name: web, image: "nginx:1.27.2"}}]
"""


def workload(kind: str, spec: str) -> str:
    """A Deployment, DaemonSet or StatefulSet whose spec starts with ``spec`` (dedented, then indented by two)."""
    return WORKLOAD.format(kind=kind, spec=textwrap.indent(textwrap.dedent(spec), "  "))


JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: work
spec:
{spec}  template:
    spec:
      restartPolicy: Never
      containers: [{{name: work, image: "busybox:1.36"}}]
"""


def job(spec: str) -> str:
    """A Job whose spec starts with ``spec`` (dedented, then indented by two)."""
    return JOB.format(spec=textwrap.indent(textwrap.dedent(spec), "  "))


# (id, manifest, messages); an empty messages list means the manifest is valid
CASES = [
    # --- names: ValidateObjectMeta, validateContainerCommon, ValidateVolumes, validateContainerPorts
    (
        "pod-name-uppercase",
        POD.replace("name: web", "name: Web  # expect: 9 [invalid-name]") + NGINX,
        [f'metadata.name: Invalid value: "Web": {RFC1123_SUBDOMAIN}'],
    ),
    ("pod-name-with-dots", POD.replace("name: web", "name: web.v2  # expect: 9 [name-not-dns-label]") + NGINX,
        [
            "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; "
            "a DNS label is recommended: [must not contain dots]"
        ],
    ),
    (
        "statefulset-name-with-dots",
        """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db.v2       # expect: 9 [invalid-name]
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: "postgres:16.4"}]
""",
        ['metadata.name: Invalid value: "db.v2": must not contain dots'],
    ),
    (
        "service-name-starting-with-digit",
        """\
apiVersion: v1
kind: Service
metadata:
  name: 1web        # expect: 9 [invalid-name]
spec:
  ports: [{port: 80}]
""",
        [
            'metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric '
            "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
            "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
        ],
    ),
    (
        "generate-name-with-trailing-dash",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\nspec:\n" + NGINX,
        [],
    ),
    (
        "neither-name-nor-generate-name",
        "apiVersion: v1\nkind: Pod\nmetadata:    # expect: 1 [invalid-name]\n  labels: {app: web}\nspec:\n" + NGINX,
        ["metadata.name: Required value: name or generateName is required"],
    ),
    (
        "null-name-and-empty-generate-name",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name:    # expect: 3 [invalid-name]\n  generateName: ''\nspec:\n"
        + NGINX,
        ["metadata.name: Required value: name or generateName is required"],
    ),
    (
        "metadata-not-a-mapping",  # Go cannot decode it: the schema's finding, not a missing name
        "apiVersion: v1\nkind: Pod\nmetadata: web    # expect: 11 [wrong-type]\nspec:\n" + NGINX,
        ["metadata: expected object, got string"],
    ),
    (
        "namespace-with-dots",
        POD.replace("  name: web\n", "  name: web\n  namespace: team.a   # expect: 14 [invalid-name]\n") + NGINX,
        ['metadata.namespace: Invalid value: "team.a": must not contain dots'],
    ),
    (
        "cronjob-name-over-52",
        """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: a-cronjob-name-that-is-exactly-fifty-three-characters   # expect: 9 [invalid-name]
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: "busybox:1.36"}]
""",
        [
            'metadata.name: Invalid value: "a-cronjob-name-that-is-exactly-fifty-three-characters": '
            "must be no more than 52 characters"
        ],
    ),
    # --- environment: ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom
    (
        "env-value-and-value-from",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - name: MODE
                    value: fast
                    valueFrom:    # expect: 11 [invalid-env]
                      fieldRef: {fieldPath: metadata.name}
            """),
        ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty'],
    ),
    (
        "env-value-from-with-no-source-and-two-sources",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: A, valueFrom: {}}    # expect: 21 [invalid-env]
                  - name: B
                    valueFrom:    # expect: 11 [invalid-env]
                      fieldRef: {fieldPath: metadata.name}
                      secretKeyRef: {name: web, key: b}
                  - {name: "", value: x}    # expect: 18 [invalid-env]
            """),
        [
            'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, '
            "`resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`",
            'spec.containers[0].env[1].valueFrom: Invalid value: "": may not have more than one field specified '
            'at a time',
            "spec.containers[0].env[2].name: Required value",
        ],
    ),
    (
        "env-file-key-refs",  # validateFileKeySelector, validateFileKeyRefVolumes
        pod("""\
            initContainers:
              - name: render
                image: busybox:1.36
                env:
                  - name: A
                    valueFrom:
                      fileKeyRef: {volumeName: config, path: ../a.env, key: "A=B"}   # expect: 38 [invalid-env] 52 [invalid-env] 67 [invalid-env]
                  - name: B
                    valueFrom:
                      fileKeyRef: {volumeName: missing, path: b.env, key: B}   # expect: 38 [invalid-env]
                  - name: C
                    valueFrom:
                      fileKeyRef: {volumeName: env, key: C}   # expect: 13 [invalid-env] 13 [missing-required-field]
                  - {name: D, valueFrom: {fileKeyRef: {volumeName: env, path: d.env, key: D}}}
            containers:
              - {name: web, image: "nginx:1.27.2", env: [{name: E, valueFrom: {}}]}   # expect: 58 [invalid-env]
            volumes:
              - {name: config, configMap: {name: web}}
              - {name: env, emptyDir: {}}
            """),
        [
            'spec.initContainers[0].env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "config": '
            "referenced volume must be of type emptyDir",
            "spec.initContainers[0].env[0].valueFrom.fileKeyRef.path: Invalid value: \"../a.env\": must not contain '..'",
            'spec.initContainers[0].env[0].valueFrom.fileKeyRef.key: Invalid value: "A=B": a valid environment '
            "variable name must consist only of printable ASCII characters other than '='",
            'spec.initContainers[0].env[1].valueFrom.fileKeyRef.volumeName: Not found: "missing"',
            "spec.initContainers[0].env[2].valueFrom.fileKeyRef.path: Required value",
            "spec.initContainers[0].env[2].valueFrom.fileKeyRef.path: Required value",
            'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, '
            "`resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`",
        ],
    ),
    (
        "env-file-key-ref-dropped-in-1-34",  # EnvFiles was off: the API server drops fileKeyRef first
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - name: A
                    valueFrom:    # expect: 11 [invalid-env]
                      fileKeyRef: {volumeName: env, path: a.env, key: A}
            volumes:
              - {name: env, emptyDir: {}}
            """),
        [
            'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, '
            "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ],
    ),
    (
        "env-key-selectors",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - name: A
                    valueFrom:
                      configMapKeyRef: {key: ""}    # expect: 13 [invalid-env] 36 [invalid-env]
                  - name: B
                    valueFrom:
                      secretKeyRef: {name: Web, key: ..}    # expect: 34 [invalid-env] 44 [invalid-env]
            """),
        [
            f'spec.containers[0].env[0].valueFrom.configMapKeyRef.name: Invalid value: "": {RFC1123_SUBDOMAIN}',
            "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value",
            f'spec.containers[0].env[1].valueFrom.secretKeyRef.name: Invalid value: "Web": {RFC1123_SUBDOMAIN}',
            "spec.containers[0].env[1].valueFrom.secretKeyRef.key: Invalid value: \"..\": must not be '..'",
        ],
    ),
    (
        "env-from-sources",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                envFrom:
                  - {}    # expect: 11 [invalid-env]
                  - configMapRef: {name: ""}    # expect: 11 [invalid-env] 32 [invalid-env]
                    secretRef: {name: Web-}    # expect: 29 [invalid-env]
            """),
        [
            'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`',
            'spec.containers[0].envFrom: Invalid value: "": may not have more than one field specified at a time',
            "spec.containers[0].envFrom[1].configMapRef.name: Required value",
            f'spec.containers[0].envFrom[1].secretRef.name: Invalid value: "Web-": {RFC1123_SUBDOMAIN}',
        ],
    ),
    (
        "env-names-before-1-32",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: 1PASSWORD, value: x}    # expect: 18 [invalid-env]
                  - {name: "ConnectionStrings:Default", value: x}    # expect: 18 [invalid-env]
                  - {name: "..", value: x}    # expect: 18 [invalid-env]
                  - {name: MY_ENV.NAME, value: x}
                envFrom:
                  - {prefix: "1_", configMapRef: {name: web}}    # expect: 20 [invalid-env]
            """),
        [
            'spec.containers[0].env[0].name: Invalid value: "1PASSWORD": a valid environment variable name must '
            "consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
            "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
            "'[-._a-zA-Z][-._a-zA-Z0-9]*')",
            'spec.containers[0].env[1].name: Invalid value: "ConnectionStrings:Default": a valid environment '
            "variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start "
            "with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
            "'[-._a-zA-Z][-._a-zA-Z0-9]*')",
            'spec.containers[0].env[2].name: Invalid value: "..": must not be \'..\'',
            'spec.containers[0].envFrom[0].prefix: Invalid value: "1_": a valid environment variable name must '
            "consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. "
            "'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is "
            "'[-._a-zA-Z][-._a-zA-Z0-9]*')",
        ],
    ),
    (
        "env-names",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: "A=B", value: x}    # expect: 18 [invalid-env]
                  - {name: "é", value: x}    # expect: 18 [invalid-env]
                  - {name: "ConnectionStrings:Default", value: x}
                  - {name: 1PASSWORD, value: x}
                envFrom:
                  - {prefix: "APP=", configMapRef: {name: web}}    # expect: 20 [invalid-env]
                  - {prefix: "my app ", configMapRef: {name: web}}
            """),
        [
            'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must '
            "consist only of printable ASCII characters other than '='",
            'spec.containers[0].env[1].name: Invalid value: "é": a valid environment variable name must consist '
            "only of printable ASCII characters other than '='",
            'spec.containers[0].envFrom[0].prefix: Invalid value: "APP=": a valid environment variable name must '
            "consist only of printable ASCII characters other than '='",
        ],
    ),
    (
        "env-valid",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: A, value: "", valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                  - {name: B, valueFrom: {secretKeyRef: {name: web.secrets, key: tls.crt}}}
                  - {name: C, valueFrom: {fieldRef: null, configMapKeyRef: {name: web, key: KEY_NAME}}}
                envFrom:
                  - {prefix: WEB_, configMapRef: {name: web-}}
                  - secretRef: {name: web}
            """),
        [],
    ),
    (
        "env-downward-api",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: A, valueFrom: {fieldRef: {fieldPath: metadata.labels}}}    # expect: 55 [invalid-env]
                  - {name: B, valueFrom: {fieldRef: {fieldPath: metadata.podIP}}}    # expect: 55 [invalid-env]
                  - {name: C, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['Team Name']"}}}    # expect: 55 [invalid-env]
                  - {name: D, valueFrom: {fieldRef: {apiVersion: v2, fieldPath: metadata.name}}}    # expect: 71 [invalid-env]
                  - {name: E, valueFrom: {fieldRef: {fieldPath: "spec.containers['web']"}}}    # expect: 55 [invalid-env]
                  - {name: F, valueFrom: {resourceFieldRef: {resource: limits.nvidia.com/gpu}}}    # expect: 62 [invalid-env]
                  - {name: G, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1Mi}}}    # expect: 83 [invalid-env]
                  - {name: H, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1m}}}    # expect: 88 [invalid-env]
            """),
        [
            'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": '
            'supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", '
            '"spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
            'spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.podIP": error '
            'converting fieldPath: field label not supported: metadata.podIP',
            f'spec.containers[0].env[2].valueFrom.fieldRef: Invalid value: "team name": {QUALIFIED_NAME}',
            'spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.name": error '
            'converting fieldPath: unsupported pod version: v2',
            'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Invalid value: "spec.containers[\'web\']": '
            "error converting fieldPath: field label does not support subscript: spec.containers['web']",
            'spec.containers[0].env[5].valueFrom.resourceFieldRef.resource: Unsupported value: '
            '"limits.nvidia.com/gpu": supported values: "limits.cpu", "limits.ephemeral-storage", '
            '"limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
            'spec.containers[0].env[6].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only '
            "divisor's values 1m and 1 are supported with the cpu resource",
            'spec.containers[0].env[7].valueFrom.resourceFieldRef.divisor: Invalid value: "requests.memory": '
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with "
            'the memory resource',
        ],
    ),
    (
        "env-downward-api-valid",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: A, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: status.podIPs}}}
                  - {name: B, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app.kubernetes.io/name']"}}}
                  - {name: C, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['Example.com/Team']"}}}
                  - {name: D, valueFrom: {fieldRef: {fieldPath: spec.host}}}
                  - {name: E, valueFrom: {resourceFieldRef: {containerName: web, resource: limits.memory, divisor: 1024Mi}}}
                  - {name: F, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1000m}}}
                  - {name: G, valueFrom: {resourceFieldRef: {resource: limits.hugepages-2Mi, divisor: 1Ki}}}
                  - {name: H, valueFrom: {resourceFieldRef: {resource: limits.ephemeral-storage, divisor: "0"}}}
            """),
        [],
    ),
    (
        "container-name-underscore",
        pod("""\
            containers:
              - name: my_app          # expect: 13 [invalid-name]
                image: nginx:1.27.2
            """),
        [f'spec.containers[0].name: Invalid value: "my_app": {RFC1123_LABEL}'],
    ),
    (
        "container-name-64-characters",
        pod(f"""\
            containers:
              - name: {"a" * 64}   # expect: 13 [invalid-name]
                image: nginx:1.27.2
            """),
        [f'spec.containers[0].name: Invalid value: "{"a" * 64}": must be no more than 63 characters'],
    ),
    (
        "port-name-too-long",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports:
                  - name: metrics-endpoint-1   # expect: 17 [invalid-name]
                    containerPort: 9090
            """),
        ['spec.containers[0].ports[0].name: Invalid value: "metrics-endpoint-1": must be no more than 15 characters'],
    ),
    (
        "port-name-uppercase-and-digits-only",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports:
                  - {name: HTTP, containerPort: 80}   # expect: 18 [invalid-name], 18 [invalid-name]
                  - {name: "8080", containerPort: 8080}   # expect: 18 [invalid-name]
            """),
        [
            'spec.containers[0].ports[0].name: Invalid value: "HTTP": '
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
            'spec.containers[0].ports[1].name: Invalid value: "8080": must contain at least one letter (a-z)',
        ],
    ),
    (
        "port-name-double-hyphen",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports:
                  - {name: web--http, containerPort: 80}   # expect: 18 [invalid-name]
            """),
        ['spec.containers[0].ports[0].name: Invalid value: "web--http": must not contain consecutive hyphens'],
    ),
    (
        "volume-name-uppercase",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
            volumes:
              - name: Data_1    # expect: 13 [invalid-name]
                emptyDir: {}
            """),
        [f'spec.volumes[0].name: Invalid value: "Data_1": {RFC1123_LABEL}'],
    ),
    # --- labels and annotations: ValidateLabels, ValidateAnnotations, ValidatePodTemplateSpec
    (
        "label-value-too-long",
        POD.replace("  name: web\n", f"  name: web\n  labels:\n    build: {'b' * 64}   # expect: 12 [invalid-label]\n")
        + NGINX,
        [f'metadata.labels: Invalid value: "{"b" * 64}": must be no more than 63 bytes'],  # IsLabelValue, from 1.35
    ),
    (
        "label-value-too-long-before-1-35",  # IsValidLabelValue
        POD.replace("  name: web\n", f"  name: web\n  labels:\n    build: {'b' * 64}   # expect: 12 [invalid-label]\n")
        + NGINX,
        [f'metadata.labels: Invalid value: "{"b" * 64}": must be no more than 63 characters'],
    ),
    (
        "label-lengths-in-bytes",  # Go's len: a value of 32 'é' has 64 bytes
        POD.replace(
            "  name: web\n",
            f"  name: web\n  labels:\n    example.com/{'n' * 64}: {'é' * 32}   # expect: 5 [invalid-label] 83 [invalid-label] 83 [invalid-label]\n",
        )
        + NGINX,
        [
            f'metadata.labels: Invalid value: "example.com/{"n" * 64}": name part must be no more than 63 bytes',
            f'metadata.labels: Invalid value: "{"é" * 32}": must be no more than 63 bytes',
            f'metadata.labels: Invalid value: "{"é" * 32}": {LABEL_VALUE}',
        ],
    ),
    (
        "label-value-bad-characters",
        POD.replace("  name: web\n", "  name: web\n  labels:\n    version: 1.2.3+build   # expect: 14 [invalid-label]\n")
        + NGINX,
        [f'metadata.labels: Invalid value: "1.2.3+build": {LABEL_VALUE}'],
    ),
    (
        "label-key-with-space",
        POD.replace("  name: web\n", "  name: web\n  labels:\n    my label: x   # expect: 5 [invalid-label]\n") + NGINX,
        [f'metadata.labels: Invalid value: "my label": {QUALIFIED_NAME}'],
    ),
    (
        "label-key-empty-prefix",
        POD.replace("  name: web\n", "  name: web\n  labels:\n    /x: z   # expect: 5 [invalid-label]\n") + NGINX,
        ['metadata.labels: Invalid value: "/x": prefix part must be non-empty'],
    ),
    (
        "template-label-named-by-its-template-path",
        DEPLOYMENT.replace(
            "      labels: {app: web}\n",
            "      labels:\n        app: web\n        tier: -front-   # expect: 15 [invalid-label]\n",
        )
        + textwrap.indent(NGINX, "    "),
        [f'spec.template.labels: Invalid value: "-front-": {LABEL_VALUE}'],
    ),
    (
        "annotation-key-case-does-not-matter",
        POD.replace("  name: web\n", "  name: web\n  annotations:\n    Example.COM/Owner: payments\n") + NGINX,
        [],
    ),
    (
        "annotation-key-two-slashes",
        POD.replace("  name: web\n", "  name: web\n  annotations:\n    a/b/c: x   # expect: 5 [invalid-annotation]\n")
        + NGINX,
        [
            'metadata.annotations: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '
            "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
            "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
            "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ],
    ),
    (
        "annotation-key-two-slashes-before-1-35",
        POD.replace("  name: web\n", "  name: web\n  annotations:\n    a/b/c: x   # expect: 5 [invalid-annotation]\n")
        + NGINX,
        [
            'metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '
            "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
            "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
            "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ],
    ),
    (
        "annotations-over-256KiB",
        POD.replace(
            "  name: web\n", f"  name: web\n  annotations:   # expect: 3 [invalid-annotation]\n    big: {'x' * 262142}\n"
        )
        + NGINX,
        ["metadata.annotations: Too long: may not be more than 262144 bytes"],
    ),
    (
        "annotations-over-256KiB-before-1-32",  # TooLong's words before kubernetes/kubernetes#128553
        POD.replace(
            "  name: web\n", f"  name: web\n  annotations:   # expect: 3 [invalid-annotation]\n    big: {'x' * 262142}\n"
        )
        + NGINX,
        ["metadata.annotations: Too long: must have at most 262144 bytes"],
    ),
    # --- containers: validateContainers, validateInitContainers
    (
        "duplicate-container-name",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
              - {name: web, image: "busybox:1.36"}   # expect: 14 [duplicate-container-name]
            """),
        ['spec.containers[1].name: Duplicate value: "web"'],
    ),
    (
        "init-container-named-like-app-container",
        pod("""\
            initContainers:
              - {name: web, image: "busybox:1.36"}   # expect: 14 [duplicate-container-name]
            containers:
              - {name: web, image: "nginx:1.27.2"}
            """),
        ['spec.initContainers[0].name: Duplicate value: "web"'],
    ),
    # --- ports: validateContainerPorts, AccumulateUniqueHostPorts, validatePodHostNetworkDeps
    (
        "container-port-out-of-range",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports: [{containerPort: 70000}]   # expect: 31 [invalid-port]
            """),
        ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
    ),
    (
        "container-port-zero",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports: [{containerPort: 0}]   # expect: 31 [invalid-port]
            """),
        ["spec.containers[0].ports[0].containerPort: Required value"],
    ),
    (
        "host-port-negative",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports: [{containerPort: 80, hostPort: -1}]   # expect: 45 [invalid-port]
            """),
        ["spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"],
    ),
    (
        "protocol-lowercase",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports: [{containerPort: 80, protocol: tcp}]   # expect: 45 [invalid-port]
            """),
        ['spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    ),
    (
        "same-port-name-twice-in-a-container",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                ports:
                  - {name: http, containerPort: 80}
                  - {name: http, containerPort: 8080}   # expect: 18 [invalid-port]
            """),
        ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ),
    (
        "host-port-taken-twice",
        pod("""\
            containers:
              - {name: a, image: "nginx:1.27.2", ports: [{containerPort: 80, hostPort: 8080}]}
              - {name: b, image: "nginx:1.27.2", ports: [{containerPort: 81, hostPort: 8080}]}   # expect: 78 [invalid-port]
            """),
        ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
    ),
    (
        "host-port-taken-twice-an-empty-protocol-being-tcp",  # SetDefaults_ContainerPort, before validation
        pod("""\
            containers:
              - {name: a, image: "nginx:1.27.2", ports: [{containerPort: 80, hostPort: 8080, protocol: ""}]}
              - {name: b, image: "nginx:1.27.2", ports: [{containerPort: 81, hostPort: 8080, protocol: TCP}]}   # expect: 78 [invalid-port]
            """),
        ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"'],
    ),
    (
        "port-protocol-empty-or-null-is-tcp",
        pod("""\
            containers:
              - {name: a, image: "nginx:1.27.2", ports: [{containerPort: 80, protocol: ""}, {containerPort: 81, protocol: null}]}
            """),
        [],
    ),
    (
        "host-network-host-port-differs",
        pod("""\
            hostNetwork: true
            containers:
              - name: web
                image: nginx:1.27.2
                ports: [{containerPort: 8080, hostPort: 80}]   # expect: 47 [invalid-port]
            """),
        ["spec.containers[0].ports[0].hostPort: Invalid value: 80: must match `containerPort` when `hostNetwork` is true"],
    ),
    ("host-network-without-host-port", pod("hostNetwork: true\n", APP), []),
    # --- resources: validateResourceRequirements, ValidateResourceQuantityValue, ParseQuantity
    (
        "quantity-gb",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  limits: {memory: 12GB}   # expect: 26 [invalid-quantity]
            """),
        [f'spec.containers[0].resources.limits[memory]: Invalid value: "12GB": {QUANTITY}'],
    ),
    (
        "quantity-exponent-and-milli-are-valid",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  requests: {cpu: 1e-1, memory: 1.5Gi}
                  limits: {cpu: 100m, memory: 1536Mi}
            """),
        [],
    ),
    (
        "request-above-limit",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  requests: {cpu: "2"}   # expect: 25 [requests-exceed-limits]
                  limits: {cpu: "1"}
            """),
        ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ),
    (
        "request-above-limit-canonical-form",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  requests: {memory: 1024Mi}   # expect: 28 [requests-exceed-limits]
                  limits: {memory: 1000M}
            """),
        [
            'spec.containers[0].resources.requests: Invalid value: "1Gi": '
            "must be less than or equal to memory limit of 1G"
        ],
    ),
    (
        "negative-memory",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  limits: {memory: -1Gi}   # expect: 26 [invalid-resources] 26 [invalid-resources]
            """),
        [  # SetDefaults_Pod: a Pod's missing request is its limit, and is refused as well
            'spec.containers[0].resources.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
            'spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
        ],
    ),
    (
        "unknown-resource-name",
        deployment("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  limits: {cpus: "2"}   # expect: 22 [invalid-resources], 22 [invalid-resources]
            """),
        [
            "spec.template.spec.containers[0].resources.limits[cpus]: Invalid value: cpus: "
            "must be a standard resource type or fully qualified",
            'spec.template.spec.containers[0].resources.limits[cpus]: Invalid value: cpus: must be a standard resource '
            'for containers',
        ],
    ),
    (
        "quota-resource-name-in-a-container",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  limits: {storage: 1Gi}   # expect: 18 [invalid-resources] 18 [invalid-resources]
            """),
        [
            "spec.containers[0].resources.limits[storage]: Invalid value: storage: must be a standard resource for containers",
            "spec.containers[0].resources.requests[storage]: Invalid value: storage: must be a standard resource for "
            "containers",
        ],
    ),
    (
        "fractional-gpu",
        pod("""\
            containers:
              - name: train
                image: example/train:1.0.0
                resources:
                  limits: {nvidia.com/gpu: 0.5}   # expect: 34 [invalid-resources] 34 [invalid-resources]
            """),
        [  # the Quantity as Go prints a struct (its String method has a pointer receiver)
            "spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: resource.Quantity{i:resource."
            'int64Amount{value:5, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}: '
            "must be an integer",
            "spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: resource.Quantity{i:resource."
            'int64Amount{value:5, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}: '
            "must be an integer",
        ],
    ),
    (
        "fractional-device-in-a-template",  # a template's request is not defaulted; the string is kept
        deployment("""\
            containers:
              - name: build
                image: example/build:1.0.0
                resources:
                  limits: {example.com/fpga: 1500m}   # expect: 40 [invalid-resources]
            """),
        [
            "spec.template.spec.containers[0].resources.limits[example.com/fpga]: Invalid value: resource.Quantity{i:"
            'resource.int64Amount{value:1500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1500m", '
            'Format:"DecimalSI"}: must be an integer',
        ],
    ),
    (
        "gpu-request-differs-from-limit",
        pod("""\
            containers:
              - name: train
                image: example/train:1.0.0
                resources:
                  requests: {nvidia.com/gpu: 2}   # expect: 36 [invalid-resources]
                  limits: {nvidia.com/gpu: 1}
            """),
        ['spec.containers[0].resources.requests: Invalid value: "2": must be equal to nvidia.com/gpu limit of 1'],
    ),
    (
        "gpu-limit-alone-is-valid",
        pod("""\
            containers:
              - name: train
                image: example/train:1.0.0
                resources:
                  limits: {nvidia.com/gpu: 1}
            """),
        [],
    ),
    (
        "hugepages-without-cpu-or-memory",
        deployment("""\
            containers:
              - name: dpdk
                image: example/dpdk:23.11
                resources:   # expect: 11 [invalid-resources]
                  limits: {hugepages-2Mi: 3Mi}   # expect: 37 [invalid-resources]
            """),
        [
            "spec.template.spec.containers[0].resources: Forbidden: HugePages require cpu or memory",
            'spec.template.spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": '
            "3Mi is not positive integer multiple of hugepages-2Mi",
        ],
    ),
    # --- volumes: ValidateVolumes, validateVolumeSource, ValidateVolumeMounts
    (
        "image-volume",  # validateImageVolumeSource: a Pod's image volume names its image
        pod("""\
            volumes:
              - {name: model, image: {pullPolicy: Sometimes}}    # expect: 21 [invalid-volume] 41 [invalid-volume]
              - {name: tools, image: {reference: "example/tools:1.0", pullPolicy: IfNotPresent}}
              - {name: data, image: {reference: "", pullPolicy: ""}}    # expect: 39 [invalid-volume]
            """, APP),
        [
            "spec.volumes[0].image.reference: Required value",
            'spec.volumes[0].image.pullPolicy: Unsupported value: "Sometimes": supported values: "Always", '
            '"IfNotPresent", "Never"',
            "spec.volumes[2].image.reference: Required value",
        ],
    ),
    (
        "image-volume-of-a-template-before-1-37",  # its pods' images may be set by a mutating webhook
        deployment("""\
            volumes: [{name: model, image: {pullPolicy: Always}}]
            """, APP),
        [],
    ),
    (
        "image-volume-of-a-template",  # validateImageVolumeSource from 1.37 (#135989)
        deployment("""\
            volumes: [{name: model, image: {pullPolicy: Always}}]    # expect: 31 [invalid-volume]
            """, APP),
        ["spec.template.spec.volumes[0].image.reference: Required value"],
    ),
    (
        "csi-driver-name-required",  # ValidateCSIDriverName stops at an empty name from 1.35 (#134233)
        pod("""\
            volumes:
              - name: b
                csi: {driver: "", nodePublishSecretRef: {name: My_Secret}}    # expect: 21 [invalid-volume] 54 [invalid-volume]
            """, APP),
        [
            "spec.volumes[0].csi.driver: Required value",
            f'spec.volumes[0].csi.name: Invalid value: "My_Secret": {RFC1123_SUBDOMAIN}',
        ],
    ),
    (
        "projected-sources-dropped",  # ClusterTrustBundleProjection and PodCertificateRequest are off
        pod("""\
            volumes:
              - name: certs
                projected:
                  sources:
                    - configMap: {name: ca}
                      clusterTrustBundle: {signerName: example.com/signer, path: bundle.pem}
                    - clusterTrustBundle: {signerName: example.com/signer, path: bundle.pem}    # expect: 13 [overlapping-volume-paths]
                    - secret: {name: tls}
                      podCertificate: {signerName: example.com/signer, keyType: ED25519, credentialBundlePath: creds.pem}
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts: [{name: certs, mountPath: /certs}]
            """),
        ['volume "certs" (Projected) has no sources provided'],
    ),
    (
        "image-volume-dropped-in-1-34",  # ImageVolume is off: the volumes and their mounts are dropped
        pod("""\
            volumes:
              - {name: model, image: {pullPolicy: Sometimes}}
              - {name: model, image: {reference: "example/model:2"}}
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts: [{name: model, mountPath: /model}]
            """),
        [],
    ),
    (
        "duplicate-volume-name",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
            volumes:
              - {name: data, emptyDir: {}}
              - {name: data, emptyDir: {}}   # expect: 14 [duplicate-volume-name]
            """),
        ['spec.volumes[1].name: Duplicate value: "data"'],
    ),
    (
        "two-volume-sources",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
            volumes:
              - name: data
                emptyDir: {}
                hostPath: {path: /data}   # expect: 7 [invalid-volume]
              - name: ceph
                nfs: {server: nfs.example.com, path: /ceph}
                cephfs: {monitors: ["10.0.0.1:6789"]}   # expect: 7 [deprecated-volume-type] 7 [invalid-volume]
            """),
        [
            "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
            "spec.volumes[1].cephfs: deprecated in v1.28, non-functional in v1.31+",
            "spec.volumes[1].cephFS: Forbidden: may not specify more than 1 volume type",
        ],
    ),
    (
        "config-map-without-name",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
            volumes:
              - name: config
                configMap: {}   # expect: 7 [invalid-volume]
            """),
        ["spec.volumes[0].configMap.name: Required value"],
    ),
    (
        "secret-item-absolute-path",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
            volumes:
              - name: tls
                secret:
                  secretName: web-tls
                  items: [{key: tls.crt, path: /etc/tls.crt}]   # expect: 38 [invalid-volume]
            """),
        ['spec.volumes[0].secret.items[0].path: Invalid value: "/etc/tls.crt": must be a relative path'],
    ),
    (
        "host-path-type-misspelt",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
            volumes:
              - name: sock
                hostPath: {path: /var/run/app.sock, type: socket}   # expect: 49 [invalid-volume]
            """),
        [
            'spec.volumes[0].hostPath.type: Unsupported value: "socket": supported values: "", "BlockDevice", '
            '"CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"'
        ],
    ),
    (
        "projected-volume",
        pod("""\
            volumes:
              - name: all
                projected:
                  defaultMode: 1000    # expect: 22 [invalid-volume]
                  sources:
                    - serviceAccountToken: {path: token, expirationSeconds: 300}    # expect: 67 [invalid-volume]
                    - serviceAccountToken: {path: /abs, expirationSeconds: 5000000000}    # expect: 41 [invalid-volume] 66 [invalid-volume]
                    - secret: {name: tls, items: [{key: tls.crt, path: cert}]}
                    - configMap: {items: [{key: ca.crt, path: ca}]}    # expect: 13 [invalid-volume]
                    - downwardAPI: {items: [{path: cert, fieldRef: {fieldPath: metadata.labels}}]}    # expect: 13 [invalid-volume] 42 [invalid-volume] 42 [overlapping-volume-paths]
                      secret: {name: other}
                    - serviceAccountToken: {path: ""}    # expect: 41 [invalid-volume]
            """, APP),
        [
            'spec.volumes[0].projected.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 '
            '(octal), both inclusive',
            'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 300: may '
            'not specify a duration less than 10 minutes',
            'spec.volumes[0].projected.path: Invalid value: "/abs": must be a relative path',
            'spec.volumes[0].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: '
            '5000000000: may not specify a duration larger than 2^32 seconds',
            'spec.volumes[0].projected.sources[3].configMap.name: Required value',
            'spec.volumes[0].projected.sources[4]: Forbidden: may not specify more than 1 volume type per source',
            'spec.volumes[0].projected: Invalid value: "cert": conflicting duplicate paths',
            'volume "all" (Projected): overlapping paths: "cert" (DownwardAPI) with "cert" (Secret "tls")',
            'spec.volumes[0].projected.path: Required value',
        ],
    ),
    (
        "nfs-csi-and-git-volumes-before-1-35",
        pod("""\
            volumes:
              - name: a
                nfs: {server: "", path: exports/data}    # expect: 21 [invalid-volume] 31 [invalid-volume]
              - name: b
                csi: {driver: "", nodePublishSecretRef: {name: My_Secret}}    # expect: 21 [invalid-volume] 21 [invalid-volume] 54 [invalid-volume]
              - name: c
                csi: {driver: Secrets-Store.CSI.K8s.io, nodePublishSecretRef: {}}    # expect: 47 [invalid-volume]
              - name: d
                gitRepo: {repository: "", directory: ../up}    # expect: 7 [deprecated-volume-type] 29 [invalid-volume] 44 [invalid-volume]
            """, APP),
        [
            'spec.volumes[0].nfs.server: Required value',
            'spec.volumes[0].nfs.path: Invalid value: "exports/data": must be an absolute path',
            'spec.volumes[1].csi.driver: Required value',
            f'spec.volumes[1].csi.driver: Invalid value: "": {RFC1123_SUBDOMAIN}',
            f'spec.volumes[1].csi.name: Invalid value: "My_Secret": {RFC1123_SUBDOMAIN}',
            'spec.volumes[2].csi.nodePublishSecretRef.name: Required value',
            'spec.volumes[3].gitRepo: deprecated in v1.11, and disabled by default in v1.33+',
            'spec.volumes[3].gitRepo.repository: Required value',
            'spec.volumes[3].gitRepo.directory: Invalid value: "../up": must not contain \'..\'',
        ],
    ),
    (
        "ephemeral-volume-claim-templates",
        pod("""\
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    metadata:
                      name: scratch    # expect: 13 [invalid-volume]
                      creationTimestamp: null
                      labels: {type: "my scratch"}    # expect: 28 [invalid-volume]
                    spec:
                      accessModes: [ReadWriteOnce, ReadWriteOncePod, ReadWriteAll]    # expect: 13 [invalid-volume] 60 [invalid-volume]
                      storageClassName: Fast_SSD    # expect: 31 [invalid-volume]
                      volumeMode: block    # expect: 25 [invalid-volume]
                      resources:
                        requests:
                          storage: 0Gi    # expect: 26 [invalid-volume]
              - name: other
                ephemeral:
                  volumeClaimTemplate:
                    spec:    # expect: 11 [invalid-volume]
                      resources: {}    # expect: 13 [invalid-volume]
              - name: third
                ephemeral: {}    # expect: 7 [invalid-volume]
            """, APP),
        [
            'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set',
            'spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.labels: Invalid value: "my scratch": '
            f'{LABEL_VALUE}',
            'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Forbidden: may not use '
            'ReadWriteOncePod with other access modes',
            'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: "ReadWriteAll": '
            'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
            'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName: Invalid value: "Fast_SSD": '
            f'{RFC1123_SUBDOMAIN}',
            'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.volumeMode: Unsupported value: "block": '
            'supported values: "Block", "Filesystem"',
            'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Invalid value: "0": must be '
            'greater than zero',
            'spec.volumes[1].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access '
            'mode is required',
            'spec.volumes[1].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value',
            'spec.volumes[2].ephemeral.volumeClaimTemplate: Required value',
        ],
    ),
    (
        "ephemeral-volume-claim-template-valid",
        pod("""\
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    metadata:
                      labels: {type: scratch}
                      annotations: {example.com/owner: team-a}
                    spec:
                      accessModes: [ReadWriteOnce]
                      storageClassName: fast-ssd
                      volumeMode: Filesystem
                      resources:
                        requests:
                          storage: 1Gi
            """, APP),
        [],
    ),
    (
        "projected-source-with-two-kinds-before-1-31",  # validateProjectionSources said it without "per source"
        pod(APP, """\
            volumes:
              - name: config
                projected: {sources: [{secret: {name: s}, configMap: {name: c}}]}   # expect: 49 [invalid-volume]
            """),
        ["spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type"],
    ),
    (
        "volume-host-path-without-path-and-names-taken-by-valid-volumes",  # validateHostPathVolumeSource, ValidateVolumes
        pod(APP, """\
            volumes:
              - {name: a, hostPath: {path: "", type: Bogus}}   # expect: 34 [invalid-volume]
              - {name: a, emptyDir: {}}
              - {name: b, emptyDir: {}}
              - {name: b, emptyDir: {}}   # expect: 14 [duplicate-volume-name]
              - {name: "", emptyDir: {}}   # expect: 14 [invalid-name]
            """),
        [
            "spec.volumes[0].hostPath.path: Required value",
            'spec.volumes[3].name: Duplicate value: "b"',
            "spec.volumes[4].name: Required value",
        ],
    ),
    (
        "projected-volume-valid",
        pod("""\
            volumes:
              - name: all
                projected:
                  defaultMode: 0440
                  sources:
                    - serviceAccountToken: {path: token, audience: vault}
                    - serviceAccountToken: {path: token-10m, expirationSeconds: 600}
                    - secret: {name: tls, items: [{key: tls.crt, path: cert}]}
                    - configMap: {name: ca, items: [{key: ca.crt, path: ca/ca.crt}]}
                    - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
            """, APP),
        [],
    ),
    (
        "mount-of-undefined-volume",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts: [{name: data, mountPath: /data}]   # expect: 29 [undefined-volume]
            """),
        ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ),
    (
        "mount-of-invalid-volume-is-not-found",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts: [{name: config, mountPath: /config}]   # expect: 29 [undefined-volume]
            volumes:
              - name: config
                configMap: {}   # expect: 7 [invalid-volume]
            """),
        ['spec.containers[0].volumeMounts[0].name: Not found: "config"', "spec.volumes[0].configMap.name: Required value"],
    ),
    (
        "statefulset-claim-template-is-a-volume",
        """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres:16.4
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10Gi}}
""",
        [],
    ),
    (
        "mount-path-twice",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts:
                  - {name: a, mountPath: /data}
                  - {name: b, mountPath: /data}   # expect: 32 [duplicate-mount-path]
            volumes:
              - {name: a, emptyDir: {}}
              - {name: b, emptyDir: {}}
            """),
        ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique'],
    ),
    (
        "downward-api-volume",
        pod("""\
            volumes:
              - name: info
                downwardAPI:
                  defaultMode: 1000    # expect: 22 [invalid-volume]
                  items:
                    - {path: ip, fieldRef: {fieldPath: status.podIP}}    # expect: 46 [invalid-volume]
                    - {path: /etc/labels, fieldRef: {fieldPath: metadata.labels}}    # expect: 20 [invalid-volume]
                    - {path: "..", resourceFieldRef: {resource: limits.cpu}}    # expect: 20 [invalid-volume] 20 [invalid-volume] 26 [invalid-volume]
                    - {path: both, fieldRef: {fieldPath: metadata.name}, resourceFieldRef: {containerName: web, resource: limits.cpu}}    # expect: 64 [invalid-volume]
                    - {path: "..data"}    # expect: 13 [invalid-volume] 20 [invalid-volume]
                    - {path: "", mode: -1, resourceFieldRef: {containerName: web, resource: limits.memory, divisor: 1m}}    # expect: 20 [invalid-volume] 30 [invalid-volume] 107 [invalid-volume]
            """, APP),
        [
            'spec.volumes[0].downwardAPI.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 '
            '(octal), both inclusive',
            'spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "status.podIP": supported '
            'values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", '
            '"metadata.uid"',
            'spec.volumes[0].downwardAPI.path: Invalid value: "/etc/labels": must be a relative path',
            'spec.volumes[0].downwardAPI.path: Invalid value: "..": must not contain \'..\'',
            'spec.volumes[0].downwardAPI.path: Invalid value: "..": must not start with \'..\'',
            'spec.volumes[0].downwardAPI.resourceFieldRef.containerName: Required value',
            'spec.volumes[0].downwardAPI: Invalid value: "resource": fieldRef and resourceFieldRef can not be '
            'specified simultaneously',
            'spec.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
            'spec.volumes[0].downwardAPI.path: Invalid value: "..data": must not start with \'..\'',
            'spec.volumes[0].downwardAPI.path: Required value',
            'spec.volumes[0].downwardAPI.mode: Invalid value: -1: must be a number between 0 and 0777 (octal), '
            'both inclusive',
            'spec.volumes[0].downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.memory": only '
            "divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the "
            'memory resource',
        ],
    ),
    (
        "downward-api-volume-valid",
        pod("""\
            volumes:
              - name: info
                downwardAPI:
                  defaultMode: 0444
                  items:
                    - {path: labels, fieldRef: {fieldPath: metadata.labels}}
                    - {path: team, fieldRef: {fieldPath: "metadata.annotations['example.com/team']"}}
                    - {path: limits/cpu, resourceFieldRef: {containerName: web, resource: limits.cpu, divisor: 1m}}
                    - {path: a..b/c, mode: 0400, fieldRef: {fieldPath: metadata.uid}}
            """, APP),
        [],
    ),
    (
        "volume-mount-paths-and-modes",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts:
                  - {name: data, mountPath: /a, subPath: /abs}    # expect: 48 [invalid-volume-mount]
                  - {name: data, mountPath: /b, subPath: a/../../b}    # expect: 48 [invalid-volume-mount]
                  - {name: data, mountPath: /c, subPath: x, subPathExpr: $(POD)/..}    # expect: 64 [invalid-volume-mount] 64 [invalid-volume-mount]
                  - {name: data, mountPath: /d, mountPropagation: Bidirectional}    # expect: 57 [invalid-volume-mount]
                  - {name: data, mountPath: /e, recursiveReadOnly: Enabled, mountPropagation: HostToContainer}    # expect: 58 [invalid-volume-mount] 58 [invalid-volume-mount]
                  - {name: data, mountPath: /f, recursiveReadOnly: Always, readOnly: true}    # expect: 58 [invalid-volume-mount]
                  - {name: data, mountPath: ""}    # expect: 35 [invalid-volume-mount]
                  - {name: block, mountPath: /h}    # expect: 18 [invalid-volume-mount]
                volumeDevices:
                  - {name: block, devicePath: /dev/xvda}    # expect: 18 [invalid-volume-mount]
            volumes:
              - {name: data, emptyDir: {}}
              - {name: block, persistentVolumeClaim: {claimName: block}}
            """),
        [
            'spec.containers[0].volumeMounts.subPath: Invalid value: "/abs": must be a relative path',
            'spec.containers[0].volumeMounts.subPath: Invalid value: "a/../../b": must not contain \'..\'',
            'spec.containers[0].volumeMounts[2].subPathExpr: Invalid value: "$(POD)/..": subPathExpr and subPath '
            'are mutually exclusive',
            'spec.containers[0].volumeMounts.subPathExpr: Invalid value: "$(POD)/..": must not contain \'..\'',
            'spec.containers[0].volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is '
            'available only to privileged containers',
            'spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true',
            'spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when '
            'mountPropagation is None or not specified',
            'spec.containers[0].volumeMounts.recursiveReadOnly: Unsupported value: "Always": supported values: '
            '"Disabled", "Enabled", "IfPossible"',
            'spec.containers[0].volumeMounts[6].mountPath: Required value',
            'spec.containers[0].volumeMounts[7].name: Invalid value: "block": must not already exist in volumeDevices',
            'spec.containers[0].volumeDevices[0].name: Invalid value: "block": must not already exist in volumeMounts',
        ],
    ),
    (
        "volume-mount-paths-and-modes-valid",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext: {privileged: true}
                volumeMounts:
                  - {name: data, mountPath: /a, subPath: a/b..c, mountPropagation: Bidirectional}
                  - {name: data, mountPath: /b, subPathExpr: $(POD_NAME), recursiveReadOnly: IfPossible, readOnly: true}
                  - {name: data, mountPath: /c, subPath: ..x, recursiveReadOnly: Disabled, mountPropagation: HostToContainer}
                  - {name: data, mountPath: /d, readOnly: true, recursiveReadOnly: Enabled, mountPropagation: None}
            volumes:
              - {name: data, emptyDir: {}}
            """),
        [],
    ),
    # --- probes: validateProbe, validateHandler, validateInitContainers
    (
        "sleep-hooks",
        pod("""\
            terminationGracePeriodSeconds: 10
            containers:
              - name: web
                image: nginx:1.27.2
                lifecycle:
                  preStop: {sleep: {seconds: 20}}    # expect: 36 [invalid-probe]
                  postStart: {sleep: {seconds: -1}}    # expect: 38 [invalid-probe]
            """),
        [
            'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 20: must be non-negative and less than '
            'terminationGracePeriodSeconds (10)',
            'spec.containers[0].lifecycle.postStart.sleep: Invalid value: -1: must be non-negative and less than '
            'terminationGracePeriodSeconds (10)',
        ],
    ),
    (
        "probe-handlers-without-a-port",  # ValidatePortNumOrName: Go decodes an absent IntOrString as 0
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                livenessProbe: {httpGet: {path: /healthz}}   # expect: 23 [invalid-probe] 23 [missing-required-field]
                startupProbe: {grpc: {}}   # expect: 22 [invalid-probe] 22 [missing-required-field]
            """),
        [
            "spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.containers[0].livenessProbe.httpGet.port: Required value",
            "spec.containers[0].startupProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.containers[0].startupProbe.grpc.port: Required value",
        ],
    ),
    (
        "sleep-hook-against-a-negative-grace-period",  # only warned about, and compared as it is
        pod("""\
            terminationGracePeriodSeconds: -1    # expect: 34 [negative-grace-period]
            containers:
              - name: web
                image: nginx:1.27.2
                lifecycle:
                  preStop: {sleep: {seconds: 0}}    # expect: 36 [invalid-probe]
            """),
        [
            "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
            'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 0: must be non-negative and less than '
            'terminationGracePeriodSeconds (-1)',
        ],
    ),
    (
        "sleep-hook-of-zero-before-1-33",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                lifecycle:
                  preStop: {sleep: {seconds: 0}}    # expect: 36 [invalid-probe]
            """),
        [
            'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than '
            'terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for '
            'zero sleep.',
        ],
    ),
    (
        "sleep-hooks-valid",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                lifecycle:
                  preStop: {sleep: {seconds: 30}}
                  postStart: {sleep: {seconds: 0}}
            """),
        [],
    ),
    (
        "ephemeral-containers-written",
        pod("""\
            ephemeralContainers:    # expect: 3 [ephemeral-container-in-manifest]
              - {name: debugger, image: "busybox:1.36", targetContainerName: web}
            """, APP)
        + "---\n"
        + deployment("""\
            ephemeralContainers:    # expect: 7 [ephemeral-container-in-manifest]
              - {name: debugger, image: "busybox:1.36"}
            """, NGINX),
        [
            'spec.ephemeralContainers: Forbidden: cannot be set on create',
            'spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template',
        ],
    ),
    (
        "probe-without-handler",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                readinessProbe: {periodSeconds: 5}   # expect: 7 [invalid-probe]
            """),
        ["spec.containers[0].readinessProbe: Required value: must specify a handler type"],
    ),
    (
        "probe-with-two-handlers",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  tcpSocket: {port: 8080}   # expect: 9 [invalid-probe]
            """),
        ["spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"],
    ),
    (
        "liveness-success-threshold",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                livenessProbe:
                  tcpSocket: {port: 80}
                  successThreshold: 2   # expect: 27 [invalid-probe]
            """),
        ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"],
    ),
    (
        "readiness-success-threshold-may-exceed-one",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                readinessProbe:
                  tcpSocket: {port: 80}
                  successThreshold: 2
                  timeoutSeconds: 0
            """),
        [],
    ),
    (
        "probe-negative-delay",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                startupProbe:
                  exec: {command: [cat, /tmp/ready]}
                  initialDelaySeconds: -5   # expect: 30 [invalid-probe]
            """),
        ["spec.containers[0].startupProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0"],
    ),
    (
        "probe-port-out-of-range",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                livenessProbe:
                  httpGet: {path: /, port: 0}   # expect: 34 [invalid-probe]
            """),
        ["spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"],
    ),
    (
        "readiness-probe-grace-period",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                readinessProbe:
                  tcpSocket: {port: 80}
                  terminationGracePeriodSeconds: 30   # expect: 40 [invalid-probe]
            """),
        [
            "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 30: "
            "must not be set for readinessProbes"
        ],
    ),
    (
        "probe-on-init-container",
        pod("""\
            initContainers:
              - name: migrate
                image: example/migrate:2.0.1
                livenessProbe:   # expect: 7 [invalid-probe]
                  exec: {command: ["true"]}
            """,
            APP,
        ),
        [
            "spec.initContainers[0].livenessProbe: Forbidden: "
            "may not be set for init containers without restartPolicy=Always"
        ],
    ),
    (
        "probe-on-native-sidecar",
        pod("""\
            initContainers:
              - name: proxy
                image: envoyproxy/envoy:v1.31.0
                restartPolicy: Always
                livenessProbe:
                  tcpSocket: {port: 15000}
                lifecycle:
                  preStop: {sleep: {seconds: 5}}
            """,
            APP,
        ),
        [],
    ),
    # --- restartPolicy: validateRestartPolicy, ValidatePodTemplateSpecForReplicaSet, validateJobSpec
    (
        "pod-restart-policy-misspelt",
        pod("restartPolicy: Sometimes   # expect: 18 [invalid-restart-policy]\n", APP),
        ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ),
    (
        "deployment-restart-policy-never",
        deployment("restartPolicy: Never   # expect: 22 [invalid-restart-policy]\n", APP),
        ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ),
    (
        "job-without-restart-policy",
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:   # expect: 5 [invalid-restart-policy]
      containers: [{name: migrate, image: "example/migrate:2.0.1"}]
""",
        ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ),
    (
        "job-on-failure-with-pod-failure-policy",
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  podFailurePolicy:
    rules: [{action: FailJob, onExitCodes: {operator: In, values: [42]}}]
  template:
    spec:
      restartPolicy: OnFailure   # expect: 22 [invalid-restart-policy]
      containers: [{name: migrate, image: "example/migrate:2.0.1"}]
""",
        [
            'spec.template.spec.restartPolicy: Invalid value: "OnFailure": '
            'only "Never" is supported when podFailurePolicy is specified'
        ],
    ),
    (
        "init-container-restart-policy-on-failure",
        pod("""\
            initContainers:
              - name: setup
                image: busybox:1.36
                restartPolicy: OnFailure   # expect: 22 [invalid-restart-policy]
            """,
            APP,
        ),
        ['spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ),
    (
        "container-restart-rules",  # validateContainerRestartPolicy, validateInitContainerRestartPolicy
        pod("""\
            initContainers:
              - name: setup
                image: busybox:1.36
                restartPolicy: Sometimes   # expect: 22 [invalid-restart-policy]
              - name: wait   # expect: 7 [invalid-restart-policy]
                image: busybox:1.36
                restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]
              - name: proxy
                image: envoyproxy/envoy:v1.31.2
                restartPolicy: Always
                restartPolicyRules: [{action: RestartAllContainers, exitCodes: {operator: In, values: [1]}}]
            containers:
              - name: web
                image: nginx:1.27.2
                restartPolicy: Bogus   # expect: 22 [invalid-restart-policy]
              - name: worker   # expect: 7 [invalid-restart-policy]
                image: busybox:1.36
                restartPolicyRules: [{action: Explode}]   # expect: 28 [invalid-restart-policy] 37 [invalid-restart-policy]
              - name: batch
                image: busybox:1.36
                restartPolicy: Never
                restartPolicyRules:
                  - {action: Restart, exitCodes: {operator: Is, values: [1]}}   # expect: 51 [invalid-restart-policy]
            """),
        [
            'spec.initContainers[0].restartPolicy: Unsupported value: "Sometimes": '
            'supported values: "Always", "Never", "OnFailure"',
            "spec.initContainers[1].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
            'spec.containers[0].restartPolicy: Unsupported value: "Bogus": '
            'supported values: "Always", "Never", "OnFailure"',
            "spec.containers[1].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
            "spec.containers[1].restartPolicyRules[0].exitCodes: Required value: must be specified",
            'spec.containers[1].restartPolicyRules[0].action: Unsupported value: "Explode": '
            'supported values: "Restart", "RestartAllContainers"',
            'spec.containers[2].restartPolicyRules[0].exitCodes.operator: Unsupported value: "Is": '
            'supported values: "In", "NotIn"',
        ],
    ),
    (
        "container-restart-rules-too-many",
        pod(
            "containers:\n"
            "  - name: web\n"
            "    image: nginx:1.27.2\n"
            "    restartPolicy: Never\n"
            "    restartPolicyRules:   # expect: 7 [invalid-restart-policy]\n"
            + "      - {action: Restart, exitCodes: {operator: In, values: [1]}}\n" * 21
            + "      - {action: Restart, exitCodes: {operator: NotIn, values: [%s]}}   # expect: 58 [invalid-restart-policy]\n"
            % ", ".join(["1"] * 256)
        ),
        [
            "spec.containers[0].restartPolicyRules: Too many: 22: must have at most 20 items",
            "spec.containers[0].restartPolicyRules[21].exitCodes.values: Too many: 256: must have at most 255 items",
        ],
    ),
    (
        "sidecar-restart-rules-in-1-35",  # RestartAllContainersOnContainerExits was off
        pod("""\
            initContainers:
              - name: proxy
                image: envoyproxy/envoy:v1.31.2
                restartPolicy: Always
                restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [1]}}]   # expect: 7 [invalid-restart-policy]
            """,
            APP,
        ),
        [
            "spec.initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init "
            "containers with restart policy Always"
        ],
    ),
    (
        "container-restart-policies-dropped-in-1-34",  # dropContainerRestartRules: ContainerRestartRules was off
        pod("""\
            initContainers:
              - {name: setup, image: "busybox:1.36", restartPolicy: OnFailure}
            containers:
              - {name: web, image: "nginx:1.27.2", restartPolicy: Never}
            """),
        [],
    ),
    (
        "pod-level-resources",  # validatePodResources, validatePodResourceConsistency (PodLevelResources)
        pod("""\
            resources:
              limits: {cpu: "1", memory: 1Gi, ephemeral-storage: 1Gi, hugepages-2Mi: 3Mi}   # expect: 37 [invalid-resources] 76 [invalid-resources]
              requests: {cpu: "2", memory: 1Gi}   # expect: 21 [requests-exceed-limits] 34 [invalid-resources]
            initContainers:
              - name: setup
                image: busybox:1.36
                resources: {requests: {memory: 3Gi}}
              - name: proxy
                image: envoyproxy/envoy:v1.31.2
                restartPolicy: Always
                resources: {requests: {memory: 512Mi}}
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  limits: {cpu: "2", memory: 512Mi}   # expect: 23 [invalid-resources]
            """),
        [
            'spec.resources.limits[ephemeral-storage]: Unsupported value: ephemeral-storage: supported values: '
            '"cpu", "hugepages-", "memory"',
            'spec.resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of '
            "hugepages-2Mi",
            'spec.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
            'spec.resources.requests[memory]: Invalid value: "1Gi": must be greater than or equal to aggregate '
            "container requests of 3Gi",
            'spec.resources.containers[0][cpu].limits: Invalid value: "2": must be less than or equal to pod limits '
            "of 1",
        ],
    ),
    (
        "resource-claims",  # validatePodResourceClaims, validateResourceClaimNames (DynamicResourceAllocation, 1.34)
        pod("""\
            resourceClaims:
              - {name: gpu, resourceClaimTemplateName: single-gpu}
              - {name: gpu, resourceClaimName: x}    # expect: 14 [invalid-resources]
              - {name: Bad_Name}    # expect: 7 [invalid-resources] 14 [invalid-resources]
              - {name: "", resourceClaimName: a, resourceClaimTemplateName: B_c}    # expect: 7 [invalid-resources] 14 [invalid-resources] 67 [invalid-resources]
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  claims:
                    - {name: gpu, request: r1}
                    - {name: gpu}    # expect: 13 [invalid-resources]
                    - {name: gpu, request: r1}    # expect: 13 [invalid-resources]
                    - {name: tpu}    # expect: 13 [invalid-resources]
                    - {name: ""}    # expect: 13 [invalid-resources]
            """),
        [
            'spec.resourceClaims[1].name: Duplicate value: "gpu"',
            'spec.resourceClaims[2]: Invalid value: core.PodResourceClaim{Name:"Bad_Name", ResourceClaimName:(*string)(nil), '
            "ResourceClaimTemplateName:(*string)(nil)}: must specify one of: `resourceClaimName`, "
            "`resourceClaimTemplateName`",
            f'spec.resourceClaims[2].name: Invalid value: "Bad_Name": {RFC1123_LABEL}',
            'spec.resourceClaims[3]: Invalid value: core.PodResourceClaim{Name:"", ResourceClaimName:(*string)(0xc…), '
            "ResourceClaimTemplateName:(*string)(0xc…)}: at most one of `resourceClaimName` or "
            "`resourceClaimTemplateName` may be specified",
            "spec.resourceClaims[3].name: Required value",
            f'spec.resourceClaims[3].resourceClaimTemplateName: Invalid value: "B_c": {RFC1123_SUBDOMAIN}',
            'spec.containers[0].resources.claims[1]: Duplicate value: "gpu"',
            'spec.containers[0].resources.claims[2]: Duplicate value: "gpu"',
            'spec.containers[0].resources.claims[3]: Not found: "tpu": must be one of the names in '
            "pod.spec.resourceClaims: Bad_Name, gpu",
            "spec.containers[0].resources.claims[4]: Required value",
        ],
    ),
    (
        "resource-claims-dropped-in-1-33",  # DynamicResourceAllocation is off: the API server drops them
        pod("""\
            resourceClaims: [{name: Bad_Name}]
            containers:
              - name: web
                image: nginx:1.27.2
                resources: {claims: [{name: tpu}]}
            """),
        [],
    ),
    (
        "resize-policy-before-1-36",  # validateResizePolicy (InPlacePodVerticalScaling, from 1.33)
        pod("""\
            restartPolicy: Never
            initContainers:
              - name: setup
                image: busybox:1.36
                resizePolicy: [{resourceName: cpu, restartPolicy: NotRequired}]
            containers:
              - name: web
                image: nginx:1.27.2
                resizePolicy:
                  - {resourceName: cpu, restartPolicy: RestartContainer}    # expect: 46 [invalid-resources]
                  - {resourceName: cpu, restartPolicy: NotRequired}    # expect: 26 [invalid-resources]
                  - {resourceName: nvidia.com/gpu, restartPolicy: Sometimes}    # expect: 26 [invalid-resources] 57 [invalid-resources] 57 [invalid-resources]
            """),
        [
            "spec.containers[0].resizePolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when "
            "`restartPolicy` is 'Never'",
            "spec.containers[0].resizePolicy[1]: Duplicate value: cpu",
            'spec.containers[0].resizePolicy: Unsupported value: nvidia.com/gpu: supported values: "cpu", "memory"',
            'spec.containers[0].resizePolicy: Unsupported value: "Sometimes": supported values: "NotRequired", '
            '"RestartContainer"',
            "spec.containers[0].resizePolicy: Invalid value: \"Sometimes\": must be 'NotRequired' when `restartPolicy` "
            "is 'Never'",
        ],
    ),
    (
        "resize-policy-of-a-pod-that-never-restarts",  # from 1.36, the message names the pod's restartPolicy
        pod("""\
            restartPolicy: Never
            containers:
              - name: web
                image: nginx:1.27.2
                resizePolicy: [{resourceName: cpu, restartPolicy: RestartContainer}]    # expect: 57 [invalid-resources]
            """),
        [
            "spec.containers[0].resizePolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when pod "
            "`restartPolicy` is 'Never'"
        ],
    ),
    (
        "os-name-empty",  # validateOS; "cannot be empty" until 1.34 (#132472)
        pod('os: {name: ""}    # expect: 14 [invalid-pod-os]\n', APP),
        ["spec.os.name: Required value"],
    ),
    (
        "os-name-empty-before-1-34",
        pod('os: {name: ""}    # expect: 14 [invalid-pod-os]\n', APP),
        ["spec.os.name: Required value: cannot be empty"],
    ),
    (
        "resize-policy-of-init-containers",  # validateInitContainers from 1.36 (#137458)
        pod("""\
            initContainers:
              - name: setup
                image: busybox:1.36
                resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]    # expect: 60 [invalid-resources]
              - name: proxy
                image: envoyproxy/envoy:v1.31.0
                restartPolicy: Always
                resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]
            """, APP),
        [
            'spec.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: "RestartContainer": must not be '
            "set to 'RestartContainer' for non-sidecar initContainers"
        ],
    ),
    (
        "resize-policy-of-init-containers-before-1-36",
        pod("""\
            initContainers:
              - name: setup
                image: busybox:1.36
                resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]
            """, APP),
        [],
    ),
    (
        "resize-policy-dropped-in-1-32",  # InPlacePodVerticalScaling is off: the API server drops it
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resizePolicy: [{resourceName: gpu, restartPolicy: Sometimes}]
            """),
        [],
    ),
    (
        "pod-level-resources-on-windows",
        pod("""\
            os: {name: windows}
            resources:   # expect: 3 [invalid-resources]
              limits: {cpu: "1", ephemeral-storage: 1Gi}
            """,
            APP,
        ),
        ["spec.resources: Forbidden: may not be set for a windows pod"],
    ),
    (
        "pod-level-resources-dropped-in-1-33",  # PodLevelResources was off: the API server drops them
        pod("""\
            resources:
              limits: {cpu: "1", ephemeral-storage: 1Gi}
              requests: {cpu: "2"}
            """,
            APP,
        ),
        [],
    ),
    # --- activeDeadlineSeconds, dnsPolicy
    (
        "pod-active-deadline-zero",
        pod("activeDeadlineSeconds: 0   # expect: 26 [invalid-active-deadline]\n", APP),
        ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"],
    ),
    (
        "daemonset-active-deadline",
        """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      activeDeadlineSeconds: 60   # expect: 30 [invalid-active-deadline]
      containers: [{name: agent, image: "example/agent:1.4.0"}]
""",
        ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"],
    ),
    (
        "dns-policy-misspelt",
        pod("dnsPolicy: clusterFirst   # expect: 14 [invalid-dns-policy]\n", APP),
        [
            'spec.dnsPolicy: Unsupported value: "clusterFirst": supported values: '
            '"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'
        ],
    ),
    (
        "dns-policy-none-without-config",
        pod("dnsPolicy: None   # expect: 14 [invalid-dns-policy]\n", APP),
        ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"],
    ),
    # --- workload specs: ValidateDeploymentSpec, ValidateDaemonSetSpec, ValidateStatefulSetSpec, after their defaults
    (
        "deployment-negative-counts-and-the-default-progress-deadline",
        workload("Deployment", """\
            replicas: -1    # expect: 13 [invalid-workload]
            minReadySeconds: 600    # expect: 20 [invalid-workload]
            revisionHistoryLimit: -2    # expect: 25 [invalid-workload]
            """),
        [
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
            "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
        ],
    ),
    (
        "deployment-negative-progress-deadline",
        workload("Deployment", "progressDeadlineSeconds: -1    # expect: 28 [invalid-workload] 28 [invalid-workload]\n"),
        [
            "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than minReadySeconds",
        ],
    ),
    (
        "deployment-recreate-with-rolling-update",
        workload("Deployment", """\
            strategy:
              type: Recreate
              rollingUpdate: {maxSurge: "5"}    # expect: 5 [invalid-workload]
            """),
        ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ),
    (
        "deployment-rolling-update-amounts",
        workload("Deployment", """\
            strategy:
              rollingUpdate:
                maxSurge: "5"    # expect: 17 [invalid-workload]
                maxUnavailable: 150%    # expect: 23 [invalid-workload]
            """),
        [
            'spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"5"}: '
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex "
            "used for validation is '[0-9]+%')",
            'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, '
            'StrVal:"150%"}: must not be greater than 100%',
        ],
    ),
    (
        "deployment-max-surge-and-max-unavailable-both-zero",
        workload("Deployment", "strategy: {rollingUpdate: {maxSurge: 0%, maxUnavailable: 0}}    # expect: 60 [invalid-workload]\n"),
        [
            'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, '
            'StrVal:""}: may not be 0 when `maxSurge` is 0'
        ],
    ),
    (
        "deployment-unknown-strategy-type",
        workload("Deployment", "strategy: {type: rolling}    # expect: 20 [invalid-workload]\n"),
        [
            'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"rolling", '
            'RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"'
        ],
    ),
    (
        "deployment-surge-only-and-unavailable-only-are-valid",  # the other one defaults to 25%
        workload("Deployment", "minReadySeconds: 599\nstrategy: {rollingUpdate: {maxSurge: 0}}\n")
        + "---\n"
        + workload("Deployment", "strategy: {rollingUpdate: {maxUnavailable: 0}}\nrevisionHistoryLimit: 0\n"),
        [],
    ),
    (
        "daemonset-surge-with-the-default-max-unavailable",
        workload("DaemonSet", "updateStrategy: {rollingUpdate: {maxSurge: 10%}}    # expect: 46 [invalid-workload]\n"),
        [
            'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, '
            'StrVal:"10%"}: may not be set when maxUnavailable is non-zero'
        ],
    ),
    (
        "daemonset-max-unavailable-zero-without-surge",
        workload("DaemonSet", """\
            updateStrategy:
              rollingUpdate:
                maxUnavailable: 0    # expect: 23 [invalid-workload]
                maxSurge: abc    # expect: 17 [invalid-workload]
            """),
        [
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, '
            'StrVal:"abc"}: a valid percent string must be a numeric string followed by an ending \'%\' (e.g. '
            "'1%',  or '93%', regex used for validation is '[0-9]+%')",
        ],
    ),
    (
        "daemonset-surge-is-valid-with-max-unavailable-zero",
        workload("DaemonSet", "updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n")
        + "---\n"
        + workload("DaemonSet", "updateStrategy: {type: OnDelete, rollingUpdate: {maxSurge: 1}}\n"),
        [],
    ),
    (
        "statefulset-policies-and-on-delete-with-rolling-update",
        workload("StatefulSet", """\
            serviceName: web
            podManagementPolicy: parallel    # expect: 24 [invalid-workload]
            ordinals: {start: -1}    # expect: 21 [invalid-workload]
            updateStrategy:
              type: OnDelete
              rollingUpdate: {partition: 2}    # expect: 5 [invalid-workload]
            persistentVolumeClaimRetentionPolicy: {whenScaled: delete}    # expect: 54 [invalid-workload]
            """),
        [
            "spec.podManagementPolicy: Invalid value: \"parallel\": must be 'OrderedReady' or 'Parallel'",
            "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
            "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, "
            "MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
            'spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "delete": '
            'supported values: "Retain", "Delete"',
        ],
    ),
    (
        "statefulset-negative-partition",
        workload("StatefulSet", "serviceName: web\nupdateStrategy: {rollingUpdate: {partition: -1}}    # expect: 47 [invalid-workload]\n"),
        ["spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "statefulset-max-unavailable",  # validateRollingUpdateStatefulSet (MaxUnavailableStatefulSet, on from 1.35)
        workload("StatefulSet", "serviceName: web\nupdateStrategy: {rollingUpdate: {maxUnavailable: 0}}    # expect: 52 [invalid-workload]\n")
        + "---\n"
        + workload("StatefulSet", "serviceName: web\nupdateStrategy: {rollingUpdate: {maxUnavailable: 150%}}    # expect: 52 [invalid-workload]\n"),
        [
            'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, '
            'StrVal:""}: cannot be 0',
            'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, '
            'StrVal:"150%"}: must not be greater than 100%',
        ],
    ),
    (
        "statefulset-max-unavailable-dropped-in-1-34",
        workload("StatefulSet", "serviceName: web\nupdateStrategy: {rollingUpdate: {maxUnavailable: 0}}\n"),
        [],
    ),
    # --- Job specs: validateJobSpec (after SetDefaults_Job), validatePodFailurePolicy, validateCronJobSpec
    (
        "job-negative-counts",
        job("""\
            parallelism: -1    # expect: 16 [invalid-job]
            backoffLimit: -2    # expect: 17 [invalid-job]
            ttlSecondsAfterFinished: -3    # expect: 28 [invalid-job]
            """),
        [
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0",
            "spec.ttlSecondsAfterFinished: Invalid value: -3: must be greater than or equal to 0",
        ],
    ),
    (
        "job-indexed-without-completions",  # parallelism alone: completions are not defaulted
        job("""\
            parallelism: 3
            completionMode: Indexed    # expect: 19 [invalid-job]
            """),
        ["spec.completions: Required value: when completion mode is Indexed"],
    ),
    (
        "job-indexed-last-pod-hostname",  # ValidateJob: "<name>-<completions - 1>" must be a DNS label
        job("completionMode: Indexed\ncompletions: 100\n").replace(
            "  name: work\n", "  name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa   # expect: 9 [invalid-job]\n", 1
        ),
        [
            'metadata.name: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": will not able to create pod with invalid DNS label: '
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-99"
        ],
    ),
    (
        "job-managed-by",  # validateJobSpec: IsDomainPrefixedPath, at most 63 characters (JobManagedBy, on from 1.32)
        job('managedBy: "kueue"    # expect: 14 [invalid-job]\n')
        + "---\n"
        + job('managedBy: "Example_Com/x y"    # expect: 14 [invalid-job] 14 [invalid-job]\n')
        + "---\n"
        + job('managedBy: "example.com/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"    # expect: 14 [invalid-job]\n'),
        [
            'spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")',
            f'spec.managedBy: Invalid value: "Example_Com": {RFC1123_SUBDOMAIN}',
            "spec.managedBy: Invalid value: \"x y\": Invalid path (regex used for validation is "
            "'[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
            "spec.managedBy: Too long: may not be more than 63 bytes",
        ],
    ),
    (
        "job-indexed-with-neither-count-is-defaulted",
        job("completionMode: Indexed\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 1\n"),
        [],
    ),
    (
        "job-per-index-backoff-needs-indexed-mode",
        job("""\
            completionMode: indexed    # expect: 19 [invalid-job]
            maxFailedIndexes: 2    # expect: 3 [invalid-job]
            """)
        + "---\n"
        + job("""\
            completions: 4
            backoffLimitPerIndex: 1    # expect: 25 [invalid-job]
            maxFailedIndexes: 5    # expect: 21 [invalid-job]
            """),
        [
            'spec.completionMode: Unsupported value: "indexed": supported values: "NonIndexed", "Indexed"',
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            "spec.maxFailedIndexes: Invalid value: 5: requires indexed completion mode",
        ],
    ),
    (
        "job-indexed-max-failed-indexes-above-completions",
        job("completions: 4\ncompletionMode: Indexed\nbackoffLimitPerIndex: 1\nmaxFailedIndexes: 5    # expect: 21 [invalid-job]\n"),
        ["spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions"],
    ),
    (
        "job-pod-failure-policy-rules",
        job("""\
            podFailurePolicy:
              rules:
                - action: FailIndex    # expect: 17 [invalid-job]
                  onExitCodes:
                    containerName: worker    # expect: 26 [invalid-job]
                    operator: In
                    values: [0, 5, 5, 2]    # expect: 11 [invalid-job] 20 [invalid-job] 26 [invalid-job]
                - action: ""    # expect: 9 [invalid-job] 17 [invalid-job]
                - action: Restart    # expect: 9 [invalid-job] 17 [invalid-job]
                  onExitCodes: {operator: Among, values: []}    # expect: 33 [invalid-job] 48 [invalid-job]
                  onPodConditions: [{type: DisruptionTarget, status: maybe}]    # expect: 60 [invalid-job]
            """),
        [
            'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the '
            'backoffLimitPerIndex to be set',
            'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "worker": must be one of the '
            "container or initContainer names in the pod template",
            "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 5, 5, 2}: must be ordered",
            "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
            "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 5",
            'spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is '
            'required',
            'spec.podFailurePolicy.rules[1].action: Required value: valid values: ["Count" "FailIndex" "FailJob" '
            '"Ignore"]',
            'spec.podFailurePolicy.rules[2]: Invalid value: specifying both OnExitCodes and OnPodConditions is '
            'not supported',
            'spec.podFailurePolicy.rules[2].action: Unsupported value: "Restart": supported values: "Count", '
            '"FailIndex", "FailJob", "Ignore"',
            'spec.podFailurePolicy.rules[2].onExitCodes.operator: Unsupported value: "Among": supported values: '
            '"In", "NotIn"',
            'spec.podFailurePolicy.rules[2].onExitCodes.values: Invalid value: []int32{}: at least one value is '
            'required',
            'spec.podFailurePolicy.rules[2].onPodConditions[0].status: Unsupported value: "maybe": supported values: '
            '"False", "True", "Unknown"',
        ],
    ),
    (
        "job-pod-failure-policy-valid",  # an empty status is defaulted to True in a Job
        job("""\
            backoffLimitPerIndex: 1
            completions: 3
            completionMode: Indexed
            podReplacementPolicy: Failed
            podFailurePolicy:
              rules:
                - action: FailIndex
                  onExitCodes: {containerName: work, operator: NotIn, values: [0, 1, 42]}
                - action: Ignore
                  onPodConditions: [{type: DisruptionTarget, status: ""}]
            """),
        [],
    ),
    (
        "job-pod-replacement-policy-with-a-pod-failure-policy",
        job("""\
            podReplacementPolicy: TerminatingOrFailed    # expect: 25 [invalid-job]
            podFailurePolicy:
              rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]
            """),
        ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
    ),
    (
        "cronjob-counts-and-job-template-before-1-34",
        """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  startingDeadlineSeconds: -1    # expect: 28 [invalid-job]
  failedJobsHistoryLimit: -1    # expect: 27 [invalid-job]
  jobTemplate:
    spec:
      manualSelector: true    # expect: 23 [invalid-job]
      parallelism: 2
      completionMode: Indexed    # expect: 23 [invalid-job]
      podFailurePolicy:
        rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]    # expect: 52 [invalid-job] 52 [missing-required-field]
      template:
        spec:
          restartPolicy: Never
          containers: [{name: report, image: "example/report:3.1.0"}]
""",
        [
            "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
            "spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
            "spec.jobTemplate.spec.completions: Required value: when completion mode is Indexed",
            'spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value: valid values: '
            '["False" "True" "Unknown"]',
            "spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value",
        ],
    ),
    (
        "cronjob-pod-condition-status-defaulted",  # from 1.34 (#131525), as in a Job
        """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      podFailurePolicy:
        rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]
      template:
        spec:
          restartPolicy: Never
          containers: [{name: report, image: "example/report:3.1.0"}]
""",
        [],
    ),
    (
        "job-name-too-long-for-its-pod-labels",  # generateSelector, then ValidatePodTemplateSpec
        job("").replace(
            "  name: work\n",
            "  name: my-release-my-chart-database-migration-pre-upgrade-hook-20250101"
            "   # expect: 9 [invalid-job] 9 [name-not-dns-label]\n",
            1,
        ),
        [
            'spec.template.labels: Invalid value: "my-release-my-chart-database-migration-pre-upgrade-hook-20250101": '
            "must be no more than 63 bytes",
            "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS "
            "label is recommended: [must be no more than 63 characters]",
        ],
    ),
    (
        "job-indexed-last-pod-hostname-of-defaulted-completions",  # SetDefaults_Job: completions 1
        job("completionMode: Indexed\n").replace(
            "  name: work\n", "  name: " + "a" * 62 + "   # expect: 9 [invalid-job]\n", 1
        ),
        [f'metadata.name: Invalid value: "{"a" * 62}": will not able to create pod with invalid DNS label: {"a" * 62}-0'],
    ),
    # --- a Job's successPolicy (validateSuccessPolicy, on from 1.31), its generated selector
    # (generateSelector, validateGeneratedSelector) and a StatefulSet's serviceName (from 1.33)
    (
        "job-success-policy",
        job("""\
            completions: 5
            completionMode: Indexed
            successPolicy:
              rules:
                - {succeededIndexes: "0,2-3,3", succeededCount: 6}    # expect: 28 [invalid-job] 55 [invalid-job] 55 [invalid-job]
                - {}    # expect: 9 [invalid-job]
                - {succeededIndexes: "+1,3-4", succeededCount: 3}
                - {succeededIndexes: "1-2-3"}    # expect: 28 [invalid-job]
                - {succeededIndexes: "4-1"}    # expect: 28 [invalid-job]
                - {succeededIndexes: "-1"}    # expect: 28 [invalid-job]
                - {succeededIndexes: "7", succeededCount: -1}    # expect: 28 [invalid-job] 49 [invalid-job]
            """),
        [
            'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0,2-3,3": error parsing succeededIndexes: '
            "non-increasing order, previous: 3, current: 3",
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number "
            "of specified completions)",
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 0 (the number "
            "of indexes in the specified succeededIndexes field)",
            "spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be "
            "specified",
            'spec.successPolicy.rules[3].succeededIndexes: Invalid value: "1-2-3": error parsing succeededIndexes: the '
            "fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated "
            "by '-'",
            'spec.successPolicy.rules[4].succeededIndexes: Invalid value: "4-1": error parsing succeededIndexes: '
            "non-increasing order, previous: 4, current: 1",
            'spec.successPolicy.rules[5].succeededIndexes: Invalid value: "-1": error parsing succeededIndexes: cannot '
            'convert string to integer for index: ""',
            'spec.successPolicy.rules[6].succeededIndexes: Invalid value: "7": error parsing succeededIndexes: too '
            'large index: "7"',
            "spec.successPolicy.rules[6].succeededCount: Invalid value: -1: must be greater than or equal to 0",
        ],
    ),
    (
        "job-success-policy-of-a-job-not-indexed",
        job("""\
            successPolicy:    # expect: 3 [invalid-job]
              rules: [{succeededCount: 1}]
            """),
        [
            "spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch."
            "SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(0xc…)}}}: requires indexed "
            "completion mode",
        ],
    ),
    (
        "job-success-policy-without-rules",
        job("""\
            completions: 2
            completionMode: Indexed
            successPolicy: {rules: []}    # expect: 19 [invalid-job]
            """),
        ["spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified"],
    ),
    (
        "job-success-policy-dropped-in-1-30",  # JobSuccessPolicy is off: the API server drops the field
        job("""\
            successPolicy:
              rules: [{succeededCount: 1}]
            """),
        [],
    ),
    (
        "job-selector-not-generated",  # no manualSelector: the API server generates the selector and labels
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  selector:    # expect: 3 [selector-mismatch]
    matchLabels: {app: pi}
  template:
    metadata:
      labels: {app: pie, job-name: pie, controller-uid: abc}    # expect: 7 [selector-mismatch] 26 [selector-mismatch] 41 [selector-mismatch]
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: "perl:5.34"}]
""",
        [
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"pi\", "
            '"batch.kubernetes.io/controller-uid":"<uid>"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: '
            "`selector` not auto-generated",
            'spec.template.metadata.labels: Invalid value: map[string]string{"app":"pie", '
            '"batch.kubernetes.io/controller-uid":"<uid>", "batch.kubernetes.io/job-name":"pi", "controller-uid":"abc", '
            '"job-name":"pie"}: `selector` does not match template `labels`',
            'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"app":"pie", '
            '"batch.kubernetes.io/controller-uid":"<uid>", "batch.kubernetes.io/job-name":"pi", "controller-uid":"abc", '
            "\"job-name\":\"pie\"}: must be 'pi'",
            'spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{"app":"pie", '
            '"batch.kubernetes.io/controller-uid":"<uid>", "batch.kubernetes.io/job-name":"pi", "controller-uid":"abc", '
            "\"job-name\":\"pie\"}: must be '<uid>'",
        ],
    ),
    (
        "job-controller-uid-label-without-a-selector",  # the generated selector selects the UID
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    metadata:
      labels: {batch.kubernetes.io/controller-uid: abc}    # expect: 7 [selector-mismatch] 16 [selector-mismatch]
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: "perl:5.34"}]
""",
        [
            'spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"abc", '
            '"batch.kubernetes.io/job-name":"pi", "controller-uid":"<uid>", "job-name":"pi"}: `selector` does not match '
            "template `labels`",
            'spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: map[string]string{'
            '"batch.kubernetes.io/controller-uid":"abc", "batch.kubernetes.io/job-name":"pi", "controller-uid":"<uid>", '
            "\"job-name\":\"pi\"}: must be '<uid>'",
        ],
    ),
    (
        "job-selector-that-the-generated-one-satisfies",
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: ok}
spec:
  selector:
    matchExpressions: [{key: job-name, operator: In, values: [ok]}]
  template:
    metadata:
      labels: {app: ok, batch.kubernetes.io/job-name: ok}
    spec:
      restartPolicy: Never
      containers: [{name: ok, image: "perl:5.34"}]
""",
        [],
    ),
    (
        "statefulset-service-name",
        workload("StatefulSet", "serviceName: Web_svc    # expect: 16 [invalid-workload]\n"),
        [f'spec.serviceName: Invalid value: "Web_svc": {RFC1123_LABEL}'],
    ),
    (
        "statefulset-service-name-before-1-33",  # any name was taken
        workload("StatefulSet", "serviceName: Web_svc\n"),
        [],
    ),
    (
        "in-tree-volume-sources",  # validateISCSIVolumeSource, validateFCVolumeSource, validateAzureDisk, ...
        pod("""\
            volumes:
              - name: lun0
                iscsi: {targetPortal: "10.0.2.15:3260", iqn: iqn.2001-04.com.example, lun: 300, chapAuthSession: true}    # expect: 7 [invalid-volume] 52 [invalid-volume] 82 [invalid-volume]
              - name: lun1
                iscsi: {targetPortal: "10.0.2.15:3260", iqn: "eui.02004567A425678D", lun: 0, initiatorName: naa.1}    # expect: 99 [invalid-volume]
              - name: a-very-long-volume-name-for-the-initiator-and-the-portal    # expect: 13 [invalid-volume]
                iscsi: {targetPortal: "10.0.2.15:3260", iqn: "iqn.2001-04.com.example:disk1", lun: 0, initiatorName: "iqn.1994-05.com.redhat:node1"}
              - name: azure
                azureDisk: {diskName: data, diskURI: /subscriptions/0000/resourceGroups/rg/disks/data}    # expect: 44 [invalid-volume]
              - name: azure-managed
                azureDisk: {diskName: data, diskURI: "https://a.blob.core.windows.net/c/d.vhd", kind: Managed, cachingMode: Fast}    # expect: 44 [invalid-volume] 115 [invalid-volume]
              - name: flex
                flexVolume: {driver: "", options: {kubernetes.io/fsType: ext4}}    # expect: 28 [invalid-volume] 42 [invalid-volume]
              - name: fc
                fc: {targetWWNs: ["500a0982991b8dc5"], wwids: ["3600508b400105e210000900000490000"]}    # expect: 7 [invalid-volume] 12 [invalid-volume]
              - name: fc-empty
                fc: {}    # expect: 7 [invalid-volume]
              - name: gce
                gcePersistentDisk: {pdName: disk, partition: 256}    # expect: 52 [invalid-volume]
              - name: sio
                scaleIO: {gateway: "https://gw", system: sys, secretRef: {name: sio}}    # expect: 7 [invalid-volume] 7 [deprecated-volume-type]
            """, APP),
        [
            "spec.volumes[0].iscsi.secretRef: Required value",
            'spec.volumes[0].iscsi.iqn: Invalid value: "iqn.2001-04.com.example": must be valid format',
            "spec.volumes[0].iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive",
            'spec.volumes[1].iscsi.initiatorname: Invalid value: "naa.1": must be valid format',
            'spec.volumes[2].name: Invalid value: "a-very-long-volume-name-for-the-initiator-and-the-portal": Total '
            "length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is "
            "specified.",
            'spec.volumes[3].azureDisk.diskURI: Unsupported value: "/subscriptions/0000/resourceGroups/rg/disks/data": '
            'supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"',
            'spec.volumes[4].azureDisk.diskURI: Unsupported value: "https://a.blob.core.windows.net/c/d.vhd": supported '
            'values: "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"',
            'spec.volumes[4].azureDisk.cachingMode: Unsupported value: "Fast": supported values: "None", "ReadOnly", '
            '"ReadWrite"',
            "spec.volumes[5].flexVolume.driver: Required value",
            'spec.volumes[5].flexVolume.options[kubernetes.io/fsType]: Invalid value: "kubernetes.io/fsType": '
            "kubernetes.io and k8s.io namespaces are reserved",
            "spec.volumes[6].fc.lun: Required value: lun is required if targetWWNs is specified",
            'spec.volumes[6].fc.targetWWNs: Invalid value: []string{"500a0982991b8dc5"}: targetWWNs and wwids can not '
            "be specified simultaneously",
            "spec.volumes[7].fc.targetWWNs: Required value: must specify either targetWWNs or wwids, but not both",
            "spec.volumes[8].persistentDisk.partition: Invalid value: 256: must be between 1 and 255, inclusive",
            "spec.volumes[9].scaleIO: deprecated in v1.16, non-functional in v1.22+",
            "spec.volumes[9].scaleIO.volumeName: Required value",
        ],
    ),
    (
        "ephemeral-volume-claims-of-a-pod",  # ValidateVolumes, validateVolumeSource with the Pod's name
        POD.replace("  name: web\n", f"  name: {'w' * 250}    # expect: 9 [name-not-dns-label]\n")
        + """\
  volumes:
    - name: scratch    # expect: 13 [invalid-volume]
      ephemeral:
        volumeClaimTemplate:
          spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
    - name: cache
      persistentVolumeClaim: {claimName: """ + "w" * 250 + """-scratch}    # expect: 42 [invalid-volume]
  containers:
    - name: web
      image: nginx:1.27.2
      volumeMounts: [{name: scratch, mountPath: /scratch}]    # expect: 29 [undefined-volume]
""",
        [
            "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label "
            "is recommended: [must be no more than 63 characters]",
            f'spec.volumes[0].name: Invalid value: "scratch": PVC name "{"w" * 250}-scratch": must be no more than 253 '
            "characters",
            f'spec.volumes[1].persistentVolumeClaim.claimName: Invalid value: "{"w" * 250}-scratch": must not reference '
            "a PVC that gets created for an ephemeral volume",
            'spec.containers[0].volumeMounts[0].name: Not found: "scratch"',
        ],
    ),
    (
        "replication-controller-selectors",  # ValidateNonEmptySelector, ValidatePodTemplateSpecForRC
        """\
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  selector: {app: other}
  template:
    metadata: {labels: {app: web}}    # expect: 16 [selector-mismatch]
    spec:
      containers: [{name: web, image: "nginx:1.27.2"}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc2}
spec:    # expect: 1 [selector-mismatch]
  template:
    spec:
      containers: [{name: web, image: "nginx:1.27.2"}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc3}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27.2"}]
""",
        [
            'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match '
            "template `labels`",
            "spec.selector: Required value",
        ],
    ),
    (
        "workloads-without-selectors",  # LabelSelectorAsSelector(nil) selects nothing; a manual Job's is required
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:    # expect: 1 [selector-mismatch]
  manualSelector: true
  template:
    metadata: {labels: {app: web, tier: "a b"}}    # expect: 16 [selector-mismatch] 41 [invalid-label] 41 [invalid-label]
    spec:
      restartPolicy: Never
      containers: [{name: web, image: "nginx:1.27.2"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dep}
spec:    # expect: 1 [missing-required-field]
  template:
    metadata: {labels: {app: web}}    # expect: 16 [selector-mismatch]
    spec:
      containers: [{name: web, image: "nginx:1.27.2"}]
""",
        [
            "spec.selector: Required value",
            'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"a b"}: `selector` '
            "does not match template `labels`",
            f'metadata.labels: Invalid value: "a b": {LABEL_VALUE}',  # SetDefaults_Job: the template's labels
            f'spec.template.labels: Invalid value: "a b": {LABEL_VALUE}',
            "spec.selector: Required value",
            'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match '
            "template `labels`",
        ],
    ),
    (
        "statefulset-claim-templates",  # ValidateVolumeClaimTemplates from 1.34, revisionHistoryLimit from 1.33
        workload("StatefulSet", "serviceName: web\nrevisionHistoryLimit: -1    # expect: 25 [invalid-workload]\n")
        + """\
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:    # expect: 7 [invalid-workload]
        resources: {requests: {storage: 1Gi}}
    - metadata: {name: logs}
      spec:    # expect: 7 [invalid-workload]
        accessModes: [ReadWriteOnce]
    - metadata: {name: restored}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
        dataSource: {kind: VolumeSnapshot, name: nightly}    # expect: 28 [invalid-workload]
""",
        [
            "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
            "spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required",
            "spec.volumeClaimTemplates[1].spec.resources[storage]: Required value",
            'spec.volumeClaimTemplates[2].spec.dataSource: Invalid value: "VolumeSnapshot": must be '
            "'PersistentVolumeClaim' when referencing the default apiGroup",
        ],
    ),
    (
        "statefulset-claim-templates-before-1-33",  # the controller failed to create the claims
        workload("StatefulSet", "serviceName: web\nrevisionHistoryLimit: -1\n")
        + """\
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        resources: {requests: {storage: 1Gi}}
""",
        [],
    ),
    (
        "ephemeral-volume-data-sources",  # ValidatePersistentVolumeClaimSpec, validateDataSource(Ref)
        pod("""\
            volumes:
              - name: a
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                      dataSource: {kind: VolumeSnapshot, name: ""}    # expect: 32 [invalid-volume] 54 [invalid-volume]
              - name: b
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                      dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: nightly}    # expect: 13 [invalid-volume]
                      dataSourceRef: {apiGroup: Snapshot.Storage.K8s.io, kind: VolumeSnapshot, name: nightly}    # expect: 39 [invalid-volume]
                      volumeAttributesClassName: Gold_IOPS    # expect: 40 [invalid-volume]
              - name: c
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                      dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: nightly}    # expect: 13 [invalid-volume]
                      dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: nightly, namespace: Backups}    # expect: 112 [invalid-volume]
              - name: d
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 1Gi}}
                      dataSource: {kind: PersistentVolumeClaim, name: seed}
                      dataSourceRef: {kind: PersistentVolumeClaim, name: seed}
            """, APP),
        [
            'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource: Invalid value: "VolumeSnapshot": must be '
            "'PersistentVolumeClaim' when referencing the default apiGroup",
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.dataSource.name: Required value",
            'spec.volumes[1].ephemeral.volumeClaimTemplate.spec: Invalid value: field.Path{name:"dataSource", '
            'index:"", parent:(*field.Path)(0xc…)}: must match dataSourceRef',
            'spec.volumes[1].ephemeral.volumeClaimTemplate.spec.dataSourceRef.apiGroup: Invalid value: '
            f'"Snapshot.Storage.K8s.io": {RFC1123_SUBDOMAIN}',
            'spec.volumes[1].ephemeral.volumeClaimTemplate.spec.volumeAttributesClassName: Invalid value: '
            f'"Gold_IOPS": {RFC1123_SUBDOMAIN}',
            'spec.volumes[2].ephemeral.volumeClaimTemplate.spec: Invalid value: field.Path{name:"dataSource", '
            'index:"", parent:(*field.Path)(0xc…)}: may not be specified when dataSourceRef.namespace is specified',
            'spec.volumes[2].ephemeral.volumeClaimTemplate.spec.dataSourceRef.namespace: Invalid value: "Backups": '
            f"{RFC1123_LABEL}",
        ],
    ),
    # --- tolerations and affinity: ValidateTolerations, validateAffinity, ValidateLabelSelector
    (
        "proc-mount-values",  # ValidateSecurityContext, ValidateProcMountType (ProcMountType, on from 1.33)
        pod("""\
            containers:
              - {name: a, image: "nginx:1.27.2", securityContext: {procMount: Bogus}}   # expect: 69 [invalid-security-context]
              - {name: b, image: "nginx:1.27.2", securityContext: {procMount: Unmasked}}   # expect: 69 [invalid-security-context]
            """),
        [
            'spec.containers[0].securityContext.procMount: Unsupported value: "Bogus": supported values: "Default", '
            '"Unmasked"',
            'spec.containers[1].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to '
            "use `Unmasked`",
        ],
    ),
    (
        "tolerations-from-1-35",  # ValidateTolerations with the comparison operators known (and off)
        pod("""\
            tolerations:
              - {key: dedicated, operator: Exists, value: web}    # expect: 49 [invalid-toleration]
              - {key: cores, operator: Gt, value: "4"}    # expect: 30 [invalid-toleration]
            """, APP),
        [
            "spec.tolerations[0].operator: Invalid value: \"web\": value must be empty when `operator` is 'Exists'",
            'spec.tolerations[1].operator: Unsupported value: "Gt": supported values: "Equal", "Exists", "Lt", "Gt"',
        ],
    ),
    (
        "tolerations",
        pod("""\
            tolerations:
              - {operator: Equal, value: "a b"}    # expect: 18 [invalid-toleration] 32 [invalid-toleration]
              - {key: dedicated, operator: Exists, value: web}    # expect: 49 [invalid-toleration]
              - {key: k, operator: Exist, effect: NoRun}    # expect: 26 [invalid-toleration] 41 [invalid-toleration]
              - {key: k, tolerationSeconds: 30}    # expect: 16 [invalid-toleration]
            """, APP),
        [
            'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, '
            'which means "match all values and all keys"',
            f'spec.tolerations[0].operator: Invalid value: "a b": {LABEL_VALUE}',
            'spec.tolerations[1].operator: Invalid value: core.Toleration{Key:"dedicated", Operator:"Exists", '
            'Value:"web", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is '
            "'Exists'",
            'spec.tolerations[2].operator: Unsupported value: "Exist": supported values: "Equal", "Exists"',
            'spec.tolerations[2].effect: Unsupported value: "NoRun": supported values: "NoSchedule", '
            '"PreferNoSchedule", "NoExecute"',
            'spec.tolerations[3].effect: Invalid value: "": effect must be \'NoExecute\' when `tolerationSeconds` '
            'is set',
        ],
    ),
    (
        "tolerations-from-1-32",  # an Exists toleration's value is shown alone; Lt and Gt come in 1.35
        pod("""\
            tolerations:
              - {key: dedicated, operator: Exists, value: web}    # expect: 49 [invalid-toleration]
              - {key: cores, operator: Gt, value: "4"}    # expect: 30 [invalid-toleration]
            """, APP),
        [
            "spec.tolerations[0].operator: Invalid value: \"web\": value must be empty when `operator` is 'Exists'",
            'spec.tolerations[1].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"',
        ],
    ),
    (
        "tolerations-valid",
        pod("""\
            tolerations:
              - {operator: Exists}
              - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 60}
              - {key: dedicated, value: web, effect: PreferNoSchedule}
            """, APP),
        [],
    ),
    (
        "node-affinity-requirements",
        pod("""\
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - {key: a, operator: In}    # expect: 17 [invalid-affinity]
                        - {key: b, operator: Gt, values: ["1", "2"]}    # expect: 40 [invalid-affinity]
                        - {key: c, operator: Like, values: [x]}    # expect: 36 [invalid-affinity]
                        - {key: d, operator: NotIn, values: [eu west]}    # expect: 52 [invalid-affinity]
                      matchFields:
                        - {key: metadata.labels, operator: In, values: [a]}    # expect: 23 [invalid-affinity]
                preferredDuringSchedulingIgnoredDuringExecution:
                  - {weight: 101, preference: {matchExpressions: [{key: a, operator: Exists, values: [x]}]}}    # expect: 20 [invalid-affinity] 84 [invalid-affinity]
            """, APP),
        [
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
            ".matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
            ".matchExpressions[1].values: Required value: must be specified single value when `operator` is 'Lt' "
            "or 'Gt'",
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
            '.matchExpressions[2].operator: Invalid value: "Like": not a valid selector operator',
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
            f'.matchExpressions[3].values[0]: Invalid value: "eu west": {LABEL_VALUE}',
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
            '.matchFields[0].key: Invalid value: "metadata.labels": not a valid field selector key',
            "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: "
            "must be in the range 1-100",
            "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0]"
            ".values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ],
    ),
    (
        "node-affinity-values-before-1-33",  # ValidateNodeSelectorRequirement checked no value (#128212)
        pod("""\
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions: [{key: zone, operator: In, values: [us east 1, "a,b"]}]
            """, APP),
        [],
    ),
    (
        "pod-affinity-terms",
        pod("""\
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector: {matchExpressions: [{key: app, operator: Gt, values: ["1"]}]}    # expect: 67 [invalid-affinity]
                    namespaces: [Prod]    # expect: 24 [invalid-affinity]
                    topologyKey: ""    # expect: 24 [invalid-affinity] 24 [invalid-affinity] 24 [invalid-affinity]
            """, APP),
        [
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector"
            '.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator',
            'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: '
            f'"Prod": {RFC1123_LABEL}',
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: "
            "can not be empty",
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "
            '"": name part must be non-empty',
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "
            f'"": {QUALIFIED_NAME}',
        ],
    ),
    # --- names and addresses of a pod spec: ValidatePodSpec, ValidateHostAliases, validatePodDNSConfig
    (
        "pod-spec-names",
        pod("""\
            hostname: web.example.com    # expect: 13 [invalid-name]
            subdomain: Headless    # expect: 14 [invalid-name]
            serviceAccountName: my_sa    # expect: 23 [invalid-name]
            priorityClassName: High    # expect: 22 [invalid-name]
            runtimeClassName: Kata    # expect: 21 [invalid-name]
            nodeName: node-1    # expect: 13 [invalid-name]
            schedulingGates: [{name: example.com/quota}]
            """, APP),
        [
            'spec.hostname: Invalid value: "web.example.com": must not contain dots',
            f'spec.subdomain: Invalid value: "Headless": {RFC1123_LABEL}',
            f'spec.serviceAccountName: Invalid value: "my_sa": {RFC1123_SUBDOMAIN}',
            f'spec.priorityClassName: Invalid value: "High": {RFC1123_SUBDOMAIN}',
            f'spec.runtimeClassName: Invalid value: "Kata": {RFC1123_SUBDOMAIN}',
            'spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared',
        ],
    ),
    # ValidateRuntimeClassName of a pointer: an empty name too (a Pod's is looked up by the
    # RuntimeClass admission plugin first: tests/test_runtime_classes.py)
    (
        "runtime-class-name-empty",
        deployment("""\
            runtimeClassName: ""    # expect: 25 [invalid-name]
            """, APP),
        [f'spec.template.spec.runtimeClassName: Invalid value: "": {RFC1123_SUBDOMAIN}'],
    ),
    (
        "gates-and-http-headers",
        pod("""\
            readinessGates:
              - conditionType: example.com/feature-1
              - conditionType: "bad type"    # expect: 22 [invalid-name]
            schedulingGates:
              - name: example.com/quota
              - name: example.com/quota    # expect: 13 [invalid-name]
              - name: "-bad"    # expect: 13 [invalid-name]
            containers:
              - name: web
                image: nginx:1.27.2
                readinessProbe:
                  httpGet:
                    port: 8080
                    httpHeaders:
                      - {name: X-Forwarded-Proto, value: https}
                      - {name: X_Custom, value: x}    # expect: 22 [invalid-probe]
            """),
        [
            f'spec.readinessGates[1].conditionType: Invalid value: "bad type": {QUALIFIED_NAME}',
            'spec.schedulingGates[1]: Duplicate value: "example.com/quota"',
            f'spec.schedulingGates[2]: Invalid value: "-bad": {QUALIFIED_NAME}',
            'spec.containers[0].readinessProbe.httpGet.httpHeaders: Invalid value: "X_Custom": a valid HTTP '
            "header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for "
            "validation is '[-A-Za-z0-9]+')",
        ],
    ),
    (
        "pod-spec-names-valid",
        pod("""\
            hostname: web-0
            subdomain: web-headless
            serviceAccountName: web.reader
            priorityClassName: system-cluster-critical
            runtimeClassName: gvisor
            nodeName: ip-10-0-0-1.ec2.internal
            """, APP),
        [],
    ),
    (
        "host-aliases",
        pod("""\
            hostAliases:
              - {ip: localhost, hostnames: [db.local, My_Host]}    # expect: 12 [invalid-host-alias] 45 [invalid-host-alias]
              - {ip: 10.0.0.0/8, hostnames: [net]}    # expect: 12 [invalid-host-alias]
              - {ip: "fe80::1%eth0", hostnames: [link]}    # expect: 12 [invalid-host-alias]
            """, APP),
        [
            'spec.hostAliases[0].ip: Invalid value: "localhost": must be a valid IP address, (e.g. 10.9.8.7 or '
            '2001:db8::ffff)',
            f'spec.hostAliases[0].hostnames[1]: Invalid value: "My_Host": {RFC1123_SUBDOMAIN}',
            'spec.hostAliases[1].ip: Invalid value: "10.0.0.0/8": must be a valid IP address, (e.g. 10.9.8.7 or '
            '2001:db8::ffff)',
            'spec.hostAliases[2].ip: Invalid value: "fe80::1%eth0": must be a valid IP address, (e.g. 10.9.8.7 '
            'or 2001:db8::ffff)',
        ],
    ),
    (
        "host-aliases-valid",
        pod("""\
            hostAliases:
              - {ip: 127.0.0.1, hostnames: [cache, cache.local]}
              - {ip: "2001:db8::10", hostnames: [v6]}
            """, APP),
        [],
    ),
    (
        "dns-config-entries",
        pod("""\
            dnsPolicy: None
            dnsConfig:
              nameservers: [dns.google, "1.1.1.1"]    # expect: 19 [invalid-dns-policy]
              searches: [svc.cluster.local., Bad_Domain, "."]    # expect: 36 [invalid-dns-policy] 48 [invalid-dns-policy]
              options: [{name: ndots, value: "2"}, {value: "3"}, {name: ""}]    # expect: 42 [invalid-dns-policy] 63 [invalid-dns-policy]
            """, APP),
        [
            'spec.dnsConfig.nameservers[0]: Invalid value: "dns.google": must be a valid IP address, (e.g. '
            '10.9.8.7 or 2001:db8::ffff)',
            f'spec.dnsConfig.searches[1]: Invalid value: "Bad_Domain": {RFC1123_SUBDOMAIN}',
            f'spec.dnsConfig.searches[2]: Invalid value: "": {RFC1123_SUBDOMAIN}',
            'spec.dnsConfig.options[1]: Required value: must not be empty',
            'spec.dnsConfig.options[2]: Required value: must not be empty',
        ],
    ),
    (
        "dns-config-searches-relaxed",  # RelaxedDNSSearchValidation (1.33): "." and underscores pass
        pod("""\
            dnsConfig:
              searches: [_sip._tcp.example.com, ".", svc.cluster.local., Bad_Domain!]    # expect: 64 [invalid-dns-policy]
            """, APP),
        [
            'spec.dnsConfig.searches[3]: Invalid value: "Bad_Domain!": a lowercase RFC 1123 subdomain must consist '
            "of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'example.com', regex used for validation is "
            "'_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
        ],
    ),
    (
        "dns-config-searches-relaxed-in-1-33",  # whose message showed a plain subdomain's regex (#132027)
        pod("""\
            dnsConfig:
              searches: [_sip._tcp.example.com, Bad_Domain!]    # expect: 39 [invalid-dns-policy]
            """, APP),
        [
            'spec.dnsConfig.searches[1]: Invalid value: "Bad_Domain!": a lowercase RFC 1123 subdomain must consist '
            "of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric "
            "character (e.g. 'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ],
    ),
    (
        "dns-config-entries-valid",
        pod("""\
            dnsPolicy: None
            dnsConfig:
              nameservers: ["1.1.1.1", "2606:4700:4700::1111"]
              searches: [ns1.svc.cluster.local., my.dns.search.suffix]
              options: [{name: ndots, value: "2"}, {name: edns0}]
            """, APP),
        [],
    ),
    # --- topology spread constraints: validateTopologySpreadConstraints
    (
        "topology-spread-constraints",
        pod("""\
            topologySpreadConstraints:
              - {maxSkew: -1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 0, labelSelector: {}}    # expect: 17 [invalid-topology-spread] 34 [invalid-topology-spread] 86 [invalid-topology-spread]
              - {maxSkew: 1, topologyKey: "", whenUnsatisfiable: ScheduleAnyway, nodeTaintsPolicy: ignore, labelSelector: {}}    # expect: 33 [invalid-topology-spread] 90 [invalid-topology-spread]
              - maxSkew: 2
                topologyKey: zone
                whenUnsatisfiable: DoNotSchedule
                labelSelector: {matchLabels: {app: "a b"}, matchExpressions: [{key: tier, operator: In}]}    # expect: 42 [invalid-topology-spread] 69 [invalid-topology-spread]
              - {maxSkew: 1, topologyKey: rack, whenUnsatisfiable: DoNotSchedulee, labelSelector: {}}    # expect: 58 [invalid-topology-spread]
              - {maxSkew: 1, topologyKey: rack, minDomains: 2, labelSelector: {}}    # expect: 7 [missing-required-field] 51 [invalid-topology-spread]
            """, APP),
        [
            "spec.topologySpreadConstraints[0].maxSkew: Invalid value: -1: must be greater than zero",
            'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, '
            'DoNotSchedule}"',
            "spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero",
            "spec.topologySpreadConstraints[1].topologyKey: Required value: can not be empty",
            'spec.topologySpreadConstraints[1].nodeTaintsPolicy: Unsupported value: "ignore": supported values: '
            '"Honor", "Ignore"',
            f'spec.topologySpreadConstraints[2].labelSelector.matchLabels: Invalid value: "a b": {LABEL_VALUE}',
            "spec.topologySpreadConstraints[2].labelSelector.matchExpressions[0].values: Required value: must be "
            "specified when `operator` is 'In' or 'NotIn'",
            'spec.topologySpreadConstraints[3].whenUnsatisfiable: Unsupported value: "DoNotSchedulee": supported '
            'values: "DoNotSchedule", "ScheduleAnyway"',
            "spec.topologySpreadConstraints[4].whenUnsatisfiable: Required value",
            "spec.topologySpreadConstraints[4].minDomains: Invalid value: 2: can only use minDomains if "
            "whenUnsatisfiable=DoNotSchedule, not ",
        ],
    ),
    # --- matchLabelKeys and mismatchLabelKeys: the merge of PrepareForCreate (a Pod's terms
    # from 1.31, its spread constraints from 1.34), then ValidateMatchLabelKeysAndMismatchLabelKeys
    (
        "match-label-keys-merged-into-a-pod",
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web, tier: fe}
spec:
  containers:
    - name: web
      image: nginx:1.27.2
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: zone
      whenUnsatisfiable: DoNotSchedule
      labelSelector: {matchLabels: {app: web}}
      matchLabelKeys: [app, pod-template-hash]    # expect: 24 [invalid-topology-spread]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - topologyKey: zone
          labelSelector: {matchLabels: {app: web}}
          matchLabelKeys: [app, tier]    # expect: 28 [invalid-affinity] 33 [invalid-affinity] 33 [invalid-affinity]
          mismatchLabelKeys: [tier, "Bad Key"]    # expect: 37 [invalid-affinity]
        - topologyKey: zone    # expect: 11 [null-label-selector]
          matchLabelKeys: [app]    # expect: 11 [invalid-affinity]
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 1
          podAffinityTerm:
            topologyKey: zone
            labelSelector: {matchExpressions: [{key: tier, operator: Exists}]}
            mismatchLabelKeys: [tier]
""",
        [
            'spec.topologySpreadConstraints[0][0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector',
            'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid value: "app": '
            "exists in both matchLabelKeys and labelSelector",
            'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][1]: Invalid value: "tier": '
            "exists in both matchLabelKeys and labelSelector",
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[1]: Invalid "
            'value: "tier": exists in both matchLabelKeys and mismatchLabelKeys',
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[1]: "
            f'Invalid value: "Bad Key": {QUALIFIED_NAME}',
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].labelSelector: a null "
            "labelSelector results in matching no pod",
            "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].matchLabelKeys: Forbidden: "
            "must not be specified when labelSelector is not set",
        ],
    ),
    (
        "match-label-keys-of-a-template",  # no merge: the template is valid, the pods made from it are not
        deployment("""\
            topologySpreadConstraints:
              - maxSkew: 1
                topologyKey: zone
                whenUnsatisfiable: DoNotSchedule
                labelSelector: {matchLabels: {app: web}}
                matchLabelKeys: [app]    # expect: 28 [invalid-topology-spread]
            affinity:
              podAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: zone
                    labelSelector: {matchLabels: {app: web}, matchExpressions: [{key: app, operator: Exists}]}
                    matchLabelKeys: [app]    # expect: 32 [invalid-affinity]
            """, APP),
        [
            'the pods of this template are refused: spec.topologySpreadConstraints[0][0]: Invalid value: "app": '
            "exists in both matchLabelKeys and labelSelector",
            'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid '
            'value: "app": exists in both matchLabelKeys and labelSelector',
        ],
    ),
    (
        "match-label-keys-before-1-34",  # ValidateMatchLabelKeysInTopologySpread: no key in the selector at all
        pod("""\
            topologySpreadConstraints:
              - maxSkew: 1    # expect: 7 [null-label-selector]
                topologyKey: zone
                whenUnsatisfiable: DoNotSchedule
                matchLabelKeys: [app, -x]    # expect: 7 [invalid-topology-spread] 29 [invalid-topology-spread]
              - maxSkew: 1
                topologyKey: rack
                whenUnsatisfiable: DoNotSchedule
                labelSelector: {matchExpressions: [{key: app, operator: Exists}]}
                matchLabelKeys: [app]    # expect: 24 [invalid-topology-spread]
            """, APP),
        [
            "spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod",
            "spec.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is "
            "not set",
            f'spec.topologySpreadConstraints[0].matchLabelKeys[1]: Invalid value: "-x": {QUALIFIED_NAME}',
            'spec.topologySpreadConstraints[1].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys '
            "and labelSelector",
        ],
    ),
    (
        "pod-affinity-label-keys-dropped-in-1-30",  # MatchLabelKeysInPodAffinity is off: the lists are dropped
        pod("""\
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: zone
                    labelSelector: {matchLabels: {app: web}}
                    matchLabelKeys: [app, "Bad Key"]
                    mismatchLabelKeys: [app]
            """, APP),
        [],
    ),
    (
        "topology-spread-constraints-valid",
        pod("""\
            topologySpreadConstraints:
              - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, minDomains: 2, labelSelector: {matchLabels: {app: web}}}
              - {maxSkew: 3, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, nodeAffinityPolicy: Honor, nodeTaintsPolicy: Ignore, labelSelector: {}}
              - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {}}
            """, APP),
        [],
    ),
    (
        "selector-requirement-that-is-no-selector",
        DEPLOYMENT.replace(
            "  selector:\n    matchLabels: {app: web}\n",
            "  selector:    # expect: 3 [selector-mismatch]\n    matchLabels: {app: web}\n"
            "    matchExpressions: [{key: tier, operator: In}]    # expect: 24 [invalid-label]\n",
        )
        + textwrap.indent(NGINX, "    "),
        [
            'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, '
            'MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", '
            "Values:[]string(nil)}}}: invalid label selector",
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' "
            "or 'NotIn'",
        ],
    ),
    # --- security contexts: ValidateSecurityContext, validatePodSpecSecurityContext
    (
        "security-context-conflicts-and-ids",
        pod("""\
            hostPID: true
            shareProcessNamespace: true    # expect: 26 [invalid-security-context]
            securityContext:
              runAsGroup: -1    # expect: 17 [invalid-security-context]
              seccompProfile: {type: Localhost}    # expect: 28 [invalid-security-context]
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:    # expect: 7 [invalid-security-context]
                  privileged: true
                  allowPrivilegeEscalation: false
                  seccompProfile: {type: RuntimeDefault, localhostProfile: p.json}    # expect: 66 [invalid-security-context]
            """),
        [
            "spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID "
            "cannot both be enabled",
            "spec.securityContext.runAsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive",
            'spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type '
            'is Localhost',
            "spec.containers[0].securityContext: Invalid value: core.SecurityContext{…}: cannot set "
            "`allowPrivilegeEscalation` to false and `privileged` to true",
            "spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "
            'core.SeccompProfile{Type:"RuntimeDefault", LocalhostProfile:(*string)(0xc…)}: can only be set when '
            "seccomp type is Localhost",
        ],
    ),
    (
        "sysctls",
        pod("""\
            hostNetwork: true
            hostIPC: true
            securityContext:
              sysctls:
                - {name: net.ipv4.ip_unprivileged_port_start, value: "0"}    # expect: 16 [invalid-security-context]
                - {name: kernel.shm_rmid_forced, value: "1"}    # expect: 16 [invalid-security-context]
                - {name: net/ipv4/ip_forward, value: "1"}    # expect: 16 [invalid-security-context]
                - {name: Kernel.Foo, value: "1"}    # expect: 16 [invalid-security-context]
                - {name: kernel.shm_rmid_forced, value: "1"}    # expect: 16 [invalid-security-context] 16 [invalid-security-context]
                - {name: "", value: "1"}    # expect: 16 [invalid-security-context]
            """, APP),
        [
            'spec.securityContext.sysctls[0].name: Invalid value: "net.ipv4.ip_unprivileged_port_start": may not '
            "be specified when 'hostNetwork' is true",
            'spec.securityContext.sysctls[1].name: Invalid value: "kernel.shm_rmid_forced": may not be specified '
            "when 'hostIPC' is true",
            'spec.securityContext.sysctls[2].name: Invalid value: "net/ipv4/ip_forward": may not be specified '
            "when 'hostNetwork' is true",
            'spec.securityContext.sysctls[3].name: Invalid value: "Kernel.Foo": must have at most 253 characters '
            'and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
            'spec.securityContext.sysctls[4].name: Duplicate value: "kernel.shm_rmid_forced"',
            'spec.securityContext.sysctls[4].name: Invalid value: "kernel.shm_rmid_forced": may not be specified '
            "when 'hostIPC' is true",
            'spec.securityContext.sysctls[5].name: Required value',
        ],
    ),
    (
        "sysctls-valid",
        pod("""\
            securityContext:
              sysctls:
                - {name: net.ipv4.ip_unprivileged_port_start, value: "0"}
                - {name: net/ipv4/conf/eth0.100/rp_filter, value: "1"}
                - {name: kernel.shm_rmid_forced, value: "1"}
            """, APP),
        [],
    ),
    (
        "windows-options",  # validateWindowsSecurityContextOptions, validateWindowsHostProcessPod
        """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:    # expect: 1 [invalid-security-context] 1 [invalid-security-context]
  os: {name: windows}
  securityContext:
    windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\Local service", gmsaCredentialSpecName: Web_Spec}    # expect: 111 [invalid-security-context]
  containers:
    - name: a
      image: "example/a:1.0"
      securityContext: {windowsOptions: {hostProcess: false, runAsUserName: 'a\\b\\c', gmsaCredentialSpec: ""}}    # expect: 55 [invalid-security-context] 77 [invalid-security-context] 106 [invalid-security-context]
    - name: b
      image: "example/b:1.0"
      securityContext: {windowsOptions: {runAsUserName: 'ad.example.com\\'}}    # expect: 57 [invalid-security-context]
    - name: c
      image: "example/c:1.0"
      securityContext: {windowsOptions: {runAsUserName: 'bad:domain\\..'}}    # expect: 57 [invalid-security-context] 57 [invalid-security-context]
    - name: d
      image: "example/d:1.0"
      securityContext: {windowsOptions: {runAsUserName: 'admin@example'}}    # expect: 57 [invalid-security-context]
""",
        [
            'spec: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess '
            "containers",
            "spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers",
            f'spec.securityContext.windowsOptions.gmsaCredentialSpecName: Invalid value: "Web_Spec": {RFC1123_SUBDOMAIN}',
            "spec.containers[0].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value "
            "must be identical if both are specified, was true",
            'spec.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": '
            "runAsUserName cannot contain more than one backslash",
            'spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: "": gmsaCredentialSpec '
            "cannot be an empty string",
            'spec.containers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "ad.example.com\\\\": '
            "runAsUserName's User cannot be empty",
            'spec.containers[2].securityContext.windowsOptions.runAsUserName: Invalid value: "bad:domain\\\\..": '
            "runAsUserName's Domain doesn't match the NetBios nor the DNS format",
            'spec.containers[2].securityContext.windowsOptions.runAsUserName: Invalid value: "bad:domain\\\\..": '
            "runAsUserName's User cannot contain only periods or spaces",
            'spec.containers[3].securityContext.windowsOptions.runAsUserName: Invalid value: "admin@example": '
            'runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]',
        ],
    ),
    (
        "supplemental-groups-and-selinux-change-policies",  # from 1.33; MountOption with SELinuxMount, 1.37
        pod("""\
            securityContext:
              supplementalGroupsPolicy: Lenient    # expect: 31 [invalid-security-context]
              seLinuxChangePolicy: MountOption
            """, APP),
        ['spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Lenient": supported values: "Merge", "Strict"'],
    ),
    (
        "selinux-change-policy-before-selinux-mount",
        pod("""\
            securityContext:
              supplementalGroupsPolicy: Strict
              seLinuxChangePolicy: MountOption    # expect: 26 [invalid-security-context]
            """, APP),
        ['spec.securityContext.seLinuxChangePolicy: Unsupported value: "MountOption": supported values: "Recursive"'],
    ),
    (
        "security-context-policies-dropped-in-1-32",  # their features are off: the fields are dropped
        pod("""\
            securityContext:
              supplementalGroupsPolicy: Lenient
              seLinuxChangePolicy: Sometimes
            """, APP),
        [],
    ),
    (
        "windows-pod-with-linux-settings",
        pod("""\
            os: {name: windows}
            hostPID: true    # expect: 3 [invalid-pod-os]
            shareProcessNamespace: false    # expect: 3 [invalid-pod-os]
            hostUsers: true    # expect: 3 [invalid-pod-os]
            securityContext:
              fsGroup: 2000    # expect: 5 [invalid-pod-os]
              supplementalGroups: []    # expect: 5 [invalid-pod-os]
              seccompProfile: {type: RuntimeDefault}    # expect: 5 [invalid-pod-os]
              seLinuxChangePolicy: Recursive    # expect: 5 [invalid-pod-os]
            containers:
              - name: iis
                image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                securityContext:
                  capabilities: {drop: [ALL]}    # expect: 9 [invalid-pod-os]
                  readOnlyRootFilesystem: false    # expect: 9 [invalid-pod-os]
                  windowsOptions: {runAsUserName: ContainerUser}
            """),
        [
            'spec.hostPID: Forbidden: cannot be set for a windows pod',
            'spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod',
            'spec.hostUsers: Forbidden: cannot be set for a windows pod',
            'spec.securityContext.fsGroup: Forbidden: cannot be set for a windows pod',
            'spec.securityContext.supplementalGroups: Forbidden: cannot be set for a windows pod',
            'spec.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod',
            'spec.securityContext.seLinuxChangePolicy: Forbidden: cannot be set for a windows pod',
            'spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod',
            'spec.containers[0].securityContext.readOnlyRootFilesystem: Forbidden: cannot be set for a windows pod',
        ],
    ),
    (
        "linux-pod-with-windows-options-and-an-unknown-os",
        pod("""\
            os: {name: linux}
            securityContext:
              windowsOptions: {runAsUserName: ContainerUser}    # expect: 5 [invalid-pod-os]
            """, APP)
        + "---\n"
        + pod("""\
            os: {name: Windows}    # expect: 14 [invalid-pod-os]
            """, APP),
        [
            'spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
            'spec.os: Unsupported value: "Windows": supported values: "linux", "windows"',
        ],
    ),
    (
        "pod-os-valid",
        pod("""\
            os: {name: windows}
            securityContext:
              runAsNonRoot: true
              windowsOptions: {runAsUserName: ContainerUser}
            containers:
              - name: iis
                image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
                securityContext:
                  windowsOptions: {hostProcess: false}
            """)
        + "---\n"
        + pod("""\
            os: {name: linux}
            securityContext:
              runAsNonRoot: true
              seccompProfile: {type: RuntimeDefault}
            """, APP),
        [],
    ),
    (
        "volume-devices",
        pod("""\
            containers:
              - name: db
                image: postgres:16.4
                volumeMounts:
                  - {name: data, mountPath: /var/lib/postgresql/data}    # expect: 18 [invalid-volume-mount]
                volumeDevices:
                  - {name: raw, devicePath: /dev/xvda}
                  - {name: raw, devicePath: /dev/../xvdb}    # expect: 18 [invalid-volume-mount] 35 [invalid-volume-mount]
                  - {name: data, devicePath: /dev/xvdc}    # expect: 18 [invalid-volume-mount]
            volumes:
              - {name: data, persistentVolumeClaim: {claimName: data}}
              - {name: raw, persistentVolumeClaim: {claimName: raw}}
            """),
        [
            'spec.containers[0].volumeMounts[0].name: Invalid value: "data": must not already exist in volumeDevices',
            'spec.containers[0].volumeDevices[1].name: Invalid value: "raw": must be unique',
            'spec.containers[0].volumeDevices[1].devicePath: Invalid value: "/dev/../xvdb": can not contain '
            "backsteps ('..')",
            'spec.containers[0].volumeDevices[2].name: Invalid value: "data": must not already exist in volumeMounts',
        ],
    ),
    (
        "host-users-with-host-namespaces-in-1-33",
        pod("""\
            hostUsers: false
            hostNetwork: true    # expect: 16 [invalid-security-context]
            hostPID: true    # expect: 12 [invalid-security-context]
            hostIPC: true    # expect: 12 [invalid-security-context]
            """, APP),
        [
            'spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false',
            'spec.HostPID: Forbidden: when `pod.Spec.HostUsers` is false',
            'spec.HostIPC: Forbidden: when `pod.Spec.HostUsers` is false',
        ],
    ),
    (
        "host-users-with-host-namespaces-and-devices",  # validateHostUsers from 1.34 (#132868)
        pod("""\
            hostUsers: false
            hostPID: true    # expect: 12 [invalid-security-context]
            initContainers:
              - name: setup
                image: busybox:1.36
                volumeDevices: [{name: data, devicePath: /dev/xvda}]    # expect: 7 [invalid-security-context]
            containers:
              - name: db
                image: postgres:16.4
                volumeDevices: []
            volumes:
              - {name: data, persistentVolumeClaim: {claimName: db-data}}
            """),
        [
            "spec.HostPID: Forbidden: when `hostUsers` is false",
            "spec.initContainers[0].volumeDevices: Forbidden: when `hostUsers` is false",
        ],
    ),
    (
        "security-context-valid",
        pod("""\
            shareProcessNamespace: true
            securityContext:
              runAsUser: 2147483647
              fsGroupChangePolicy: OnRootMismatch
              seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}
            containers:
              - name: web
                image: nginx:1.27.2
                securityContext:
                  privileged: true
                  capabilities: {add: [SYS_ADMIN]}
                  appArmorProfile: {type: Localhost, localhostProfile: k8s-nginx}
            """),
        [],
    ),
    # --- selectors: ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateJobTemplateSpec
    (
        "selector-does-not-match",
        DEPLOYMENT.replace("      labels: {app: web}", "      labels: {app: api}   # expect: 7 [selector-mismatch]")
        + textwrap.indent(NGINX, "    "),
        [
            'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: '
            "`selector` does not match template `labels`"
        ],
    ),
    (
        "selector-match-expressions",
        DEPLOYMENT.replace(
            "    matchLabels: {app: web}\n",
            "    matchLabels: {app: web}\n    matchExpressions: [{key: tier, operator: NotIn, values: [db]}]\n",
        )
        + textwrap.indent(NGINX, "    "),
        [],
    ),
    (
        "empty-selector",
        DEPLOYMENT.replace("  selector:\n    matchLabels: {app: web}\n", "  selector: {}   # expect: 3 [selector-mismatch]\n")
        + textwrap.indent(NGINX, "    "),
        [
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
            "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
        ],
    ),
    (
        "cronjob-job-template-selector",
        """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      selector: {matchLabels: {app: report}}   # expect: 7 [selector-mismatch]
      template:
        metadata: {labels: {app: report}}
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: "example/report:3.1.0"}]
""",
        [
            'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":'
            '"report"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated'
        ],
    ),
    # --- enumerations: validatePullPolicy, validateMountPropagation; required image: validateContainerCommon
    (
        "image-pull-policy-lowercase",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                imagePullPolicy: always   # expect: 24 [unsupported-value]
            """),
        [
            'spec.containers[0].imagePullPolicy: Unsupported value: "always": '
            'supported values: "Always", "IfNotPresent", "Never"'
        ],
    ),
    (
        "mount-propagation-named-by-the-list",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts:
                  - {name: data, mountPath: /data, mountPropagation: Shared}   # expect: 60 [unsupported-value]
            volumes:
              - {name: data, emptyDir: {}}
            """),
        [
            'spec.containers[0].volumeMounts.mountPropagation: Unsupported value: "Shared": '
            'supported values: "Bidirectional", "HostToContainer", "None"'
        ],
    ),
    (
        "mount-propagation-empty",  # a pointer to "": validateMountPropagation does not know it
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                volumeMounts:
                  - {name: data, mountPath: /data, mountPropagation: ""}   # expect: 60 [unsupported-value]
            volumes:
              - {name: data, emptyDir: {}}
            """),
        [
            'spec.containers[0].volumeMounts.mountPropagation: Unsupported value: "": '
            'supported values: "Bidirectional", "HostToContainer", "None"'
        ],
    ),
    (
        "volume-device-paths-with-backsteps-are-not-compared",  # ValidateVolumeDevices keeps only the others
        pod("""\
            containers:
              - name: db
                image: postgres:16.4
                volumeDevices:
                  - {name: a, devicePath: /dev/../x}    # expect: 33 [invalid-volume-mount]
                  - {name: b, devicePath: /dev/../x}    # expect: 33 [invalid-volume-mount]
                  - {name: c, devicePath: ""}    # expect: 33 [invalid-volume-mount]
                  - {name: d, devicePath: ""}    # expect: 33 [duplicate-mount-path] 33 [invalid-volume-mount]
            volumes:
              - {name: a, persistentVolumeClaim: {claimName: a}}
              - {name: b, persistentVolumeClaim: {claimName: b}}
              - {name: c, persistentVolumeClaim: {claimName: c}}
              - {name: d, persistentVolumeClaim: {claimName: d}}
            """),
        [
            'spec.containers[0].volumeDevices[0].devicePath: Invalid value: "/dev/../x": can not contain '
            "backsteps ('..')",
            'spec.containers[0].volumeDevices[1].devicePath: Invalid value: "/dev/../x": can not contain '
            "backsteps ('..')",
            "spec.containers[0].volumeDevices[2].devicePath: Required value",
            'spec.containers[0].volumeDevices[3].devicePath: Invalid value: "": must be unique',
            "spec.containers[0].volumeDevices[3].devicePath: Required value",
        ],
    ),
    (
        "preemption-policy-empty-or-misspelt",  # ValidatePreemptionPolicy: "" is Required, not defaulted
        deployment(
            """\
            preemptionPolicy: ""   # expect: 25 [unsupported-value]
            """,
            NGINX,
        )
        + "---\n"
        + deployment(
            """\
            preemptionPolicy: never   # expect: 25 [unsupported-value]
            """,
            NGINX,
        ),
        [
            "spec.template.spec.preemptionPolicy: Required value",
            'spec.template.spec.preemptionPolicy: Unsupported value: "never": supported values: '
            '"PreemptLowerPriority", "Never"',
        ],
    ),
    (
        "container-without-image",
        deployment("""\
            containers:
              - name: web   # expect: 11 [missing-required-field]
            """),
        ["spec.template.spec.containers[0].image: Required value"],
    ),
    # --- complete, valid workloads
    (
        "valid-deployment",
        """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-frontend
  namespace: shop
  labels: {app.kubernetes.io/name: frontend, app.kubernetes.io/version: "2.3.1"}
  annotations: {example.com/owner: "team-shop", description: "The shop's web frontend"}
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: frontend}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: frontend}
    spec:
      serviceAccountName: frontend
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      initContainers:
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports: [{name: proxy, containerPort: 10000}]
          readinessProbe: {tcpSocket: {port: proxy}}
      containers:
        - name: frontend
          image: registry.example.com/shop/frontend:2.3.1
          imagePullPolicy: IfNotPresent
          ports: [{name: http, containerPort: 8080, protocol: TCP}]
          env:
            - {name: PATH, value: "/usr/bin"}
            - {name: PATH, value: "$(PATH):/opt/bin"}
          resources:
            requests: {cpu: 250m, memory: 256Mi, ephemeral-storage: 1Gi}
            limits: {memory: 512Mi}
          readinessProbe:
            httpGet: {path: /ready, port: http, scheme: HTTP}
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
            successThreshold: 1
          lifecycle:
            preStop: {exec: {command: [sleep, "5"]}}
          volumeMounts:
            - {name: config, mountPath: /etc/frontend, readOnly: true}
            - {name: cache, mountPath: /var/cache/frontend}
      volumes:
        - name: config
          configMap: {name: frontend-config, items: [{key: app.yaml, path: app.yaml}], defaultMode: 0444}
        - name: cache
          emptyDir: {sizeLimit: 1Gi}
""",
        [],
    ),
    (
        "valid-job",
        """\
apiVersion: batch/v1
kind: Job
metadata: {name: migrate-2024-06-01}
spec:
  backoffLimit: 2
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 3600
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: example/migrate:2.0.1
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
""",
        [],
    ),
    (
        "valid-daemonset-with-host-network",
        """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      hostNetwork: true
      hostPID: true
      dnsPolicy: ClusterFirstWithHostNet
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{operator: Exists}]
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.2
          ports: [{name: metrics, containerPort: 9100, hostPort: 9100}]
          volumeMounts: [{name: root, mountPath: /host/root, readOnly: true, mountPropagation: HostToContainer}]
      volumes:
        - name: root
          hostPath: {path: /, type: Directory}
""",
        [],
    ),
    (
        "valid-service-and-config-map",
        """\
apiVersion: v1
kind: Service
metadata: {name: frontend}
spec:
  selector: {app.kubernetes.io/name: frontend}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: frontend-config}
data: {app.yaml: "listen: 8080"}
""",
        [],
    ),
    # --- warnings: warningsForPodSpecAndMeta
    (
        "warning-deprecated-node-selector",
        pod("nodeSelector:\n  beta.kubernetes.io/arch: amd64   # expect: 5 [deprecated-node-label]\n", APP),
        ['spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead'],
    ),
    (
        "warning-master-role-label-since-1.31",
        pod("""\
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - {key: node-role.kubernetes.io/master, operator: DoesNotExist}   # expect: 23 [deprecated-node-label]
            """,
            APP,
        ),
        [
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
            '.matchExpressions[0].key: node-role.kubernetes.io/master is use "node-role.kubernetes.io/control-plane" instead'
        ],
    ),
    (
        "warning-fractional-memory-pod-limit-counts-twice",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  limits: {memory: 4m}   # expect: 26 [fractional-byte-quantity], 26 [fractional-byte-quantity]
            """),
        [
            'spec.containers[0].resources.limits[memory]: fractional byte value "4m" is invalid, must be an integer',
            'spec.containers[0].resources.requests[memory]: fractional byte value "4m" is invalid, must be an integer',
        ],
    ),
    (
        "warning-fractional-claim-template-storage",
        """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: "postgres:16.4"}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 500m}}   # expect: 41 [fractional-byte-quantity]
""",
        ['spec.volumeClaimTemplates[0].resources.requests[storage]: fractional byte value "500m" is invalid, must be an integer'],
    ),
    (
        "warning-env-var-hidden",
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                env:
                  - {name: A, value: "1"}
                  - {name: A, value: "$(A)2"}
                  - {name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}   # expect: 18 [duplicate-env-var]
            """),
        ['spec.containers[0].env[2]: hides previous definition of "A", which may be dropped when using apply'],
    ),
    (
        "warning-negative-grace-period",
        pod("terminationGracePeriodSeconds: -1   # expect: 34 [negative-grace-period]\n", APP),
        ["spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1"],
    ),
    (
        "warning-overlapping-config-map-items",
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2"}
            volumes:
              - name: config
                configMap:
                  name: web
                  items:
                    - {key: a, path: test}
                    - {key: b, path: test/app}   # expect: 28 [overlapping-volume-paths]
            """),
        ['volume "config" (ConfigMap "web"): overlapping paths: "test/app" with "test"'],
    ),
    (
        "warning-empty-image-pull-secret",
        pod("imagePullSecrets: [{name: \"\"}]   # expect: 29 [invalid-image-pull-secret]\n", APP),
        ['spec.imagePullSecrets[0].name: invalid empty name ""'],
    ),
    (
        "warning-ipv4-mapped-nameserver",
        pod("""\
            dnsConfig:
              nameservers: ["::ffff:1.2.3.4"]   # expect: 19 [nonstandard-ip]
            """,
            APP,
        ),
        [
            'spec.dnsConfig.nameservers[0]: non-standard IP address "::ffff:1.2.3.4" will be considered invalid '
            'in a future Kubernetes release: use "1.2.3.4"'
        ],
    ),
    (
        "image-with-whitespace",  # validateContainerOnlyForPod: a Pod's, not a template's
        pod("""\
            containers:
              - {name: web, image: "nginx:1.27.2 "}    # expect: 26 [invalid-name]
            initContainers:
              - {name: setup, image: "\\tbusybox:1.36"}    # expect: 28 [invalid-name]
            """),
        [
            'spec.containers[0].image: Invalid value: "nginx:1.27.2 ": must not have leading or trailing whitespace',
            'spec.initContainers[0].image: Invalid value: "\\tbusybox:1.36": must not have leading or trailing whitespace',
        ],
    ),
    (
        "image-with-whitespace-in-a-template",
        deployment("""\
            containers:
              - {name: web, image: "nginx:1.27.2 "}
            """),
        [],
    ),
    (
        "generate-name-of-a-dash",  # maskTrailingDash leaves a name of one character
        POD.replace("  name: web\n", "  generateName: \"-\"    # expect: 17 [invalid-name]\n") + NGINX,
        [f'metadata.generateName: Invalid value: "-": {RFC1123_SUBDOMAIN}'],
    ),
    (
        "hostname-override",  # validatePodHostName (HostnameOverride, on from 1.35)
        pod("""\
            hostNetwork: true
            setHostnameAsFQDN: true
            hostnameOverride: My_Host.example.com    # expect: 21 [invalid-name] 21 [invalid-name] 21 [invalid-name]
            """, APP),
        [
            "spec.hostnameOverride: Forbidden: may not be specified when setHostnameAsFQDN is true",
            "spec.hostnameOverride: Forbidden: may not be specified when hostNetwork is true",
            f'spec.hostnameOverride: Invalid value: "My_Host.example.com": {RFC1123_SUBDOMAIN}',
        ],
    ),
    (
        "hostname-override-too-long",
        pod(f"hostnameOverride: {'a' * 65}    # expect: 21 [invalid-name]\n", APP),
        ["spec.hostnameOverride: Too long: may not be more than 64 bytes"],
    ),
    (
        "hostname-override-dropped-in-1-34",
        pod("hostnameOverride: My_Host.example.com\n", APP),
        [],
    ),
    (
        "windows-proc-mount-before-1-33",  # dropDisabledProcMountField makes it Default: still set
        pod("""\
            os: {name: windows}
            containers:
              - {name: web, image: "nginx:1.27.2", securityContext: {procMount: Unmasked}}    # expect: 60 [invalid-pod-os]
            """),
        ["spec.containers[0].securityContext.procMount: Forbidden: cannot be set for a windows pod"],
    ),
    (
        "pod-specific-annotations",  # ValidatePodSpecificAnnotations
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    controller.kubernetes.io/pod-deletion-cost: "1.5"    # expect: 49 [invalid-annotation]
    container.apparmor.security.beta.kubernetes.io/web: runtime/default    # expect: 5 [invalid-annotation]
    container.apparmor.security.beta.kubernetes.io/app: unconfined-ish    # expect: 5 [deprecated-annotation] 57 [invalid-annotation]
    seccomp.security.alpha.kubernetes.io/pod: default    # expect: 5 [deprecated-annotation] 47 [invalid-annotation]
    container.seccomp.security.alpha.kubernetes.io/app: localhost/../profile.json    # expect: 5 [deprecated-annotation] 57 [invalid-annotation]
    kubernetes.io/config.mirror: mirror    # expect: 34 [invalid-annotation]
spec:
  containers: [{name: app, image: "nginx:1.27.2"}]
""",
        [
            'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "1.5": must be a 32bit '
            "integer",
            'metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]: Invalid value: "web": container '
            "not found",
            'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: deprecated since v1.30; use the '
            '"appArmorProfile" field instead',
            'metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: Invalid value: "unconfined-ish": '
            'invalid AppArmor profile name: "unconfined-ish"',
            'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the '
            '"seccompProfile" field instead',
            'metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "default": must be a valid '
            "seccomp profile",
            'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: non-functional in v1.27+; use '
            'the "seccompProfile" field instead',
            'metadata.annotations.container.seccomp.security.alpha.kubernetes.io/app: Invalid value: "../profile.json": '
            "must not contain '..'",
            'metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "mirror": must set spec.nodeName if '
            "mirror pod annotation is set",
        ],
    ),
    (
        "pod-specific-annotations-of-a-template",
        deployment("""\
            containers: [{name: app, image: "nginx:1.27.2"}]
            """).replace(
            "      labels: {app: web}\n",
            "      labels: {app: web}\n      annotations:\n"
            '        controller.kubernetes.io/pod-deletion-cost: "+10"    # expect: 53 [invalid-annotation]\n'
            '        container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-web    # expect: 9 [deprecated-annotation]\n',
            1,
        ),
        [
            'spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+10": must be a '
            "32bit integer",
            "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: deprecated since "
            'v1.30; use the "appArmorProfile" field instead',
        ],
    ),
    (
        "finalizers",  # ValidateFinalizers, validateKubeFinalizerName
        POD.replace(
            "  name: web\n",
            "  name: web\n  finalizers:    # expect: 3 [invalid-name]\n"
            "    - my-finalizer    # expect: 7 [invalid-name]\n"
            "    - example.com/cleanup\n"
            "    - a/b/c    # expect: 7 [invalid-name]\n"
            "    - orphan\n"
            "    - foregroundDeletion\n",
        )
        + NGINX,
        [
            'metadata.finalizers: Invalid value: []string{"my-finalizer", "example.com/cleanup", "a/b/c", "orphan", '
            '"foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
            'metadata.finalizers[0]: Invalid value: "my-finalizer": name is neither a standard finalizer name nor is it '
            "fully qualified",
            'metadata.finalizers: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '
            "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
            "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
            "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        ],
    ),
    (
        "containers-without-names",  # validateContainerCommon, validateContainers: a missing name is ""
        pod("""\
            containers:
              - name: ""           # expect: 13 [missing-required-field]
                image: nginx:1.27.2
              - name: ""           # expect: 13 [duplicate-container-name], 13 [missing-required-field]
                image: nginx:1.27.2
              - image: nginx:1.27.2    # expect: 7 [duplicate-container-name], 7 [missing-required-field]
            """),
        [
            "spec.containers[0].name: Required value",
            'spec.containers[1].name: Duplicate value: ""',
            "spec.containers[1].name: Required value",
            'spec.containers[2].name: Duplicate value: ""',
            "spec.containers[2].name: Required value",
        ],
    ),
    (
        "pod-without-a-spec",  # ValidatePodSpec of the zero PodSpec
        "apiVersion: v1    # expect: 1 [missing-required-field]\nkind: Pod\nmetadata: {name: web}\n",
        ["spec.containers: Required value"],
    ),
    (
        "template-without-a-spec",
        DEPLOYMENT.replace("    spec:\n", "").replace("  template:\n", "  template:    # expect: 3 [missing-required-field]\n"),
        ["spec.template.spec.containers: Required value"],
    ),
    (
        "workload-patch-without-a-template",  # a kustomize patch: no pod, so nothing of a pod's
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:    # expect: 1 [missing-required-field] 1 [missing-required-field]\n  replicas: 3\n",
        ["spec.selector: Required value", "spec.template: Required value"],
    ),
    (
        "no-containers",  # validateContainers
        DEPLOYMENT + "      containers: []    # expect: 19 [missing-required-field]\n",
        ["spec.template.spec.containers: Required value"],
    ),
    (
        "readiness-probe-grace-period-of-zero",  # validateProbe, then validateReadinessProbe
        pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                readinessProbe:
                  tcpSocket: {port: 80}
                  terminationGracePeriodSeconds: 0    # expect: 40 [invalid-probe], 40 [invalid-probe]
            """),
        [
            "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0",
            "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 0: "
            "must not be set for readinessProbes",
        ],
    ),
    (
        "init-container-stop-signal-dropped",  # dropContainerStopSignals: the lifecycle goes with it
        pod("""\
            initContainers:
              - name: setup
                image: busybox:1.36
                lifecycle: {stopSignal: SIGTERM}
              - name: migrate
                image: busybox:1.36
                lifecycle:    # expect: 7 [invalid-probe]
                  stopSignal: SIGTERM
                  preStop: {exec: {command: [sleep, "1"]}}
            """, APP),
        ["spec.initContainers[1].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always"],
    ),
    (
        "probe-empty-http-path-and-scheme-are-defaulted",  # SetDefaults_HTTPGetAction: "" is "/" and "HTTP"
        POD
        + NGINX
        + '      livenessProbe: {httpGet: {path: "", scheme: "", port: 80}}\n'
        + '      lifecycle: {preStop: {httpGet: {path: "", port: 80}}}\n',
        [],
    ),
    (
        "priority-written-by-hand",  # Priority admission, admitPod: no class, no global default
        pod("priority: 1000000    # expect: 13 [invalid-priority]\n", APP),
        [
            "the integer value of priority (1000000) must not be provided in pod spec; priority admission "
            "controller computed 0 from the given PriorityClass name"
        ],
    ),
    (
        "priority-of-a-system-class",  # as kubeadm writes its static pods: what admission computes
        pod("priorityClassName: system-node-critical\npriority: 2000001000\npreemptionPolicy: PreemptLowerPriority\n", APP),
        [],
    ),
    (
        "preemption-policy-of-a-system-class",  # the template is accepted, its pods are not
        deployment(
            "priorityClassName: system-cluster-critical\n"
            "preemptionPolicy: Never    # expect: 25 [invalid-priority]\n",
            APP,
        ),
        [
            "the pods of this template are refused: the string value of PreemptionPolicy (Never) must not be "
            "provided in pod spec; priority admission controller computed PreemptLowerPriority from the given "
            "PriorityClass name"
        ],
    ),
    (
        "priority-before-preemption-policy",  # admitPod refuses at the first difference
        pod("priority: 5    # expect: 13 [invalid-priority]\npreemptionPolicy: Never\n", APP),
        [
            "the integer value of priority (5) must not be provided in pod spec; priority admission controller "
            "computed 0 from the given PriorityClass name"
        ],
    ),
    (
        "priority-of-a-class-the-cluster-may-have",
        pod("priorityClassName: batch\npriority: 7\npreemptionPolicy: Never\n", APP),
        [],
    ),
    (
        "priority-of-the-global-default-class",  # getDefaultPriority: the global default among the files
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: background\n"
        "value: -10\nglobalDefault: true\npreemptionPolicy: Never\n---\n"
        + pod("priority: -10\npreemptionPolicy: Never\n", APP),
        [],
    ),
    (
        "priority-of-a-refused-class",  # a class the API server refuses is never there to be named
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: top\n"
        "value: 1000000001    # expect: 8 [invalid-priority]\n---\n"
        + pod("priorityClassName: top\npriority: 5\n", APP),
        ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"],
    ),
    (
        "priority-class-with-a-system-name",  # ValidatePriorityClass, IsKnownSystemPriorityClass
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n"
        "  name: system-node-critical    # expect: 9 [invalid-priority]\nvalue: 1000\n---\n"
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n"
        "  name: system-cluster-critical    # expect: 9 [invalid-priority]\nvalue: 2000000000\nglobalDefault: true\n---\n"
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n"
        "  name: system-cluster-critical\nvalue: 2000000000\n---\n"
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n"
        "  name: system-batch    # expect: 9 [invalid-priority]\nvalue: 2000000000\n",
        [
            "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. "
            "error: value of system-node-critical PriorityClass must be 2000001000",
            "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. "
            "error: globalDefault of system-cluster-critical PriorityClass must be false",
            "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. "
            "error: system-batch is not a known system priority class",
        ],
    ),
    (
        "priority-class-second-global-default",  # the plugin's validatePriorityClass, in the order of creation
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: top\n"
        "value: 1000000001    # expect: 8 [invalid-priority]\nglobalDefault: true\n---\n"
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: low\nvalue: -5\nglobalDefault: true\n---\n"
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: zero\n"
        "value: 0\nglobalDefault: true    # expect: 16 [invalid-priority]\n---\n"
        + pod("priority: -5\n", APP),
        [
            "value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
            "PriorityClass low is already marked as default. Only one default can exist",
        ],
    ),
    (
        "limit-range-default-limit-below-request",  # mergeContainerResources, then validateResourceRequirements
        LIMIT_RANGE.format(namespace="", limits="    - type: Container\n      default: {cpu: 500m}\n")
        + deployment(
            """\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  requests: {cpu: "1"}    # expect: 29 [outside-limit-range]
            """
        ),
        [
            'the pods of this template are refused: spec.containers[0].resources.requests: Invalid value: "1": '
            "must be less than or equal to cpu limit of 500m"
        ],
    ),
    (
        "limit-range-max-gives-the-default-limit",  # SetDefaults_LimitRangeItem: max, then default, then min
        LIMIT_RANGE.format(namespace="", limits="    - type: Container\n      max: {cpu: \"2\"}\n      min: {memory: 64Mi}\n")
        + pod(APP + "    resources:\n      requests: {cpu: \"1\"}\n"),
        [],
    ),
    (
        "limit-range-container-bounds",  # minConstraint, maxConstraint, limitRequestRatioConstraint
        LIMIT_RANGE.format(
            namespace="",
            limits="    - type: Container\n      max: {memory: 1Gi}\n      min: {cpu: 100m}\n"
            "      maxLimitRequestRatio: {memory: \"2\", ephemeral-storage: \"4\"}\n",
        )
        + pod("""\
            containers:
              - name: web
                image: nginx:1.27.2
                resources:
                  requests: {cpu: 50m, memory: 384Mi}    # expect: 9 [outside-limit-range], 25 [outside-limit-range]
                  limits: {memory: 1Gi}    # expect: 26 [outside-limit-range]
              - name: log
                image: busybox:1.36
                resources:
                  requests: {ephemeral-storage: 1Gi}
                  limits: {memory: 2Gi}    # expect: 9 [outside-limit-range], 26 [outside-limit-range]
            """),
        [
            "ephemeral-storage max limit to request ratio per Container is 4, but no request is specified or request is 0",
            "minimum cpu usage per Container is 100m, but request is 50m",
            "memory max limit to request ratio per Container is 2, but provided ratio is 2.666667",
            "ephemeral-storage max limit to request ratio per Container is 4, but no limit is specified or limit is 0",
            "maximum memory usage per Container is 1Gi, but limit is 2Gi",
        ],
    ),
    (
        "limit-range-pod-with-sidecars-and-init-containers",  # podLimits: a sidecar counts beside the init containers after it
        LIMIT_RANGE.format(namespace="", limits="    - type: Pod\n      max: {cpu: \"1\"}\n      min: {memory: 1Mi}\n")
        + pod("""\
            initContainers:
              - name: proxy
                image: envoyproxy/envoy:v1.31.2
                restartPolicy: Always
                resources: {limits: {cpu: 200m}}
              - name: migrate
                image: busybox:1.36
                resources: {limits: {cpu: 900m}}
            containers:
              - name: web
                image: nginx:1.27.2
                resources: {limits: {cpu: 300m}}
            """).replace("\nspec:\n", "\nspec:    # expect: 1 [outside-limit-range], 1 [outside-limit-range]\n"),
        ["minimum memory usage per Pod is 1Mi.  No request is specified", "maximum cpu usage per Pod is 1, but limit is 1100m"],
    ),
    (
        "limit-range-pod-level-resources",  # podLimits, podRequests: from 1.34, the pod-level ones where set
        LIMIT_RANGE.format(namespace="", limits="    - type: Pod\n      max: {memory: 1Gi}\n      min: {cpu: 100m}\n")
        + pod("resources: {limits: {memory: 1Gi, cpu: \"1\"}}\n", POD_LEVEL_CONTAINERS),
        [],
    ),
    (
        "limit-range-pod-level-resources-dropped-in-1-33",
        LIMIT_RANGE.format(namespace="", limits="    - type: Pod\n      max: {memory: 1Gi}\n")
        + pod("resources: {limits: {memory: 1Gi}}\n", POD_LEVEL_CONTAINERS).replace(
            "\nspec:\n", "\nspec:    # expect: 1 [outside-limit-range]\n"
        ),
        ["maximum memory usage per Pod is 1Gi, but limit is 1536Mi"],
    ),
    (
        "limit-range-of-another-namespace-or-refused",  # only the pod's namespace; ValidateLimitRange: min > max
        LIMIT_RANGE.format(namespace="  namespace: shop\n", limits="    - type: Container\n      max: {cpu: 100m}\n")
        + LIMIT_RANGE.format(
            namespace="",
            limits="    - type: Container    # expect: 7 [invalid-limit-range], 7 [invalid-limit-range]\n"
            "      max: {cpu: 100m}\n      min: {cpu: 200m}    # expect: 18 [invalid-limit-range]\n",
        )
        + pod(APP + "    resources:\n      limits: {cpu: \"1\"}\n"),
        [
            # SetDefaults_LimitRangeItem made the max the default, and the default the default request
            f"spec.limits[0].defaultRequest[cpu]: Invalid value: {MILLI_QUANTITY.format(100)}: "
            "min value 200m is greater than default request value 100m",
            f"spec.limits[0].default[cpu]: Invalid value: {MILLI_QUANTITY.format(200)}: "
            "min value 200m is greater than default value 100m",
            f"spec.limits[0].min[cpu]: Invalid value: {MILLI_QUANTITY.format(200)}: min value 200m is greater than max value 100m",
        ],
    ),
    (
        "limit-range-types",  # ValidateLimitRange: validateLimitRangeTypeName, a type twice, a Pod's defaults
        "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\nspec:\n  limits:\n"
        """\
    - type: Node    # expect: 13 [invalid-limit-range]
      max: {cpu: "1"}
    - type: Pod
      default: {cpu: "1"}    # expect: 16 [invalid-limit-range]
      max: {cpu: "2"}
    - type: Pod    # expect: 13 [invalid-limit-range]
      max: {memory: 1Gi}
    - type: PersistentVolumeClaim    # expect: 7 [invalid-limit-range]
      max: {memory: 1Gi}
""",
        [
            'spec.limits[0].type: Invalid value: "Node": must be a standard limit type or fully qualified',
            "spec.limits[1].default: Forbidden: may not be specified when `type` is 'Pod'",
            'spec.limits[2].type: Duplicate value: "Pod"',
            "spec.limits[3].limits: Required value: either minimum or maximum storage value is required, but neither "
            "was provided",
        ],
    ),
    (
        "limit-range-resource-names",  # validateLimitRangeResourceName, of the defaulted item too
        "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\nspec:\n  limits:\n"
        """\
    - type: Container    # expect: 7 [invalid-limit-range], 7 [invalid-limit-range], 7 [invalid-limit-range], 7 [invalid-limit-range]
      max: {cpus: "1"}    # expect: 19 [invalid-limit-range], 19 [invalid-limit-range]
      min: {example.com/foo: "1"}
""",
        [
            f"spec.limits[0].{key}[cpus]: Invalid value: cpus: {message}"
            for key in ("default", "defaultRequest", "max")
            for message in ("must be a standard resource type or fully qualified", "must be a standard resource for containers")
        ],
    ),
    (
        "limit-range-ratios-and-devices",  # ValidateLimitRange: the ratio against 1 and max/min; no overcommit
        "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: limits\nspec:\n  limits:\n"
        """\
    - type: Container
      min: {cpu: 500m}
      max: {cpu: "1"}
      maxLimitRequestRatio: {cpu: "3", memory: 500m}    # expect: 35 [invalid-limit-range], 48 [invalid-limit-range]
    - type: Pod
      min: {nvidia.com/gpu: "1"}
    - type: example.com/gpus
      default: {nvidia.com/gpu: "2"}
      defaultRequest: {nvidia.com/gpu: "1"}    # expect: 40 [invalid-limit-range]
""",
        [
            "spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:3, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"3\", Format:\"DecimalSI\"}: "
            "ratio 3 is greater than max/min = 2.000000",
            "spec.limits[0].maxLimitRequestRatio[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"500m\", Format:\"DecimalSI\"}: "
            "ratio 500m is less than 1",
            "spec.limits[2].defaultRequest[nvidia.com/gpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"1\", Format:\"DecimalSI\"}: "
            "default value 2 must equal to defaultRequest value 1 in nvidia.com/gpu",
        ],
    ),
    (
        "quota-must-specify",  # podEvaluator.Constraints: per resource, the containers that lack it, sorted
        QUOTA.format(spec="  hard: {cpu: \"4\", limits.memory: 8Gi, pods: \"10\"}\n")
        + pod("""\
            initContainers:
              - name: setup
                image: busybox:1.36
            containers:
              - name: web
                image: nginx:1.27.2
                resources: {limits: {cpu: "1"}}
              - name: log
                image: busybox:1.36
                resources: {requests: {memory: 64Mi}}
            """).replace("\nspec:\n", "\nspec:    # expect: 1 [missing-quota-resources]\n"),
        ["failed quota: compute: must specify cpu for: log,setup; limits.memory for: log,setup,web"],
    ),
    (
        "quota-and-limit-range-defaults",  # LimitRanger's defaults come before the quota's constraints
        QUOTA.format(spec="  hard: {requests.cpu: \"4\", limits.memory: 8Gi}\n")
        + LIMIT_RANGE.format(namespace="", limits="    - type: Container\n      default: {memory: 256Mi}\n      defaultRequest: {cpu: 100m}\n")
        + pod(APP),
        [],
    ),
    (
        "quota-scopes",  # podMatchesScopeFunc: a quota only for the pods its scopes match
        QUOTA.format(spec="  hard: {limits.cpu: \"4\"}\n  scopes: [Terminating]\n").replace("compute", "batch")
        + QUOTA.format(spec="  hard: {limits.cpu: \"4\"}\n  scopes: [NotBestEffort]\n").replace("compute", "burst")
        + QUOTA.format(
            spec="  hard: {limits.memory: 4Gi}\n  scopeSelector:\n    matchExpressions:\n"
            "      - {scopeName: PriorityClass, operator: In, values: [high]}\n"
        ).replace("compute", "high")
        + pod(APP, "priorityClassName: high\n").replace("\nspec:\n", "\nspec:    # expect: 1 [missing-quota-resources]\n"),
        ["failed quota: high: must specify limits.memory for: web"],
    ),
    (
        "quota-and-pod-level-resources",  # from 1.34, pod-level cpu or memory: no per-container constraint
        QUOTA.format(spec="  hard: {limits.cpu: \"4\"}\n") + pod("resources: {limits: {cpu: \"1\"}}\n", APP),
        [],
    ),
    (
        "quota-and-pod-level-resources-dropped-in-1-33",
        QUOTA.format(spec="  hard: {limits.cpu: \"4\"}\n")
        + pod("resources: {limits: {cpu: \"1\"}}\n", APP).replace("\nspec:\n", "\nspec:    # expect: 1 [missing-quota-resources]\n"),
        ["failed quota: compute: must specify limits.cpu for: web"],
    ),
    (
        "priority-unknown-preemption-policy-of-a-pod",  # admitPod compares it before validation refuses it
        pod("preemptionPolicy: Sometimes    # expect: 21 [invalid-priority], 21 [unsupported-value]\n", APP),
        [
            "the string value of PreemptionPolicy (Sometimes) must not be provided in pod spec; priority admission "
            "controller computed PreemptLowerPriority from the given PriorityClass name",
            'spec.preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
        ],
    ),
    (
        "limit-range-pod-level-request-defaulted-first",  # defaultPodRequests runs when the pod is decoded
        LIMIT_RANGE.format(namespace="", limits="    - type: Container\n      defaultRequest: {cpu: 100m}\n    - type: Pod\n      min: {cpu: 500m}\n")
        + pod("resources: {limits: {cpu: \"2\"}}\n", APP),
        [],
    ),
    (
        "limit-range-default-limit-of-a-device",  # validateResourceRequirements after mergeContainerResources
        LIMIT_RANGE.format(namespace="", limits="    - type: Container\n      default: {nvidia.com/gpu: \"2\"}\n")
        + pod(APP + "    resources:\n      requests: {nvidia.com/gpu: \"1\"}    # expect: 36 [outside-limit-range]\n"),
        ['spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2'],
    ),
    (
        "quota-best-effort-by-zero-requests",  # GetPodQOS: an amount of 0 leaves a pod BestEffort
        QUOTA.format(spec="  hard: {requests.cpu: \"1\", requests.memory: 1Gi}\n  scopes: [NotBestEffort]\n")
        + pod(APP + "    resources:\n      requests: {cpu: \"0\"}\n"),
        [],
    ),
    (
        "limit-range-of-claims",  # PersistentVolumeClaimValidateLimitFunc: a claim's and a claim template's requests
        LIMIT_RANGE.format(namespace="", limits="    - type: PersistentVolumeClaim\n      max: {storage: 1Gi}\n      min: {storage: 100Mi}\n")
        + "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n"
        "  resources:\n    requests: {storage: 5Gi}    # expect: 25 [outside-limit-range]\n---\n"
        + workload(
            "StatefulSet",
            """\
            serviceName: db
            volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 50Mi}}    # expect: 41 [outside-limit-range]
            """,
        ),
        [
            "maximum storage usage per PersistentVolumeClaim is 1Gi, but request is 5Gi",
            "the claims of this template are refused: minimum storage usage per PersistentVolumeClaim is 100Mi, "
            "but request is 50Mi",
        ],
    ),
    (
        "limit-range-of-an-ephemeral-volume",  # the claim the ephemeral volume controller makes
        LIMIT_RANGE.format(namespace="", limits="    - type: PersistentVolumeClaim\n      max: {storage: 1Gi}\n")
        + pod(
            APP,
            """\
            volumes:
              - name: scratch
                ephemeral:
                  volumeClaimTemplate:
                    spec:
                      accessModes: [ReadWriteOnce]
                      resources: {requests: {storage: 2Gi}}    # expect: 45 [outside-limit-range]
            """,
        ),
        ["the claim of this volume is refused: maximum storage usage per PersistentVolumeClaim is 1Gi, but request is 2Gi"],
    ),
    (
        "limit-range-and-quota-that-a-pod-meets",  # every list of a LimitRange, a scoped quota, two classes
        LIMIT_RANGE.format(
            namespace="",
            limits="    - type: Container\n      max: {cpu: \"2\", memory: 1Gi}\n      min: {cpu: 50m}\n"
            "      default: {cpu: 500m, memory: 256Mi}\n      defaultRequest: {cpu: 100m}\n"
            "      maxLimitRequestRatio: {cpu: \"10\"}\n"
            "    - type: Pod\n      max: {cpu: \"4\", memory: 2Gi}\n"
            "    - type: PersistentVolumeClaim\n      max: {storage: 10Gi}\n",
        )
        + QUOTA.format(
            spec="  hard: {requests.cpu: \"8\", limits.memory: 8Gi, pods: \"20\"}\n  scopes: [NotTerminating]\n"
            "  scopeSelector:\n    matchExpressions:\n      - {scopeName: PriorityClass, operator: In, values: [batch]}\n"
        )
        + "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: batch\nvalue: 100\n---\n"
        + RUNTIME_CLASS.format(
            name="kata",
            extra="overhead:\n  podFixed: {cpu: 100m}\nscheduling:\n  nodeSelector: {sandbox: kata}\n"
            "  tolerations: [{key: sandbox, operator: Exists}]\n",
        )
        + pod(
            "priorityClassName: batch\nruntimeClassName: kata\nnodeSelector: {disk: ssd}\n",
            APP + "    resources:\n      requests: {cpu: 200m}\n      limits: {cpu: \"1\", memory: 512Mi}\n",
            "volumes:\n  - name: scratch\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n"
            "          accessModes: [ReadWriteOnce]\n          resources: {requests: {storage: 1Gi}}\n",
        ),
        [],
    ),
    (
        "runtime-class-overhead",  # setOverhead, validateOverhead: Semantic.DeepEqual of the quantities
        RUNTIME_CLASS.format(name="kata", extra="overhead:\n  podFixed: {cpu: 250m, memory: 120Mi}\n")
        + RUNTIME_CLASS.format(name="runc", extra="")
        + pod("runtimeClassName: kata\noverhead: {cpu: \"0.25\", memory: 120Mi}\n", APP)
        + "---\n"
        + pod("runtimeClassName: kata\noverhead: {cpu: 250m}    # expect: 3 [runtime-class-conflict]\n", APP)
        + "---\n"
        + deployment("runtimeClassName: runc\noverhead: {cpu: 250m}    # expect: 7 [runtime-class-conflict]\n", APP)
        + "---\n"
        + pod("runtimeClassName: elsewhere\noverhead: {cpu: 250m}\n", APP)
        + "---\n"
        + RUNTIME_CLASS.format(name="micro", extra="overhead:\n  podFixed: {cpu: 100u}\n")
        # the class keeps 100u as written, the pod's is rounded up to 1m
        + pod("runtimeClassName: micro\noverhead: {cpu: 100u}    # expect: 3 [runtime-class-conflict]\n", APP),
        [
            "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
            "the pods of this template are refused: pod rejected: Pod Overhead set without corresponding RuntimeClass "
            "defined Overhead",
            "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
        ],
    ),
    (
        "priority-class-preemption-policy-and-name",  # ValidatePreemptionPolicy; ValidateObjectMeta
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: Batch    # expect: 9 [invalid-name]\n"
        'value: 10\npreemptionPolicy: ""    # expect: 19 [invalid-priority]\n---\n'
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: batch\n"
        "value: 10\npreemptionPolicy: Always    # expect: 19 [invalid-priority]\n",
        [
            "metadata.name: Invalid value: \"Batch\": " + RFC1123_SUBDOMAIN,
            "preemptionPolicy: Required value",
            'preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"',
        ],
    ),
    (
        # the API server looks up neither a ConfigMap's keys nor a $(VAR): the kubelet does
        "config-keys-and-variable-references-accepted",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {log-level: info}\nbinaryData: {logo: AA==}\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: x}\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n"
        "  containers:\n"
        "    - name: web\n"
        "      image: nginx:1.27.2\n"
        "      args: ['--level=$(LEVEL)', '--home=$(HOME)', '$$(ESCAPED)']\n"
        "      env:\n"
        "        - {name: URL, value: 'http://$(HOST)/'}\n"
        "        - {name: HOST, value: web}\n"
        "        - {name: LEVEL, valueFrom: {configMapKeyRef: {name: app, key: loglevel}}}\n"
        "        - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: pasword, optional: false}}}\n"
        "      volumeMounts: [{name: assets, mountPath: /assets, subPathExpr: $(POD)}]\n"
        "      livenessProbe: {exec: {command: [check, $(LEVEL)]}}\n"
        "      lifecycle: {preStop: {exec: {command: [sh, -c, 'sleep $(HOST)']}}}\n"
        "  volumes:\n"
        "    - name: assets\n"
        "      projected:\n"
        "        sources:\n"
        "          - configMap: {name: app, items: [{key: logo, path: logo}, {key: icon, path: icon}]}\n"
        "          - secret: {name: db, items: [{key: password, path: password}]}\n",
        [],
    ),
    (
        # nor does it look up a StatefulSet's Service, the claims and their access modes, or its autoscaler
        "governing-service-and-claims-accepted",
        "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {selector: {app: db}, ports: [{port: 5432}]}\n---\n"
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: db}\n"
        "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}, maxReplicas: 5}\n---\n"
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: backups}\n"
        "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n---\n"
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  replicas: 3\n"
        "  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n"
        "      containers: [{name: db, image: 'postgres:17.2', volumeMounts: [{name: backups, mountPath: /backups}]}]\n"
        "      volumes: [{name: backups, persistentVolumeClaim: {claimName: backups}}]\n",
        [],
    ),
    (
        # base64.StdEncoding (on create, the API server names "pass", the first of the sorted keys
        # kubectl sends; podlint names both); ValidateSecret merges stringData into data;
        # ValidateConfigMap
        "secret-and-config-map-data",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n  user: admin    # expect: 9 [invalid-config-data]\n"
        "  pass: My-pass-123    # expect: 9 [invalid-config-data]\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\ntype: kubernetes.io/tls    # expect: 7 [invalid-config-data]\n"
        "stringData: {tls.crt: x, 'bad key': v}    # expect: 26 [invalid-config-data]\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n"
        "data: {app.conf: x, logo: v}    # expect: 21 [invalid-config-data]\nbinaryData: {logo: AA==}\n",
        [
            'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
            'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 2',
            "data[tls.key]: Required value",
            "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, "
            "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
            "'[-._a-zA-Z0-9]+')",
            'data[logo]: Invalid value: "logo": duplicate of key present in binaryData',
        ],
    ),
    (
        # ValidateSecret: a docker config must be JSON, json.Unmarshal into a map ("make sure that
        # the content is well-formed json"), the content redacted
        "secret-docker-config-json",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\ntype: kubernetes.io/dockerconfigjson\n"
        "stringData:\n  .dockerconfigjson: '{\"auths\": {},}'    # expect: 22 [invalid-config-data]\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata: {name: legacy}\ntype: kubernetes.io/dockercfg\n"
        "data: {.dockercfg: W10=}    # expect: 20 [invalid-config-data]\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata: {name: good}\ntype: kubernetes.io/dockerconfigjson\n"
        "data: {.dockerconfigjson: eyJhdXRocyI6IHt9fQ==}\n",
        [
            'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'}\' looking for '
            "beginning of object key string",
            'data[.dockercfg]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value '
            "of type map[string]interface {}",
        ],
    ),
]


# Cases about rules that changed: checked against the version they hold for.
VERSIONS = {"dns-config-searches-relaxed-in-1-33": "1.33","resize-policy-before-1-36": "1.35", "os-name-empty-before-1-34": "1.33",
            "label-value-too-long-before-1-35": "1.34", "annotation-key-two-slashes-before-1-35": "1.34",
            "windows-proc-mount-before-1-33": "1.32","resize-policy-of-init-containers-before-1-36": "1.35", "hostname-override-dropped-in-1-34": "1.34",
            "statefulset-claim-templates-before-1-33": "1.32","host-users-with-host-namespaces-in-1-33": "1.33","nfs-csi-and-git-volumes-before-1-35": "1.34", "image-volume-of-a-template-before-1-37": "1.36",
            "node-affinity-values-before-1-33": "1.32","cronjob-counts-and-job-template-before-1-34": "1.33","init-container-restart-policy-on-failure": "1.33", "dns-config-entries": "1.32",
            "sidecar-restart-rules-in-1-35": "1.35", "container-restart-policies-dropped-in-1-34": "1.34",
            "env-file-key-ref-dropped-in-1-34": "1.34",
            "pod-level-resources-dropped-in-1-33": "1.33",
            "projected-source-with-two-kinds-before-1-31": "1.30",
            "tolerations": "1.31", "tolerations-from-1-32": "1.34",
            "statefulset-max-unavailable-dropped-in-1-34": "1.34",
            "sleep-hook-of-zero-before-1-33": "1.32", "env-names-before-1-32": "1.31",
            "match-label-keys-before-1-34": "1.33", "pod-affinity-label-keys-dropped-in-1-30": "1.30",
            "job-success-policy-dropped-in-1-30": "1.30", "statefulset-service-name-before-1-33": "1.32",
            "image-volume-dropped-in-1-34": "1.34", "annotations-over-256KiB-before-1-32": "1.31",
            "selinux-change-policy-before-selinux-mount": "1.36", "resource-claims-dropped-in-1-33": "1.33",
            "resize-policy-dropped-in-1-32": "1.32", "limit-range-pod-level-resources-dropped-in-1-33": "1.33",
            "quota-and-pod-level-resources-dropped-in-1-33": "1.33", "security-context-policies-dropped-in-1-32": "1.32"}


@pytest.mark.parametrize("manifest, messages", [pytest.param(m, msgs, id=i) for i, m, msgs in CASES])
def test_api_server_conformance(manifest, messages, request):
    version = VERSIONS.get(request.node.callspec.id)
    report = Linter(Config(select=["schema", "api"], kubernetes_version=version)).lint_text(manifest, "case.yaml")
    found = [(f.line, f.column, f.rule) for f in report.findings]
    assert found == markers(manifest)
    assert [f.message for f in report.findings] == messages


def test_every_case_is_well_formed_yaml():
    from podlint.loader import load

    broken = [name for name, manifest, _ in CASES if any(d.broken for d in load(manifest).documents)]
    assert broken == []


def test_the_table_is_large_enough():
    assert len(CASES) >= 60
    assert sum(1 for _, _, messages in CASES if not messages) >= 10


def test_the_readme_counts_the_table():
    from conftest import ROOT

    assert f"holds {len(CASES)} manifests" in (ROOT / "README.md").read_text(encoding="utf-8")
