"""What the probe rules say of the timings the kubelet reads."""

from __future__ import annotations

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.33.1
      livenessProbe:
        httpGet: {path: /livez, port: 6443, scheme: HTTPS}
        timeoutSeconds: 15
        failureThreshold: 8
      readinessProbe:
        httpGet: {path: /readyz, port: 6443, scheme: HTTPS}
        periodSeconds: 1
        timeoutSeconds: 15
      startupProbe:
        httpGet: {path: /livez, port: 6443, scheme: HTTPS}
        periodSeconds: 10
        timeoutSeconds: 10
"""


def test_a_timeout_longer_than_the_period_delays_the_verdict(lint):
    # kubeadm's own probes of the API server: the timeout sets the pace, and only a longer one
    findings = lint(POD, select=["probe-timeout-exceeds-period"]).findings
    assert [(f.line, f.column, str(f.severity), f.message) for f in findings] == [
        (
            10,
            25,
            "info",
            'container "kube-apiserver" livenessProbe timeoutSeconds 15 is longer than its periodSeconds 10 (the'
            " default): a hung endpoint is probed every 15s, and found failing after 8×15s, not 8×10s",
        ),
        (
            15,
            25,
            "info",
            'container "kube-apiserver" readinessProbe timeoutSeconds 15 is longer than its periodSeconds 1: a hung'
            " endpoint is probed every 15s, and found failing after 3×15s, not 3×1s",
        ),
    ]


def test_an_undeclared_probe_port_is_a_note_unless_another_container_has_it(lint):
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: nginx:1.27.2
      ports: [{name: http, containerPort: 80}]
      livenessProbe: {httpGet: {path: /healthz, port: 10254}}
      readinessProbe: {httpGet: {path: /ready, port: 9090}}
      startupProbe: {httpGet: {path: /start, port: metrics}}
    - name: exporter
      image: example/exporter:1.0
      ports: [{name: metrics, containerPort: 9090}]
"""
    findings = lint(text, select=["probe-port-not-declared"]).findings
    assert [(f.line, str(f.severity), f.message) for f in findings] == [
        (9, "info", 'container "web" livenessProbe port 10254 is not one of the container\'s declared ports'),
        (
            10,
            "warning",
            'container "web" readinessProbe port 9090 is not one of the container\'s declared ports; container '
            '"exporter" declares it, so the probe checks that container',
        ),
        (
            11,
            "error",
            'container "web" startupProbe port "metrics" is not a port name of this container; container "exporter" '
            "declares it, but a probe looks up names in its own container only",
        ),
    ]
