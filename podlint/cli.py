"""The command line: ``podlint lint``, ``podlint rules``, ``podlint explain``.

Exit codes: 0 no finding reaches ``--fail-on``; 1 one does; 2 usage,
configuration or I/O error.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path

import click

from . import __version__
from .reporters import FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error(message: str) -> None:
    click.echo(f"podlint: error: {message}", err=True)


class _FileSize(click.ParamType):
    """A size in bytes, with an optional binary unit: ``32M`` is 32 MiB; 0 means no limit."""

    name = "SIZE"
    _UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("IB").removesuffix("B")
        unit = text[-1:] if text[-1:] in "KMG" else ""
        number = text[: len(text) - len(unit)]
        if not number.isdigit():
            self.fail(f"{value!r} is not a size such as 1048576, 512K, 32M or 1G", param, ctx)
        return int(number) * self._UNITS[unit]


def _report_problems(notices: list[str], errors: list[str]) -> None:
    """The run's notices and errors on standard error, one line each; errors end it with exit 2."""
    for message in notices:
        click.echo(f"podlint: notice: {message}", err=True)
    for message in errors:
        _error(message)
    if errors:
        sys.exit(EXIT_ERROR)


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _color(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")

# Options that `lint` and `fit` share.
CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Configuration file (default: .podlint.yaml or [tool.podlint] in pyproject.toml, found upward).",
)
EXCLUDE_OPTION = click.option(
    "--exclude", multiple=True, metavar="GLOB", help="Skip files and directories matching GLOB (repeatable)."
)
NODES_OPTION = click.option(
    "--nodes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Node inventory (kubectl get nodes -o yaml, or node pools; default: the configuration's nodes).",
)
EXISTING_OPTION = click.option(
    "--existing",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Pods already running on those nodes (kubectl get pods -A -o yaml): their requests and host ports are taken.",
)


