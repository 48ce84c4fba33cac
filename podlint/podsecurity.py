"""Which Pod Security Standards level applies to a pod, and how loud a violation of it is.

The level comes from the run (``--pod-security``, the configuration's ``pod-security``)
or from the pod's namespace: a ``Namespace`` object in the linted files with the labels
``pod-security.kubernetes.io/enforce`` (admission rejects the pod: an error) or ``warn`` /
``audit`` (admission lets it in with a warning: a warning).

A namespace's ``enforce`` label overrides the run's level, as it overrides the cluster's
default in admission. Below the level in force (or with none), baseline violations are
warnings, and so are the restricted ones that set something dangerous explicitly
(``runAsUser: 0``, ``allowPrivilegeEscalation: true``); restricted controls that only ask for
a setting to be made (a seccomp profile, dropping ``ALL``) stay silent. Where the level is
``privileged``, nothing is reported but what a ``warn`` or ``audit`` label asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .findings import Severity

LEVELS = ("privileged", "baseline", "restricted")
LABEL_PREFIX = "pod-security.kubernetes.io/"
MODES = ("enforce", "audit", "warn")


# k8s.io/pod-security-admission/api/helpers.go: ParseLevel, ParseVersion
LEVEL_ERROR = "must be one of privileged, baseline, restricted"
VERSION_ERROR = 'must be "latest" or "v1.x"'
_VERSION = re.compile(r"v1\.([0-9]|[1-9][0-9]*)")
_MAX_GO_INT = 2**63 - 1


def label_errors(labels: dict) -> list[tuple[str, str]]:
    """The Pod Security labels of a Namespace that admission refuses (``PolicyToEvaluate``):
    each label key with its error, as ``ParseLevel`` and ``ParseVersion`` word it."""
    errors = []
    for mode in MODES:
        for key, valid, error in (
            (LABEL_PREFIX + mode, lambda value: value in LEVELS, LEVEL_ERROR),
            (LABEL_PREFIX + mode + "-version", _valid_version, VERSION_ERROR),
        ):
            value = labels.get(key)
            if isinstance(value, str) and not valid(value):
                errors.append((key, error))
    return errors


def _valid_version(value: str) -> bool:
    match = _VERSION.fullmatch(value)
    return value == "latest" or (match is not None and int(match.group(1)) <= _MAX_GO_INT)


def _rank(level: str | None) -> int:
    """privileged 0, baseline 1, restricted 2; no level -1. ``latest`` versions only."""
    return LEVELS.index(level) if level in LEVELS else -1


@dataclass(frozen=True)
class NamespaceLevels:
    """The Pod Security Admission labels of a namespace: the level of each mode, or None."""

    enforce: str | None = None
    audit: str | None = None
    warn: str | None = None

    @classmethod
    def from_labels(cls, labels: dict) -> NamespaceLevels | None:
        """The levels a Namespace's labels set (a version suffix is not needed: ``latest``)."""
        levels = {mode: labels.get(LABEL_PREFIX + mode) for mode in MODES}
        levels = {mode: value for mode, value in levels.items() if isinstance(value, str) and value in LEVELS}
        return cls(**levels) if levels else None


@dataclass(frozen=True)
class PodSecurity:
    """The levels in force: the run's, and each namespace's from the linted Namespace objects."""

    level: str | None = None
    namespaces: dict[str, NamespaceLevels] = field(default_factory=dict)
    # each verdict once: the security rules ask for one a pod, the same few again and again
    _verdicts: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def verdict(self, namespace: str | None, control: str, explicit: bool) -> tuple[Severity, str, str] | None:
        """How a violation of a ``control`` (of level "baseline" or "restricted") is reported for
        a pod of ``namespace``: its severity, the level its message names as Pod Security
        Admission does (``"restricted:latest"``) and the verb admission uses, ``violates`` where
        the level is enforced, ``would violate`` in the warning a ``warn`` or ``audit`` label
        makes; None: not at all. ``explicit``: the pod sets the dangerous value itself, rather
        than leaving out a setting the level asks for."""
        key = (namespace, control, explicit)
        if key not in self._verdicts:
            self._verdicts[key] = self._verdict(namespace, control, explicit)
        return self._verdicts[key]

    def _verdict(self, namespace: str | None, control: str, explicit: bool) -> tuple[Severity, str, str] | None:
        rank = _rank(control)
        levels = self.namespaces.get(namespace or "default") or NamespaceLevels()
        enforce = levels.enforce or self.level  # a namespace's label overrides the run's level, as in admission
        if rank <= _rank(enforce):
            return Severity.ERROR, f"{enforce}:latest", "violates"
        for level in (levels.warn, levels.audit):
            if rank <= _rank(level):
                return Severity.WARNING, f"{level}:latest", "would violate"
        if enforce == "privileged":
            return None  # privileged pods are what the namespace (or the run) allows
        if control == "baseline" or explicit:
            return Severity.WARNING, f"{control}:latest", "violates"
        return None
