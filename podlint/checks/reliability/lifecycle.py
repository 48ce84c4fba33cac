"""How containers restart and stop, and how Jobs and CronJobs run and go away."""

from __future__ import annotations

import math
import re
from typing import Any, Iterator

from ...findings import Violation
from ...model import APP, SIDECAR, Container, Manifest, Pod
from ...registry import rule
from ...sourcemap import FieldPath
from ..api.validation import DEFAULT_GRACE_PERIOD, _dicts, _int

RESTART_POLICIES = ("Always", "OnFailure", "Never")
JOB_KINDS = (("batch", "Job"), ("batch", "CronJob"))
# ContainerRestartRules (beta, on by default, from 1.35): a regular container's own restartPolicy
# overrides the pod's; before, the API server refuses one (invalid-restart-policy).
CONTAINER_RESTART_POLICY_SINCE = (1, 35)

_SPEC = FieldPath(("spec",))


def _seconds(value: float) -> str:
    if math.isinf(value):
        return "forever"
    return f"{int(value)}s" if value == int(value) else f"{value}s"


# --- restart-policy ----------------------------------------------------------------------------------


def _pod_restart_policy(pod: Pod) -> str | None:
    """The pod's restartPolicy after defaulting, or None for a value the API server refuses."""
    value = pod.spec.get("restartPolicy")
    if value is None or value == "":
        return "Always"  # SetDefaults_PodSpec
    return value if value in RESTART_POLICIES else None


def _container_restart_policy(container: Container) -> str | None:
    """A regular container's own restartPolicy, where the Kubernetes version honours it."""
    if container.pod.manifest.kubernetes_minor < CONTAINER_RESTART_POLICY_SINCE:
        return None
    value = container.spec.get("restartPolicy")
    return value if value in RESTART_POLICIES else None


def _container_ports(container: Container) -> list[int]:
    return [port for _, item in _dicts(container.spec.get("ports")) if (port := _int(item.get("containerPort")))]


@rule("restart-policy")
def restart_policy(pod: Pod) -> Iterator[Violation]:
    manifest = pod.manifest
    if (manifest.group, manifest.kind) in JOB_KINDS:
        return  # a Job replaces a pod that fails, up to its backoffLimit
    # no controller recreates the pod: nothing but the kubelet brings its containers back
    bare = pod.is_pod and not manifest.metadata.get("ownerReferences")
    pod_policy = _pod_restart_policy(pod)
    for container in pod.app_containers:  # native sidecars restart whatever the pod's policy
        if container.spec.get("restartPolicyRules"):
            continue  # exit-code rules may restart it: not for podlint to work out
        own = _container_restart_policy(container)
        policy = own or pod_policy
        if policy is None or policy == "Always":
            continue
        if own is None and not bare:
            continue  # a pod some controller owns, or a workload's template (anything but Always: an API error)
        where = container.path / "restartPolicy" if own else pod.path / "restartPolicy"
        whose = "its restartPolicy" if own else "pod restartPolicy"
        if policy == "Never" and isinstance(container.spec.get("livenessProbe"), dict):
            message = f"{container.label} is not restarted after its livenessProbe fails: {whose} Never"
            yield Violation(container.path / "livenessProbe", message, on="key")
            continue
        ports = _container_ports(container)
        if bare and ports:
            plural = "s" if len(ports) > 1 else ""
            served = f"serves port{plural} {', '.join(str(port) for port in ports)}"
            exits = "once it exits" if policy == "Never" else "once it exits with status 0"
            message = (
                f"{container.label} {served} but does not come back {exits}: "
                f"{whose} {policy}, and no controller recreates the pod"
            )
            yield Violation(where, message)


# --- prestop-exceeds-grace-period ------------------------------------------------------------------------

_SHELLS = frozenset(("sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"))
# GNU coreutils and BusyBox sleep: one or more NUMBER[SUFFIX], added up
_SLEEP_ARG = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)\Z")
_SLEEP_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_INFINITY = ("inf", "infinity")
# a shell script's simple commands and what separates them
_SEPARATOR = re.compile(r"(&&|\|\||;;|[;&|\n(){}]|`|\$\()")
_OPENERS = frozenset(("if", "while", "until", "for", "case", "select"))
_CLOSERS = frozenset(("fi", "done", "esac"))
_AFTER_KEYWORD = frozenset(("then", "do", "else", "elif", "!", "time"))


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _sleep_args(args: list[str]) -> float | None:
    """What ``sleep ARGS`` waits, in seconds; None when it cannot be told (a variable, an option)."""
    if not args:
        return None
    total = 0.0
    for arg in args:
        if arg.lower() in _INFINITY:
            return math.inf
        match = _SLEEP_ARG.match(arg)
        if match is None:
            return None
        total += float(match.group(1)) * _SLEEP_UNITS[match.group(2)]
    return total


def _argv_sleep(argv: list[str]) -> tuple[int, float] | None:
    """The sleep of a command line (``sleep 5``, ``/bin/sleep 5``, ``exec sleep 5``,
    ``busybox sleep 5``): the index of its first argument and the seconds."""
    start = 0
    while start < len(argv) and argv[start] in ("exec", "command", "busybox"):
        start += 1
    if start >= len(argv) or _basename(argv[start]) != "sleep":
        return None
    seconds = _sleep_args(argv[start + 1 :])
    return None if seconds is None else (start + 1, seconds)


