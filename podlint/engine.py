"""The engine: files × documents × views × rules → sorted findings.

It owns everything rules do not: which rules run with which severity and
parameters, turning a violation's field path into a span, the object a finding
is about, suppressions, and sorting. It never formats.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import json
import os
import stat
import sys
from collections import ChainMap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from .cluster import mentions as mentions_cluster_objects
from .cluster import split_documents
from .cluster import Cluster
from .cluster import read as read_cluster
from .config import Config, ConfigError, check_selector
from .findings import Finding, ObjectRef, Severity, Violation
from .loader import Document, SourceFile, YamlProblem, load, split_lines, without_bom
from .model import Manifest, is_object, manifests, object_ref, pod_of, release
from .podsecurity import NamespaceLevels, PodSecurity
from .registry import CATEGORIES, Params, catalogue, functions, resolve_alias
from .sourcemap import ROOT, FieldPath, SourceMap
from .suppression import (
    IGNORE_ANNOTATION,
    Suppression,
    Suppressions,
    annotation_rules,
    apply,
    parse_directives,
)

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"
# A larger file is not read unless asked for (--max-file-size): podlint holds a file's
# data and positions in memory, many times its size.
MAX_FILE_SIZE = 32 * 1024 * 1024
# Below this many files a run is over before worker processes would pay for themselves.
PARALLEL_MIN_FILES = 16
PARALLEL_BATCH = 8  # files per task handed to a worker
_SNIFF = 8192  # bytes looked at for a NUL, as git and grep do


# the rules that read the objects of the cluster among the linted files (podlint.cluster)
CLUSTER_RULES = frozenset(
    (
        "invalid-priority", "outside-limit-range", "missing-quota-resources", "runtime-class-conflict",
        "missing-config-key", "shared-readwriteonce-claim", "statefulset-headless-service",
        "replicas-with-autoscaler", "autoscaler-without-requests", "autoscaler-container-not-found",
    )
)


class ActiveRule(NamedTuple):
    id: str
    severity: Severity
    walk: str
    function: object
    params: Params | None
    configured: Severity | None = None  # the severity the user set for the rule, if any

    @property
    def check(self) -> Callable:
        """The rule's function of one view, its parameters bound: ``check(pod)``."""
        if self.params is None:
            return self.function
        return functools.partial(self.function, params=self.params)


def _expand(selectors: Iterable[str]) -> set[str]:
    rules = catalogue()
    chosen: set[str] = set()
    for item in selectors:
        if item in CATEGORIES:
            chosen.update(rule_id for rule_id, spec in rules.items() if spec.category == item)
        else:
            chosen.add(resolve_alias(item))
    return chosen


