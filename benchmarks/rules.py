"""Where the rules' time goes: each default rule's time a call on ``run.py``'s input.

Run from the repository root, with podlint and its dependencies installed::

    python benchmarks/rules.py [--files 1008] [--corpus ../shared/corpus] [--top 30]

It builds ``run.py``'s whole set and lints it in this process twice: as it is, then with every
check wrapped in a timer. It prints a table: for each rule (the ``--top`` costliest, then the
rest together), its calls (one for each object, pod, container or document it looks at), its
time a call and in all, and how much of that went to calls that found nothing. The last
column bounds what an engine could save by not calling a rule where it can find nothing: a
rule that reports what is missing must still be called where it finds nothing, so the bound
is not reached.

What several rules share and the first to ask for it builds (the pod view, the schema
verdict and its explanation, the images, volumes and workload analysis an object memoises) is
timed apart, in rows of its own, and not charged to that rule. The timer's own cost, measured
on a check that does nothing, is taken off each call. A run's time also holds reading the
files, the engine and the findings, which this table leaves out: ``run.py`` measures the whole.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from run import ROOT, build

sys.path.insert(0, str(ROOT))

from podlint import engine, model  # noqa: E402

clock = time.perf_counter


class Account:
    """Time by rule, and by what the rules share; ``inside`` is what the running call built."""

    def __init__(self) -> None:
        self.time: dict[str, float] = defaultdict(float)
        self.empty: dict[str, float] = defaultdict(float)  # of the calls that found nothing
        self.calls: dict[str, int] = defaultdict(int)
        self.shared: dict[str, float] = defaultdict(float)
        self.inside = 0.0
        self._building: list[float] = []  # for each shared thing being built, what it built inside

    def timed(self, rule_id: str, check, overhead: float):
        def call(view):
            self.inside = 0.0
            start = clock()
            found = check(view)
            found = tuple(found) if found else ()
            spent = max(0.0, clock() - start - self.inside - overhead)
            self.time[rule_id] += spent
            self.calls[rule_id] += 1
            if not found:
                self.empty[rule_id] += spent
            return found

        return call

    def sharing(self, name: str, build_it):
        def shared(*args):
            self._building.append(0.0)
            start = clock()
            try:
                value = build_it(*args)
            finally:
                spent = clock() - start
                self.shared[name] += spent - self._building.pop()
                if self._building:
                    self._building[-1] += spent
                else:
                    self.inside += spent
            return value

        return shared


def timer_overhead(rounds: int = 200_000) -> float:
    """What wrapping a call costs: a wrapped check that does nothing, against the bare check."""

    def nothing(view):
        return None

    wrapped = Account().timed("nothing", nothing, 0.0)
    start = clock()
    for _ in range(rounds):
        nothing(None) or ()
    bare = clock() - start
    start = clock()
    for _ in range(rounds):
        wrapped(None) or ()
    return max(0.0, (clock() - start - bare) / rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1008)
    parser.add_argument("--corpus", type=Path, help="build the input from this directory's manifests")
    parser.add_argument("--top", type=int, default=30, help="rules shown one by one (default: 30)")
    args = parser.parse_args()
    gc.set_threshold(50_000, 10, 10)  # as the podlint command sets it
    account = Account()
    overhead = timer_overhead()
    plain = engine.Linter()
    linter = engine.Linter()
    for walk, pairs in linter._walks.items():
        linter._walks[walk] = [(rule, account.timed(rule.id, check, overhead)) for rule, check in pairs]
    with tempfile.TemporaryDirectory() as tmp:
        objects, distinct = build(Path(tmp), args.files, args.corpus)
        start = clock()
        plain.lint_paths([tmp])
        untimed = clock() - start
        model.pod_view = account.sharing("pod view", model.pod_view)
        memo = model.Manifest.memo
        model.Manifest.memo = lambda manifest, key, compute: memo(
            manifest, key, account.sharing(f"memoised: {key}", compute)
        )
        start = clock()
        result = linter.lint_paths([tmp])
        elapsed = clock() - start
    rules = sum(account.time.values())
    shared = sum(account.shared.values())
    print(
        f"{args.files:,} files, {objects:,} pod-bearing objects ({distinct:,} distinct ones from "
        f"{args.corpus or 'examples/'}), {len(result.findings):,} findings; Python {sys.version.split()[0]}; "
        f"the timer's cost, {overhead * 1e6:.2f} µs a call, taken off\n"
    )
    print("| rule | view | calls | µs a call | ms | share of the rules' time | ms of calls that found nothing |")
    print("|---|---|---:|---:|---:|---:|---:|")
    ranked = sorted(account.time, key=account.time.get, reverse=True)
    walks = {rule.id: rule.walk for rule in linter.rules}

    def row(name, walk, calls, spent, empty):
        per = f"{spent / calls * 1e6:.2f}" if calls else ""
        print(f"| {name} | {walk} | {calls:,} | {per} | {spent * 1e3:.0f} | {spent / rules:.1%} | {empty * 1e3:.0f} |")

    for rule_id in ranked[: args.top]:
        row(f"`{rule_id}`", walks[rule_id], account.calls[rule_id], account.time[rule_id], account.empty[rule_id])
    rest = ranked[args.top :]
    if rest:
        row(
            f"the other {len(rest)} rules",
            "",
            sum(account.calls[r] for r in rest),
            sum(account.time[r] for r in rest),
            sum(account.empty[r] for r in rest),
        )
    row(
        f"all {len(ranked)} rules called ({len(linter.rules)} run)",
        "",
        sum(account.calls.values()),
        rules,
        sum(account.empty.values()),
    )
    print()
    print("| shared by the rules | ms |")
    print("|---|---:|")
    for name in sorted(account.shared, key=account.shared.get, reverse=True):
        print(f"| {name} | {account.shared[name] * 1e3:.0f} |")
    empty = sum(account.empty.values())
    print(
        f"\nThe run took {untimed:.2f} s, then {elapsed:.2f} s with the timers: the rules {rules:.2f} s "
        f"({empty:.2f} s of it in calls that found nothing, {empty / untimed:.0%} of the run without "
        f"the timers), what they share {shared:.2f} s; reading, the engine, the findings and the timers "
        "the rest."
    )


if __name__ == "__main__":
    main()
