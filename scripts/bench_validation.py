"""Benchmark podlint's throughput, in Kubernetes objects per second, on a synthetic corpus.

Run from the repository root (no dependency beyond the standard library and podlint's own)::

    python scripts/bench_validation.py [--objects 2000] [--repeat 3] [--seed 0]

The script writes a deterministic (seeded) corpus of multi-document manifest files, 3 to 6
objects each, into a temporary directory: Deployments, StatefulSets, DaemonSets, Jobs,
CronJobs, Pods, Services and ConfigMaps, whose pods have 1 to 3 containers with ports, env,
resources, probes, volumes and volume mounts. About one object in eight carries a deliberate
error: a typo'd field name, a malformed quantity, a value of the wrong type or a missing
required field. The directory is removed at the end.

It then times, in-process, over the file texts already read into memory (so file I/O is
not included):

- ``load``: :func:`podlint.loader.load` of every file (YAML parsing and source maps only);
- ``schema rules``: a :class:`podlint.engine.Linter` selecting only ``unknown-field``,
  ``missing-required-field`` and ``wrong-type``, calling ``lint_text`` on every file;
- ``all default rules``: a ``Linter`` with the default rule set, likewise.

Each of the three gets one untimed warm-up pass, then ``--repeat`` timed passes
(``time.perf_counter``); the table gives the best and the median pass and the objects per
second of the best. Before them, ``first run`` times building a default ``Linter`` and linting
the corpus once in a fresh process: that includes the one-time costs the warm-up keeps out of
the other rows (reading the rule catalogue, loading the schema bundle, building a validator
for each kind).

If ``kubeconform`` is on ``PATH``, ``kubeconform -strict -summary DIR`` is timed on the same
directory the same way (as a subprocess: its process start-up and file reading are included,
and it fetches schemas as it is configured to, which may need the network); otherwise a line
says it was not found.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import podlint  # noqa: F401
except ImportError:  # run from a checkout without installing: use the repository's package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from podlint.engine import Linter
from podlint.loader import load

SCHEMA_RULES = ["unknown-field", "missing-required-field", "wrong-type"]
ERROR_RATE = 0.125  # share of objects given one deliberate error

# --- a small YAML writer ----------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z/][A-Za-z0-9_./@:=+-]*")
_RESERVED = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED and not value.endswith(":"):
        return value
    return json.dumps(value)  # a JSON string is a valid double-quoted YAML scalar


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines += _entry(pad + _scalar(key), item, indent)
    else:
        for item in value:
            if isinstance(item, dict) and item:
                inner = _block(item, indent + 2)
                lines.append(pad + "- " + inner[0][indent + 2 :])
                lines += inner[1:]
            else:
                lines.append(pad + "- " + _scalar(item))
    return lines


def _entry(prefix: str, item: Any, indent: int) -> list[str]:
    if isinstance(item, (dict, list)) and item:
        return [prefix + ":", *_block(item, indent + 2)]
    if isinstance(item, dict):
        return [prefix + ": {}"]
    if isinstance(item, list):
        return [prefix + ": []"]
    if isinstance(item, str) and "\n" in item:
        return [prefix + ": |", *(" " * (indent + 2) + line for line in item.rstrip("\n").split("\n"))]
    return [f"{prefix}: {_scalar(item)}"]


def to_yaml(documents: list[dict]) -> str:
    return "".join("---\n" + "\n".join(_block(document, 0)) + "\n" for document in documents)


# --- the corpus -------------------------------------------------------------------------------

KIND_WEIGHTS = {
    "Deployment": 24,
    "StatefulSet": 8,
    "DaemonSet": 6,
    "Job": 6,
    "CronJob": 6,
    "Pod": 6,
    "Service": 24,
    "ConfigMap": 20,
}
APPS = ["api", "web", "worker", "cache", "auth", "billing", "search", "ingest", "reports", "gateway", "metrics"]
TEAMS = ["payments", "platform", "data", "identity", "storefront"]
IMAGES = [
    "nginx:1.27.2",
    "redis:7.4.1",
    "postgres:16.4",
    "busybox:1.36.1",
    "ghcr.io/acme/api:v2.3.1",
    "ghcr.io/acme/worker:v2.3.1",
    "registry.example.com/team/search:2024.10.3",
    "quay.io/prometheus/node-exporter:v1.8.2",
    "envoyproxy/envoy:v1.31.2",
    "python:3.12-slim",
    "alpine:latest",  # a few that other rules flag
    "acme/tool",
]
CPU = ["50m", "100m", "250m", "500m", "1", "2"]
MEMORY = ["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"]
BAD_QUANTITIES = ["512MB", "1.5 Gi", "256mi", "two", "1,5Gi", "100 m", "0.5.1"]
# Field name typos, by the field they replace (the first one present in the target is used).
TYPOS = {
    "imagePullPolicy": "imagePullPolicey",
    "containerPort": "containerport",
    "mountPath": "mountpath",
    "readinessProbe": "readynessProbe",
    "resources": "resource",
    "env": "enviroment",
}


class CorpusBuilder:
    """Builds the objects of the corpus from one seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.serial = 0
        self.errors: Counter[str] = Counter()

    # --- pods -------------------------------------------------------------------------------

    def volumes(self, app: str) -> list[dict]:
        rng = self.rng
        makers = [
            lambda: {"name": "config", "configMap": {"name": f"{app}-config"}},
            lambda: {"name": "tls", "secret": {"secretName": f"{app}-tls", "defaultMode": 0o440}},
            lambda: {"name": "tmp", "emptyDir": {"sizeLimit": rng.choice(["64Mi", "256Mi"])}},
            lambda: {"name": "cache", "emptyDir": {}},
            lambda: {"name": "data", "persistentVolumeClaim": {"claimName": f"{app}-data"}},
        ]
        return [make() for make in rng.sample(makers, rng.randint(0, 3))]

    def env(self, app: str) -> list[dict]:
        rng = self.rng
        env = []
        for index in range(rng.randint(0, 5)):
            choice = rng.random()
            if choice < 0.5:
                env.append(
                    {"name": f"SETTING_{index}", "value": rng.choice(["info", "8080", "true", "eu-west-1", "0.25"])}
                )
            elif choice < 0.7:
                ref = {"name": f"{app}-secrets", "key": "password"}
                env.append({"name": f"DB_PASSWORD_{index}", "valueFrom": {"secretKeyRef": ref}})
            elif choice < 0.85:
                ref = {"name": f"{app}-config", "key": "log-level"}
                env.append({"name": f"LOG_LEVEL_{index}", "valueFrom": {"configMapKeyRef": ref}})
            else:
                ref = {"fieldPath": "metadata.namespace"}
                env.append({"name": f"POD_NAMESPACE_{index}", "valueFrom": {"fieldRef": ref}})
        return env

    def probe(self, port: int | None) -> dict:
        rng = self.rng
        if port is None:
            handler = {"exec": {"command": ["/bin/sh", "-c", "test -f /tmp/healthy"]}}
        elif rng.random() < 0.6:
            handler = {"httpGet": {"path": rng.choice(["/healthz", "/ready", "/livez"]), "port": port}}
        else:
            handler = {"tcpSocket": {"port": port}}
        return {
            **handler,
            "initialDelaySeconds": rng.choice([0, 5, 10, 30]),
            "periodSeconds": rng.choice([5, 10, 20]),
            "timeoutSeconds": rng.choice([1, 2, 5]),
            "failureThreshold": rng.choice([3, 5]),
        }

    def container(self, app: str, index: int, volumes: list[dict], serving: bool) -> dict:
        rng = self.rng
        container: dict[str, Any] = {
            "name": app if index == 0 else f"{app}-{rng.choice(['sidecar', 'proxy', 'exporter'])}-{index}",
            "image": rng.choice(IMAGES),
            "imagePullPolicy": rng.choice(["IfNotPresent", "Always"]),
        }
        if rng.random() < 0.2:
            container["args"] = [f"--port={8080 + index}", "--log-format=json"]
        port = None
        if serving and rng.random() < 0.85:
            port = 8080 + index
            container["ports"] = [{"name": f"http-{index}", "containerPort": port, "protocol": "TCP"}]
            if rng.random() < 0.4:
                container["ports"].append({"name": f"metrics-{index}", "containerPort": 9090 + index})
        env = self.env(app)
        if env:
            container["env"] = env
        if rng.random() < 0.85:
            resources: dict[str, Any] = {"requests": {"cpu": rng.choice(CPU), "memory": rng.choice(MEMORY)}}
            if rng.random() < 0.6:
                resources["limits"] = {"memory": rng.choice(MEMORY)}
            container["resources"] = resources
        if serving and rng.random() < 0.75:
            container["livenessProbe"] = self.probe(port)
            container["readinessProbe"] = self.probe(port)
        mounts = [v for v in volumes if rng.random() < 0.7]
        if mounts:
            container["volumeMounts"] = [
                {
                    "name": v["name"],
                    "mountPath": f"/var/run/{app}/{v['name']}",
                    **({"readOnly": True} if "emptyDir" not in v else {}),
                }
                for v in mounts
            ]
        if rng.random() < 0.3:
            container["securityContext"] = {
                "runAsNonRoot": True,
                "allowPrivilegeEscalation": False,
                "readOnlyRootFilesystem": True,
            }
        return container

    def pod_spec(self, app: str, serving: bool = True, restart_policy: str | None = None) -> dict:
        rng = self.rng
        volumes = self.volumes(app)
        spec: dict[str, Any] = {
            "containers": [self.container(app, index, volumes, serving) for index in range(rng.randint(1, 3))],
        }
        if restart_policy:
            spec["restartPolicy"] = restart_policy
        if volumes:
            spec["volumes"] = volumes
        if rng.random() < 0.4:
            spec["serviceAccountName"] = app
        if rng.random() < 0.2:
            spec["nodeSelector"] = {"kubernetes.io/os": "linux"}
        if rng.random() < 0.2:
            spec["terminationGracePeriodSeconds"] = rng.choice([10, 30, 60])
        return spec

    # --- objects ----------------------------------------------------------------------------

    def metadata(self, app: str) -> dict:
        self.serial += 1
        metadata: dict[str, Any] = {
            "name": f"{app}-{self.serial}",
            "namespace": self.rng.choice(TEAMS),
            "labels": {"app": app, "team": self.rng.choice(TEAMS)},
        }
        if self.rng.random() < 0.3:
            metadata["annotations"] = {"example.com/owner": "platform@example.com"}
        return metadata

    @staticmethod
    def template(app: str, spec: dict) -> dict:
        return {"metadata": {"labels": {"app": app}}, "spec": spec}

    def make(self, kind: str) -> dict:
        rng = self.rng
        app = rng.choice(APPS)
        metadata = self.metadata(app)
        selector = {"matchLabels": {"app": app}}
        if kind == "Deployment":
            spec = {
                "replicas": rng.randint(1, 6),
                "selector": selector,
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}},
                "template": self.template(app, self.pod_spec(app)),
            }
            return {"apiVersion": "apps/v1", "kind": kind, "metadata": metadata, "spec": spec}
        if kind == "StatefulSet":
            claim = {
                "metadata": {"name": "data"},
                "spec": {
                    "accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": rng.choice(["1Gi", "10Gi", "50Gi"])}},
                },
            }
            spec = {
                "serviceName": app,
                "replicas": rng.randint(1, 5),
                "selector": selector,
                "template": self.template(app, self.pod_spec(app)),
                "volumeClaimTemplates": [claim],
            }
            return {"apiVersion": "apps/v1", "kind": kind, "metadata": metadata, "spec": spec}
        if kind == "DaemonSet":
            pod = self.pod_spec(app)
            pod["tolerations"] = [
                {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}
            ]
            spec = {
                "selector": selector,
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                "template": self.template(app, pod),
            }
            return {"apiVersion": "apps/v1", "kind": kind, "metadata": metadata, "spec": spec}
        if kind == "Job":
            spec = {
                "backoffLimit": rng.choice([0, 3, 6]),
                "ttlSecondsAfterFinished": 3600,
                "template": self.template(app, self.pod_spec(app, serving=False, restart_policy="Never")),
            }
            return {"apiVersion": "batch/v1", "kind": kind, "metadata": metadata, "spec": spec}
        if kind == "CronJob":
            job = {
                "backoffLimit": 2,
                "template": self.template(app, self.pod_spec(app, serving=False, restart_policy="OnFailure")),
            }
            spec = {
                "schedule": rng.choice(["*/15 * * * *", "0 3 * * *", "30 1 * * 0"]),
                "concurrencyPolicy": "Forbid",
                "successfulJobsHistoryLimit": 3,
                "jobTemplate": {"spec": job},
            }
            return {"apiVersion": "batch/v1", "kind": kind, "metadata": metadata, "spec": spec}
        if kind == "Pod":
            return {"apiVersion": "v1", "kind": kind, "metadata": metadata, "spec": self.pod_spec(app)}
        if kind == "Service":
            ports = [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]
            if rng.random() < 0.3:
                ports.append({"name": "metrics", "port": 9090, "targetPort": "metrics-0"})
            spec = {
                "type": rng.choice(["ClusterIP", "ClusterIP", "NodePort"]),
                "selector": {"app": app},
                "ports": ports,
            }
            return {"apiVersion": "v1", "kind": kind, "metadata": metadata, "spec": spec}
        data = {"log-level": rng.choice(["debug", "info", "warn"]), "region": "eu-west-1"}
        if rng.random() < 0.5:
            data["app.properties"] = (
                f"server.port=8080\nfeature.search={str(rng.random() < 0.5).lower()}\napp.name={app}\n"
            )
        return {"apiVersion": "v1", "kind": kind, "metadata": metadata, "data": data}

    # --- deliberate errors ------------------------------------------------------------------

    def break_object(self, obj: dict) -> None:
        """Give ``obj`` one deliberate error, counted in ``self.errors``."""
        rng = self.rng
        containers = _containers(obj)
        if containers:
            container = rng.choice(containers)
            choice = rng.random()
            if choice < 0.4:
                self._typo(container)
            elif choice < 0.7:
                resources = container.setdefault("resources", {})
                resources.setdefault("requests", {})["memory"] = rng.choice(BAD_QUANTITIES)
                self.errors["bad quantity"] += 1
            elif choice < 0.9:
                if "replicas" in obj["spec"]:
                    obj["spec"]["replicas"] = str(obj["spec"]["replicas"])  # "3" where an integer is wanted
                else:
                    container["env"] = [*container.get("env", []), {"name": "DEBUG", "value": True}]  # an unquoted yes
                self.errors["wrong type"] += 1
            else:
                del container["name"]
                self.errors["missing required field"] += 1
        elif obj["kind"] == "Service":
            if rng.random() < 0.5:
                obj["spec"]["selectr"] = obj["spec"].pop("selector")
                self.errors["typo'd field"] += 1
            else:
                del obj["spec"]["ports"][0]["port"]
                self.errors["missing required field"] += 1
        else:  # ConfigMap
            obj["date"] = obj.pop("data")
            self.errors["typo'd field"] += 1

    def _typo(self, container: dict) -> None:
        """Misspell one field name of ``container`` or of one of its ports or volume mounts."""
        candidates = [
            (target, name)
            for target in (container, *container.get("ports", ()), *container.get("volumeMounts", ()))
            for name in target
            if name in TYPOS
        ]
        target, name = self.rng.choice(candidates)  # never empty: every container has imagePullPolicy
        target[TYPOS[name]] = target.pop(name)
        self.errors["typo'd field"] += 1


