"""Which Pod Security Standards level applies to a pod, and how loud its violations are."""

from __future__ import annotations

import pytest

from podlint.findings import Severity
from podlint.podsecurity import NamespaceLevels, PodSecurity

E, W = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize(
    "policy, namespace, control, explicit, verdict",
    [
        # no level anywhere: baseline and explicit restricted violations warn, the rest is silent
        (PodSecurity(), None, "baseline", False, (W, "baseline:latest")),
        (PodSecurity(), None, "restricted", True, (W, "restricted:latest")),
        (PodSecurity(), None, "restricted", False, None),
        # --pod-security: that level's controls (and the levels below) are errors
        (PodSecurity("baseline"), None, "baseline", False, (E, "baseline:latest")),
        (PodSecurity("baseline"), None, "restricted", True, (W, "restricted:latest")),
        (PodSecurity("baseline"), None, "restricted", False, None),
        (PodSecurity("restricted"), "shop", "baseline", False, (E, "restricted:latest")),
        (PodSecurity("restricted"), "shop", "restricted", False, (E, "restricted:latest")),
        (PodSecurity("privileged"), None, "baseline", False, (W, "baseline:latest")),
        # a Namespace's labels: enforce is an error, warn and audit a warning; unset namespace is "default"
        (PodSecurity(namespaces={"shop": NamespaceLevels(enforce="restricted")}), "shop", "restricted", False,
         (E, "restricted:latest")),
        (PodSecurity(namespaces={"shop": NamespaceLevels(enforce="restricted")}), "other", "restricted", False, None),
        (PodSecurity(namespaces={"default": NamespaceLevels(warn="restricted")}), None, "restricted", False,
         (W, "restricted:latest")),
        (PodSecurity(namespaces={"shop": NamespaceLevels(audit="baseline")}), "shop", "restricted", False, None),
        (PodSecurity("baseline", {"shop": NamespaceLevels(enforce="privileged", warn="restricted")}), "shop",
         "baseline", False, (E, "baseline:latest")),
        (PodSecurity("baseline", {"shop": NamespaceLevels(enforce="privileged", warn="restricted")}), "shop",
         "restricted", False, (W, "restricted:latest")),
    ],
)
def test_verdict(policy, namespace, control, explicit, verdict):
    assert policy.verdict(namespace, control, explicit) == verdict


def test_namespace_labels():
    labels = {
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/enforce-version": "v1.33",
        "pod-security.kubernetes.io/warn": "restricted",
        "pod-security.kubernetes.io/audit": "strict",  # not a level: ignored, as admission refuses it
    }
    assert NamespaceLevels.from_labels(labels) == NamespaceLevels(enforce="baseline", warn="restricted")
    assert NamespaceLevels.from_labels({"team": "shop"}) is None
