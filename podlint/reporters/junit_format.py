"""JUnit XML, for the test reports of GitLab, Jenkins and Azure DevOps.

One ``<testsuite>`` per linted file (clean ones included, so that they show as passed),
one ``<testcase>`` per Kubernetes object of the file, and one ``<failure>`` per finding
of that object::

    <testsuites name="podlint" tests="3" failures="2" errors="0">
      <testsuite name="k8s/web.yaml" tests="2" failures="1" errors="0">
        <testcase classname="k8s/web.yaml" name="Deployment/prod/web">
          <failure type="latest-tag" message="7:14: warning [latest-tag] container ...">
            k8s/web.yaml:7:14: warning [latest-tag] container ...</failure>
        </testcase>
        <testcase classname="k8s/web.yaml" name="Service/prod/web" />
      </testsuite>
    </testsuites>

Testcases are named ``Kind/namespace/name`` (``Kind/name`` without a namespace,
``Kind #N`` without a name, N being the object's position in its file); when two
objects of a file would have the same name, both get their `` #N``. Findings that belong
to no object (a YAML syntax error, a document that is not a Kubernetes object, an unused
suppression) go to a testcase named ``(file)``. A file that could not be read is a
testsuite whose testcase has an ``<error>``. ``tests``, ``failures`` and ``errors`` count
testcases, as JUnit does: a testcase with three findings is one failed test.

Text from manifests is escaped as in the ``concise`` format (``\\x07``), which also keeps
out every character XML 1.0 forbids: the report always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from . import escape

FILE_CASE = "(file)"

# What XML 1.0 does not allow in a document, even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Manifest text made visible (as in the concise format) and valid in XML."""
    # escape() already leaves none of _NOT_XML; the substitution makes sure of it.
    return _NOT_XML.sub(_visible, escape(value))


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    root = build(result)
    ET.indent(root)
    data = ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
    # The declaration says UTF-8: write bytes where the stream has them (whatever its
    # own encoding), text otherwise (an io.StringIO).
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8"))


def build(result) -> ET.Element:
    """The ``<testsuites>`` element of a lint result."""
    by_file: dict[str, list] = {}
    for finding in result.findings:
        by_file.setdefault(finding.file, []).append(finding)
    suites: list[tuple[str, ET.Element]] = []
    files = set(result.inventory) | set(by_file)
    for file in files:
        refs = result.inventory.get(file, [])
        suites.append((file, _file_suite(file, refs, by_file.get(file, []), result.sources.get(file))))
    for line in result.errors:
        path = line.partition(": ")[0]  # "path: message"
        suites.append((path, _error_suite(path, line)))
    suites.sort(key=lambda item: item[0])

    root = ET.Element("testsuites", name="podlint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for _, suite in suites:
        for key in totals:
            totals[key] += int(suite.get(key))
        root.append(suite)
    for key, count in totals.items():
        root.set(key, str(count))
    return root


def _suite(file: str) -> ET.Element:
    return ET.Element("testsuite", name=_text(file))


def _count(suite: ET.Element, tests: int, failures: int, errors: int) -> None:
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))


def _file_suite(file: str, refs: list, findings: list, lines: list[str] | None) -> ET.Element:
    suite = _suite(file)
    loose, owned = attribute(refs, findings, lines)
    cases: list[tuple[str, list]] = []
    if loose:
        cases.append((FILE_CASE, loose))
    cases.extend(zip(case_names(refs), owned))
    failed = 0
    for name, case_findings in cases:
        case = ET.SubElement(suite, "testcase", classname=_text(file), name=_text(name))
        for f in case_findings:
            where = f"{f.span.line}:{f.span.column}: {f.severity} [{f.rule}] {escape(f.message)}"
            failure = ET.SubElement(case, "failure", type=_text(f.rule), message=_text(where))
            failure.text = _text(f"{escape(f.file)}:{where}")  # the concise format's line
        failed += bool(case_findings)
    _count(suite, len(cases), failed, 0)
    return suite


