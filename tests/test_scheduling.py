"""Schedulability beyond the plugins' tables: the Kubernetes version's words, pod-level
resources, host ports, replicas that fit, DaemonSets, node grouping, and the two surfaces
(`podlint lint --nodes`, `podlint fit`)."""

from __future__ import annotations

import json
import random
import textwrap

import pytest
from conftest import run_cli

from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load
from podlint.model import manifests
from podlint.scheduling.fit import PodNeeds, fit_message, groups, run_filters, schedule
from podlint.scheduling.inventory import Inventory, Node, Taint, parse_inventory
from podlint.scheduling.workloads import analyse
from podlint.schema.catalog import Schemas

POOLS = textwrap.dedent(
    """\
    pools:
      - name: general
        count: 3
        allocatable: {cpu: "4", memory: 16Gi, pods: 110}
      - name: gpu
        count: 2
        allocatable: {cpu: "8", memory: 64Gi, pods: 110, nvidia.com/gpu: 2}
        labels: {accelerator: nvidia}
        taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
    """
)


def workload(text: str, nodes: str = POOLS, version: str = "1.37"):
    inventory = parse_inventory(nodes, "nodes.yaml")
    (document,) = load(textwrap.dedent(text)).documents
    (manifest,) = manifests(document, Schemas(version), nodes=inventory)
    return analyse(manifest, inventory)


# what the PostFilter plugins add where preemption cannot help on any node (1.37: DynamicResources
# says nothing of a pod without claims)
NOT_HELPFUL = " preemption: 0/{0} nodes are available: {0} Preemption is not helpful for scheduling."


def pod(spec: str) -> str:
    return "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + textwrap.indent(textwrap.dedent(spec), "  ")


def test_taints_are_not_named_from_kubernetes_1_34():
    text = pod("containers: [{name: c, image: x}]\nnodeSelector: {accelerator: nvidia}\n")
    nodes = (
        POOLS.replace("count: 2", "count: 1")
        + "  - name: tpu\n    allocatable: {cpu: '8'}\n    labels: {accelerator: nvidia}\n    taints: [{key: tpu, effect: NoExecute}]\n"
    )
    assert workload(text, nodes).verdict.filter_message == (
        "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 node(s) didn't match Pod's node affinity/selector."
    )
    assert workload(text, nodes, version="1.33").verdict.message == (
        "0/5 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
        "1 node(s) had untolerated taint {tpu: }, 3 node(s) didn't match Pod's node affinity/selector."
        " preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling."  # before DRA's part
    )


def test_no_nodes_at_all():
    verdict = workload(
        pod("containers: [{name: c, image: x}]\n"), "pools: [{name: none, count: 0, allocatable: {}}]\n"
    ).verdict
    assert (verdict.message, verdict.schedulable, verdict.reasons) == ("no nodes available to schedule pods", False, {})


def test_pod_level_requests_count_from_kubernetes_1_34():
    text = pod(
        """\
        resources: {requests: {cpu: "6"}, limits: {memory: 20Gi}}
        containers: [{name: c, image: x, resources: {requests: {cpu: "1", memory: 1Gi}}}]
        """
    )
    new = workload(text)
    assert new.needs.units == {"cpu": 6000, "memory": 1024**3}  # memory: the containers' total request
    # 6 cpu where a node has 4: preemption cannot help there either, from 1.34
    assert new.verdict.message == (
        "0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient cpu." + NOT_HELPFUL.format(5)
    )
    assert workload(text, version="1.33").needs.units == {"cpu": 1000, "memory": 1024**3}


def test_a_pod_level_limit_is_the_request_where_no_container_requests():
    text = pod("resources: {limits: {cpu: '3', memory: 2Gi}}\ncontainers: [{name: c, image: x}]\n")
    assert workload(text).needs.units == {"cpu": 3000, "memory": 2 * 1024**3}


