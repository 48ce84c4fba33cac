"""The node inventory: Node objects as kubectl prints them, node pools, pods already running,
and every malformed inventory as an error that says where."""

from __future__ import annotations

import textwrap

import pytest

from podlint.scheduling.inventory import InventoryError, Taint, add_existing, parse_inventory

KUBECTL_NODES = textwrap.dedent(
    """\
    apiVersion: v1
    items:
    - apiVersion: v1
      kind: Node
      metadata:
        labels:
          kubernetes.io/hostname: ip-10-0-1-12
          node.kubernetes.io/instance-type: m6i.xlarge
        name: ip-10-0-1-12
      spec:
        providerID: aws:///eu-west-1a/i-0abc
        taints:
        - effect: NoSchedule
          key: dedicated
          value: gpu
        - effect: PreferNoSchedule
          key: spot
      status:
        allocatable:
          cpu: 3920m
          ephemeral-storage: "76224326324"
          hugepages-2Mi: "0"
          memory: 15168076Ki
          nvidia.com/gpu: "1"
          pods: "58"
        capacity:
          cpu: "4"
          memory: 16100940Ki
          pods: "58"
    - apiVersion: v1
      kind: Node
      metadata:
        name: ip-10-0-1-13
      spec:
        unschedulable: true
      status:
        capacity:
          cpu: "2"
          memory: 8Gi
          pods: "110"
    kind: List
    metadata:
      resourceVersion: ""
    """
)


def test_a_kubectl_list_of_nodes():
    inventory = parse_inventory(KUBECTL_NODES, "nodes.yaml")
    first, second = inventory.nodes
    assert first.name == "ip-10-0-1-12"
    assert first.labels == {"kubernetes.io/hostname": "ip-10-0-1-12", "node.kubernetes.io/instance-type": "m6i.xlarge"}
    assert first.taints == (Taint("dedicated", "gpu", "NoSchedule"), Taint("spot", "", "PreferNoSchedule"))
    assert first.allocatable == {
        "cpu": 3920,
        "ephemeral-storage": 76224326324,
        "hugepages-2Mi": 0,
        "memory": 15168076 * 1024,
        "nvidia.com/gpu": 1,
        "pods": 58,
    }
    assert not first.unschedulable and second.unschedulable
    # no allocatable: the capacity is used, and the run says so
    assert second.allocatable == {"cpu": 2000, "memory": 8 * 1024**3, "pods": 110}
    assert inventory.notices == ["nodes.yaml: node ip-10-0-1-13 has no status.allocatable: its status.capacity is used"]


def test_node_documents():
    text = "---\n".join(
        f"apiVersion: v1\nkind: Node\nmetadata: {{name: n{i}}}\nstatus: {{allocatable: {{cpu: '1', pods: '10'}}}}\n"
        for i in range(3)
    )
    assert [node.name for node in parse_inventory(text).nodes] == ["n0", "n1", "n2"]


def test_node_pools():
    inventory = parse_inventory(
        textwrap.dedent(
            """\
            pools:
              - name: general
                count: 2
                allocatable: {cpu: 7910m, memory: 29Gi}
                labels: {topology.kubernetes.io/zone: eu-west-1a, kubernetes.io/arch: arm64}
              - name: gpu
                allocatable: {cpu: "8", memory: 60Gi, pods: 30, nvidia.com/gpu: 4}
                taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
                unschedulable: true
            """
        )
    )
    names = [node.name for node in inventory.nodes]
    assert names == ["general-1", "general-2", "gpu-1"]
    general = inventory.nodes[0]
    assert general.labels == {
        "kubernetes.io/hostname": "general-1",
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "arm64",  # the pool's own label wins
        "topology.kubernetes.io/zone": "eu-west-1a",
    }
    assert general.allocatable == {"cpu": 7910, "memory": 29 * 1024**3, "pods": 110}  # the kubelet's maxPods
    gpu = inventory.nodes[2]
    assert gpu.allocatable["pods"] == 30 and gpu.allocatable["nvidia.com/gpu"] == 4
    assert gpu.unschedulable and gpu.taints == (Taint("dedicated", "gpu", "NoSchedule"),)
    assert gpu.pool == "gpu"


