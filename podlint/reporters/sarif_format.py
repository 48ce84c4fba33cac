"""The SARIF 2.1.0 report, as GitHub code scanning (and other SARIF viewers) take it.

One log, one run. ``tool.driver.rules`` lists every rule of the catalogue, in id order, with
its documentation; each result names its rule by ``ruleId`` and ``ruleIndex`` and carries:

- its level (``error``, ``warning``, ``note``), which is the finding's severity as configured,
  and may differ from the rule's ``defaultConfiguration``;
- one location: the file, relative to the current directory and to ``%SRCROOT%`` (which
  ``run.originalUriBaseIds`` maps to the current directory), the region (1-based lines and
  columns counting characters, ``endColumn`` just after the field, as in podlint's spans), and
  the Kubernetes object as a logical location;
- ``partialFingerprints["podlint/v1"]``: a hash of the rule, file, field path and object, not
  of the line, so that a finding keeps its identity when lines are inserted above it;
- for a document rendered by ``helm template``, the chart template it came from as a related
  location.

Files that could not be read make the invocation unsuccessful, each one a notification.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from json.encoder import encode_basestring_ascii as _quote  # how json.dumps writes a string
from typing import Any, Callable, Iterator, TextIO
from urllib.parse import quote

from .. import __version__
from ..findings import Severity
from . import write_chunked

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "podlint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def camel_case(rule_id: str) -> str:
    """``latest-tag`` → ``LatestTag``: the rule's name as SARIF viewers show it."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.split("-"))


def rule_descriptor(spec) -> dict:
    rationale = spec.rationale.strip()
    remediation = spec.remediation.strip()
    markdown = f"{rationale}\n\n**How to fix:** {remediation}"
    if spec.references:
        markdown += "\n\n**References:**" + "".join(f"\n- <{url}>" for url in spec.references)
    configuration: dict = {"level": LEVELS[spec.severity]}
    if not spec.enabled:  # opt-in: runs only when selected
        configuration["enabled"] = False
    descriptor = {
        "id": spec.id,
        "name": camel_case(spec.id),
        "shortDescription": {"text": spec.summary.strip()},
        "fullDescription": {"text": rationale},
        "help": {"text": f"{rationale}\n\nHow to fix: {remediation}", "markdown": markdown},
    }
    if spec.references:
        descriptor["helpUri"] = spec.references[0]
    descriptor["defaultConfiguration"] = configuration
    descriptor["properties"] = {"category": spec.category, "tags": [spec.category]}
    return descriptor


def _uri(path: str) -> str:
    """A relative path as a URI reference: forward slashes, everything else percent-encoded."""
    return quote(path.replace(os.sep, "/"), safe="/")


def artifact_location(file: str, cwd: str) -> dict:
    """Where ``file`` (a path as given, or the name of standard input) is, for SARIF.

    A file below the current directory is relative to ``%SRCROOT%``; one outside it gets an
    absolute ``file:`` URI. A name that is no existing path (``<stdin>``, ``--stdin-filename``)
    is given as it is, relative to ``%SRCROOT%``.
    """
    if os.path.isabs(file) or os.path.exists(file):
        absolute = os.path.abspath(file)
        try:
            relative = os.path.relpath(absolute, cwd)
        except ValueError:  # another drive (Windows)
            relative = None
        if relative is None or relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return {"uri": Path(absolute).as_uri()}
        return {"uri": _uri(relative), "uriBaseId": SRCROOT}
    return {"uri": _uri(os.path.normpath(file)), "uriBaseId": SRCROOT}


def object_name(ref) -> str:
    """``Kind/namespace/name``, or ``Kind/name`` for an object without a namespace."""
    parts = [ref.kind or "", ref.namespace, ref.name or ""]
    return "/".join(part for part in parts if part is not None)


def fingerprint(rule: str, uri: str, path: str, obj: str, occurrence: int = 1) -> str:
    """The ``podlint/v1`` partial fingerprint: no line or column, so edits above keep it.

    Findings that would share one (two file-level findings of one rule in one file) are told
    apart by their order of occurrence.
    """
    fields = [rule, uri, path, obj] + ([str(occurrence)] if occurrence > 1 else [])
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()


def _results(result, cwd: str, index: dict[str, int]) -> Iterator[dict]:
    """The log's results, one per finding, in the findings' order."""
    locations: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for f in result.findings:
        if f.file not in locations:
            locations[f.file] = artifact_location(f.file, cwd)
        artifact = locations[f.file]
        physical = {
            "artifactLocation": dict(artifact),
            "region": {
                "startLine": f.span.line,
                "startColumn": f.span.column,
                "endLine": f.span.end_line,
                "endColumn": f.span.end_column,
            },
        }
        location: dict = {"physicalLocation": physical}
        obj = ""
        if f.object is not None:
            obj = object_name(f.object)
            logical = {"fullyQualifiedName": obj, "kind": "object"}
            if f.object.name:
                logical = {"name": f.object.name, **logical}
            location["logicalLocations"] = [logical]
        if f.path:
            location["properties"] = {"path": f.path}
        key = fingerprint(f.rule, artifact["uri"], f.path, obj)
        occurrence = seen[key] = seen.get(key, 0) + 1
        entry: dict = {"ruleId": f.rule}
        if f.rule in index:
            entry["ruleIndex"] = index[f.rule]
        entry["level"] = LEVELS[f.severity]
        entry["message"] = {"text": f.message}
        entry["locations"] = [location]
        if occurrence > 1:
            key = fingerprint(f.rule, artifact["uri"], f.path, obj, occurrence)
        entry["partialFingerprints"] = {FINGERPRINT: key}
        if f.source_template:
            entry["relatedLocations"] = [
                {
                    "id": 0,
                    "physicalLocation": {"artifactLocation": {"uri": _uri(f.source_template)}},
                    "message": {"text": f"rendered from the Helm template {f.source_template}"},
                }
            ]
        yield entry


