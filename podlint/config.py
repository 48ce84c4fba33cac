"""Configuration: ``.podlint.yaml`` or ``[tool.podlint]`` in ``pyproject.toml``.

Found upward from the current directory (the first directory holding either
wins; ``.podlint.yaml`` before ``pyproject.toml``), or named with ``--config``::

    select: [latest-tag, resources]     # rule ids or categories; default: every default rule
    ignore: [bare-pod]
    exclude: ["charts/**", "*.tmpl.yaml"]
    kubernetes-version: "1.33"
    pod-security: baseline              # privileged | baseline | restricted: that level's controls are errors
    nodes: cluster/nodes.yaml           # the node inventory pods must fit on (relative to this file)
    rules:
      latest-tag:
        severity: error                 # error | warning | info
        allowed-tags: [stable]          # the rule's parameters

An unknown key, rule id, category, severity or parameter is an error (exit 2)
that says where it is and what was probably meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import SEVERITY_NAMES, Severity

CONFIG_FILES = (".podlint.yaml", ".podlint.yml")
TOP_LEVEL_KEYS = ("select", "ignore", "exclude", "kubernetes-version", "pod-security", "schema-dirs", "nodes", "rules")
_VERSION = re.compile(r"1\.(\d+)\Z")


class ConfigError(Exception):
    """The configuration cannot be used: the CLI prints it on one line and exits 2."""


@dataclass
class RuleConfig:
    severity: Severity | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Config:
    select: list[str] | None = None  # None: the catalogue's default rules
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    kubernetes_version: str | None = None
    pod_security: str | None = None  # the Pod Security Standards level whose controls are errors
    schema_dirs: list[str] = field(default_factory=list)  # the user's JSON schemas (CRDs), searched first
    nodes: str | None = None  # the node inventory file pods are checked against (scheduling rules)
    existing: str | None = None  # pods already running on those nodes (--existing)
    rules: dict[str, RuleConfig] = field(default_factory=dict)
    source: str | None = None  # the file it was read from


def suggest(word: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file from ``start`` (default: the current directory) upward."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_podlint_table(pyproject):
            return pyproject
    return None


def _has_podlint_table(pyproject: Path) -> bool:
    try:
        return "tool.podlint" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load_config(path: Path | None) -> Config:
    """Read and validate a configuration file; no file gives the defaults."""
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None
    if path.name == "pyproject.toml":
        return _from_pyproject(path, text)
    return _from_yaml(path, text)


def _from_pyproject(path: Path, text: str) -> Config:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    tool = data.get("tool")
    table = tool.get("podlint", {}) if isinstance(tool, dict) else {}
    return _validate(table, f"{path} [tool.podlint]", lambda *_: "", str(path))


def _from_yaml(path: Path, text: str) -> Config:
    from .loader import load

    source = load(text)
    documents = [d for d in source.documents if not d.empty]
    for document in documents:
        for problem in document.limits + document.errors + document.duplicate_keys:
            line, column = problem.mark[0] + 1, problem.mark[1] + 1
            raise ConfigError(f"{path}:{line}:{column}: {problem.message}")
    if not documents:
        return Config(source=str(path))
    if len(documents) > 1:
        raise ConfigError(f"{path}:{documents[1].start_line}:1: a configuration file has one YAML document")
    document = documents[0]

    def where(*field_path) -> str:
        span = document.sourcemap.span(field_path, on="key")
        return f":{span.line}:{span.column}"

    data = document.data
    if isinstance(data, dict) and isinstance(data.get("kubernetes-version"), float):
        # 1.30 written plain is the float 1.3: read the version as the user wrote it
        line, column, _, end_column = document.sourcemap.values[("kubernetes-version",)]
        data["kubernetes-version"] = source.lines[line][column:end_column]
    return _validate(data, str(path), where, str(path))


def _validate(data: Any, name: str, where, source: str) -> Config:
    """Check every key and value; ``where(*path)`` gives a ``:line:column`` suffix for a field."""
    from .registry import PARAM_TYPES, catalogue, resolve_alias

    def fail(message: str, *path) -> ConfigError:
        return ConfigError(f"{name}{where(*path)}: {message}")

    if data is None:
        return Config(source=source)
    if not isinstance(data, dict):
        raise fail("the configuration must be a mapping of settings")
    rules = catalogue()
    config = Config(source=source)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise fail(f'unknown setting "{key}"{suggest(key, TOP_LEVEL_KEYS)}', key)
    for key in ("select", "ignore", "exclude"):
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(f'"{key}" must be a list of strings', key)
        if key != "exclude":
            for index, item in enumerate(value):
                check_selector(item, lambda message, i=index, k=key: fail(message, k, i))
        setattr(config, key, list(value))
    if "kubernetes-version" in data:
        config.kubernetes_version = check_kubernetes_version(
            data["kubernetes-version"], lambda message: fail(message, "kubernetes-version")
        )
    if "pod-security" in data:
        config.pod_security = check_pod_security(data["pod-security"], lambda message: fail(message, "pod-security"))
    if "schema-dirs" in data:
        value = data["schema-dirs"]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail('"schema-dirs" must be a list of strings', "schema-dirs")
        base = Path(source).parent
        config.schema_dirs = [str(base / item) for item in value]  # relative to the configuration file
    if "nodes" in data:
        if not isinstance(data["nodes"], str) or not data["nodes"]:
            raise fail('"nodes" must be the path of a node inventory file', "nodes")
        config.nodes = str(Path(source).parent / data["nodes"])  # relative to the configuration file
    per_rule = data.get("rules", {})
    if not isinstance(per_rule, dict):
        raise fail('"rules" must be a mapping from rule id to its settings', "rules")
    for rule_id, settings in per_rule.items():
        current = resolve_alias(rule_id)
        if current not in rules:
            raise fail(f'unknown rule "{rule_id}"{suggest(rule_id, rules)}', "rules", rule_id)
        spec = rules[current]
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            raise fail(f'settings of rule "{rule_id}" must be a mapping', "rules", rule_id)
        rule_config = RuleConfig()
        for key, value in settings.items():
            if key == "severity":
                if value not in SEVERITY_NAMES:
                    raise fail(f"severity must be one of {', '.join(SEVERITY_NAMES)}", "rules", rule_id, key)
                rule_config.severity = Severity.parse(value)
            elif key in spec.params:
                param = spec.params[key]
                if not PARAM_TYPES[param.type](value):
                    raise fail(f'parameter "{key}" of rule "{current}" must be {param.type}', "rules", rule_id, key)
                rule_config.params[key] = value
            else:
                choices = ("severity", *spec.params)
                known = ", ".join(choices)
                raise fail(
                    f'unknown setting "{key}" for rule "{current}"{suggest(key, choices)}; it takes: {known}',
                    "rules",
                    rule_id,
                    key,
                )
        config.rules[current] = rule_config
    return config


def check_selector(item: str, fail) -> None:
    """A rule id, a renamed rule's old id, or a category; else ``fail(message)`` is raised."""
    from .registry import CATEGORIES, catalogue, resolve_alias

    rules = catalogue()
    if resolve_alias(item) in rules or item in CATEGORIES:
        return
    raise fail(f'unknown rule or category "{item}"{suggest(item, (*rules, *CATEGORIES))}')


def check_pod_security(value: Any, fail) -> str:
    from .podsecurity import LEVELS

    if value not in LEVELS:
        raise fail(f"pod-security must be one of {', '.join(LEVELS)}, not {value!r}")
    return value


def check_kubernetes_version(value: Any, fail) -> str:
    text = value if isinstance(value, str) else None
    if text is None or not _VERSION.match(text):
        raise fail(f'kubernetes-version must be a minor version such as "1.33", not {value!r}')
    return text
