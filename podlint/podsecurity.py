"""Which Pod Security Standards level applies to a pod, and how loud a violation of it is.

The level comes from the run (``--pod-security``, the configuration's ``pod-security``)
or from the pod's namespace: a ``Namespace`` object in the linted files with the labels
``pod-security.kubernetes.io/enforce`` (admission rejects the pod: an error) or ``warn`` /
``audit`` (admission lets it in with a warning: a warning).

A namespace's ``enforce`` label overrides the run's level, as it overrides the cluster's
default in admission. Each mode is checked at the policy version of its ``-version`` label
(``latest``: the version linted against), where the check that finds the violation
:class:`Holds`. Below the level in force (or with none), baseline violations are
warnings, and so are the restricted ones that set something dangerous explicitly
(``runAsUser: 0``, ``allowPrivilegeEscalation: true``); restricted controls that only ask for
a setting to be made (a seccomp profile, dropping ``ALL``) stay silent. Where the level is
``privileged``, nothing is reported but what a ``warn`` or ``audit`` label asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

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
    """privileged 0, baseline 1, restricted 2; no level -1."""
    return LEVELS.index(level) if level in LEVELS else -1


Version = tuple[int, int]


def parse_version(value: str) -> Version | None:
    """A valid version label's policy version; None for ``latest`` (see :func:`label_errors`)."""
    match = _VERSION.fullmatch(value)
    return (1, int(match.group(1))) if match else None


def policy_name(level: str, version: Version | None) -> str:
    """``LevelVersion.String()``: ``restricted:latest``, ``baseline:v1.30``."""
    return f"{level}:latest" if version is None else f"{level}:v{version[0]}.{version[1]}"


class Holds(NamedTuple):
    """The policy versions at which a check finds a violation: from ``since`` up to (not
    including) ``until``, None for no end; at the restricted level, ``restricted`` instead
    when given (a restricted check that replaces the baseline one, as its own range)."""

    since: Version = (1, 0)
    until: Version | None = None
    restricted: tuple[Version, Version | None] | None = None

    def at(self, level: str, version: Version) -> bool:
        since, until = self.restricted if level == "restricted" and self.restricted else (self.since, self.until)
        return since <= version and (until is None or version < until)


ALWAYS = Holds()


class Verdict(NamedTuple):
    """How a violation is reported: its severity; the policy its message names as Pod Security
    Admission does (``restricted:latest``, ``baseline:v1.30``), the verb admission uses
    (``violates`` where the level is enforced, ``would violate`` in the warning a ``warn`` or
    ``audit`` label makes); and the level and policy version it was checked at."""

    severity: Severity
    policy: str
    verb: str
    level: str
    version: Version


class NamespaceLevels(NamedTuple):
    """The Pod Security Admission labels of a namespace: the level of each mode, or None (the
    run's level for ``enforce``), and its policy version, None for ``latest``."""

    enforce: str | None = None
    audit: str | None = None
    warn: str | None = None
    enforce_version: Version | None = None
    audit_version: Version | None = None
    warn_version: Version | None = None

    @classmethod
    def from_labels(cls, labels: dict) -> NamespaceLevels | None:
        """The levels and versions a Namespace's labels set; a label admission refuses is not
        read (the Namespace is refused: ``invalid-pod-security-label``)."""
        found: dict = {}
        for mode in MODES:
            level, version = labels.get(LABEL_PREFIX + mode), labels.get(LABEL_PREFIX + mode + "-version")
            if isinstance(level, str) and level in LEVELS:
                found[mode] = level
            if isinstance(version, str) and version != "latest" and _valid_version(version):
                found[mode + "_version"] = parse_version(version)
        return cls(**found) if found else None


@dataclass(frozen=True)
class PodSecurity:
    """The levels in force: the run's, and each namespace's from the linted Namespace objects."""

    level: str | None = None
    namespaces: dict[str, NamespaceLevels] = field(default_factory=dict)
    # each verdict once: the security rules ask for one a pod, the same few again and again
    _verdicts: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def verdict(
        self,
        namespace: str | None,
        control: str,
        explicit: bool,
        cluster: Version = (1, 99),
        holds: Holds = ALWAYS,
        enforced: bool = True,
    ) -> Verdict | None:
        """How a violation of a ``control`` (of level "baseline" or "restricted") is reported for
        a pod of ``namespace`` on a ``cluster`` of that Kubernetes version; None: not at all.
        Each mode is checked at its policy version (``latest``: the cluster's; a later one is
        the cluster's too), where the check ``holds``. ``explicit``: the pod sets the dangerous
        value itself, rather than leaving out a setting the level asks for. ``enforced``: whether
        the enforce mode applies to it (not to a bare PodTemplate, from which no pod is made:
        admission only warns of one)."""
        key = (namespace, control, explicit, cluster, holds, enforced)
        if key not in self._verdicts:
            self._verdicts[key] = self._verdict(namespace, control, explicit, cluster, holds, enforced)
        return self._verdicts[key]

    def _verdict(
        self, namespace: str | None, control: str, explicit: bool, cluster: Version, holds: Holds, enforced: bool
    ) -> Verdict | None:
        rank = _rank(control)
        levels = self.namespaces.get(namespace or "default") or NamespaceLevels()
        enforce = levels.enforce or self.level  # a namespace's label overrides the run's level, as in admission
        modes = (
            (enforce if enforced else None, levels.enforce_version, Severity.ERROR, "violates"),
            (levels.warn, levels.warn_version, Severity.WARNING, "would violate"),
            (levels.audit, levels.audit_version, Severity.WARNING, "would violate"),
        )
        admitted = -1  # the highest level a mode at the cluster's own version lets the pod in at
        for level, pinned, severity, verb in modes:
            if level is None or rank > _rank(level):
                continue
            version = cluster if pinned is None else min(pinned, cluster)
            if holds.at(level, version):
                return Verdict(severity, policy_name(level, pinned), verb, level, version)
            if version == cluster:
                admitted = max(admitted, _rank(level))
        if enforce == "privileged":
            return None  # privileged pods are what the namespace (or the run) allows
        # below the levels in force, or where only older policy versions let the pod in: the
        # lowest level the pod violates at the cluster's version, above what a mode admits
        level = next((level for level in LEVELS[rank:] if holds.at(level, cluster)), None)
        if level is not None and _rank(level) > admitted and (level == "baseline" or explicit):
            return Verdict(Severity.WARNING, policy_name(level, None), "violates", level, cluster)
        return None
