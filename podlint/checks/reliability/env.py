"""A container's environment as the kubelet builds it, and the ``$(VAR)`` references it expands.

The kubelet expands ``$(NAME)`` with ``expansion.Expand``
(``third_party/forked/golang/expansion/expand.go``): ``$$`` is a literal ``$``, and a name it
cannot map is left as written, ``$(NAME)`` and all. Where it looks a name up:

- an entry of ``env`` with a ``value``: the variables of ``envFrom``, the entries of ``env``
  before it, and the Services' link variables (``makeEnvironmentVariables``, in order);
- ``command``, ``args`` and ``subPathExpr``: the whole environment so built
  (``ExpandContainerCommandAndArgs``, ``ExpandContainerVolumeMounts``); a name ``subPathExpr``
  cannot map, or maps to an empty value, stops the container ("missing value for NAME");
- an ``exec`` probe's command: the entries of ``env`` alone, an entry set with ``valueFrom``
  as an empty string (``ExpandContainerCommandOnlyStatic``);
- a lifecycle hook's ``exec`` command: nowhere; it runs as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Severity, Violation
from ...model import APP, EPHEMERAL, SIDECAR, Container
from ...registry import rule
from ..api.validation import _dicts, _list
from .probes import PROBES

# what expansion.Expand reads as a reference: "$$" (an escaped "$") or "$(" up to the first ")"
_REFERENCE = re.compile(r"\$(?:\$|\(([^)]*)\))")
# a name left undefined is reported only when it is written as environment variables are (upper
# case): "$(hostname)" or "$(date +%s)" in a shell command is the shell's command substitution
_VARIABLE_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
# the link variables of a Service (envvars.FromServices): NAME_SERVICE_HOST, NAME_SERVICE_PORT,
# NAME_SERVICE_PORT_PORTNAME, NAME_PORT, NAME_PORT_80_TCP and its _PROTO, _PORT and _ADDR
_LINK_SUFFIX = r"(?:SERVICE_HOST|SERVICE_PORT(?:_[A-Z0-9_]+)?|PORT(?:_[0-9]+_(?:TCP|UDP|SCTP)(?:_(?:PROTO|PORT|ADDR))?)?)\Z"
_SERVICE_LINK = re.compile(r"[A-Z][A-Z0-9_]*_" + _LINK_SUFFIX)
# the kubernetes Service's, which every pod gets, enableServiceLinks or not
_MASTER_SERVICE_LINK = re.compile(r"KUBERNETES_" + _LINK_SUFFIX)
HOOKS = ("postStart", "preStop")


def references(text: str) -> list[str]:
    """The names ``text`` refers to with ``$(NAME)``, each once, in order."""
    if "$" not in text:
        return []
    names = [match[1] for match in _REFERENCE.finditer(text) if match[1] is not None]
    return list(dict.fromkeys(names))


def _mentions_reference(spec: dict) -> bool:
    """Whether any string the rule reads may hold a reference (most containers have none: a
    quick look first)."""
    for key in ("command", "args"):
        items = spec.get(key)
        if items.__class__ is list:
            for item in items:
                if item.__class__ is str and "$(" in item:
                    return True
    env = spec.get("env")
    if env.__class__ is list:
        for entry in env:
            if entry.__class__ is dict:
                value = entry.get("value")
                if value.__class__ is str and "$(" in value:
                    return True
    mounts = spec.get("volumeMounts")
    if mounts.__class__ is list:
        for mount in mounts:
            if mount.__class__ is dict and "subPathExpr" in mount:
                return True
    # exec probes and hooks are rare: read whenever there is one
    return "lifecycle" in spec or any(
        isinstance(probe := spec.get(name), dict) and "exec" in probe for name in PROBES
    )


def _name(entry: dict) -> str | None:
    name = entry.get("name")
    return name if isinstance(name, str) else None


def _strings(value) -> list[tuple[int, str]]:
    return [(index, item) for index, item in enumerate(_list(value)) if isinstance(item, str)]


@rule("unresolved-env-reference")
def unresolved_env_reference(container: Container) -> Iterator[Violation]:
    spec = container.spec
    if container.role == EPHEMERAL or not _mentions_reference(spec):  # ephemeral ones are refused in a manifest
        return
    entries = [(index, entry, _name(entry)) for index, entry in _dicts(spec.get("env"))]
    if not isinstance(spec.get("envFrom"), list) or not spec["envFrom"]:  # else any name may come from it
        links = _SERVICE_LINK if container.pod.spec.get("enableServiceLinks") is not False else _MASTER_SERVICE_LINK
        yield from _env_values(container, entries, links)
        yield from _commands(container, entries, links)
        yield from _sub_path_exprs(container, entries, links)
    if container.role in (APP, SIDECAR):  # probes and hooks of init containers are refused
        # ExpandContainerCommandOnlyStatic maps each name to its last entry's value as written: ""
        # for valueFrom, and a value's own references unexpanded
        static = {name: entry for _, entry, name in entries}
        yield from _exec_probes(container, static)
        yield from _exec_hooks(container, static)


def _exec_probes(container: Container, static: dict) -> Iterator[Violation]:
    """``ExpandContainerCommandOnlyStatic``: the entries of env as written."""
    label = container.label
    for probe in PROBES:
        handler = container.spec.get(probe)
        action = handler.get("exec") if isinstance(handler, dict) else None
        if not isinstance(action, dict):
            continue
        for index, text in _strings(action.get("command")):
            for name in references(text):
                entry = static.get(name)
                value = entry.get("value") if entry is not None else None
                if entry is not None and not isinstance(value, str) and entry.get("valueFrom") is not None:
                    message = (
                        f"{label} {probe}: $({name}) expands to an empty string, since an exec probe expands "
                        f"only the variables env sets with value, not with valueFrom"
                    )
                elif isinstance(value, str) and references(value):
                    message = (
                        f'{label} {probe}: $({name}) expands to {name}\'s value as written, "{value}", since an '
                        f"exec probe does not expand the references of a value"
                    )
                elif entry is None and _VARIABLE_NAME.match(name):
                    message = (
                        f"{label} {probe}: $({name}) is left as written, since env defines no {name} "
                        f"(an exec probe expands only the variables of env)"
                    )
                else:
                    continue
                yield Violation(container.path / probe / "exec" / "command" / index, message, severity=Severity.WARNING)


def _exec_hooks(container: Container, static: dict) -> Iterator[Violation]:
    """A lifecycle hook's command runs as written: a reference to env there is a mistake."""
    lifecycle = container.spec.get("lifecycle")
    if not isinstance(lifecycle, dict):
        return
    for hook in HOOKS:
        handler = lifecycle.get(hook)
        action = handler.get("exec") if isinstance(handler, dict) else None
        if not isinstance(action, dict):
            continue
        for index, text in _strings(action.get("command")):
            for name in references(text):
                if name in static:
                    yield Violation(
                        container.path / "lifecycle" / hook / "exec" / "command" / index,
                        f"{container.label} {hook} hook: $({name}) is left as written, since lifecycle hooks "
                        f"expand no variables (in a shell, write ${name})",
                        severity=Severity.WARNING,
                    )


