"""podlint's performance goals, measured side by side in one run, as medians and ratios.

Run from the repository root, with podlint and its dependencies installed::

    python benchmarks/run.py [--files 1008] [--repeat 5] [--corpus ../shared/corpus]

It builds a deterministic input in a temporary directory: ``--files`` files of ten
pod-bearing objects each (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods), made
from the project's own ``examples/`` manifests with their names numbered, or, with
``--corpus``, from the pod-bearing objects of a directory of real manifests, taken in turn
until the files are full. Then it runs each measurement ``--repeat`` times, the
alternatives of each ratio one after the other, every run a fresh process (start-up
included), and prints the medians:

- whole set: ``podlint lint --no-cache --jobs 1`` (every default rule, strict schema, API
  validation) against the floor, a process that only parses the same files with positions
  on ruamel.yaml's C parser (podlint's event-driven loader, the fastest we have built on it)
  and validates every object against its strict schema with jsonschema-rs (podlint itself
  starts with its own validator, then switches to jsonschema-rs), its cycle collector set as
  podlint sets it; the same floor reading as podlint reads a long run (PyYAML's libyaml
  composing each file it can); to show what the engine itself costs, the same podlint run
  with every rule replaced by a function that finds nothing (each rule is still called once
  per object, container or document); and the same run reading every file event by event,
  as podlint does without PyYAML;
- ``--jobs 2`` against ``--jobs 1``;
- the cache: a second run over unchanged files against the first;
- one small Pod file (the pre-commit case: edited before each run, so its report is never in
  the cache) against ``python -c "import ruamel.yaml"``;
- memory: peak RSS linting the whole set against linting a tenth of it (``--jobs 1``);
- kubeconform -strict on the same directory, with its default workers and with one, when it
  is on ``PATH`` and ``--kubeconform-schemas`` names a directory of its schemas for
  podlint's newest Kubernetes version (so that it reads them offline, as podlint does).

``podlint fit``'s figures come from ``benchmarks/fit.py``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod")
# The floor reads with ruamel.yaml's C parser, event by event (``load_events``), or, ``composed``,
# as podlint reads a long run: with PyYAML's libyaml composing each file it can (``load``).
FLOOR = """
import gc, sys
gc.set_threshold(50_000, 10, 10)  # as podlint sets it: the floor collects cycles as rarely
from pathlib import Path
from podlint.loader import load, load_events, split_lines, without_bom
from podlint.model import is_object, object_candidates
from podlint.schema.bundle import for_version

def read(text):
    if sys.argv[2] == "composed":
        return load(text)
    text = without_bom(text)
    return load_events(text, split_lines(text))

bundle = for_version()
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    for document in read(path.read_text(encoding="utf-8")).documents:
        if document.broken or document.empty:
            continue
        for _, data in object_candidates(document):
            if is_object(data):
                validator = bundle.native_validator(data["apiVersion"], data["kind"])
                if validator is not None:
                    validator.is_valid(data)
"""
EVENTS_ONLY = """
import sys
from podlint import loader
from podlint.cli import main
loader._compose = False  # as without PyYAML: every file read event by event
try:
    main(sys.argv[1:], prog_name="podlint")
except SystemExit:
    pass
"""
NO_OP_RULES = """
import sys
from podlint import engine
from podlint.cli import main
# every rule is still called for each of its views, and finds nothing
engine.ActiveRule.check = property(lambda rule: lambda view: ())
try:
    main(sys.argv[1:], prog_name="podlint")
except SystemExit:
    pass
"""
# The process's own peak: VmHWM, the high-water mark of its memory since it started (Linux).
# Not getrusage's ru_maxrss, which Linux carries over an exec from the process that forked it:
# a child of this script would report this script's size whenever it is the larger.
PEAK = """
import resource, sys
from podlint.cli import main  # the click command itself: the podlint command ends with os._exit
try:
    main(sys.argv[1:], prog_name="podlint")
except SystemExit:
    pass
