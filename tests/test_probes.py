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