def _error_suite(path: str, line: str) -> ET.Element:
    """A file that could not be read (or another problem the run reports on a path)."""
    suite = _suite(path)
    case = ET.SubElement(suite, "testcase", classname=_text(path), name=FILE_CASE)
    error = ET.SubElement(case, "error", type="error", message=_text(line))
    error.text = _text(line)
    _count(suite, 1, 0, 1)
    return suite


def case_names(refs: list) -> list[str]:
    """The testcase name of each object of a file, unique within the file."""
    names = []
    for ref in refs:
        kind = ref.kind or "object"
        if ref.name is None:
            names.append(None)
        elif ref.namespace is None:
            names.append(f"{kind}/{ref.name}")
        else:
            names.append(f"{kind}/{ref.namespace}/{ref.name}")
    repeated = {name for name in names if name is not None and names.count(name) > 1}
    out = []
    for number, (ref, name) in enumerate(zip(refs, names), 1):
        if name is None:
            out.append(f"{ref.kind or 'object'} #{number}")
        elif name in repeated:
            out.append(f"{name} #{number}")
        else:
            out.append(name)
    return out


# --- which object a finding belongs to -----------------------------------------------------------


def attribute(refs: list, findings: list, lines: list[str] | None) -> tuple[list, list[list]]:
    """The findings of one file that belong to no object, and those of each object of ``refs``.

    A finding names its object by kind, name and namespace only. When that names a single
    object of the file, it is that one. When it names several (the same Deployment twice,
    nameless Pods), the finding's position decides: an object's findings lie within its
    document (or its item of a ``kind: List``) and the objects come in file order, so the
    finding belongs to the last of those objects that starts before it. The objects'
    start positions are not in the result: they are read again from the file's lines (kept
    for every file with findings) and used only if that gives back exactly the engine's
    objects. Otherwise the findings are taken in order and each goes to the first matching
    object not before the last object that got a finding, which is exact when another
    object's findings lie between two namesakes and otherwise gives the earlier namesake.

    Findings about no object, or about one that is not among the file's objects (a
    duplicate key in a ``kind: List`` document is about the List, whose items are the
    objects), belong to the file.
    """
    loose: list = []
    owned: list[list] = [[] for _ in refs]
    where: dict = {}
    for index, ref in enumerate(refs):
        where.setdefault(ref, []).append(index)
    starts = None
    if any(len(where.get(f.object, ())) > 1 for f in findings):
        starts = _object_starts(refs, lines)
    last = 0  # the object that got the latest finding (fallback only)
    for f in findings:
        candidates = where.get(f.object) if f.object is not None else None
        if not candidates:
            loose.append(f)
            continue
        if len(candidates) == 1:
            index = candidates[0]
        elif starts is not None:
            position = (f.span.line, f.span.column)
            before = [i for i in candidates if starts[i] <= position]
            index = before[-1] if before else candidates[0]
        else:
            index = next((i for i in candidates if i >= last), candidates[0])
        last = max(last, index)
        owned[index].append(f)
    return loose, owned


def _object_starts(refs: list, lines: list[str] | None) -> list[tuple[int, int]] | None:
    """Where each object of a file starts (1-based line and column), or None if unknown."""
    if not lines:
        return None
    from ..loader import load
    from ..model import is_object, object_candidates, object_ref

    found, starts = [], []
    for document in load("\n".join(lines)).documents:
        if document.broken or document.empty:
            continue
        for base, data in object_candidates(document):
            if not is_object(data):
                continue
            found.append(object_ref(data))
            mark = document.sourcemap.values.get(tuple(base)) if base else None
            # a whole document: from its first token, where its own findings (even a
            # syntax problem before its first key) can start; an item of a List: its value
            starts.append((mark[0] + 1, mark[1] + 1) if mark else (document.start_line, 1))
    return starts if found == list(refs) else None