try:
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f"PEAK {peak}\\n")
"""


def documents_of(text: str) -> list[str]:
    return [d.strip("\n") + "\n" for d in re.split(r"(?m)^---[ \t]*$", text) if d.strip()]


def pod_bearing(document: str) -> bool:
    match = re.search(r"(?m)^kind:\s*(\w+)", document)
    return bool(match) and match.group(1) in POD_KINDS


def sources(corpus: Path | None) -> list[str]:
    folder = corpus or ROOT / "examples"
    found = []
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found += [d for d in documents_of(text) if pod_bearing(d) and "{{" not in d]
    return found


def build(directory: Path, files: int, corpus: Path | None) -> tuple[int, int]:
    """Writes the input; returns how many objects it holds and from how many distinct ones."""
    pool = sources(corpus)
    number = 0
    for index in range(files):
        docs = []
        for _ in range(10):
            doc = pool[number % len(pool)]
            # number the object's name, so that the objects differ as a real repository's do
            docs.append(
                re.sub(r"(?m)^(  name:\s*)([\w.-]+)", lambda m, n=number: f"{m.group(1)}{m.group(2)}-{n}", doc, count=1)
            )
            number += 1
        (directory / f"m{index:05d}.yaml").write_text("---\n".join(docs), encoding="utf-8")
    return number, len(pool)


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: findings, which the input has
        raise SystemExit(f"{' '.join(command[:4])} ... failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stderr


def median_of(repeat: int, *commands) -> list[float]:
    """Medians of each command, the commands run in turn ``repeat`` times."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, (command, cwd, env) in enumerate(commands):
            times[index].append(run(command, cwd, env)[0])
    return [statistics.median(t) for t in times]


