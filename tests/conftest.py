from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the command line's cache goes to a directory of this test session, never into the checkout
CACHE_DIR = tempfile.mkdtemp(prefix="podlint-test-cache-")
atexit.register(shutil.rmtree, CACHE_DIR, ignore_errors=True)


@pytest.fixture
def lint():
    """Lint a (dedented) text with the given rules; returns the FileReport."""
    from podlint.config import Config
    from podlint.engine import Linter

    def run(text: str, select=None, config: Config | None = None, filename: str = "test.yaml"):
        return Linter(config or Config(), select=select).lint_text(textwrap.dedent(text), filename)

    return run


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run the real ``podlint`` command line in a subprocess."""
    # the source tree first, so that the tests run this checkout's code whether or not it is installed
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": path, "PODLINT_CACHE_DIR": CACHE_DIR, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "podlint", *args],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=120,
    )


def cache_entries(folder: Path) -> list[tuple[Path, str, str, object, str]]:
    """The entries of a cache key's folder, as the cache keeps them on disk: (the file they are
    in, path, digest, value, label), a file holding a line for each, its path, digest, a digest
    of its label and value and its label in JSON, a tab, its value in JSON."""
    import json

    found = []
    for shard in sorted(folder.glob("*.jsonl")):
        for line in shard.read_text(encoding="utf-8").splitlines():
            head, _, value = line.partition("\t")
            path, digest, _check, label = json.loads(head)
            found.append((shard, path, digest, json.loads(value), label))
    return found


def write_cache_entries(shard: Path, entries: list[tuple]) -> None:
    """Write one of a cache key's files, of (path, digest, value[, label]) entries, each with its
    check: as the cache would have written them."""
    import hashlib
    import json

    lines = []
    for path, digest, value, *label in entries:
        text, label = json.dumps(value), label[0] if label else ""
        check = hashlib.blake2b(f"{label}\t{text}".encode(), digest_size=8).hexdigest()
        lines.append(f"{json.dumps([path, digest, check, label])}\t{text}\n")
    shard.write_text("".join(lines))
