"""The rule catalogue: ``rules/<id>.yaml`` files and the ``@rule`` functions that implement them.

Nothing here is a hand-kept list: the catalogue is every file in ``rules/``, and the
functions are every ``@rule`` in the modules of :mod:`podlint.checks`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, NamedTuple

from .findings import SEVERITY_NAMES, Severity

# What a rule function's first parameter asks to be walked over.
WALKS = ("Document", "Manifest", "Pod", "Container", "Suppressions")
CATEGORIES = ("syntax", "schema", "api", "security", "reliability", "resources", "images", "metadata", "scheduling")
PARAM_TYPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}
RULE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")


class RuleFileError(Exception):
    """A rule file of the catalogue is malformed (a bug in podlint, caught by its tests)."""


class Param(NamedTuple):
    name: str
    type: str
    default: Any
    doc: str


@dataclass(frozen=True)
class RuleSpec:
    """A rule as its file in ``rules/`` describes it.

    What a run needs (id, severity, category, summary, parameters, on or off, old ids) is read
    when the catalogue is; the documentation and the examples are read from ``source``, the
    file's text, the first time they are asked for (``podlint explain``, SARIF, the tests)."""

    id: str
    severity: Severity
    category: str
    summary: str
    params: dict[str, Param] = field(default_factory=dict)
    enabled: bool = True  # false: opt-in, runs only when selected
    aliases: tuple[str, ...] = ()
    name: str = ""  # the rule file's name, in rules_dir()

    @cached_property
    def source(self) -> str:
        """The rule file's text (read now when the catalogue came from the cache)."""
        return (rules_dir() / self.name).read_text(encoding="utf-8")

    @cached_property
    def _document(self) -> dict:
        return _load_rule_text(self.source, self.name)

    @property
    def rationale(self) -> str:
        return _field(self._document, "rationale", self.name)

    @property
    def remediation(self) -> str:
        return _field(self._document, "remediation", self.name)

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(self._document.get("references") or ())

    @property
    def examples(self) -> tuple[dict, ...]:
        return tuple(self._document.get("examples") or ())


class Params:
    """A rule's parameters, as attributes: ``allowed-tags`` reads as ``params.allowed_tags``."""

    def __init__(self, values: dict[str, Any]):
        for name, value in values.items():
            setattr(self, name.replace("-", "_"), value)

    def __repr__(self) -> str:
        return f"Params({vars(self)!r})"


class RuleFunction(NamedTuple):
    id: str
    walk: str
    function: Callable
    wants_params: bool


_FUNCTIONS: dict[str, RuleFunction] = {}


def rule(rule_id: str) -> Callable[[Callable], Callable]:
    """Bind a function to the rule ``rule_id``; its first parameter's type picks the walk."""

    def register(function: Callable) -> Callable:
        code = function.__code__
        names = code.co_varnames[: code.co_argcount]
        annotation = function.__annotations__.get(names[0]) if names else None
        walk = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None)
        if walk not in WALKS:
            raise TypeError(f"rule {rule_id!r}: first parameter must be annotated with one of {WALKS}")
        if rule_id in _FUNCTIONS:
            raise TypeError(f"rule {rule_id!r} is implemented twice")
        _FUNCTIONS[rule_id] = RuleFunction(rule_id, walk, function, "params" in names[1:])
        return function

    return register


def rules_dir() -> Path:
    """The catalogue: ``podlint/rules`` in an installed wheel, ``rules/`` in a source tree.
    (podlint is installed as files, never zipped: no importlib.resources, 15 ms to import.)"""
    package = Path(__file__).resolve().parent
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


# A top-level key of a rule file starts a line; what a run needs is in these keys' sections.
# (Split at the line break before each: a pattern that starts with a character is found
# three times faster than one anchored at every line start.)
_TOP_LEVEL_KEY = re.compile(r"\n(?=[A-Za-z_][\w-]*:)")
_RUN_KEYS = frozenset(("id", "severity", "category", "summary", "params", "enabled", "aliases"))


def _load_rule_text(text: str, name: str) -> dict:
    from .loader import load

    documents = load(text).documents
    data = documents[0].data if len(documents) == 1 and not documents[0].broken else None
    if not isinstance(data, dict):
        raise RuleFileError(f"{name}: not a YAML mapping")
    return data


def _field(data: dict, key: str, name: str) -> Any:
    if key not in data:
        raise RuleFileError(f"{name}: missing or malformed field {key!r}")
    return data[key]