def test_host_ports_of_sidecars_and_of_the_host_network():
    spec = """\
        hostNetwork: true
        initContainers:
          - {name: setup, image: x, ports: [{containerPort: 9000}]}
          - {name: proxy, image: x, restartPolicy: Always, ports: [{containerPort: 15001}]}
        containers:
          - {name: c, image: x, ports: [{containerPort: 8080, protocol: UDP}, {containerPort: 9090, hostPort: 9091}]}
        """
    needs = workload(pod(spec)).needs
    # an init container that is not a sidecar takes no port; with hostNetwork, host port = container port
    assert needs.ports == (("0.0.0.0", "TCP", 15001), ("0.0.0.0", "UDP", 8080), ("0.0.0.0", "TCP", 9091))


DEPLOYMENT = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      replicas: 20
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers:
            - name: api
              image: x
              resources: {requests: {cpu: 1500m, memory: 10Gi}}
    """


def test_replicas_that_fit_are_counted_per_node_as_they_are_placed():
    found = workload(DEPLOYMENT)
    # general: 2 by cpu, 1 by memory → 1 each; gpu nodes are tainted
    assert (found.replicas, found.max_replicas, found.replicas_at) == (20, 3, ("spec", "replicas"))


def test_a_pods_limit_bounds_replicas_that_request_nothing():
    text = DEPLOYMENT.replace("resources: {requests: {cpu: 1500m, memory: 10Gi}}", "ports: [{containerPort: 1}]")
    nodes = "pools: [{name: small, count: 2, allocatable: {cpu: '1', pods: 7}}]\n"
    assert workload(text, nodes).max_replicas == 14


def test_existing_pods_take_room_from_replicas():
    from podlint.scheduling.inventory import add_existing

    inventory = parse_inventory("pools: [{name: a, count: 2, allocatable: {cpu: '4', memory: 64Gi}}]\n")
    add_existing(
        inventory,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  nodeName: a-1\n  containers: [{name: c, resources: {requests: {cpu: '3'}}}]\n",
    )
    (document,) = load(textwrap.dedent(DEPLOYMENT)).documents
    (manifest,) = manifests(document, Schemas("1.37"), nodes=inventory)
    # a-1 has one core left (none at 1.5), a-2 four (two replicas)
    assert analyse(manifest, inventory).max_replicas == 2


def test_a_host_port_allows_one_replica_per_node():
    text = DEPLOYMENT.replace(
        "resources: {requests: {cpu: 1500m, memory: 10Gi}}", "ports: [{containerPort: 80, hostPort: 80}]"
    )
    assert workload(text).max_replicas == 3


def test_jobs_run_parallelism_pods_at_once_no_more_than_completions():
    job = """\
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          parallelism: 8
          completions: 5
          template:
            spec:
              restartPolicy: Never
              containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]
        """
    found = workload(job)
    assert (found.replicas, found.max_replicas, found.replicas_at) == (5, 6, ("spec", "parallelism"))
    cron = """\
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: x}]
        """
    found = workload(cron)
    assert (found.replicas, found.replicas_at) == (1, None)  # parallelism defaults to 1


def test_a_bare_pod_and_a_pod_template_have_no_replicas():
    assert workload(pod("containers: [{name: c, image: x}]\n")).replicas is None
    template = "apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: c, image: x}]\n"
    assert workload(template) is None


DAEMONSET = """\
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          containers:
            - name: agent
              image: x
              resources: {requests: {cpu: "6"}}
    """


def test_a_daemonset_runs_where_it_is_targeted_and_fits():
    nodes = POOLS + "  - name: cordoned\n    allocatable: {cpu: '16', memory: 64Gi}\n    unschedulable: true\n"
    found = workload(DAEMONSET, nodes)
    verdict = found.verdict
    assert found.daemon and found.replicas is None and found.max_replicas is None
    # the gpu nodes' taint keeps it off them (not a failure); the cordoned node is tolerated as
    # daemon pods are; the general nodes are targeted but too small
    assert verdict.feasible_nodes == ["cordoned-1"]
    assert verdict.targeted == 4
    assert verdict.rejected == {"Insufficient cpu": 3}
    assert verdict.reasons == {"Insufficient cpu": 3, "node(s) had untolerated taint(s)": 2}
    assert not verdict.schedulable
    # what the pod pinned to the first general node is told (its event), not a sum over nodes
    assert verdict.message == (
        "0/6 nodes are available: 1 Insufficient cpu, 5 node(s) didn't satisfy plugin(s) [NodeAffinity]."
        + NOT_HELPFUL.format(6)
    )


def test_a_daemonset_that_is_not_targeted_at_a_node_is_not_unschedulable():
    text = DAEMONSET.replace('cpu: "6"', 'cpu: "1"').replace(
        "        spec:\n", "        spec:\n          nodeSelector: {accelerator: nvidia}\n", 1
    )
    verdict = workload(text).verdict
    assert verdict.schedulable and verdict.targeted == 0 and verdict.feasible == []


def random_inventory(rng: random.Random) -> Inventory:
    nodes = []
    for index in range(40):
        labels = {"kubernetes.io/hostname": f"n{index}", "zone": rng.choice("abc"), "size": str(rng.choice([1, 2, 4]))}
        taints = (
            (
                Taint(
                    "dedicated", rng.choice(["gpu", "db"]), rng.choice(["NoSchedule", "PreferNoSchedule", "NoExecute"])
                ),
            )
            if rng.random() < 0.3
            else ()
        )
        node = Node(
            f"n{index}",
            labels,
            taints,
            rng.random() < 0.1,
            {"cpu": rng.choice([1000, 2000, 4000]), "memory": 8 << 30, "pods": rng.choice([2, 110])},
        )
        node.requested = {"cpu": rng.choice([0, 500, 1500])}
        node.pods = rng.choice([0, 1, 2])
        node.used_ports = {("0.0.0.0", "TCP", 80)} if rng.random() < 0.2 else set()
        nodes.append(node)
    return Inventory(nodes)


def random_pod(rng: random.Random) -> dict:
    spec: dict = {
        "containers": [{"name": "c", "resources": {"requests": {"cpu": rng.choice(["0", "250m", "1", "3"])}}}]
    }
    if rng.random() < 0.4:
        spec["nodeSelector"] = {"zone": rng.choice("abc")}
    if rng.random() < 0.4:
        op = rng.choice(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"])
        values = [] if op in ("Exists", "DoesNotExist") else [str(rng.choice([1, 2, 4]))]
        spec["affinity"] = {
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchExpressions": [{"key": "size", "operator": op, "values": values}]}]
                }
            }
        }
    if rng.random() < 0.3:
        spec["tolerations"] = [{"key": "dedicated", "operator": "Exists", "effect": rng.choice(["", "NoSchedule"])}]
    if rng.random() < 0.2:
        spec["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 80}]
    return spec


def test_grouping_nodes_gives_what_checking_every_node_gives():
    """Nodes are checked once per group the pod cannot tell apart: the verdicts, reasons and
    capacity equal those of checking each node on its own."""
    from collections import Counter

    from podlint.scheduling.fit import room_for

    rng = random.Random(20261122)
    for _ in range(200):
        inventory = random_inventory(rng)
        needs = PodNeeds.of(random_pod(rng))
        verdict = schedule(needs, inventory)
        reasons: Counter = Counter()
        feasible, capacity = [], 0
        for node in inventory.nodes:
            found = run_filters(needs, node)
            reasons.update(found)
            if not found:
                feasible.append(node.name)
                capacity += room_for(needs, node)
        assert verdict.feasible_nodes == feasible
        assert verdict.reasons == dict(reasons)
        assert verdict.capacity == capacity
        assert (verdict.filter_message or verdict.message) == fit_message(len(feasible), len(inventory.nodes), reasons)
    assert len(groups(inventory, (), False)) < len(inventory.nodes)


# --- the surfaces ---------------------------------------------------------------------------


@pytest.fixture
def cluster(tmp_path):
    (tmp_path / "nodes.yaml").write_text(POOLS)
    (tmp_path / "deploy.yaml").write_text(textwrap.dedent(DEPLOYMENT))
    (tmp_path / "pod.yaml").write_text(
        pod("containers: [{name: c, image: x, resources: {requests: {memory: 100Gi}}}]\n")
    )
    (tmp_path / "small.yaml").write_text(
        pod("containers: [{name: c, image: x}]\n").replace("name: p}", "name: small, namespace: ops}")
    )
    return tmp_path


def test_lint_reports_unschedulable_pods_and_replicas_beyond_capacity(cluster):
    result = run_cli("lint", "--nodes", "nodes.yaml", "--select", "scheduling", "--format", "concise", ".", cwd=cluster)
    assert result.stdout.decode().splitlines() == [
        "deploy.yaml:5:13: warning [replicas-exceed-capacity] 20 pods wanted at once, but at most 3 fit on the nodes "
        "(an estimate: each placed on the first node with room, beside the pods already running)",
        "pod.yaml:4:1: error [unschedulable] 0/5 nodes are available: 2 node(s) had untolerated taint(s), 3 Insufficient memory."
        + NOT_HELPFUL.format(5),
    ]
    assert result.returncode == 1


def test_lint_without_nodes_says_nothing_of_scheduling(cluster):
    result = run_cli("lint", "--select", "scheduling", "--format", "concise", ".", cwd=cluster)
    assert (result.returncode, result.stdout) == (0, b"")


def test_the_configuration_names_the_inventory_relative_to_itself(cluster):
    (cluster / "sub").mkdir()
    (cluster / "sub" / ".podlint.yaml").write_text("nodes: ../nodes.yaml\nselect: [unschedulable]\n")
    result = run_cli("lint", "--format", "concise", "../pod.yaml", cwd=cluster / "sub")
    assert result.stdout.decode().startswith("../pod.yaml:4:1: error [unschedulable] 0/5 nodes are available")


@pytest.mark.parametrize("command", ["lint", "fit"])
def test_a_malformed_inventory_is_one_error_line_and_exit_2(cluster, command):
    (cluster / "bad.yaml").write_text("pools:\n  - name: a\n    allocatable: {cpu: lots}\n")
    result = run_cli(command, "--nodes", "bad.yaml", "pod.yaml", cwd=cluster)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "podlint: error: bad.yaml:3:24: cpu: quantities must match the regular expression "
        "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n"
    )
    missing = run_cli(command, "--nodes", "nowhere.yaml", "pod.yaml", cwd=cluster)
    assert missing.returncode == 2
    assert missing.stderr.decode() == "podlint: error: nowhere.yaml: cannot read: No such file or directory\n"


def test_existing_needs_nodes(cluster):
    result = run_cli("lint", "--existing", "pod.yaml", "pod.yaml", cwd=cluster)
    assert result.returncode == 2
    assert b"--existing needs a node inventory" in result.stderr


def test_fit_json_contract(cluster):
    result = run_cli("fit", "--nodes", "nodes.yaml", "--format", "json", ".", cwd=cluster)
    assert result.returncode == 1  # a pod fits nowhere, and not every replica fits
    report = json.loads(result.stdout)
    assert list(report) == ["workloads"]
    keys = [
        "file",
        "kind",
        "name",
        "namespace",
        "schedulable",
        "feasible_nodes",
        "reasons",
        "message",
        "replicas",
        "max_replicas",
    ]
    assert all(list(item) == keys for item in report["workloads"])
    deploy, big, small = report["workloads"]
    assert deploy == {
        "file": "deploy.yaml",
        "kind": "Deployment",
        "name": "api",
        "namespace": None,
        "schedulable": True,
        "feasible_nodes": ["general-1", "general-2", "general-3"],
        "reasons": {"node(s) had untolerated taint(s)": 2},
        "message": "3/5 nodes are available: 2 node(s) had untolerated taint(s).",
        "replicas": 20,
        "max_replicas": 3,
    }
    assert big["schedulable"] is False and big["feasible_nodes"] == [] and big["replicas"] is None
    assert big["reasons"] == {"node(s) had untolerated taint(s)": 2, "Insufficient memory": 3}
    assert (small["namespace"], small["max_replicas"]) == ("ops", None)


def test_fit_table(cluster):
    result = run_cli("fit", "--nodes", "nodes.yaml", "small.yaml", cwd=cluster)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert "workload" in lines[1] and "scheduler says" in lines[1]
    assert "Pod ops/small" in lines[3] and "3/5" in lines[3]
    assert "3/5 nodes are available: 2 node(s) had untolerated taint(s)." in lines[3]
    assert (
        lines[-1]
        == "1 workload, 1 schedulable; replicas fitting are an estimate (each placed on the first node with room)"
    )


def test_fit_needs_an_inventory(cluster):
    result = run_cli("fit", "pod.yaml", cwd=cluster)
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == "podlint: error: no node inventory: give --nodes FILE (or nodes: in the configuration)\n"
    )


def test_the_linter_takes_an_inventory_object():
    inventory = parse_inventory(POOLS)
    report = Linter(Config(), select=["unschedulable"], nodes=inventory).lint_text(
        pod("nodeName: elsewhere\ncontainers: [{name: c, image: x}]\n")
    )
    assert [(f.line, f.column, f.message) for f in report.findings] == [
        (4, 1, 'bound by spec.nodeName to node "elsewhere", which the inventory does not have: the pod stays Pending')
    ]


ANTI_AFFINITY = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 5
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web, tier: front}}
        spec:
          affinity:
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                - labelSelector: {matchLabels: {app: web}}
                  topologyKey: TOPOLOGY
                  NAMESPACES
          containers: [{name: web, image: x, resources: {requests: {cpu: 100m}}}]
    """
