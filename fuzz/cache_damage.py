"""A cache damaged at random never changes what a run reports: a run over files whose cache
entries were changed after they were written (bytes changed, lines cut, repeated, shuffled or
mixed, numbers changed) says what a run without the cache says, and never fails.

    python fuzz/cache_damage.py [--seed 1] [--trials 200] [DIRECTORY]

DIRECTORY (default: the bundled examples) is linted by a linter of every default rule, once
to write the cache (the reports' entries and the pre-scan's), then again after each damage;
the tests run a few trials of it.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _damaged(data: bytes, rng: random.Random) -> bytes:
    how = rng.choice(("bytes", "cut", "repeat", "shuffle", "insert", "numbers", "mix"))
    if how == "bytes" and data:
        changed = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            changed[rng.randrange(len(changed))] = rng.randrange(256)
        return bytes(changed)
    if how == "cut":
        return data[: rng.randrange(len(data) + 1)]
    if how == "repeat":
        return data + data
    if how in ("shuffle", "mix"):
        lines = data.split(b"\n")
        if how == "shuffle":
            rng.shuffle(lines)
        else:  # one line's path, digest, check and label before another's value
            heads = [line.partition(b"\t")[0] for line in lines]
            rng.shuffle(heads)
            lines = [head + b"\t" + line.partition(b"\t")[2] for head, line in zip(heads, lines)]
        return b"\n".join(lines)
    if how == "insert":
        at = rng.randrange(len(data) + 1)
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 20))) + data[at:]

    def number(match: re.Match) -> bytes:
        if rng.random() < 0.8:
            return match.group()
        return str(rng.choice((0, -1, 10**30, int(match.group()) + 1))).encode()

    return re.sub(rb"\d+", number, data)


def _outcome(directory: Path, cache: Path | bool):
    from podlint.config import Config
    from podlint.engine import Linter

    result = Linter(Config()).lint_paths([str(directory)], cache=cache, sources="findings")
    return result.findings, {file: list(lines) for file, lines in result.sources.items()}, result.errors


def trials(directory: Path, seed: int, count: int) -> list[str]:
    """What went wrong in ``count`` trials: a run that failed, or said something else."""
    rng = random.Random(seed)
    expected = _outcome(directory, False)
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        for trial in range(count):
            shutil.rmtree(cache, ignore_errors=True)
            _outcome(directory, cache)
            files = sorted(cache.rglob("*.jsonl"))
            for file in rng.sample(files, max(1, len(files) // 2)):
                file.write_bytes(_damaged(file.read_bytes(), rng))
            try:
                got = _outcome(directory, cache)
            except Exception as error:  # noqa: BLE001 - what the fuzzer looks for
                failures.append(f"trial {trial}: {type(error).__name__}: {error}")
                continue
            if got != expected:
                failures.append(f"trial {trial}: another report than without the cache")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=ROOT / "examples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trials", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    failures = trials(args.directory, args.seed, args.trials)
    print("\n".join(failures) or f"{args.trials} trials: every run said what a run without the cache says")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