def _script_sleep(script: str) -> float | None:
    """The seconds a shell script surely sleeps: the ``sleep`` commands it runs whatever happens
    (not inside a loop or a condition, not after ``||``, not in the background), added up."""
    total, found, depth = 0.0, False, 0
    parts = _SEPARATOR.split(script)
    before = ""  # the separator before the command
    for index in range(0, len(parts), 2):
        words = parts[index].split()
        after = parts[index + 1] if index + 1 < len(parts) else ""
        while words and words[0] in _AFTER_KEYWORD:
            words = words[1:]
        if words and words[0] in _OPENERS:
            depth += 1
        elif words and words[0] in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and before not in ("||", "|", "&") and after not in ("&", "|"):
            sleep = _argv_sleep(words)
            if sleep is not None:
                total += sleep[1]
                found = True
        if words or after not in ("", "\n", "(", "{", "`", "$("):
            before = after  # an opening bracket or a line break carries on the separator before it
    return total if found else None


def _exec_sleep(command: Any) -> tuple[int, float] | None:
    """Where an exec handler's command sleeps (the index of its item) and for how long."""
    if not isinstance(command, list) or not command or not all(isinstance(word, str) for word in command):
        return None
    sleep = _argv_sleep(command)
    if sleep is not None:
        return sleep
    if _basename(command[0]) not in _SHELLS:
        return None
    for index, word in enumerate(command[1:-1], start=1):
        if word.startswith("-") and not word.startswith("--") and "c" in word:
            seconds = _script_sleep(command[index + 1])
            return (index + 1, seconds) if seconds is not None else None
    return None


@rule("prestop-exceeds-grace-period")
def prestop_exceeds_grace_period(container: Container) -> Iterator[Violation]:
    if container.role not in (APP, SIDECAR):
        return  # init and ephemeral containers cannot have lifecycle hooks
    lifecycle = container.spec.get("lifecycle")
    hook = lifecycle.get("preStop") if isinstance(lifecycle, dict) else None
    if not isinstance(hook, dict):
        return
    pod = container.pod
    raw = pod.spec.get("terminationGracePeriodSeconds")
    grace = DEFAULT_GRACE_PERIOD if raw is None else _int(raw)
    if grace is None or grace < 0:
        return  # wrong-type, negative-grace-period
    named = f"terminationGracePeriodSeconds {grace}{' (the default)' if raw is None else ''}"
    path = container.path / "lifecycle" / "preStop"
    action = hook.get("sleep")
    if isinstance(action, dict):
        seconds = _int(action.get("seconds"))
        if seconds is None or seconds <= 0 or seconds < grace:
            return
        if seconds == grace:  # a longer one is refused by the API server: invalid-probe's finding
            message = f"{container.label} preStop hook sleeps {seconds}s, as long as {named}"
            yield Violation(path / "sleep" / "seconds", message)
        return
    found = _exec_sleep(hook["exec"].get("command")) if isinstance(hook.get("exec"), dict) else None
    if found is None:
        return
    index, seconds = found
    if seconds <= 0 or seconds < grace:
        return
    comparison = "as long as" if seconds == grace else "longer than"
    where = path / "exec" / "command" / index
    yield Violation(where, f"{container.label} preStop hook sleeps {_seconds(seconds)}, {comparison} {named}")


# --- Jobs and CronJobs ---------------------------------------------------------------------------------------

# Annotations of tools that delete the Jobs they run: Helm and Argo CD hooks (both delete a
# hook's previous Job before creating the next one when no deletion policy is given).
TOOL_MANAGED_JOB_ANNOTATIONS = ("helm.sh/hook", "argocd.argoproj.io/hook")


def _spec(manifest: Manifest) -> dict | None:
    spec = manifest.data.get("spec")
    return spec if isinstance(spec, dict) else None


def _name(manifest: Manifest) -> str:
    return manifest.ref.name or ""


@rule("job-without-ttl")
def job_without_ttl(manifest: Manifest) -> Iterator[Violation]:
    if (manifest.group, manifest.kind) != ("batch", "Job"):
        return
    spec = _spec(manifest)
    if spec is None or spec.get("ttlSecondsAfterFinished") is not None:
        return
    if manifest.metadata.get("ownerReferences"):
        return  # a CronJob's Job (its history limits delete it), or another controller's
    if any(key in manifest.annotations for key in TOOL_MANAGED_JOB_ANNOTATIONS):
        return
    message = f'job "{_name(manifest)}" has no ttlSecondsAfterFinished: it and its pods stay after it finishes'
    yield Violation(_SPEC / "ttlSecondsAfterFinished", message, on="key")


@rule("cronjob-concurrency")
def cronjob_concurrency(manifest: Manifest) -> Iterator[Violation]:
    if (manifest.group, manifest.kind) != ("batch", "CronJob"):
        return
    spec = _spec(manifest)
    if spec is None or spec.get("concurrencyPolicy") not in (None, ""):
        return
    message = (
        f'cronjob "{_name(manifest)}" has concurrencyPolicy Allow (the default): '
        "a run starts even while the previous one is still running"
    )
    yield Violation(_SPEC / "concurrencyPolicy", message, on="key")
