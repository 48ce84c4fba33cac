"""How long ``podlint fit`` takes on clusters of 100, 1,000 and 5,000 nodes.

Run from the repository root (podlint importable, e.g. after ``pip install -e .``)::

    python benchmarks/fit.py [--nodes 100,1000,5000] [--workloads 1000] [--repeat 3]

The script builds, deterministically, a node inventory as ``kubectl get nodes -o yaml``
prints it (a ``kind: List`` of Nodes with their labels, conditions, addresses, node info,
allocatable and capacity; four pools: general, memory-optimised, GPU nodes with a taint, and
a few cordoned nodes; three zones) and ``--workloads`` workloads in files of ten
(Deployments, StatefulSets, Jobs and DaemonSets with varied requests, zone selectors, node
affinity, tolerations and host ports). Then, for each cluster size, it times in turn (the
median of ``--repeat`` runs, each a fresh process, start-up included):

- ``podlint fit --nodes nodes.yaml --format json --no-cache``: reading both, every workload
  analysed; then the same with the inventory cached (``.podlint_cache/``, the second run on);
  and with the inventory as ``kubectl get nodes -o json`` prints it;
- in-process, the analysis alone: every workload's pod against the inventory, YAML already read;
- ``podlint lint`` of the same workloads (every default rule, no inventory), the yardstick
  the performance goal compares ``fit`` with.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ZONES = ("eu-west-1a", "eu-west-1b", "eu-west-1c")
POOLS = (
    # name, share of the nodes, cpu, memory, extra allocatable, taint
    ("general", 0.70, "7910m", "31Gi", "", ""),
    ("memory", 0.20, "7910m", "124Gi", "", ""),
    ("gpu", 0.08, "15890m", "60Gi", '      nvidia.com/gpu: "4"\n', "dedicated=gpu"),
    ("cordoned", 0.02, "3920m", "15Gi", "", "cordon"),
)


def node_yaml(index: int, pool: str, cpu: str, memory: str, extra: str, taint: str) -> str:
    name = f"ip-10-{index // 250}-{index % 250}-{pool}"
    zone = ZONES[index % 3]
    spec = f"  spec:\n    providerID: aws:///{zone}/i-{index:017x}\n"
    if taint == "dedicated=gpu":
        spec += "    taints:\n    - effect: NoSchedule\n      key: dedicated\n      value: gpu\n"
    elif taint == "cordon":
        spec += (
            "    taints:\n    - effect: NoSchedule\n      key: node.kubernetes.io/unschedulable\n"
            '      timeAdded: "2026-11-01T10:00:00Z"\n    unschedulable: true\n'
        )
    return (
        "- apiVersion: v1\n  kind: Node\n  metadata:\n"
        '    annotations:\n      node.alpha.kubernetes.io/ttl: "0"\n'
        "    labels:\n"
        f"      kubernetes.io/arch: amd64\n      kubernetes.io/hostname: {name}\n      kubernetes.io/os: linux\n"
        f"      node.kubernetes.io/instance-type: m6i.2xlarge\n      pool: {pool}\n"
        f"      topology.kubernetes.io/zone: {zone}\n"
        f'    name: {name}\n    resourceVersion: "{1000 + index}"\n    uid: 00000000-0000-0000-0000-{index:012d}\n'
        + spec
        + "  status:\n    addresses:\n"
        f"    - address: 10.{index // 250}.{index % 250}.1\n      type: InternalIP\n"
        f"    - address: {name}\n      type: Hostname\n"
        "    allocatable:\n"
        f'      cpu: {cpu}\n      ephemeral-storage: "95551679124"\n      hugepages-2Mi: "0"\n'
        f'      memory: {memory}\n      pods: "58"\n' + extra + "    capacity:\n"
        f'      cpu: "8"\n      ephemeral-storage: 104845292Ki\n      memory: {memory}\n      pods: "58"\n'
        + extra
        + "    conditions:\n"
        + "".join(
            f'    - lastHeartbeatTime: "2026-11-21T10:00:00Z"\n      status: "{status}"\n      type: {kind}\n'
            for kind, status in (
                ("MemoryPressure", "False"),
                ("DiskPressure", "False"),
                ("PIDPressure", "False"),
                ("Ready", "True"),
            )
        )
        + "    nodeInfo:\n      architecture: amd64\n      containerRuntimeVersion: containerd://2.1.4\n"
        "      kernelVersion: 6.12.40\n      kubeletVersion: v1.34.2\n      operatingSystem: linux\n"
    )


def build_nodes(count: int) -> str:
    parts = ['apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n']
    index = 0
    for position, (pool, share, cpu, memory, extra, taint) in enumerate(POOLS):
        size = count - index if position == len(POOLS) - 1 else int(count * share)
        for _ in range(size):
            parts.append(node_yaml(index, pool, cpu, memory, extra, taint))
            index += 1
    return "".join(parts)


def workload_yaml(rng: random.Random, index: int) -> str:
    kind = rng.choice(["Deployment", "Deployment", "StatefulSet", "Job", "DaemonSet"])
    api = "batch/v1" if kind == "Job" else "apps/v1"
    cpu = rng.choice(["100m", "250m", "500m", "1", "2", "6", "12"])
    memory = rng.choice(["128Mi", "512Mi", "2Gi", "8Gi", "40Gi"])
    extra = []
    if rng.random() < 0.3:
        extra.append(f"      nodeSelector: {{topology.kubernetes.io/zone: {rng.choice(ZONES)}}}\n")
    if rng.random() < 0.2:
        extra.append(
            "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
            "            nodeSelectorTerms:\n            - matchExpressions:\n"
            f"              - {{key: pool, operator: In, values: [{rng.choice(['memory', 'gpu', 'general'])}]}}\n"
        )
    if rng.random() < 0.15:
        extra.append("      tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]\n")
    gpu = '\n              nvidia.com/gpu: "1"' if rng.random() < 0.05 else ""
    ports = "\n          ports: [{containerPort: 8443, hostPort: 8443}]" if rng.random() < 0.05 else ""
    spec = {
        "Deployment": f"  replicas: {rng.choice([1, 2, 3, 10, 50])}\n",
        "StatefulSet": "  serviceName: s\n  replicas: 3\n",
    }
    head = spec.get(kind, "")
    restart = "      restartPolicy: Never\n" if kind == "Job" else ""
    selector = "" if kind == "Job" else f"  selector: {{matchLabels: {{app: w{index}}}}}\n"
    return (
        f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: w{index}\n  namespace: team-{index % 7}\nspec:\n"
        + head
        + selector
        + f"  template:\n    metadata:\n      labels: {{app: w{index}}}\n    spec:\n"
        + "".join(extra)
        + restart
        + f"      containers:\n        - name: app\n          image: registry.example.com/app:{index}.0{ports}\n"
        f'          resources:\n            requests:\n              cpu: "{cpu}"\n              memory: {memory}{gpu}\n'
        f"            limits:\n              memory: {memory}\n"
    )


def build_workloads(directory: Path, count: int) -> None:
    rng = random.Random(6)
    for start in range(0, count, 10):
        docs = [workload_yaml(rng, index) for index in range(start, min(start + 10, count))]
        (directory / f"w{start // 10:04d}.yaml").write_text("---\n".join(docs))


def timed(command: list[str], repeat: int, env: dict | None = None) -> float:
    import os

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, env={**os.environ, **(env or {})})
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command[:4])} ... failed:\n{done.stderr.decode()}")
    return statistics.median(times)


def analysis_only(nodes: Path, workloads: Path, repeat: int) -> float:
    from podlint.loader import load
    from podlint.model import manifests
    from podlint.scheduling.inventory import load_inventory
    from podlint.scheduling.workloads import analyse

    documents = [d for f in sorted(workloads.glob("*.yaml")) for d in load(f.read_text()).documents]
    times = []
    for _ in range(repeat):
        inventory = load_inventory(nodes)
        objects = [m for d in documents for m in manifests(d, nodes=inventory)]
        start = time.perf_counter()
        for manifest in objects:
            analyse(manifest, inventory)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", default="100,1000,5000")
    parser.add_argument("--workloads", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    podlint = [sys.executable, "-m", "podlint"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workloads = root / "workloads"
        workloads.mkdir()
        build_workloads(workloads, args.workloads)
        lint = timed([*podlint, "lint", "--quiet", "--no-cache", str(workloads)], args.repeat)
        print(f"{args.workloads:,} workloads; median of {args.repeat} runs; Python {sys.version.split()[0]}\n")
        print(
            "| nodes | inventory (YAML) | podlint fit, YAML read | YAML cached | JSON read | analysis alone "
            "| podlint lint | analysis / lint |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for count in (int(n) for n in args.nodes.split(",")):
            nodes = root / f"nodes-{count}.yaml"
            nodes.write_text(build_nodes(count))
            as_json = root / f"nodes-{count}.json"
            as_json.write_text(json.dumps(YAML(typ="safe").load(nodes.read_text()), indent=4))
            fit = [*podlint, "fit", "--format", "json", str(workloads), "--nodes"]
            read = timed([*fit, str(nodes), "--no-cache"], args.repeat)
            cache = {"PODLINT_CACHE_DIR": str(root / f"cache-{count}")}
            timed([*fit, str(nodes)], 1, cache)  # fills the cache
            cached = timed([*fit, str(nodes)], args.repeat, cache)
            from_json = timed([*fit, str(as_json), "--no-cache"], args.repeat)
            alone = analysis_only(nodes, workloads, args.repeat)
            size = nodes.stat().st_size / 1e6
            print(
                f"| {count:,} | {size:.1f} MB | {read:.2f} s | {cached:.2f} s | {from_json:.2f} s | {alone:.3f} s "
                f"| {lint:.2f} s | {alone / lint:.2f} |"
            )


if __name__ == "__main__":
    main()