def active_rules(config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> list[ActiveRule]:
    """The rules this run executes: selected (or default), minus ignored, with their settings.

    ``select`` and ``ignore`` come from the command line: ``select`` replaces the
    configuration's selection, ``ignore`` adds to its ignores.
    """

    def fail(message: str) -> ConfigError:
        return ConfigError(message)

    for item in (*(select or ()), *(ignore or ())):
        check_selector(item, fail)
    rules = catalogue()
    selection = select if select else config.select
    if selection is None:
        chosen = {rule_id for rule_id, spec in rules.items() if spec.enabled}
    else:
        chosen = _expand(selection)
    chosen -= _expand((*config.ignore, *(ignore or ())))
    implemented = functions()
    active = []
    for rule_id in sorted(chosen):
        spec = rules[rule_id]
        settings = config.rules.get(rule_id)
        function = implemented[rule_id]
        params = None
        if function.wants_params:
            values = {name: param.default for name, param in spec.params.items()}
            if settings:
                values.update(settings.params)
            params = Params(values)
        configured = settings.severity if settings else None
        active.append(ActiveRule(rule_id, configured or spec.severity, function.walk, function.function, params, configured))
    return active


@dataclass
class FileReport:
    file: str
    findings: list[Finding]
    objects: int
    lines: list[str]
    unknown: int = 0  # objects of a kind no schema describes (CRDs): not validated
    refs: list[ObjectRef] = field(default_factory=list)  # the objects, in file order
    digest: str | None = None  # of the bytes linted, where a cache is to keep the report


class Excerpt:
    """The lines of a file that its findings point at, standing in for all of them: a long run
    keeps no file's text. ``len()`` is the file's number of lines. The lines of a file on disk
    are read again when a report shows them, one file at a time (a file whose bytes changed
    since it was linted shows none); other lines (standard input) are kept, and a line no
    finding points at reads as empty."""

    __slots__ = ("count", "kept", "path", "digest")

    def __init__(self, lines: list[str], wanted: Iterable[int], path: Path | None = None, digest: str = ""):
        self.count = len(lines)
        self.path, self.digest = path, digest
        self.kept = None if path is not None else {index: lines[index] for index in wanted if 0 <= index < len(lines)}

    def __len__(self) -> int:
        if self.kept is None:
            return len(self._again())  # none if the file changed
        return self.count

    def __getitem__(self, index: int) -> str:
        if self.kept is None:
            lines = self._again()
            return lines[index] if 0 <= index < len(lines) else ""
        return self.kept.get(index, "")

    def __iter__(self) -> Iterator[str]:
        return (self[index] for index in range(len(self)))

    def _again(self) -> list[str]:
        """The file's lines, read again once while a report shows its findings."""
        if _LAST_READ[0] is not self:
            _LAST_READ[:] = [self, _lines_again(self.path, self.digest, self.count)]
        return _LAST_READ[1]


_LAST_READ: list = [None, []]  # the excerpt whose file's lines a report last showed, and those lines


def _lines_again(path: Path, digest: str, count: int) -> list[str]:
    """A linted file's lines, as linting numbered them; none if its bytes changed since."""
    from .cache import content_hash

    try:
        data = _read(path, None)
    except (OSError, _NotLinted):
        data = None
    lines = file_lines(data) if data is not None and content_hash(data) == digest else []
    return lines if len(lines) == count else []


def file_lines(data: bytes) -> list[str]:
    """A file's lines as a report numbers them (see :meth:`Linter.lint_bytes`)."""
    text, problem = decode(data)
    return split_lines(text) if problem is not None else split_lines(without_bom(text))


def keep_lines(report: FileReport, sources: str, path: Path | None = None, data: bytes | None = None) -> FileReport:
    """``report`` with the lines a report format needs: ``"all"`` (JUnit reads whole files
    again), ``"findings"`` (the text report shows the lines of findings: read again from
    ``path``, whose bytes were ``data``, if it is a file) or ``"none"``."""
    if sources == "all" or not report.lines:
        return report
    if sources == "findings" and report.findings:
        wanted = {f.span.line - 1 for f in report.findings}
        if path is None or data is None:
            return dataclasses.replace(report, lines=Excerpt(report.lines, wanted))
        from .cache import content_hash

        return dataclasses.replace(report, lines=Excerpt(report.lines, wanted, path, content_hash(data)))
    return dataclasses.replace(report, lines=Excerpt(report.lines, ()))


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    objects: int = 0
    unknown: int = 0
    inventory: dict[str, list[ObjectRef]] = field(default_factory=dict)  # every file linted: its objects
    errors: list[str] = field(default_factory=list)  # paths that could not be read: one line each
    notices: list[str] = field(default_factory=list)  # files skipped on purpose (binary files): one line each
    sources: dict[str, list[str]] = field(default_factory=dict)  # lines of the files with findings

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.objects += report.objects
        self.unknown += report.unknown
        self.inventory[report.file] = report.refs
        if report.findings:
            self.findings.extend(report.findings)
            self.sources[report.file] = report.lines


class StreamedResult:
    """A run whose files are linted as a report reads its findings (:meth:`Linter.stream_paths`):
    the findings can be read once, in the order of :class:`LintResult`, and are not kept; the
    counts, errors and notices are complete once they are read. ``sources`` holds the lines of
    the file whose findings are being read; ``inventory`` is not kept."""

    def __init__(self, linter: Linter, outcomes: Callable):
        self.files = self.objects = self.unknown = 0
        self.errors: list[str] = []
        self.notices: list[str] = []
        self.inventory: dict[str, list[ObjectRef]] = {}
        self.sources: dict[str, list[str]] = {}
        self.findings = _StreamedFindings(self, linter, outcomes)
        self._counts = [0, 0, 0, 0]  # by severity

    def count(self, severity: Severity) -> int:
        if not self.findings.read:
            raise RuntimeError("the counts of a streamed run are known once its findings are read")
        return self._counts[severity]


class _StreamedFindings:
    """The findings of a :class:`StreamedResult`: an iterable to read once; true when it held any."""

    def __init__(self, result: StreamedResult, linter: Linter, outcomes: Callable):
        self._result, self._linter, self._outcomes = result, linter, outcomes
        self.read = False
        self._started = self._any = False

    def __bool__(self) -> bool:
        if not self.read:
            raise RuntimeError("a streamed run's findings are known once they are read")
        return self._any

    def __iter__(self) -> Iterator[Finding]:
        if self._started:
            raise RuntimeError("a streamed run's findings can be read once")
        self._started = True
        result = self._result
        file, held, lines = None, [], []
        for kind, value in self._outcomes(result):
            if kind != "report":
                getattr(result, kind).append(value)
                continue
            result.files += 1
            result.objects += value.objects
            result.unknown += value.unknown
            if value.file != file:  # a file given twice is reported as one, as lint_paths does
                yield from self._flush(file, held, lines)
                file, held, lines = value.file, [], []
            if value.findings:
                held = [*held, *value.findings] if held else value.findings
                lines = value.lines
        yield from self._flush(file, held, lines)
        self._linter._finish(result)
        self.read = True

    def _flush(self, file: str | None, findings: list[Finding], lines) -> Iterator[Finding]:
        if not findings:
            return
        findings.sort(key=Finding.sort_key)
        sources = self._result.sources  # a report may hold on to the mapping: changed in place
        sources.clear()
        sources[file] = lines
        counts = self._result._counts
        for finding in findings:
            counts[finding.severity] += 1
        self._any = True
        yield from findings


def decode(data: bytes) -> tuple[str, YamlProblem | None]:
    """Text of a manifest file: UTF-8, or UTF-16/32 with a byte order mark (as YAML allows)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as error:
        text = data.decode(encoding, errors="replace")
        # the position in the decoded text, lines counted as the loader counts them (CR, LF, NEL, ...)
        before = split_lines(data[: error.start].decode(encoding, errors="replace").removeprefix("\ufeff"))
        line, column = len(before) - 1, len(before[-1])
        byte = data[error.start]
        message = f"invalid {encoding.replace('-sig', '').upper()} byte 0x{byte:02x} (byte offset {error.start})"
        return text, YamlProblem(message, (line, column, line, column + 1))


class Linter:
    """Lints texts, files and directories with one configuration."""

    def __init__(
        self,
        config: Config | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        nodes=None,
    ):
        """``nodes``: the node inventory the scheduling rules check pods against (default: the
        configuration's ``nodes`` file, if any)."""
        from .schema.bundle import available_versions, newest_version
        from .schema.catalog import SchemaDirError, Schemas

        self.config = config or Config()
        version = self.config.kubernetes_version or newest_version()
        versions = available_versions()
        if version not in versions:
            raise ConfigError(f"no schemas for Kubernetes {version}: podlint has {versions[0]} to {versions[-1]}")
        try:
            self.schemas = Schemas(version, tuple(self.config.schema_dirs))
        except SchemaDirError as error:
            raise ConfigError(str(error)) from None
        self.pod_security = PodSecurity(self.config.pod_security)
        self.nodes = nodes
        if nodes is None and self.config.nodes:
            from .scheduling.inventory import load_inventory

            self.nodes = load_inventory(self.config.nodes, self.config.existing, version)
        # what the cache knows of the inventory: its files' digest (None: an inventory built
        # in memory, which cannot be told apart from another; no cache then)
        self._nodes_digest = "" if self.nodes is None else (self.nodes.digest or None)
        self.rules = active_rules(self.config, select, ignore)
        self.enabled = frozenset(rule.id for rule in self.rules)
        # only the security rules read the Pod Security levels: without them, no Namespace pre-scan
        self._reads_pod_security = any(catalogue()[rule.id].category == "security" for rule in self.rules)
        # the rules of the admission plugins read the PriorityClasses, RuntimeClasses,
        # LimitRanges and ResourceQuotas, and the scheduling rules what RuntimeClasses and
        # LimitRanges give a pod: without them, none is looked for
        self._reads_cluster_objects = bool(CLUSTER_RULES & self.enabled) or (
            self.nodes is not None and any(catalogue()[rule.id].category == "scheduling" for rule in self.rules)
        )
        self.cluster = Cluster()
        self.known = frozenset(catalogue())
        self._sources = "all"  # the lines of files with findings that lint_paths keeps
        self._caching = False  # whether a run's reports note the digest of the bytes they come from
        # each walk's rules, as (rule, check) pairs
        self._walks: dict[str, list[tuple[ActiveRule, Callable]]] = {}
        for rule in self.rules:
            self._walks.setdefault(rule.walk, []).append((rule, rule.check))

    # --- one file -------------------------------------------------------------------

    def lint_bytes(self, data: bytes, filename: str) -> FileReport:
        text, problem = decode(data)
        if problem is None:
            return self.lint_text(text, filename)
        lines = split_lines(text)
        source = SourceFile(lines, [_broken_document(problem, lines)], set())
        return self._lint_source(source, filename)

    def lint_text(self, text: str, filename: str = "<stdin>") -> FileReport:
        with _OutOfCollectorReach() as reach:
            return self._lint_source(reach.load(text), filename)

    def _lint_source(self, source: SourceFile, filename: str) -> FileReport:
        walks = self._walks
        # a file's own Namespaces and cluster objects count, linted alone too (and a LimitRange
        # or ResourceQuota without a namespace only there)
        own_namespaces, own = read_cluster(source.documents, self.schemas.minor, filename)
        pod_security = self.pod_security
        if own_namespaces:
            # laid over the run's, not copied with them: in a repository of many namespaces,
            # many files have their own
            pod_security = dataclasses.replace(pod_security, namespaces=ChainMap(own_namespaces, pod_security.namespaces))
        cluster = self.cluster.with_own(own, os.path.normpath(filename))
        findings: list[Finding] = []
        suppressions = parse_directives(source.lines, source.block_scalar_lines)
        for item in suppressions:
            item.rules = tuple(resolve_alias(rule_id) for rule_id in item.rules)
        refs: list[ObjectRef] = []
        unknown = 0
        wants_pods = "Pod" in walks or "Container" in walks
        for document in source.documents:
            data = document.data
            ref = object_ref(data) if is_object(data) else None
            for rule, check in walks.get("Document", ()):
                for violation in check(document) or ():
                    findings.append(_finding(rule, violation, filename, document.sourcemap, ROOT, ref))
            for manifest in manifests(document, self.schemas, pod_security, self.nodes, cluster):
                refs.append(manifest.ref)
                if not self._known(manifest):
                    unknown += 1
                ignored = self._annotation(manifest, suppressions)
                emit = _Emitter(findings, filename, manifest, ignored)
                # the hot loop: each rule of each view (no violations, the usual case, costs one call)
                for rule, check in walks.get("Manifest", ()):
                    for violation in check(manifest) or ():
                        emit(rule, violation)
                pod = pod_of(manifest) if wants_pods else None
                if pod is not None:
                    for rule, check in walks.get("Pod", ()):
                        for violation in check(pod) or ():
                            emit(rule, violation)
                    containers = pod.containers
                    for rule, check in walks.get("Container", ()):
                        for container in containers:
                            for violation in check(container) or ():
                                emit(rule, violation)
                release(manifest)
        findings = apply(findings, suppressions)
        if suppressions and "Suppressions" in walks:
            view = Suppressions(suppressions, self.enabled, self.known)
            for rule, check in walks["Suppressions"]:
                for violation in check(view) or ():
                    findings.append(_finding(rule, violation, filename, _empty_map(source.lines), ROOT, None))
        if findings and any(HELM_SOURCE in line for line in source.lines):
            findings = _with_source_templates(findings, source.lines)
        findings.sort(key=Finding.sort_key)
        return FileReport(filename, findings, len(refs), source.lines, unknown, refs)

    def _known(self, manifest: Manifest) -> bool:
        """Whether a schema (or the table of removed APIs) knows the object's kind."""
        from .apis import lifecycle

        return self.schemas.knows(manifest.api_version, manifest.kind) or (
            lifecycle(manifest.api_version, manifest.kind) is not None
        )

    @staticmethod
    def _annotation(manifest: Manifest, suppressions: list[Suppression]) -> Suppression | None:
        value = manifest.annotations.get(IGNORE_ANNOTATION)
        if value is None:
            return None
        path = manifest.base + ("metadata", "annotations", IGNORE_ANNOTATION)
        sourcemap = manifest.document.sourcemap
        mark = sourcemap.values.get(path) or (0, 0, 0, 1)
        rules = tuple(resolve_alias(rule_id) for rule_id in annotation_rules(value))
        item = Suppression("annotation", rules, mark, text=str(value))
        suppressions.append(item)
        return item

    # --- paths ----------------------------------------------------------------------

    def lint_paths(
        self,
        paths: Iterable[str],
        stdin_filename: str | None = None,
        exclude: Iterable[str] = (),
        progress: Callable[[int, int], None] | None = None,
        max_file_size: int | None = MAX_FILE_SIZE,
        jobs: int = 1,
        cache: bool | str | Path = False,
        sources: str = "all",
    ) -> LintResult:
        """Lint files and directories; ``progress(done, total)`` is called after each file.

        A file larger than ``max_file_size`` bytes (None: no limit) is not read: an error.
        ``jobs`` processes lint the files when there are enough of them to gain from it; the
        result is the same, in the same order, whatever ``jobs`` is. ``cache``: reuse the
        reports of files unchanged since an earlier run with the same settings (True: in
        ``.podlint_cache/``, or the directory given). ``sources``: which lines of the files with
        findings the result keeps for the report (see :func:`keep_lines`)."""
        result = LintResult()
        outcomes = self._outcomes(result, paths, stdin_filename, exclude, progress, max_file_size, jobs, cache, sources)
        for kind, value in outcomes:
            if kind == "report":
                result.add(value)
            else:
                getattr(result, kind).append(value)
        self._finish(result)
        result.findings.sort(key=Finding.sort_key)
        return result

    def stream_paths(
        self,
        paths: Iterable[str],
        stdin_filename: str | None = None,
        exclude: Iterable[str] = (),
        max_file_size: int | None = MAX_FILE_SIZE,
        jobs: int = 1,
        cache: bool | str | Path = False,
        sources: str = "all",
    ) -> StreamedResult:
        """:meth:`lint_paths` for a report that reads the findings once, in order: the files are
        linted as it reads them, and no finding is kept once read. The same findings, in the
        same order; its counts are complete once they are all read."""
        def outcomes(result: StreamedResult):
            return self._outcomes(result, paths, stdin_filename, exclude, None, max_file_size, jobs, cache, sources)

        return StreamedResult(self, outcomes)

    def _outcomes(self, result, paths, stdin_filename, exclude, progress, max_file_size, jobs, cache, sources):
        """Each file's outcome, ("report", its report) or ("errors" | "notices", a line), in the
        order of the files' names: the order of the findings of a run. ``result.errors`` gets
        the paths that are not there."""
        self._sources = sources
        patterns = (*self.config.exclude, *exclude)
        files = [(stdin_filename or "<stdin>", None) if path is None else (display, path)
                 for display, path in self._files(paths, patterns, result.errors)]
        files.sort(key=lambda file: file[0])
        if self._reads_pod_security or self._reads_cluster_objects:
            self._find_cluster_objects(files, max_file_size, jobs, cache)
        store = self._open_cache(cache)
        self._caching = store is not None  # (before workers are forked: they note what they read)
        outcomes: list = [None] * len(files)
        digests: dict[int, str] = {}
        if store is not None:
            for index, (display, path) in enumerate(files):
                if self._in_cache(store, display, path, max_file_size, digests, index):
                    outcomes[index] = _IN_CACHE  # read when its turn comes: a run holds no report it is not passing on
        todo = [index for index, outcome in enumerate(outcomes) if outcome is None]
        pending = [files[index] for index in todo]
        if jobs > 1 and len(pending) >= PARALLEL_MIN_FILES and _fork_context() is not None:
            fresh = self._in_processes(pending, max_file_size, jobs)
        else:
            fresh = (self._lint_file(display, path, max_file_size) for display, path in pending)
        fresh = iter(fresh)
        for index in range(len(files)):
            outcome = outcomes[index]
            if outcome is _IN_CACHE:
                outcome = self._cached(store, *files[index], max_file_size, digests[index])
            if outcome is None or outcome is _IN_CACHE:
                if outcome is None:
                    outcome = next(fresh)
                else:  # an entry that cannot be read after all, or a file changed since: linted here
                    outcome = self._lint_file(*files[index], max_file_size)
                # kept for the bytes it was linted from (not those of a file that changed since)
                if store is not None and outcome[0] == "report" and outcome[1].digest == digests.get(index):
                    namespaces = _namespaces(outcome[1])
                    label = json.dumps([namespaces, self._context.of(namespaces)])
                    store.put(files[index][0], digests[index], _report_json(outcome[1]), label)
            outcomes[index] = None  # what is passed on is not kept here
            yield outcome
            if progress is not None:
                progress(index + 1, len(files))
        if store is not None:
            store.save()

    def _finish(self, result) -> None:
        """What a run reports once its files are linted: unreadable schemas, inventory notices."""
        result.errors.extend(self.schemas.errors)
        if self.nodes is not None:
            result.notices.extend(self.nodes.notices)

    def _open_cache(self, cache: bool | str | Path):
        """The cache entries of this run's settings, or None (no cache, or settings that
        cannot be fingerprinted: an inventory given as an object)."""
        if cache is False or (self.nodes is not None and self._nodes_digest is None):
            return None
        from .cache import Cache, code_fingerprint, fingerprint

        rules = [(r.id, int(r.severity), vars(r.params) if r.params else None, r.configured) for r in self.rules]
        schema_dirs = [
            (str(directory), sorted((f.name, f.stat().st_mtime_ns) for f in Path(directory).glob("*.json")))
            for directory in self.config.schema_dirs
            if Path(directory).is_dir()
        ]
        key = fingerprint(
            code_fingerprint(),
            rules,
            self.schemas.version,
            schema_dirs,
            self.pod_security.level,
            self._nodes_digest,
        )
        self._context = _Context(self.cluster, self.pod_security)
        return Cache(key, None if cache is True else cache)

    def _in_cache(self, store, display: str, path: Path | None, max_file_size: int | None, digests: dict, index: int) -> bool:
        """Whether the cache holds the report of a file whose bytes, and what its namespaces hold
        among the run's files, are unchanged (its digest noted either way)."""
        if path is None:
            return False  # standard input is read once, when it is linted
        try:
            data = _read(path, max_file_size)
        except (OSError, _NotLinted):
            return False  # reported when it is linted
        from .cache import content_hash

        digests[index] = digest = content_hash(data)
        label = store.label(display, digest)
        if label is None:
            return False
        try:
            namespaces, context = json.loads(label)
        except (ValueError, TypeError, RecursionError):
            return False
        if not (namespaces is None or type(namespaces) is list and all(type(n) is str for n in namespaces)):
            return False
        return context == self._context.of(namespaces)  # else what the file's pods read changed

    def _cached(self, store, display: str, path: Path, max_file_size: int | None, digest: str):
        """("report", the cached report of a file :meth:`_in_cache` found), or _IN_CACHE where
        it cannot be read after all (an entry written by someone else, a file changed since)."""
        from .cache import content_hash

        entry = store.get(display, digest)
        try:
            data = _read(path, max_file_size)
        except (OSError, _NotLinted):
            return _IN_CACHE
        if entry is None or content_hash(data) != digest:
            return _IN_CACHE
        try:
            return "report", keep_lines(_report_from_json(display, entry, data), self._sources, path, data)
        except (TypeError, ValueError, KeyError, IndexError):
            return _IN_CACHE  # a malformed entry: lint the file again

    def _lint_file(self, display: str, path: Path | None, max_file_size: int | None) -> tuple[str, object]:
        """("report", the file's report), or ("errors" | "notices", a line saying why there is none)."""
        try:
            data = _read(path, max_file_size)
        except OSError as error:
            return "errors", f"{display}: cannot read: {error.strerror or error}"
        except _NotLinted as reason:
            return ("notices" if reason.notice else "errors"), f"{display}: {reason}"
        except Exception as error:  # a bug in podlint: say so on one line, lint the other files
            return "errors", f"{display}: internal error, please report it: {type(error).__name__}: {error}"
        try:
            report = keep_lines(self.lint_bytes(data, display), self._sources, path, data)
        except Exception as error:  # a bug in podlint: say so on one line, lint the other files
            return "errors", f"{display}: internal error, please report it: {type(error).__name__}: {error}"
        if self._caching:
            from .cache import content_hash

            report.digest = content_hash(data)
        return "report", report

    def _in_processes(self, files: list[tuple[str, Path | None]], max_file_size: int | None, jobs: int):
        """The outcomes of :meth:`_lint_file` for ``files``, in their order, from ``jobs`` forked
        worker processes (which inherit this linter). Standard input is read here. A worker
        that dies costs the outcomes of the files it held: each becomes an error."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _WORKER
        _WORKER = self
        batches = [files[start : start + PARALLEL_BATCH] for start in range(0, len(files), PARALLEL_BATCH)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context()) as pool:
            futures = [
                None if any(path is None for _, path in batch) else pool.submit(_work, batch, max_file_size)
                for batch in batches
            ]
            for batch, future in zip(batches, futures):
                if future is None:
                    yield from (self._lint_file(display, path, max_file_size) for display, path in batch)
                    continue
                try:
                    outcomes = future.result()
                except BrokenProcessPool as error:
                    reason = str(error) or "it was killed"
                    outcomes = [("errors", f"{display}: not linted: a worker process died ({reason})") for display, _ in batch]
                yield from outcomes

    def _find_cluster_objects(
        self, files: list[tuple[str, Path | None]], max_file_size: int | None, jobs: int = 1,
        cache: bool | str | Path = False,
    ) -> None:
        """The Namespaces and cluster objects among ``files`` that apply to the pods of every
        file (:func:`scan_cluster`)."""
        namespaces, self.cluster = scan_cluster(files, self.schemas.minor, max_file_size, jobs, cache)
        self.pod_security = dataclasses.replace(self.pod_security, namespaces=namespaces)

    @staticmethod
    def _files(paths: Iterable[str], patterns: tuple[str, ...], errors: list[str]) -> Iterator[tuple[str, Path | None]]:
        for given in paths:
            if given == STDIN:
                yield given, None
                continue
            path = Path(given)
            if _excluded(given, patterns):
                continue
            if path.is_dir():
                found = False
                for file in _walk(given, patterns):
                    found = True
                    yield file, Path(file)
                if not found:
                    errors.append(f"{given}: no manifests ({', '.join('*' + s for s in MANIFEST_SUFFIXES)}) found")
            elif path.is_file():
                yield given, path
            elif path.exists():
                errors.append(f"{given}: not a regular file")
            else:
                errors.append(f"{given}: no such file or directory")


class _NotLinted(Exception):
    """Why a file is not linted; a notice (skipped on purpose) or an error."""

    def __init__(self, message: str, notice: bool = False):
        super().__init__(message)
        self.notice = notice


# the byte order marks of UTF-16 and UTF-32 text, whose NUL bytes are not a binary file's
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _read(path: Path | None, max_file_size: int | None) -> bytes:
    """A file's bytes (standard input for None), refusing what podlint must not read."""
    limit = f"more than the --max-file-size of {max_file_size or 0:,} bytes: not linted"
    if path is None:
        data = sys.stdin.buffer.read() if max_file_size is None else sys.stdin.buffer.read(max_file_size + 1)
        if max_file_size is not None and len(data) > max_file_size:
            raise _NotLinted(limit)
    else:
        with open(path, "rb", opener=_nonblocking) as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):  # a FIFO or device found in a directory: never read
                raise _NotLinted("not a regular file, skipped", notice=True)
            if max_file_size is not None and status.st_size > max_file_size:
                raise _NotLinted(f"{status.st_size:,} bytes, {limit}")
            data = stream.read()
    if b"\x00" in data[:_SNIFF] and not data.startswith(_WIDE_BOMS):
        raise _NotLinted("binary file (NUL bytes), skipped", notice=True)
    return data


def scan_cluster(
    files: Iterable[tuple[str, Path | None]],
    version: tuple[int, int],
    max_file_size: int | None,
    jobs: int = 1,
    cache: bool | str | Path = False,
) -> tuple[dict[str, NamespaceLevels], Cluster]:
    """The Namespaces (their Pod Security Admission levels) and the cluster objects among
    ``files`` that apply to the pods of every file (:mod:`podlint.cluster`). Only files that
    mention them are parsed, and of those only the documents that do (a rendered chart's
    workloads are parsed once, when they are linted); what cannot be read here is reported when
    it is linted. ``jobs`` processes read the files when there are enough of them; what they
    find is taken in the files' order, as one process takes it. ``cache`` (as
    :meth:`Linter.lint_paths` takes it, or a :class:`podlint.cluster_cache.KeptScans`): what a
    file whose bytes are unchanged gave an earlier scan is taken from it, not parsed again."""
    files = list(files)
    found_by_file: list = [None] * len(files)
    todo = list(range(len(files)))
    store, digests = _scan_store(cache, version), {}
    if store is not None:
        from .cluster_cache import UNKNOWN

        for index, file in enumerate(files):
            found_by_file[index] = _scan_known(store, file, max_file_size, digests, index)
        todo = [index for index, found in enumerate(found_by_file) if found is UNKNOWN]
    # each with the digest the run took of it, if any: what a file changed since gives is not kept
    pending = [(*files[index], digests.get(index)) for index in todo]
    if jobs > 1 and len(pending) >= PARALLEL_MIN_FILES and _fork_context() is not None:
        fresh = _scanned_in_processes(pending, version, max_file_size, jobs)
    else:
        fresh = (_scan_file(display, path, version, max_file_size, digest) for display, path, digest in pending)
    for index, found in zip(todo, fresh):
        if type(found) is _Changed:
            found_by_file[index] = found.found
        else:
            found_by_file[index] = found
            if store is not None and index in digests:
                store.keep(files[index][0], digests[index], found)
    if store is not None:
        store.save()
    namespaces: dict[str, NamespaceLevels] = {}
    cluster = Cluster()
    for found in found_by_file:
        if found is not None:
            namespaces.update(found[0])
            cluster.add(found[1], namespaced_only=True)
    return namespaces, cluster


def _scan_store(cache, version: tuple[int, int]):
    """Where the pre-scan keeps what it found (:mod:`podlint.cluster_cache`), or None."""
    from .cluster_cache import CachedScans, KeptScans

    if cache is False:
        return None
    return cache if isinstance(cache, KeptScans) else CachedScans(cache, version)


def _scan_known(store, file: tuple[str, Path | None], max_file_size: int | None, digests: dict, index: int):
    """What the pre-scan finds in ``file`` when that is known without parsing it (nothing, or
    what ``store`` kept for its bytes), else ``UNKNOWN``, its digest noted to keep what it has."""
    display, path = file
    if path is None:
        return None  # standard input is read once: its own objects still count for it
    try:
        data = _read(path, max_file_size)
    except (OSError, _NotLinted):
        return None
    if not (data.startswith(_WIDE_BOMS) or mentions_cluster_objects(data)):
        return None
    from .cache import content_hash

    digests[index] = digest = content_hash(data)
    return store.found(display, digest)


class _Changed(NamedTuple):
    """What a file gave the pre-scan when its bytes were no longer those the run took the
    digest of: taken, not kept for that digest."""

    found: tuple[dict[str, NamespaceLevels], Cluster] | None


def _scan_file(
    display: str, path: Path | None, version: tuple[int, int], max_file_size: int | None, digest: str | None = None
) -> tuple[dict[str, NamespaceLevels], Cluster] | _Changed | None:
    """The Namespaces and cluster objects of one file (:func:`scan_cluster`), or None; as
    :class:`_Changed` where its bytes are not those of ``digest`` (if given)."""
    if path is None:
        return None  # standard input is read once: its own objects still count for it
    try:
        data = _read(path, max_file_size)
    except (OSError, _NotLinted):
        return None if digest is None else _Changed(None)
    found = None
    if data.startswith(_WIDE_BOMS) or mentions_cluster_objects(data):  # (UTF-16 or UTF-32: decoded first)
        text, _ = decode(data)
        wanted = "".join(document for document in split_documents(text) if mentions_cluster_objects(document))
        with _OutOfCollectorReach() as reach:
            found = read_cluster(reach.load(wanted).documents, version, display)
    if digest is not None:
        from .cache import content_hash

        if content_hash(data) != digest:
            return _Changed(found)
    return found


def _scanned_in_processes(
    files: list[tuple[str, Path | None, str | None]], version: tuple[int, int], max_file_size: int | None, jobs: int
):
    """:func:`_scan_file` of each file (its name, path and digest), in their order, from ``jobs``
    forked worker processes; the files of a batch whose worker died are read here."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    batches = [files[start : start + PARALLEL_BATCH] for start in range(0, len(files), PARALLEL_BATCH)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context()) as pool:
        futures = [pool.submit(_scan_batch, batch, version, max_file_size) for batch in batches]
        for batch, future in zip(batches, futures):
            try:
                yield from future.result()
            except BrokenProcessPool:
                yield from (_scan_file(*file[:2], version, max_file_size, file[2]) for file in batch)


def _scan_batch(batch: list[tuple[str, Path | None, str | None]], version: tuple[int, int], max_file_size: int | None) -> list:
    return [_scan_file(display, path, version, max_file_size, digest) for display, path, digest in batch]


# Whether a file's nodes and data are kept out of the cycle collector's reach while it is read
# and linted (:class:`_OutOfCollectorReach`). The collector's state is the process's: the
# `podlint lint` command and the language server, whose processes are podlint's own, set it; a
# program that uses podlint as a library keeps its collector as it has it.
KEEP_FILES_FROM_COLLECTOR = False


class _OutOfCollectorReach:
    """A file's nodes and data out of the cycle collector's reach while it is linted.

    They are freed by reference counting once it is linted (:func:`podlint.model.release`
    breaks the views' cycles): the collector has nothing to find in them, but each of its
    passes while they are alive walked them all, and on a 4 MB file of 16,000 objects that was
    40% of the run. The collector is paused while the file is read; then what is alive is
    frozen (``gc.freeze``), the collector runs again on what the rules make, and, once the file
    is linted, what was frozen is given back to it."""

    __slots__ = ("state",)

    def __enter__(self) -> _OutOfCollectorReach:
        self.state = "reading" if KEEP_FILES_FROM_COLLECTOR and gc.isenabled() else None
        if self.state:
            gc.disable()
        return self

    def load(self, text: str) -> SourceFile:
        """The file read (:func:`podlint.loader.load`), its nodes and data frozen, and the
        collector running again."""
        source = load(text)
        if self.state == "reading":
            gc.freeze()
            gc.enable()
            self.state = "frozen"
        return source

    def __exit__(self, *_) -> None:
        if self.state == "reading":
            gc.enable()
        elif self.state == "frozen":
            gc.unfreeze()


def _nonblocking(path: str, flags: int) -> int:
    """Open without blocking, so that a FIFO is found out by fstat instead of hanging the run."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _fork_context():
    """Workers are forked, so they start at once with everything loaded; where fork is not
    available or not safe (Windows, macOS), files are linted in one process."""
    import multiprocessing

    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


_WORKER: Linter | None = None  # the linter a forked worker inherits


def _work(batch: list[tuple[str, Path]], max_file_size: int | None) -> list[tuple[str, object]]:
    assert _WORKER is not None
    return [_WORKER._lint_file(display, path, max_file_size) for display, path in batch]


def _walk(top: str, patterns: tuple[str, ...]) -> Iterator[str]:
    """Manifest files below ``top``, sorted, skipping hidden and excluded directories."""
    for directory, subdirectories, files in os.walk(top):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and not _excluded(os.path.join(directory, name), patterns)
        )
        for name in sorted(files):
            if name.endswith(MANIFEST_SUFFIXES):
                file = os.path.normpath(os.path.join(directory, name))
                if not _excluded(file, patterns):
                    yield file


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    if not patterns:
        return False
    normal = os.path.normpath(path).replace(os.sep, "/")
    name = os.path.basename(normal)
    import fnmatch

    return any(fnmatch.fnmatchcase(normal, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


# --- violations to findings -----------------------------------------------------------------


# Helm writes the template each document of `helm template` comes from, after the document's
# "---": "# Source: chart/templates/x.yaml".
HELM_SOURCE = "# Source: "


def _with_source_templates(findings: list[Finding], lines: list[str]) -> list[Finding]:
    """The findings, each naming the Helm template its document was rendered from."""
    templates: list[str | None] = []
    current = None
    previous = "---"
    for line in lines:
        if line.startswith("---"):
            current = None
        elif line.startswith(HELM_SOURCE) and previous.startswith("---"):
            # as Helm writes it: first in its document, a chart path such as shop/templates/x.yaml
            template = line[len(HELM_SOURCE) :].strip()
            if "/" in template and "://" not in template and not any(c.isspace() for c in template):
                current = template
        templates.append(current)
        previous = line
    out = []
    for finding in findings:
        index = finding.span.line - 1
        template = templates[index] if 0 <= index < len(templates) else None
        out.append(finding._replace(source_template=template) if template else finding)
    return out


def _finding(
    rule: ActiveRule, violation: Violation, filename: str, sourcemap: SourceMap, base: tuple, ref: ObjectRef | None
) -> Finding:
    if violation.mark is not None:
        span = sourcemap.span_of(violation.mark)
    else:
        span = sourcemap.span(base + tuple(violation.at), violation.on)
    severity = rule.severity if rule.configured or violation.severity is None else violation.severity
    # a run of many files repeats the same paths and many messages: one string each
    return Finding(rule.id, severity, sys.intern(violation.message), filename, span, ref, _path_text(tuple(violation.at)))


@functools.lru_cache(maxsize=8192)
def _path_text(at: tuple) -> str:
    """``spec.containers[0].image``: the objects of a run repeat the same paths, each written once."""
    return sys.intern(str(FieldPath(at)))


class _Emitter:
    """Turns a violation of one of an object's rules into a finding, unless its annotation ignores the rule."""

    __slots__ = ("findings", "filename", "manifest", "ignored")

    def __init__(self, findings: list[Finding], filename: str, manifest: Manifest, ignored: Suppression | None):
        self.findings = findings
        self.filename = filename
        self.manifest = manifest
        self.ignored = ignored

    def __call__(self, rule: ActiveRule, violation: Violation) -> None:
        if self.ignored is not None and self.ignored.applies(rule.id):
            self.ignored.used.add(rule.id)
            return
        manifest = self.manifest
        self.findings.append(
            _finding(rule, violation, self.filename, manifest.document.sourcemap, manifest.base, manifest.ref)
        )


_IN_CACHE = object()  # an outcome the cache holds, read when it is passed on


class _Context:
    """What the reports of a run depend on besides the files' bytes and the run's settings (the
    cache's key): the cluster objects and Pod Security levels among the run's files. A report is
    kept with the namespaces of its file's objects and a fingerprint of what concerns pods of
    those namespaces (:meth:`podlint.cluster.Cluster.fingerprints_by_namespace`), and is taken
    again while that stays the same: an object added in one namespace does not lint again the
    files of the others. A file with an object of no namespace (whose pods read the objects of
    every namespace, and the Pod Security levels of ``default``) depends on all of them."""

    def __init__(self, cluster: Cluster, pod_security: PodSecurity):
        from .cache import fingerprint

        everywhere, by_namespace = cluster.fingerprints_by_namespace()
        self.fingerprint = fingerprint
        self.everywhere = fingerprint(everywhere)
        self.by_namespace = {namespace: fingerprint(facts) for namespace, facts in by_namespace.items()}
        self.levels = {namespace: repr(levels) for namespace, levels in pod_security.namespaces.items()}
        self._known: dict[tuple[str, ...] | None, str] = {}

    def of(self, namespaces: list[str] | None) -> str:
        """The fingerprint of what concerns the pods of ``namespaces`` (None: of every namespace)."""
        key = None if namespaces is None else tuple(namespaces)
        found = self._known.get(key)
        if found is None:
            if key is None:
                parts: list = [sorted((n or "", f) for n, f in self.by_namespace.items()), sorted(self.levels.items())]
            else:
                parts = [[(n, self.by_namespace.get(n, ""), self.levels.get(n, "")) for n in key]]
            found = self._known[key] = self.fingerprint(self.everywhere, self.by_namespace.get(None, ""), *parts)
        return found


# kinds of objects that belong to no namespace (``kubectl api-resources --namespaced=false``):
# one of them is not an object of the namespace it is created in, and no rule reads the objects
# of a namespace for it; any other object without a namespace may be created in any
_CLUSTER_SCOPED_KINDS = frozenset((
    "Namespace", "PriorityClass", "RuntimeClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
    "StorageClass", "PersistentVolume", "IngressClass", "CSIDriver", "APIService", "PriorityLevelConfiguration",
    "FlowSchema", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
))


def _namespaces(report: FileReport) -> list[str] | None:
    """The namespaces of a file's objects, or None where one that belongs to a namespace has
    none (its pods may run in any, and read the objects of all)."""
    found = set()
    for ref in report.refs:
        if ref.namespace:
            found.add(ref.namespace)
        elif ref.kind not in _CLUSTER_SCOPED_KINDS:
            return None
    return sorted(found)


def _report_json(report: FileReport) -> dict:
    """A file's report as the cache keeps it (its lines are read again from the file)."""

    def ref(item: ObjectRef | None):
        return None if item is None else [item.kind, item.name, item.namespace]

    findings = [
        [f.rule, int(f.severity), f.message, list(f.span), ref(f.object), f.path, f.source_template]
        for f in report.findings
    ]
    return {"findings": findings, "objects": report.objects, "unknown": report.unknown, "refs": [ref(r) for r in report.refs]}


def _report_from_json(display: str, entry: dict, data: bytes) -> FileReport:
    """A report from the cache; anything of the wrong shape or type is a ValueError (a cache
    is data someone else may have written)."""
    from .sourcemap import Span

    objects: dict[tuple, ObjectRef] = {}  # a file's findings name the same few objects

    def ref(item) -> ObjectRef | None:
        if item is None:
            return None
        key = tuple(item) if type(item) is list else ()
        found = objects.get(key)
        if found is None:
            if len(key) != 3 or not all(x is None or type(x) is str for x in key):
                raise ValueError("an object of the wrong shape")
            found = objects[key] = ObjectRef(*key)
        return found

    findings = []
    severities = {int(severity): severity for severity in Severity}
    for rule, severity, message, span, obj, path, template in entry["findings"]:
        if (
            type(rule) is not str
            or type(message) is not str
            or type(path) is not str
            or not (template is None or type(template) is str)
            or type(severity) is not int
            or severity not in severities
            or type(span) is not list
            or len(span) != 4
            or not type(span[0]) is type(span[1]) is type(span[2]) is type(span[3]) is int
        ):
            raise ValueError("a finding of the wrong shape")
        findings.append(Finding(rule, severities[severity], message, display, Span(*span), ref(obj), path, template))
    objects_count, unknown = entry["objects"], entry["unknown"]
    if type(objects_count) is not int or type(unknown) is not int:
        raise ValueError("counts of the wrong type")
    lines = file_lines(data) if findings else []
    refs = [ref(r) for r in entry["refs"]]
    return FileReport(display, findings, objects_count, lines, unknown, refs)


def _empty_map(lines: list[str]) -> SourceMap:
    return SourceMap({}, {}, lines)


def _broken_document(problem: YamlProblem, lines: list[str]) -> Document:
    return Document(0, None, SourceMap({}, {(): problem.mark}, lines), problem.mark[0] + 1, [problem], broken=True)