def run() -> None:
    """The ``podlint`` command as a process: :func:`main`, then an exit that does not tear the
    interpreter down. Freeing a run's objects and modules one by one at exit takes about 10 ms,
    a tenth of linting one small file; mypy ends the same way. Everything is written by then:
    the report and the cache are closed where they are written, and the streams are flushed
    here: a report that cannot be written is an error (exit 2), a reader that went away (a
    broken pipe) ends the run as click ends it then (exit 1). A character the output's encoding
    lacks (an ASCII locale) is written escaped (``\\u2026``), not a crash."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        main(prog_name="podlint")
        code: object = 0  # not reached: a standalone click command always exits
    except SystemExit as done:
        code = done.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    if sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules:
        sys.exit(code)  # a profiler or a coverage tool writes its data at exit: let it
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # closed when podlint started (>&-)
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            code = EXIT_FINDINGS if code == EXIT_OK else code
        except (OSError, ValueError) as error:
            if stream is sys.stdout and sys.stderr is not None:
                with contextlib.suppress(OSError, ValueError):
                    sys.stderr.write(f"podlint: error: cannot write the output: {getattr(error, 'strerror', error)}\n")
                    sys.stderr.flush()
            code = EXIT_ERROR
    os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="podlint")
def main() -> None:
    """podlint: lint and validate Kubernetes pod manifests, exact to the line and column."""
    # The engine frees each object's data and views as soon as it is linted (see
    # podlint.model.release): what the cycle collector walks is what stays alive, mostly the
    # findings, which it would walk again every 700 allocations. Collect every 50,000 (mypy,
    # which also keeps much alive, does the same).
    gc.set_threshold(50_000, 10, 10)


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output-file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to FILE (and print only the summary line).",
)
@click.option("--statistics", is_flag=True, help="After the report, count the findings of each rule.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary line, no progress.")
@CONFIG_OPTION
@click.option("--select", multiple=True, metavar="RULES", help="Run only these rules or categories (comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Do not run these rules or categories (comma-separated).")
@EXCLUDE_OPTION
@click.option("--stdin-filename", metavar="NAME", help="The name to report for input read from '-'.")
@click.option(
    "--kubernetes-version",
    metavar="1.NN",
    help="Validate against this Kubernetes minor version (default: the configuration's, else the newest).",
)
@click.option(
    "--schema-dir",
    "schema_dirs",
    multiple=True,
    metavar="DIR",
    help="JSON schemas for more kinds (CRDs), named {kind}-{group}-{version}.json as kubeconform names them (repeatable).",
)
@click.option(
    "--pod-security",
    type=click.Choice(["privileged", "baseline", "restricted"]),
    help="Make this Pod Security Standards level's controls errors (default: the configuration's pod-security).",
)
@NODES_OPTION
@EXISTING_OPTION
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="the number of CPUs",
    help="Lint files in this many processes (for runs of many files; the report is the same).",
)
@click.option(
    "--max-file-size",
    type=_FileSize(),
    default="32M",
    show_default=True,
    help="Do not lint files larger than this (K, M, G: KiB, MiB, GiB; 0: no limit); each one is an error.",
)
@click.option("--no-cache", is_flag=True, help="Lint every file again: neither read nor write .podlint_cache/.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding has at least this severity.",
)
def lint(
    paths,
    fmt,
    output_file,
    statistics,
    quiet,
    config_path,
    select,
    ignore,
    exclude,
    stdin_filename,
    kubernetes_version,
    schema_dirs,
    pod_security,
    nodes,
    existing,
    jobs,
    max_file_size,
    no_cache,
    fail_on,
) -> None:
    """Lint manifest files and directories (recursively: *.yaml, *.yml, *.json); '-' reads stdin."""
    from . import engine
    from .config import ConfigError
    from .engine import Linter
    from .findings import Severity
    from .reporters import HUMAN_FORMATS, SOURCES, STREAMED_FORMATS, render, statistics_lines, summary_line

    engine.KEEP_FILES_FROM_COLLECTOR = True  # this process is podlint's own
    if not no_cache:
        from .cache import use_cached_catalogue

        use_cached_catalogue()
    try:
        config = _configuration(config_path, kubernetes_version)
        config.schema_dirs = [*schema_dirs, *config.schema_dirs]
        if pod_security is not None:
            config.pod_security = pod_security
        _set_nodes(config, nodes, existing)
        inventory = _inventory(config, cache=not no_cache) if config.nodes else None
        linter = Linter(config, _split(select) or None, _split(ignore), nodes=inventory)
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    options = dict(
        stdin_filename=stdin_filename,
        exclude=exclude,
        max_file_size=max_file_size or None,
        jobs=jobs,
        cache=not no_cache,
        sources=SOURCES.get(fmt, "none"),
    )
    with _progress_bar(quiet) as progress:
        if progress is None and fmt in STREAMED_FORMATS and not statistics:
            # the report is written as the files are linted: a run keeps no finding
            result = linter.stream_paths(paths or ["."], **options)
        else:
            result = linter.lint_paths(paths or ["."], progress=progress, **options)
    if output_file is not None:
        try:
            with open(output_file, "w", encoding="utf-8", newline="") as stream:
                render(fmt, result, stream, quiet=quiet)
        except OSError as error:
            _error(f"{output_file}: cannot write the report: {error.strerror or error}")
            sys.exit(EXIT_ERROR)
        if not quiet:
            click.echo(summary_line(result))
    else:
        render(fmt, result, sys.stdout, color=fmt == "text" and _color(sys.stdout), quiet=quiet)
    if statistics:
        # beside a machine-readable report on standard output, the table goes to standard error
        to_stderr = output_file is None and fmt not in HUMAN_FORMATS
        for line in statistics_lines(result):
            click.echo(line, err=to_stderr)
    _report_problems(result.notices, result.errors)
    threshold = Severity.parse(fail_on)
    failing = any(result.count(severity) for severity in Severity if severity >= threshold)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _configuration(config_path: Path | None, kubernetes_version: str | None):
    """The configuration file's settings (given, or found upward), with ``--kubernetes-version``."""
    from .config import ConfigError, check_kubernetes_version, find_config, load_config

    if config_path is not None and not config_path.is_file():
        raise ConfigError(f"{config_path}: no such configuration file")
    config = load_config(config_path or find_config())
    if kubernetes_version is not None:
        config.kubernetes_version = check_kubernetes_version(kubernetes_version, ConfigError)
    return config


def _inventory(config, cache: bool):
    """The node inventory of the configuration (raises ConfigError when it is malformed)."""
    from .scheduling.inventory import load_inventory

    return load_inventory(config.nodes, config.existing, config.kubernetes_version, cache=cache)


def _set_nodes(config, nodes: Path | None, existing: Path | None) -> None:
    from .config import ConfigError

    if nodes is not None:
        config.nodes = str(nodes)
    if existing is not None:
        if not config.nodes:
            raise ConfigError("--existing needs a node inventory: --nodes FILE (or nodes: in the configuration)")
        config.existing = str(existing)


