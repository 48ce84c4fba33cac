"""Is a change faster? podlint at a git revision against the working tree, on the same input.

Run from the repository root, with podlint's dependencies installed::

    python benchmarks/compare.py [BASE] [--repeat 7] [--files 1008] [--corpus ../shared/corpus] [--one-file]

``BASE`` (default ``HEAD``) is checked out in a temporary git worktree. The input is
:mod:`run`'s whole set. Each round runs ``podlint lint --quiet --no-cache --jobs 1`` once
from the worktree and once from this directory's sources, in alternating order, each a fresh
process. On a shared machine a command's time can change by more than a change under test
makes within minutes; the two runs of a round see the same minute, so their ratio is
steadier than either: the table gives the medians of each side and the median of the ratios
of CPU time (user and system, the process and its children) round by round.

``--one-file`` compares the pre-commit case instead, as ``run.py`` measures it: ``podlint lint
--quiet`` on one small Pod file, edited before each run (so that its report is never in the
cache, each side's own), and ``python -c "import ruamel.yaml"`` in the same rounds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import ROOT, build, run


def measure(command: list[str], source: Path, cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of ``command`` run in ``cwd`` (which holds no podlint) with podlint
    imported from ``source``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, _ = run(command, cwd, {"PYTHONPATH": str(source), **(env or {})})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="HEAD", help="the git revision to compare with (default: HEAD)")
    parser.add_argument("--repeat", type=int, default=7, help="rounds (default: 7)")
    parser.add_argument("--files", type=int, default=1008)
    parser.add_argument("--corpus", type=Path, help="build the input from this directory's manifests")
    parser.add_argument("--one-file", action="store_true", help="the pre-commit case: one small Pod file, just edited")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        worktree, whole = root / "base", root / "whole"
        whole.mkdir()
        if args.one_file:
            pod = (ROOT / "examples" / "debug-pod.yaml").read_text(encoding="utf-8")
            single = root / "pod.yaml"
        else:
            objects, distinct = build(whole, args.files, args.corpus)
        git = ["git", "-C", str(ROOT)]
        subprocess.run([*git, "worktree", "add", "--quiet", "--detach", str(worktree), args.base], check=True)
        try:
            command = [sys.executable, "-m", "podlint", "lint", "--quiet", "--no-cache", "--jobs", "1", str(whole)]
            if args.one_file:
                command = [sys.executable, "-m", "podlint", "lint", "--quiet", str(single)]
            sides = {"base": worktree, "working tree": ROOT}
            for source in sides.values():  # each side's modules compiled before it is timed
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "podlint")], check=True)
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
            ruamel: list[tuple[float, float]] = []
            for round_ in range(args.repeat):
                order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
                for name in order:
                    env = None
                    if args.one_file:
                        single.write_text(f"{pod}# edit {round_} {name}\n", encoding="utf-8")
                        env = {"PODLINT_CACHE_DIR": str(root / f"cache-{list(sides).index(name)}")}
                    times[name].append(measure(command, sides[name], root, env))
                if args.one_file:
                    ruamel.append(measure([sys.executable, "-c", "import ruamel.yaml"], root, root))
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(worktree)], check=False)
    if args.one_file:
        print(f"one small Pod file, just edited; base: {args.base}; medians of {args.repeat} rounds\n")
    else:
        print(
            f"{args.files:,} files, {objects:,} pod-bearing objects ({distinct:,} distinct ones from "
            f"{args.corpus or 'examples/'}); base: {args.base}; medians of {args.repeat} rounds\n"
        )
    print("| podlint | median wall | median CPU |")
    print("|---|---:|---:|")
    for name, runs in times.items():
        label = f"{name} ({args.base})" if name == "base" else name
        wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        print(f"| {label} | {wall:.3f} s | {cpu:.3f} s |")
    if ruamel:
        wall, cpu = statistics.median(w for w, _ in ruamel), statistics.median(c for _, c in ruamel)
        print(f'| python -c "import ruamel.yaml" | {wall:.3f} s | {cpu:.3f} s |')
        for name, runs in times.items():
            ratio = statistics.median(w / r[0] for (w, _), r in zip(runs, ruamel))
            print(f"\n{name}: wall time / python -c \"import ruamel.yaml\", median of the rounds: {ratio:.2f}", end="")
        print()
    ratios = [new[1] / old[1] for new, old in zip(times["working tree"], times["base"])]
    print(f"\nworking tree / base, CPU time, median of the rounds: {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