def _env_values(container: Container, entries: list, links: re.Pattern) -> Iterator[Violation]:
    """``makeEnvironmentVariables``: a value sees the entries before it, not those after."""
    before: set = set()
    for position, (index, entry, name) in enumerate(entries):
        value = entry.get("value")
        if isinstance(value, str) and value:
            for reference in references(value):
                if reference in before:
                    continue
                later = next((i for i, _, other in entries[position:] if other == reference), None)
                if later is None and links.match(reference):
                    continue  # a Service's link variable, if there is such a Service
                where = container.path / "env" / index / "value"
                subject = f"{container.label} env {name}" if isinstance(name, str) else f"{container.label} env[{index}]"
                if later is not None and later != index:
                    message = (
                        f"{subject}: $({reference}) is left as written, since {reference} is defined "
                        f"after it (env[{later}]); define it first"
                    )
                elif later is not None or _VARIABLE_NAME.match(reference):
                    message = (
                        f"{subject}: $({reference}) is left as written, since env defines no {reference} "
                        f"before it (the variables the image sets are not expanded)"
                    )
                else:
                    continue
                yield Violation(where, message, severity=Severity.WARNING)
        before.add(name)


def _commands(container: Container, entries: list, links: re.Pattern) -> Iterator[Violation]:
    """``ExpandContainerCommandAndArgs``: every variable of the environment."""
    defined = {name for _, _, name in entries}
    for field in ("command", "args"):
        for index, text in _strings(container.spec.get(field)):
            for name in references(text):
                if name not in defined and not links.match(name) and _VARIABLE_NAME.match(name):
                    yield Violation(
                        container.path / field / index,
                        f"{container.label} {field}[{index}]: $({name}) is left as written, since env defines "
                        f"no {name} (the variables the image sets are not expanded)",
                        severity=Severity.WARNING,
                    )


def _sub_path_exprs(container: Container, entries: list, links: re.Pattern) -> Iterator[Violation]:
    """``ExpandContainerVolumeMounts``: a name with no value, or an empty one, stops the container."""
    mounts = [(index, mount["subPathExpr"]) for index, mount in _dicts(container.spec.get("volumeMounts"))
              if isinstance(mount.get("subPathExpr"), str)]
    if not mounts:
        return
    # each variable's value as makeEnvironmentVariables builds it, in order: None where it is
    # known only at run time (valueFrom, a Service's link variable)
    values: dict = {}
    written: dict = {}
    for _, entry, name in entries:
        value = entry.get("value")
        if isinstance(value, str) and value:
            values[name] = _expand(value, values, links)
        else:
            values[name] = None if entry.get("valueFrom") is not None else ""
        written[name] = value
    for index, expression in mounts:
        missing = sorted(
            name for name in references(expression)
            if values.get(name, None if links.match(name) else "") == ""
        )
        if missing:
            names = ", ".join(missing)
            need = f"a value for {names}, and env gives it" if len(missing) == 1 else f"values for {names}, and env gives them"
            expanded = [f'{name}\'s value "{written[name]}"' for name in missing if isinstance(written.get(name), str) and written[name]]
            detail = ""
            if expanded:  # a value that refers to empty ones
                verb = "expands" if len(expanded) == 1 else "expand"
                detail = f": {' and '.join(expanded)} {verb} to an empty string"
            yield Violation(
                container.path / "volumeMounts" / index / "subPathExpr",
                f'{container.label} cannot start: subPathExpr needs {need} none{detail} ("missing value for {names}")',
            )


_UNKNOWN = "\x00"  # a part of a value known only at run time


def _expand(text: str, values: dict, links: re.Pattern) -> str | None:
    """``expansion.Expand`` of an env value with the variables before it: None where the result is
    known only at run time and may be empty (every part of it is a run-time value)."""
    def replace(match: re.Match) -> str:
        name = match[1]
        if name is None:
            return "$"  # "$$"
        if name in values:
            value = values[name]
            return _UNKNOWN if value is None else value
        return _UNKNOWN if links.match(name) else match[0]  # a name it cannot map is left as written

    expanded = _REFERENCE.sub(replace, text)
    if expanded.strip(_UNKNOWN) == "" and expanded:
        return None
    return expanded