ZONED = textwrap.dedent(
    """\
    pools:
      - {name: a, count: 3, allocatable: {cpu: "4"}, labels: {topology.kubernetes.io/zone: a}}
      - {name: b, count: 2, allocatable: {cpu: "4"}, labels: {topology.kubernetes.io/zone: b}}
      - {name: bare, count: 1, allocatable: {cpu: "4", pods: 7}, labels: {kubernetes.io/hostname: ""}}
    """
)


@pytest.mark.parametrize(
    "topology, namespaces, capacity",
    [
        ("kubernetes.io/hostname", "", 6),  # one replica a node
        ("topology.kubernetes.io/zone", "", 2 + 7),  # one a zone; the node without a zone takes 7 (its pods)
        ("topology.kubernetes.io/zone", "namespaces: [shop]", 9),
        ("topology.kubernetes.io/zone", "namespaceSelector: {}", 9),  # every namespace, the pod's included
        ("topology.kubernetes.io/zone", "namespaces: [other]", 40 * 5 + 7),  # selects other pods: no limit
        ("topology.kubernetes.io/zone", "namespaceSelector: {matchLabels: {team: a}}", 40 * 5 + 7),  # unknown here
        ("topology.kubernetes.io/zone", "mismatchLabelKeys: [tier]", 40 * 5 + 7),  # excludes the pod itself
        # a label the template lacks may be its controller's: pod-template-hash is all replicas'
        ("topology.kubernetes.io/zone", "mismatchLabelKeys: [pod-template-hash]", 40 * 5 + 7),
        ("topology.kubernetes.io/zone", "matchLabelKeys: [tier]", 9),  # tier In (front): the replicas alike
        ("topology.kubernetes.io/zone", "matchLabelKeys: [statefulset.kubernetes.io/pod-name]", 40 * 5 + 7),
    ],
)
def test_required_anti_affinity_against_its_own_replicas_limits_them_per_topology_domain(
    topology, namespaces, capacity
):
    text = ANTI_AFFINITY.replace("TOPOLOGY", topology).replace("NAMESPACES", namespaces)
    found = workload(text, ZONED)
    assert (found.replicas, found.max_replicas) == (5, capacity)
    assert found.verdict.schedulable