def _containers(obj: dict) -> list[dict]:
    spec = obj.get("spec", {})
    if obj["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    if "template" in spec:
        spec = spec["template"]["spec"]
    return spec.get("containers", [])


def write_corpus(directory: Path, objects: int, seed: int) -> tuple[list[tuple[str, str]], CorpusBuilder, Counter]:
    """Write ``objects`` objects in files of 3 to 6; return (name, text) per file, the builder and kinds."""
    builder = CorpusBuilder(seed)
    rng = builder.rng
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    files: list[tuple[str, str]] = []
    counts: Counter[str] = Counter()
    remaining = objects
    while remaining > 0:
        size = min(rng.randint(3, 6), remaining)
        documents = []
        for kind in rng.choices(kinds, weights, k=size):
            obj = builder.make(kind)
            if rng.random() < ERROR_RATE:
                builder.break_object(obj)
            documents.append(obj)
            counts[kind] += 1
        remaining -= size
        subdirectory = directory / rng.choice(TEAMS)
        subdirectory.mkdir(exist_ok=True)
        path = subdirectory / f"manifests-{len(files):04d}.yaml"
        text = to_yaml(documents)
        path.write_text(text, encoding="utf-8")
        files.append((str(path), text))
    return files, builder, counts


# --- timing -----------------------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def bench(function: Callable[[], Any], repeat: int) -> list[float]:
    """Times of ``repeat`` calls of ``function``, after one untimed warm-up call."""
    function()
    return [timed(function)[0] for _ in range(repeat)]


def lint_all(linter: Linter, files: list[tuple[str, str]]) -> tuple[int, Counter]:
    """Lint every file's text; return the objects the linter saw and its findings per rule."""
    objects = 0
    findings: Counter[str] = Counter()
    for name, text in files:
        report = linter.lint_text(text, name)
        objects += report.objects
        findings.update(finding.rule for finding in report.findings)
    return objects, findings


def load_all(files: list[tuple[str, str]]) -> int:
    return sum(len(load(text).documents) for _, text in files)


def kubeconform_times(directory: Path, repeat: int) -> tuple[list[float], str] | None:
    """Times of ``kubeconform -strict -summary DIR`` (after a warm-up run) and its last summary."""
    binary = shutil.which("kubeconform")
    if binary is None:
        return None
    command = [binary, "-strict", "-summary", str(directory)]
    times = []
    output = ""
    for run in range(repeat + 1):
        start = time.perf_counter()
        completed = subprocess.run(command, check=False, capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - start
        if run:
            times.append(elapsed)
        lines = (completed.stdout + completed.stderr).strip().splitlines()
        summary = next((line for line in reversed(lines) if line.startswith("Summary")), lines[-1] if lines else "")
        output = f"exit {completed.returncode}: {summary}"
    return times, output


def table(rows: list[tuple[str, int, float, float]]) -> str:
    header = ("what", "objects", "best s", "median s", "objects/s")
    cells = [header] + [
        (what, str(objects), f"{best:.3f}", f"{median:.3f}", f"{objects / best:,.0f}")
        for what, objects, best, median in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for number, row in enumerate(cells):
        lines.append(
            "  ".join(row[0].ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--objects", type=int, default=2000, help="objects in the corpus (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per measurement (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus generator (default 0)")
    args = parser.parse_args(argv)
    if args.objects < 1 or args.repeat < 1:
        parser.error("--objects and --repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="podlint-bench-") as temporary:
        directory = Path(temporary)
        files, builder, kinds = write_corpus(directory, args.objects, args.seed)
        size = sum(len(text.encode()) for _, text in files)
        errors = ", ".join(f"{count} {label}" for label, count in sorted(builder.errors.items()))
        print(f"corpus: {args.objects} objects in {len(files)} files ({size / 1e6:.1f} MB), seed {args.seed}")
        print("kinds: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())))
        print(f"deliberate errors: {sum(builder.errors.values())} ({errors})")
        print(f"python {platform.python_version()}, {args.repeat} timed passes each after one warm-up")
        print()

        # The very first lint in this process: rule catalogue, schema bundle and validators are cold.
        first, (seen, findings) = timed(lambda: lint_all(Linter(), files))
        if seen != args.objects:
            print(f"warning: podlint saw {seen} objects, the corpus has {args.objects}", file=sys.stderr)
        schema_linter = Linter(select=SCHEMA_RULES)
        full_linter = Linter()

        rows = [("first run (all rules, cold)", args.objects, first, first)]
        for what, function in (
            ("load (podlint.loader.load)", lambda: load_all(files)),
            ("schema rules only", lambda: lint_all(schema_linter, files)),
            ("all default rules", lambda: lint_all(full_linter, files)),
        ):
            times = bench(function, args.repeat)
            rows.append((what, args.objects, min(times), statistics.median(times)))

        kubeconform = kubeconform_times(directory, args.repeat)
        if kubeconform is not None:
            times, summary = kubeconform
            rows.append(("kubeconform -strict -summary", args.objects, min(times), statistics.median(times)))

        print(table(rows))
        print()
        schema_findings = ", ".join(f"{findings[rule]} {rule}" for rule in SCHEMA_RULES)
        print(f"findings (all rules): {sum(findings.values())}; schema: {schema_findings}")
        if kubeconform is None:
            print("kubeconform: not found on PATH, not measured")
        else:
            print(f"kubeconform: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
