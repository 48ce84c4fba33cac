"""What a pod is: one a controller runs, one the kubelet runs (static), one a tool runs and deletes."""

from __future__ import annotations

import pytest

STATIC = """\
apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
  labels: {component: kube-scheduler, tier: control-plane}
spec:
  hostNetwork: true
  containers:
    - name: kube-scheduler
      image: registry.k8s.io/kube-scheduler:v1.33.1
"""
ANNOTATED = STATIC.replace(
    "  labels: {component: kube-scheduler, tier: control-plane}\n",
    "  annotations: {kubeadm.kubernetes.io/etcd.advertise-client-urls: 'https://10.0.0.2:2379'}\n",
)


@pytest.mark.parametrize("text", [STATIC, ANNOTATED], ids=["tier-label", "kubeadm-annotation"])
def test_a_static_pod_has_no_controller_and_no_service_account(lint, text):
    assert text.count("tier: control-plane") == (text is STATIC)
    report = lint(text, select=["bare-pod", "automount-service-account-token"])
    assert report.findings == []


def test_a_pod_of_the_kube_system_namespace_alone_is_not_static(lint):
    text = STATIC.replace("  labels: {component: kube-scheduler, tier: control-plane}\n", "")
    report = lint(text, select=["bare-pod", "automount-service-account-token"])
    assert [f.rule for f in report.findings] == ["bare-pod", "automount-service-account-token"]


@pytest.mark.parametrize("annotation", ["helm.sh/hook: test", "argocd.argoproj.io/hook: PreSync"])
def test_a_pod_a_tool_runs_and_deletes_is_not_bare(lint, annotation):
    text = f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: check\n  annotations: {{{annotation}}}\nspec:\n  containers: [{{name: c, image: 'busybox:1.36'}}]\n"
    assert lint(text, select=["bare-pod"]).findings == []
    assert [f.rule for f in lint(text.replace("annotations", "labels"), select=["bare-pod"]).findings] == ["bare-pod"]


def test_a_placeholder_image_has_no_tag_to_speak_of(lint):
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: w}
spec:
  containers:
    - {name: a, image: "$IMAGE"}
    - {name: b, image: "{{ .Values.image }}"}
    - {name: c, image: "${REGISTRY}/app"}
    - {name: d, image: nginx}
"""
    assert [(f.line, f.message) for f in lint(text, select=["latest-tag"]).findings] == [
        (9, 'container "d" uses image "nginx" with no tag')
    ]