def test_mismatch_label_keys_are_dropped_before_kubernetes_1_31():
    text = ANTI_AFFINITY.replace("TOPOLOGY", "topology.kubernetes.io/zone").replace("NAMESPACES", "mismatchLabelKeys: [tier]")
    assert workload(text, ZONED, version="1.30").max_replicas == 9
    assert workload(text, ZONED, version="1.31").max_replicas == 40 * 5 + 7


def test_anti_affinity_that_selects_other_pods_does_not_limit_replicas():
    text = ANTI_AFFINITY.replace("TOPOLOGY", "kubernetes.io/hostname").replace("NAMESPACES", "")
    text = text.replace("- labelSelector: {matchLabels: {app: web}}", "- labelSelector: {matchLabels: {app: db}}")
    assert workload(text, ZONED).max_replicas == 40 * 5 + 7


def test_the_fit_table_prints_names_as_written_never_as_markup(tmp_path):
    (tmp_path / "nodes.yaml").write_text("pools: [{name: a, count: 2, allocatable: {cpu: '1'}}]\n")
    (tmp_path / "p.yaml").write_text(
        pod("containers: [{name: c, image: x}]\n").replace("name: p}", 'name: "[/x] [bold]y", namespace: "[red]"}')
    )
    result = run_cli("fit", "--nodes", "nodes.yaml", "p.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert "Pod [red]/[/x] [bold]y" in result.stdout.decode().splitlines()[3]


def test_pods_tolerate_not_ready_and_unreachable_no_execute_taints_as_admission_makes_them():
    """DefaultTolerationSeconds gives every pod 300 s of toleration of these NoExecute taints; a
    NotReady node also has the NoSchedule taint, which still keeps new pods off it."""
    nodes = textwrap.dedent(
        """\
        pools:
          - {name: unreachable, allocatable: {cpu: "1"}, taints: [{key: node.kubernetes.io/unreachable, effect: NoExecute}]}
          - name: not-ready
            allocatable: {cpu: "1"}
            taints:
              - {key: node.kubernetes.io/not-ready, effect: NoExecute}
              - {key: node.kubernetes.io/not-ready, effect: NoSchedule}
        """
    )
    verdict = workload(pod("containers: [{name: c, image: x}]\n"), nodes).verdict
    assert verdict.feasible_nodes == ["unreachable-1"]
    assert verdict.message == "1/2 nodes are available: 1 node(s) had untolerated taint(s)."


@pytest.mark.parametrize(
    "version, node, expected",
    [
        (
            "1.32",
            "general-1",
            "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption:"
            " 0/5 nodes are available: 1 No preemption victims found for incoming pod, 4 Preemption is not helpful for"
            " scheduling.",
        ),
        # before 1.32 the nodes a PreFilterResult leaves out give no reason (from 1.30.2 and 1.31.0:
        # kubernetes/kubernetes#125197), though preemption still counts them
        (
            "1.31",
            "general-1",
            "0/5 nodes are available: 1 Insufficient cpu. preemption: 0/5 nodes are available: 1 No preemption victims"
            " found for incoming pod, 4 Preemption is not helpful for scheduling.",
        ),
        (
            "1.31",
            "ghost",
            "0/5 nodes are available: preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
        ),
    ],
)
def test_nodes_a_pre_filter_result_leaves_out(version, node, expected):
    text = pod(
        "containers: [{name: c, image: x, resources: {requests: {cpu: '6'}}}]\n"
        "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n"
        f"        - matchFields: [{{key: metadata.name, operator: In, values: [{node}]}}]\n"
    )
    assert workload(text, version=version).verdict.message == expected