@pytest.mark.parametrize(
    "text, error",
    [
        (
            "pools:\n  - name: a\n    cuont: 3\n    allocatable: {cpu: '1'}\n",
            'n.yaml:3:5: unknown pool setting "cuont" (did you mean "count"?); '
            "a pool has: name, count, allocatable, labels, taints, unschedulable",
        ),
        (
            "pools:\n  - name: a\n    allocatable: {cpu: '1'}\n    taints: [{key: k, effect: NoSchedul}]\n",
            "n.yaml:4:31: a taint's effect must be one of NoSchedule, PreferNoSchedule, NoExecute",
        ),
        (
            "pools:\n  - name: a\n    allocatable: {cpu: 1x, memory: 1Gi}\n",
            "n.yaml:3:24: cpu: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        (
            "pools:\n  - name: a\n    count: -1\n    allocatable: {}\n",
            "n.yaml:3:12: count must be a whole number of nodes, 0 or more",
        ),
        ("pools:\n  - name: a\n", 'n.yaml:2:5: pool "a" needs allocatable resources (cpu, memory, pods)'),
        (
            "pools:\n  - {name: a, count: 60000, allocatable: {}}\n  - {name: b, count: 1000000000, allocatable: {}}\n",
            "n.yaml:3:22: more than 100,000 nodes: podlint checks clusters up to that size",
        ),
        (
            "pools:\n  - {name: a, allocatable: {}}\n  - {name: a, allocatable: {}}\n",
            'n.yaml:3:12: a second pool named "a"',
        ),
        (
            "pools:\n  - name: a\n    allocatable: {}\n    labels: {tier: 1}\n",
            "n.yaml:4:20: label tier must have a string value (quote it)",
        ),
        ("pools: {}\n", "n.yaml:1:1: pools must be a list of node pools"),
        ("pools: []\nnodes: 3\n", 'n.yaml:2:1: unknown key "nodes": a pools file has only "pools"'),
        ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "n.yaml:2:7: expected a Node, found a Pod"),
        ("- a\n- b\n", 'n.yaml:1:1: expected a Node, a List of Nodes, or node pools (a mapping with "pools")'),
        (
            "apiVersion: v1\nkind: Node\nmetadata: {labels: {}}\nstatus: {capacity: {}}\n",
            "n.yaml:3:1: a node needs a name (metadata.name)",
        ),
        (
            "apiVersion: v1\nkind: Node\nmetadata: {name: x}\n",
            "n.yaml:1:1: node x has no status.allocatable (or status.capacity)",
        ),
        (
            "apiVersion: v1\nkind: Node\nmetadata: {name: x}\nspec: {unschedulable: 'yes'}\nstatus: {allocatable: {}}\n",
            "n.yaml:4:23: spec.unschedulable must be true or false",
        ),
        (
            "kind: List\nitems:\n- {kind: Node, metadata: {name: x}, status: {allocatable: {}}}\n"
            "- {kind: Node, metadata: {name: x}, status: {allocatable: {}}}\n",
            'n.yaml:4:33: a second node named "x"',
        ),
        ("kind: List\nitems: {}\n", "n.yaml:2:1: the items of a List must be a list of Nodes"),
        (
            "pools:\n  - name: a\n    allocatable: {cpu: '1', cpu: '2'}\n",
            'n.yaml:3:29: mapping key "cpu" already defined at line 3',
        ),
        ("pools: [\n", "n.yaml:2:1: did not find expected node content (while parsing a flow node)"),
    ],
)
def test_a_malformed_inventory_is_an_error_at_its_position(text, error):
    with pytest.raises(InventoryError) as raised:
        parse_inventory(text, "n.yaml")
    assert str(raised.value) == error


EXISTING = textwrap.dedent(
    """\
    apiVersion: v1
    kind: List
    items:
    - apiVersion: v1
      kind: Pod
      metadata: {name: web-1, namespace: shop}
      spec:
        nodeName: general-1
        initContainers:
        - name: migrate
          resources: {requests: {cpu: "2"}}
        containers:
        - name: web
          resources: {limits: {cpu: 500m, memory: 1Gi}}
          ports: [{containerPort: 8080, hostPort: 80}, {containerPort: 53, hostPort: 53, protocol: UDP, hostIP: 10.0.0.1}]
    - apiVersion: v1
      kind: Pod
      metadata: {name: done}
      spec:
        nodeName: general-1
        containers: [{name: job, resources: {requests: {cpu: "3"}}}]
      status: {phase: Succeeded}
    - apiVersion: v1
      kind: Pod
      metadata: {name: pending}
      spec:
        containers: [{name: job, resources: {requests: {cpu: "3"}}}]
    - apiVersion: v1
      kind: Pod
      metadata: {name: elsewhere}
      spec:
        nodeName: old-node
        containers: [{name: job}]
    """
)