def peak_rss(args: list[str], cwd: Path) -> int:
    _, stderr = run([sys.executable, "-c", PEAK, *args], cwd)
    match = re.search(r"PEAK (\d+)", stderr)
    if match is None:
        raise SystemExit(f"peak RSS not reported:\n{stderr}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1008)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="build the input from this directory's manifests")
    parser.add_argument(
        "--kubeconform-schemas",
        type=Path,
        help="measure kubeconform too, offline, with the JSON schemas of this directory "
        "(kubeconform's layout: v1.33.0-standalone-strict/deployment-apps-v1.json)",
    )
    args = parser.parse_args()
    python = sys.executable
    podlint = [python, "-m", "podlint"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        whole, tenth = root / "whole", root / "tenth"
        whole.mkdir()
        tenth.mkdir()
        objects, distinct = build(whole, args.files, args.corpus)
        for path in sorted(whole.iterdir())[: max(1, args.files // 10)]:
            shutil.copy(path, tenth / path.name)
        size = sum(p.stat().st_size for p in whole.iterdir()) / 1e6
        single = root / "pod.yaml"
        single.write_text((ROOT / "examples" / "debug-pod.yaml").read_text(encoding="utf-8"))
        cache_dir = {"PODLINT_CACHE_DIR": str(root / "cache")}
        print(
            f"{args.files:,} files, {objects:,} pod-bearing objects ({distinct:,} distinct ones from "
            f"{args.corpus or 'examples/'}, names numbered), {size:.1f} MB; "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; medians of {args.repeat} runs\n"
        )
        rows = []

        lint1 = [*podlint, "lint", "--quiet", "--no-cache", "--jobs", "1", str(whole)]
        lint2 = [*podlint, "lint", "--quiet", "--no-cache", "--jobs", "2", str(whole)]
        floor = [python, "-c", FLOOR, str(whole), "events"]
        floor_composed = [python, "-c", FLOOR, str(whole), "composed"]
        no_op = [python, "-c", NO_OP_RULES, *lint1[3:]]
        events_only = [python, "-c", EVENTS_ONLY, *lint1[3:]]
        t_lint, t_floor, t_floor_composed, t_no_op, t_events = median_of(
            args.repeat,
            (lint1, root, None),
            (floor, root, None),
            (floor_composed, root, None),
            (no_op, root, None),
            (events_only, root, None),
        )
        rows.append(("whole set: podlint lint, 1 process", t_lint, f"{objects / t_lint:,.0f} objects/s", ""))
        rows.append(
            (
                "floor: ruamel.yaml's C parser with positions + jsonschema-rs, no rules",
                t_floor,
                f"{objects / t_floor:,.0f} objects/s",
                "",
            )
        )
        rows.append(("podlint / floor", None, f"{t_lint / t_floor:.2f}", "at most 1.5"))
        rows.append(
            (
                "the floor reading as podlint does (PyYAML's libyaml composing)",
                t_floor_composed,
                f"podlint: {t_lint / t_floor_composed:.2f}×",
                "",
            )
        )
        rows.append(("the same run, every rule a no-op", t_no_op, f"{t_no_op / t_floor:.2f}× the floor", ""))
        rows.append(
            (
                "the same run, every file read event by event (no PyYAML)",
                t_events,
                f"{t_events / t_lint:.2f}× podlint's time",
                "",
            )
        )

        (t_jobs,) = median_of(args.repeat, (lint2, root, None))
        rows.append(("whole set: podlint lint --jobs 2", t_jobs, f"{t_lint / t_jobs:.2f}× faster", "at least 1.6×"))

        cached = [*podlint, "lint", "--quiet", "--jobs", "1", str(whole)]
        firsts, seconds = [], []
        for attempt in range(args.repeat):
            env = {"PODLINT_CACHE_DIR": str(root / f"cache-{attempt}")}
            firsts.append(run(cached, root, env)[0])
            seconds.append(run(cached, root, env)[0])
        t_first, t_second = statistics.median(firsts), statistics.median(seconds)
        rows.append(("cache: first run", t_first, "", ""))
        rows.append(
            ("cache: second run, files unchanged", t_second, f"{t_second / t_first:.2f} of the first", "at most 0.2")
        )

        # the pre-commit case: the file was just edited (so its report is not in the cache)
        one = [*podlint, "lint", "--quiet", str(single)]
        ruamel = [python, "-c", "import ruamel.yaml"]
        pod = single.read_text(encoding="utf-8")
        ones, ruamels = [], []
        for attempt in range(max(args.repeat, 10)):
            single.write_text(f"{pod}# edit {attempt}\n", encoding="utf-8")
            ones.append(run(one, root, cache_dir)[0])
            ruamels.append(run(ruamel, root, None)[0])
        t_one, t_ruamel = statistics.median(ones), statistics.median(ruamels)
        rows.append(("one small Pod file, just edited: podlint lint", t_one, "", ""))
        rows.append(('python -c "import ruamel.yaml"', t_ruamel, f"podlint: {t_one / t_ruamel:.2f}×", "at most 3×"))

        peak_whole = peak_rss(["lint", "--quiet", "--no-cache", "--jobs", "1", str(whole)], root)
        peak_tenth = peak_rss(["lint", "--quiet", "--no-cache", "--jobs", "1", str(tenth)], root)
        rows.append(("peak RSS, whole set", None, f"{peak_whole / 1024:.0f} MB", ""))
        rows.append(("peak RSS, a tenth", None, f"{peak_tenth / 1024:.0f} MB", ""))
        rows.append(("peak whole / tenth", None, f"{peak_whole / max(peak_tenth, 1):.2f}", "at most 1.5"))

        kubeconform = shutil.which("kubeconform")
        if kubeconform and args.kubeconform_schemas:
            from podlint.schema.bundle import newest_version

            # the strict schemas of podlint's Kubernetes version, read from a local directory
            check = [kubeconform, "-strict", "-summary", "-kubernetes-version", f"{newest_version()}.0"]
            check += ["-schema-location", str(args.kubeconform_schemas.resolve())]
            t_kc, t_kc1 = median_of(
                args.repeat, ([*check, str(whole)], root, None), ([*check, "-n", "1", str(whole)], root, None)
            )
            rows.append(
                ("kubeconform -strict (schema only), its 4 workers", t_kc, f"podlint --jobs 2: {t_jobs / t_kc:.2f}×", "")
            )
            rows.append(("kubeconform -strict -n 1", t_kc1, f"podlint, 1 process: {t_lint / t_kc1:.2f}×", ""))
        else:
            rows.append(("kubeconform", None, "not measured (needs it on PATH and --kubeconform-schemas)", ""))

        print("| measurement | median wall | result | goal |")
        print("|---|---:|---|---|")
        for name, seconds, result, goal in rows:
            wall = f"{seconds:.3f} s" if seconds is not None else ""
            print(f"| {name} | {wall} | {result} | {goal} |")


if __name__ == "__main__":
    main()