def _parse_rule_file(path: Path) -> RuleSpec:
    """The rule file's run fields, from its sections that hold them (a tenth of the text:
    every podlint run reads the whole catalogue)."""
    text = path.read_text(encoding="utf-8")
    sections = _TOP_LEVEL_KEY.split(text)
    head = "".join(part + "\n" for part in sections if part.split(":", 1)[0] in _RUN_KEYS)
    data = _load_rule_text(head, path.name)
    try:
        params = {
            name: Param(name, spec["type"], spec.get("default"), spec.get("doc", ""))
            for name, spec in (data.get("params") or {}).items()
        }
        spec = RuleSpec(
            id=data["id"],
            severity=Severity.parse(data["severity"]),
            category=data["category"],
            summary=data["summary"],
            params=params,
            enabled=data.get("enabled", True),
            aliases=tuple(data.get("aliases") or ()),
            name=path.name,
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise RuleFileError(f"{path.name}: missing or malformed field {error}") from None
    spec.__dict__["source"] = text  # read already (a cached property)
    return spec


_CATALOGUE: dict[str, RuleSpec] | None = None


def catalogue() -> dict[str, RuleSpec]:
    """Every rule of the catalogue, by id, in id order."""
    global _CATALOGUE
    if _CATALOGUE is None:
        specs = [_parse_rule_file(path) for path in rules_dir().glob("*.yaml")]
        _CATALOGUE = {spec.id: spec for spec in sorted(specs, key=lambda spec: spec.id)}
    return _CATALOGUE


def catalogue_fields() -> list[list]:
    """What a run reads of the catalogue, as JSON data, for :func:`use_catalogue_fields` to read back
    (``podlint lint`` keeps it in its cache: parsing every rule file is a tenth of a short run)."""
    return [
        [spec.id, str(spec.severity), spec.category, spec.summary, [list(param) for param in spec.params.values()],
         spec.enabled, list(spec.aliases), spec.name]
        for spec in catalogue().values()
    ]


def use_catalogue_fields(fields: Any) -> bool:
    """Take the catalogue from :func:`catalogue_fields`' data, unless it was read already; False
    (and nothing taken) where the data is not that of this podlint's catalogue: every rule it
    implements, in id order, each field what a rule file may hold."""
    global _CATALOGUE
    if _CATALOGUE is None:
        specs = _specs_of_fields(fields)
        if specs is None:
            return False
        _CATALOGUE = specs
    return True


def _specs_of_fields(fields: Any) -> dict[str, RuleSpec] | None:
    if not isinstance(fields, list):
        return None
    specs = {}
    for entry in fields:
        if not (isinstance(entry, list) and len(entry) == 8):
            return None
        rule_id, severity, category, summary, params, enabled, aliases, name = entry
        if not (
            isinstance(rule_id, str) and RULE_ID.match(rule_id) and name == f"{rule_id}.yaml"
            and severity in SEVERITY_NAMES and category in CATEGORIES and isinstance(summary, str)
            and isinstance(enabled, bool)
            and isinstance(aliases, list) and all(isinstance(alias, str) for alias in aliases)
            and isinstance(params, list) and all(_is_param(param) for param in params)
        ):
            return None
        parsed = {param[0]: Param(*param) for param in params}
        specs[rule_id] = RuleSpec(rule_id, Severity.parse(severity), category, summary, parsed, enabled, tuple(aliases), name)
    if list(specs) != sorted(specs) or len(specs) != len(fields) or specs.keys() != functions().keys():
        return None
    return specs


def _is_param(param: Any) -> bool:
    return (
        isinstance(param, list) and len(param) == 4 and isinstance(param[0], str) and param[1] in PARAM_TYPES
        and PARAM_TYPES[param[1]](param[2]) and isinstance(param[3], str)
    )


@lru_cache(maxsize=None)
def functions() -> dict[str, RuleFunction]:
    """Every ``@rule`` function, by rule id (imports every module of podlint.checks and its packages)."""
    from . import checks

    # the modules below podlint/checks, found by listing it (pkgutil.walk_packages would
    # import every package first to look inside: three times slower, at every start)
    top = Path(checks.__file__).parent
    for path in sorted(top.rglob("*.py")):
        parts = path.relative_to(top).with_suffix("").parts
        if "__pycache__" not in parts:
            names = parts[:-1] if parts[-1] == "__init__" else parts
            importlib.import_module(".".join((checks.__name__, *names)))
    return dict(_FUNCTIONS)


def resolve_alias(rule_id: str) -> str:
    """The current id of a rule, following the ``aliases`` of renamed rules."""
    for spec in catalogue().values():
        if rule_id in spec.aliases:
            return spec.id
    return rule_id