def test_pods_already_running_take_their_requests_a_pod_slot_and_their_host_ports():
    inventory = parse_inventory("pools: [{name: general, count: 2, allocatable: {cpu: '4', memory: 16Gi}}]\n")
    add_existing(inventory, EXISTING, "pods.yaml")
    node, other = inventory.nodes
    # the init container's 2 cores outweigh the app container's 500m (its limit, as the request)
    assert node.requested == {"cpu": 2000, "memory": 1024**3}
    assert node.pods == 1  # the Succeeded pod takes nothing, the pending one is on no node
    assert node.used_ports == {("0.0.0.0", "TCP", 80), ("10.0.0.1", "UDP", 53)}
    assert other.requested == {} and other.pods == 0
    assert inventory.notices == ["pods.yaml: pod elsewhere runs on node old-node, which the inventory does not have"]


def test_existing_objects_must_be_pods():
    inventory = parse_inventory("pools: [{name: a, allocatable: {}}]\n")
    with pytest.raises(InventoryError) as raised:
        add_existing(inventory, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n", "pods.yaml")
    assert str(raised.value) == "pods.yaml:2:7: expected a Pod, found a Deployment"


def test_a_resized_pod_with_a_container_or_a_status_misshapen_is_counted_by_the_others():
    inventory = parse_inventory("pools: [{name: a, allocatable: {cpu: '4'}}]\n")
    pod = """\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          nodeName: a-1
          initContainers: [oops, {name: side, restartPolicy: Always, resources: {requests: {cpu: 100m}}}]
          containers: [{name: web, resources: {requests: {cpu: 200m}}}]
        status:
          initContainerStatuses: [{name: [side]}, {name: side, resources: {requests: {cpu: 300m}}}]
        """
    add_existing(inventory, textwrap.dedent(pod), "pods.yaml", (1, 35))
    # the sidecar is counted at the 300m its status reports, beside the app container's 200m
    assert inventory.nodes[0].requested == {"cpu": 500}


def test_kubectl_json_is_read_as_its_yaml_is_and_errors_keep_their_position():
    import json

    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(KUBECTL_NODES)
    text = json.dumps(data, indent=4)
    from_json, from_yaml = parse_inventory(text, "nodes.json"), parse_inventory(KUBECTL_NODES, "nodes.yaml")
    assert [(n.name, n.labels, n.taints, n.unschedulable, n.allocatable) for n in from_json.nodes] == [
        (n.name, n.labels, n.taints, n.unschedulable, n.allocatable) for n in from_yaml.nodes
    ]
    bad = text.replace('"PreferNoSchedule"', '"Sometimes"')
    line, column = next((n, c.index('"Sometimes"') + 1) for n, c in enumerate(bad.splitlines(), 1) if "Sometimes" in c)
    with pytest.raises(InventoryError) as raised:
        parse_inventory(bad, "nodes.json")
    assert str(raised.value) == (
        f"nodes.json:{line}:{column}: a taint's effect must be one of NoSchedule, PreferNoSchedule, NoExecute"
    )


def test_an_inventory_read_before_comes_from_the_cache(tmp_path, monkeypatch):
    import json

    from podlint.scheduling import inventory as module

    monkeypatch.setenv("PODLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "nodes.yaml").write_text(KUBECTL_NODES)
    (tmp_path / "pods.yaml").write_text(EXISTING.replace("general-1", "ip-10-0-1-12"))
    first = module.load_inventory(tmp_path / "nodes.yaml", tmp_path / "pods.yaml", cache=True)
    parsed = []
    monkeypatch.setattr(module, "parse_inventory", lambda *args: parsed.append(args) or first)
    again = module.load_inventory(tmp_path / "nodes.yaml", tmp_path / "pods.yaml", cache=True)
    assert parsed == []
    fields = ("name", "labels", "taints", "unschedulable", "allocatable", "requested", "pods", "used_ports", "pool")
    assert [[getattr(n, f) for f in fields] for n in again.nodes] == [
        [getattr(n, f) for f in fields] for n in first.nodes
    ]
    assert (again.notices, again.digest) == (first.notices, first.digest) and first.nodes[0].pods == 1
    (tmp_path / "nodes.yaml").write_text(KUBECTL_NODES.replace("3920m", "3900m"))
    module.load_inventory(tmp_path / "nodes.yaml", tmp_path / "pods.yaml", cache=True)
    assert len(parsed) == 1  # changed: read again
    for entry in (tmp_path / "cache").glob("*/*.json"):
        entry.write_text(json.dumps([str(tmp_path / "nodes.yaml"), first.digest, {"nodes": [[1]]}]))
    (tmp_path / "nodes.yaml").write_text(KUBECTL_NODES)
    module.load_inventory(tmp_path / "nodes.yaml", tmp_path / "pods.yaml", cache=True)
    assert len(parsed) == 2  # a damaged entry: read again


def test_an_inventory_cache_entry_of_the_wrong_types_is_read_again(tmp_path, monkeypatch):
    from conftest import cache_entries, write_cache_entries

    from podlint.scheduling import inventory as module

    monkeypatch.setenv("PODLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "nodes.yaml").write_text(KUBECTL_NODES)
    first = module.load_inventory(tmp_path / "nodes.yaml", cache=True)
    ((entry, path, digest, value, _),) = cache_entries(next((tmp_path / "cache").glob("*/")))
    value["nodes"][0][4] = {"cpu": "lots"}  # allocatable cpu that is not a number
    write_cache_entries(entry, [(path, digest, value)])
    again = module.load_inventory(tmp_path / "nodes.yaml", cache=True)
    assert again.nodes[0].allocatable == first.nodes[0].allocatable


# --- reading big files pruned ------------------------------------------------------------------

KUBECTL_EXTRAS = KUBECTL_NODES.replace(
    "  status:\n    allocatable:\n      cpu: 3920m",
    "  status:\n    images:\n    - names:\n      - registry.k8s.io/pause:3.10\n      sizeBytes: 320368\n"
    '    conditions:\n    - {type: Ready, status: "True"}\n    nodeInfo: {kubeletVersion: v1.34.2}\n'
    "    allocatable:\n      cpu: 3920m",
).replace("  metadata:\n    labels:", "  metadata:\n    managedFields: [{manager: kubelet}]\n    labels:", 1)


def test_a_pruned_read_keeps_the_data_and_the_positions_of_what_the_scheduler_reads():
    from podlint.loader import load
    from podlint.scheduling.inventory import NODES_READ
    from podlint.scheduling.pruned import documents

    assert "images:" in KUBECTL_EXTRAS and "managedFields" in KUBECTL_EXTRAS
    (pruned,) = documents(KUBECTL_EXTRAS, NODES_READ)
    (full,) = load(KUBECTL_EXTRAS).documents
    first = pruned.data["items"][0]
    assert sorted(first) == ["apiVersion", "kind", "metadata", "spec", "status"]
    assert sorted(first["status"]) == ["allocatable", "capacity"] and "managedFields" not in first["metadata"]
    assert first["metadata"]["labels"] == full.data["items"][0]["metadata"]["labels"]
    assert pruned.data["items"][1] == full.data["items"][1]
    for path in pruned.sourcemap.values:
        for on in ("key", "value"):
            assert pruned.sourcemap.span(path, on) == full.sourcemap.span(path, on), path
    assert set(pruned.sourcemap.keys) <= set(full.sourcemap.keys)
    # the inventory is the same, read pruned or whole
    whole = parse_inventory(KUBECTL_NODES)
    assert [(n.name, n.labels, n.taints, n.allocatable) for n in parse_inventory(KUBECTL_EXTRAS).nodes] == [
        (n.name, n.labels, n.taints, n.allocatable) for n in whole.nodes
    ]


@pytest.mark.parametrize(
    "text",
    [
        "kind: List\nitems:\n- &n {kind: Node, metadata: {name: a}, status: {allocatable: {}}}\n- *n\n",  # an alias
        "kind: List\nitems:\n- kind: Node\n  metadata: {name: a}\n  status: {allocatable: {}, images: &i []}\n",
        "kind: Node\nmetadata: {name: a, <<: {labels: {}}}\nstatus: {allocatable: {}}\n",  # a merge key
        "kind: Node\nkind: Node\n",  # a key twice
        "kind: Node\nstatus: {images: " + "[" * 70 + "]" * 70 + "}\n",  # deep, where it is skipped
        "kind: [Node\n",  # a syntax error
        "{a: 1}: b\n",  # a key that is not a scalar
        "kind: Node\nmetadata: {name: a, labels: {~: x}}\n",  # a null key, which kubectl refuses
        "kind: Node\nmetadata: {name: a, labels: {x: !!int yes}}\n",  # a tag go-yaml refuses
    ],
)
def test_what_needs_the_full_loader_is_not_read_pruned(text):
    from podlint.scheduling.inventory import NODES_READ
    from podlint.scheduling.pruned import documents

    assert documents(text, NODES_READ) is None


def test_a_pruned_read_converts_keys_as_the_loader_does():
    from podlint.loader import load
    from podlint.scheduling.inventory import NODES_READ
    from podlint.scheduling.pruned import documents

    text = "kind: Node\nmetadata:\n  name: a\n  labels: {on: x, 1.10: v, 8080: z}\nstatus: {allocatable: {}}\n"
    (pruned,) = documents(text, NODES_READ)
    (full,) = load(text).documents
    assert pruned.data["metadata"]["labels"] == full.data["metadata"]["labels"] == {"true": "x", "1.1": "v", "8080": "z"}
    assert pruned.sourcemap.span(("metadata", "labels", "1.1"), "key") == full.sourcemap.span(("metadata", "labels", "1.1"), "key")


def test_pods_already_running_are_read_pruned_as_whole():
    from podlint.loader import load
    from podlint.scheduling.inventory import PODS_READ
    from podlint.scheduling.pruned import documents

    noisy = EXISTING.replace("    metadata: {name: done}", "    metadata: {name: done, managedFields: [{a: b}]}")
    (pruned,) = documents(noisy, PODS_READ)
    (full,) = load(EXISTING).documents
    assert pruned.data == full.data  # every field --existing reads, and only those, were there


def test_an_inventory_file_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    from podlint.scheduling import inventory as module

    monkeypatch.setattr(module, "MAX_FILE_SIZE", 64)
    (tmp_path / "nodes.yaml").write_text("pools: [{name: a, allocatable: {}}]\n" + "#" * 64)
    with pytest.raises(InventoryError) as raised:
        module.load_inventory(tmp_path / "nodes.yaml")
    assert str(raised.value) == f"{tmp_path / 'nodes.yaml'}: more than 0 MiB: not read"


def test_node_objects_beyond_the_node_limit_are_refused(monkeypatch):
    from podlint.scheduling import inventory as module

    monkeypatch.setattr(module, "MAX_NODES", 1)
    with pytest.raises(InventoryError) as raised:
        parse_inventory(KUBECTL_NODES, "n.yaml")
    assert str(raised.value) == "n.yaml:33:11: more than 1 nodes: podlint checks clusters up to that size"


def test_a_boolean_amount_is_not_the_number_one():
    """``cpu: true`` is not a quantity, even after ``cpu: 1`` was read (1 == true in a cache key)."""
    parse_inventory("pools:\n  - name: a\n    allocatable: {cpu: 1}\n", "n.yaml")
    with pytest.raises(InventoryError) as raised:
        parse_inventory("pools:\n  - name: a\n    allocatable: {cpu: true}\n", "n.yaml")
    assert str(raised.value).startswith("n.yaml:3:24: cpu: quantities must match the regular expression")


def test_json_nested_too_deeply_for_the_json_module_is_read_as_yaml():
    text = '{"a":' * 100_000 + "1" + "}" * 100_000
    with pytest.raises(InventoryError) as raised:
        parse_inventory(text, "nodes.json")
    assert str(raised.value) == "nodes.json:1:50001: exceeded max depth of 10000"