@main.command()
@click.argument("paths", nargs=-1)
@NODES_OPTION
@EXISTING_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@CONFIG_OPTION
@EXCLUDE_OPTION
@click.option("--kubernetes-version", metavar="1.NN", help="Schedule as this Kubernetes minor version does.")
@click.option(
    "--no-cache", is_flag=True,
    help="Read the node inventory and the manifests' cluster objects again: neither read nor write .podlint_cache/.",
)
def fit(paths, nodes, existing, fmt, config_path, exclude, kubernetes_version, no_cache) -> None:
    """Will the workloads of PATHS fit on the nodes? kube-scheduler's filters, run on each node.

    Exit 1 when a workload fits on no node or not all its replicas fit, 2 on errors."""
    from .config import ConfigError
    from .engine import MAX_FILE_SIZE

    try:
        config = _configuration(config_path, kubernetes_version)
        _set_nodes(config, nodes, existing)
        if not config.nodes:
            raise ConfigError("no node inventory: give --nodes FILE (or nodes: in the configuration)")
        inventory = _inventory(config, cache=not no_cache)
        from .scheduling.workloads import fit_paths
    except ConfigError as error:
        _error(str(error))
        sys.exit(EXIT_ERROR)
    result = fit_paths(
        paths or ["."], inventory, config.kubernetes_version, (*config.exclude, *exclude), MAX_FILE_SIZE, cache=not no_cache
    )
    from .reporters.fit_report import render_json, render_table

    if fmt == "json":
        render_json(result, sys.stdout)
    else:
        color = _color(sys.stdout)
        render_table(result, sys.stdout, color=color, width=None if color else 200)
    _report_problems(result.notices, result.errors)
    sys.exit(EXIT_FINDINGS if result.failing else EXIT_OK)


# A run over fewer files than this ends before a progress bar would be any use.
PROGRESS_MIN_FILES = 50


@contextlib.contextmanager
def _progress_bar(quiet: bool):
    """A progress callback drawing a bar on standard error, when that is a terminal: never in
    a report, never in a pipe or a log."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("linting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = None

    def advance(done: int, total: int) -> None:
        nonlocal task
        if total < PROGRESS_MIN_FILES:
            return
        if task is None:
            bar.start()
            task = bar.add_task("lint", total=total)
        bar.update(task, completed=done)

    try:
        yield advance
    finally:
        bar.stop()


@main.command()
def lsp() -> None:
    """Run the language server on standard input and output (needs: pip install 'podlint[lsp]')."""
    try:
        from .lsp import serve
    except ImportError as error:  # pygls is an optional extra
        _error(f"the language server needs pygls: pip install 'podlint[lsp]' ({error})")
        sys.exit(EXIT_ERROR)
    serve()


@main.command()
def rules() -> None:
    """List every rule: id, on or off by default, default severity, category, summary."""
    from .registry import catalogue

    specs = list(catalogue().values())
    rows = [(s.id, "on" if s.enabled else "off", str(s.severity), s.category, s.summary) for s in specs]
    header = ("id", "default", "severity", "category", "summary")
    if _color(sys.stdout):
        from rich.console import Console
        from rich.table import Table

        table = Table(*header)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    for row in (header, *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1])


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Show a rule's documentation, examples and what podlint says about them."""
    from .config import suggest
    from .registry import catalogue, resolve_alias

    specs = catalogue()
    spec = specs.get(resolve_alias(rule_id))
    if spec is None:
        _error(f'unknown rule "{rule_id}"{suggest(rule_id, specs)}')
        sys.exit(EXIT_ERROR)
    click.echo(_explain_text(spec))


def _explain_text(spec) -> str:
    from .examples import run

    opt_in = "" if spec.enabled else ", opt-in"
    out = [f"{spec.id} ({spec.severity}, {spec.category}{opt_in})", "", spec.summary, ""]
    out += ["Why", spec.rationale.rstrip(), "", "How to fix", spec.remediation, ""]
    if spec.params:
        out.append("Parameters")
        for param in spec.params.values():
            out.append(f"  {param.name} ({param.type}, default {param.default!r}): {param.doc}")
        out.append("")
    for example in spec.examples:
        if example.get("nodes"):
            out.append(f"Nodes (--nodes) for: {example.get('name', '')}")
            out += ["  " + line for line in example["nodes"].rstrip("\n").split("\n")]
            out.append("")
        for kind in ("bad", "good"):
            if kind not in example:
                continue
            text, report = run(spec, example, kind, strip=True)
            out.append(f"{'Bad' if kind == 'bad' else 'Good'}: {example.get('name', '')}")
            out += ["  " + line for line in text.rstrip("\n").split("\n")]
            if kind == "bad":
                out.append("podlint says:")
                out += [f"  {f.span.line}:{f.span.column}: {f.severity} [{f.rule}] {f.message}" for f in report.findings]
            out.append("")
    if spec.references:
        out.append("References")
        out += [f"  {ref}" for ref in spec.references]
    return "\n".join(out).rstrip()


if __name__ == "__main__":  # pragma: no cover
    main()
