"""Does a run's time grow with the repository, and no faster? ``podlint lint`` on repositories
of 500 to 4,000 applications, each a file of its own.

Run from the repository root, with podlint and its dependencies installed::

    python benchmarks/scaling.py [--apps 500,1000,2000,4000] [--repeat 3] [--one-file | --cache]

Each application's file is what a platform team's repository holds for one team: a Namespace
with Pod Security labels, and in it a LimitRange, a ConfigMap, a Secret, a
PersistentVolumeClaim, a Service, a HorizontalPodAutoscaler and the Deployment that uses them,
the same names in every namespace. Every file's objects are read by the rules of every other
(a ConfigMap could be mounted from anywhere), so a run that judged each file against a copy of
them all, or looked through every namespace for a pod's, would take time in the square of the
files. With ``--one-file``, each repository is one file of all its applications, as ``helm
template`` writes a large chart: the run then holds all of it at once. The table gives the
medians of ``podlint lint --quiet --no-cache --jobs 1`` (fresh processes, start-up included)
and the time an application; the last column compares that with the smallest repository's.
With ``--cache``, each round runs ``podlint lint --quiet --jobs 1`` twice over each repository,
from an empty cache and then with the files unchanged, and the table compares the two.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from run import run

APP = """\
apiVersion: v1
kind: Namespace
metadata:
  name: team-{n}
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: LimitRange
metadata: {{name: defaults, namespace: team-{n}}}
spec:
  limits:
    - type: Container
      default: {{cpu: 500m, memory: 256Mi}}
      defaultRequest: {{cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: app, namespace: team-{n}}}
data: {{LOG_LEVEL: info}}
---
apiVersion: v1
kind: Secret
metadata: {{name: app, namespace: team-{n}}}
stringData: {{token: change-me}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: data, namespace: team-{n}}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {{requests: {{storage: 1Gi}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: app, namespace: team-{n}}}
spec:
  selector: {{app: app}}
  ports: [{{port: 80, targetPort: http}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: app, namespace: team-{n}}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: app}}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 75}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app, namespace: team-{n}}}
spec:
  selector: {{matchLabels: {{app: app}}}}
  template:
    metadata: {{labels: {{app: app}}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/team-{n}/app:1.4.{n}
          ports: [{{name: http, containerPort: 8080}}]
          envFrom: [{{configMapRef: {{name: app}}}}]
          env:
            - name: TOKEN
              valueFrom: {{secretKeyRef: {{name: app, key: token}}}}
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{memory: 256Mi}}
          volumeMounts: [{{name: data, mountPath: /var/lib/app}}]
      volumes:
        - name: data
          persistentVolumeClaim: {{claimName: data}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", default="500,1000,2000,4000", help="repository sizes (default: 500,1000,2000,4000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-file", action="store_true", help="each repository one file of all its applications")
    parser.add_argument("--cache", action="store_true", help="a run from an empty cache, then a second one")
    args = parser.parse_args()
    if args.cache and args.one_file:
        parser.error("--cache measures repositories of a file each: not with --one-file")
    sizes = sorted(int(size) for size in args.apps.split(","))
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for size in sizes:
            repository = root / str(size)
            repository.mkdir()
            if args.one_file:
                text = "---\n".join(APP.format(n=n) for n in range(size))
                (repository / "all.yaml").write_text(text, encoding="utf-8")
                continue
            for n in range(size):
                (repository / f"team-{n:05d}.yaml").write_text(APP.format(n=n), encoding="utf-8")
        if args.cache:
            cached(root, sizes, args.repeat)
            return
        times: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(args.repeat):
            for size in sizes:
                command = [python, "-m", "podlint", "lint", "--quiet", "--no-cache", "--jobs", "1", str(root / str(size))]
                times[size].append(run(command, root)[0])
        shape = "one file each" if args.one_file else "a file each"
        print(f"Python {sys.version.split()[0]}; medians of {args.repeat} runs; applications in {shape}\n")
        print("| applications | objects | MB | podlint lint | an application | an application / the smallest's |")
        print("|---:|---:|---:|---:|---:|---:|")
        first = statistics.median(times[sizes[0]]) / sizes[0]
        for size in sizes:
            median = statistics.median(times[size])
            megabytes = sum(path.stat().st_size for path in (root / str(size)).iterdir()) / 1e6
            print(
                f"| {size:,} | {size * 8:,} | {megabytes:.1f} | {median:.2f} s | {median / size * 1e3:.2f} ms "
                f"| {median / size / first:.2f} |"
            )


def cached(root: Path, sizes: list[int], repeat: int) -> None:
    """The cache's table: a first run from an empty cache, a second over the same files."""
    cache = root / "cache"
    times: dict[int, tuple[list[float], list[float]]] = {size: ([], []) for size in sizes}
    for _ in range(repeat):
        for size in sizes:
            shutil.rmtree(cache, ignore_errors=True)
            command = [sys.executable, "-m", "podlint", "lint", "--quiet", "--jobs", "1", str(root / str(size))]
            for runs in times[size]:
                runs.append(run(command, root, {"PODLINT_CACHE_DIR": str(cache)})[0])
    print(f"Python {sys.version.split()[0]}; medians of {repeat} runs; applications in a file each\n")
    print("| applications | first run, empty cache | second run, files unchanged | second / first |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        first, second = (statistics.median(runs) for runs in times[size])
        print(f"| {size:,} | {first:.2f} s | {second:.2f} s | {second / first:.2f} |")

if __name__ == "__main__":
    main()