def _log(result, cwd: str | None) -> tuple[dict, Callable[[], Iterator[dict]]]:
    """The log without its results (an empty list), and a function that yields them."""
    from ..registry import catalogue

    cwd = os.path.abspath(cwd or os.getcwd())
    specs = [catalogue()[rule_id] for rule_id in sorted(catalogue())]
    index = {spec.id: position for position, spec in enumerate(specs)}
    invocation: dict = {"executionSuccessful": not result.errors}
    if result.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": message}} for message in result.errors
        ]
    root = Path(cwd).as_uri()
    run = {
        "tool": {"driver": {"name": "podlint", "version": __version__, "rules": [rule_descriptor(s) for s in specs]}},
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [],
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}, lambda: _results(result, cwd, index)


def as_log(result, cwd: str | None = None) -> dict:
    log, results = _log(result, cwd)
    log["runs"][0]["results"] = list(results())
    return log


# where json.dump(..., indent=2) writes each result of the log: runs[0].results[i]
_RESULT_INDENT = " " * 8


def _indented(value: Any, indent: str) -> str:
    """``json.dumps(value, indent=2)`` for a value written ``indent`` deep (JSON data of
    str keys, strings, ints, booleans and None: what a SARIF result holds)."""
    kind = type(value)
    if kind is str:
        return _quote(value)
    if kind is dict or kind is list:
        if not value:
            return "{}" if kind is dict else "[]"
        inner = indent + "  "
        separator = ",\n" + inner
        if kind is dict:
            body = separator.join(f"{_quote(key)}: {_indented(item, inner)}" for key, item in value.items())
            return f"{{\n{inner}{body}\n{indent}}}"
        return f"[\n{inner}{separator.join(_indented(item, inner) for item in value)}\n{indent}]"
    return json.dumps(value)  # an int, a boolean or None


def _result_text(entry: dict) -> str:
    """A result of :func:`_results` as ``json.dump(log, indent=2)`` writes it, from a template:
    json's indenting encoder is pure Python, and took 50 µs a result."""
    (location,) = entry["locations"]
    physical = location["physicalLocation"]
    region = physical["region"]
    i = _RESULT_INDENT
    parts = [f'{i}{{\n{i}  "ruleId": {_quote(entry["ruleId"])},\n']
    if "ruleIndex" in entry:
        parts.append(f'{i}  "ruleIndex": {int(entry["ruleIndex"])},\n')
    parts.append(
        f'{i}  "level": {_quote(entry["level"])},\n'
        f'{i}  "message": {{\n{i}    "text": {_quote(entry["message"]["text"])}\n{i}  }},\n'
        f'{i}  "locations": [\n{i}    {{\n{i}      "physicalLocation": {{\n'
        f'{i}        "artifactLocation": {_indented(physical["artifactLocation"], i + "        ")},\n'
        f'{i}        "region": {{\n{i}          "startLine": {int(region["startLine"])},'
        f'\n{i}          "startColumn": {int(region["startColumn"])},'
        f'\n{i}          "endLine": {int(region["endLine"])},'
        f'\n{i}          "endColumn": {int(region["endColumn"])}\n{i}        }}\n{i}      }}'
    )
    for key in ("logicalLocations", "properties"):
        if key in location:
            parts.append(f',\n{i}      {_quote(key)}: {_indented(location[key], i + "      ")}')
    parts.append(
        f'\n{i}    }}\n{i}  ],\n{i}  "partialFingerprints": {{\n'
        f'{i}    "{FINGERPRINT}": {_quote(entry["partialFingerprints"][FINGERPRINT])}\n{i}  }}'
    )
    if "relatedLocations" in entry:
        parts.append(f',\n{i}  "relatedLocations": {_indented(entry["relatedLocations"], i + "  ")}')
    parts.append(f"\n{i}}}")
    return "".join(parts)


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    """What ``json.dump(as_log(result), stream, indent=2)`` writes, one result at a time: a run
    of many findings never holds them all as dictionaries at once."""
    log, results = _log(result, None)
    head = json.dumps(log, indent=2)
    # the results are the last field of the run, the run the last of the log
    cut = head.rindex('"results": []') + len('"results": ')
    stream.write(head[:cut])
    if result.findings:
        stream.write("[\n")
        write_chunked(stream, _separated(_result_text(entry) for entry in results()))
        stream.write(f"\n{' ' * 6}]")
    else:
        stream.write("[]")
    stream.write(head[cut + 2 :])
    stream.write("\n")


def _separated(texts: Iterator[str]) -> Iterator[str]:
    """The texts, a comma and a line break between each two."""
    first = True
    for text in texts:
        yield text if first else ",\n" + text
        first = False
