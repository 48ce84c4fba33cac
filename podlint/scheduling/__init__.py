"""Will it fit? Pods against a node inventory, decided as kube-scheduler's filter plugins decide.

``inventory`` reads the nodes (``kubectl get nodes -o yaml`` output, or node pools) and the
pods already running on them; ``fit`` runs the default profile's filters (NodeUnschedulable,
NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit) and words the result
as the scheduler does. Imported only when a run is given nodes.
"""
