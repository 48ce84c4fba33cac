"""The cache: a file's report, kept for as long as the file, podlint and the settings stay the same.

Like ruff's, it lives in ``.podlint_cache/`` in the directory podlint runs in (or
``$PODLINT_CACHE_DIR``); ``--no-cache`` leaves it alone. Each run's settings (podlint's own
code, the rules with their severities and parameters, the Kubernetes version, the schema
directories, the Pod Security levels, the node inventory) make one key; under it, every
file is looked up by its path and the SHA-256 of its bytes. A file that changed is linted
again; its old entry goes.

Entries are JSON, never pickle: a cache directory committed to a repository by someone
else is data to podlint, not code. An unreadable or malformed cache is ignored, an
unwritable one is not written: the cache can make a run faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

CACHE_DIR = ".podlint_cache"
FORMAT = 1  # bump when the entries' shape changes


def fingerprint(*parts: Any) -> str:
    """A short stable digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """podlint's version and the size and time of each of its files (rules, schemas, code):
    a development checkout's edits invalidate the cache as a new release does."""
    from . import __version__
    from .registry import rules_dir

    package = Path(__file__).resolve().parent
    stats = []
    for folder in (package, rules_dir()):
        for directory, subdirectories, files in os.walk(folder):
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__" and d != "k8s")
            for name in sorted(files):
                if name.endswith((".py", ".yaml", ".json")):
                    status = os.stat(os.path.join(directory, name))
                    stats.append((name, status.st_size, status.st_mtime_ns))
    return fingerprint(__version__, FORMAT, stats)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    """The entries of one settings key: ``get`` and ``put`` by path and content hash, ``save``
    at the end of the run."""

    def __init__(self, key: str, directory: str | Path | None = None):
        root = Path(directory or os.environ.get("PODLINT_CACHE_DIR") or CACHE_DIR)
        self.root = root
        self.path = root / f"{key}.json"
        self.entries: dict[str, list] = {}
        self.changed = False
        # a repository may hold a .podlint_cache that is a link elsewhere: never follow it
        self.usable = not root.is_symlink()
        if not self.usable:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        except (OSError, ValueError):
            pass

    def get(self, path: str, digest: str) -> Any | None:
        entry = self.entries.get(path)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest:
            return entry[1]
        return None

    def put(self, path: str, digest: str, value: Any) -> None:
        self.entries[path] = [digest, value]
        self.changed = True

    def save(self) -> None:
        if not self.changed or not self.usable:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Automatically created by podlint.\n*\n", encoding="utf-8")
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"format": FORMAT, "files": self.entries}), encoding="utf-8")
            os.replace(temporary, self.path)  # whole or not at all, whatever runs beside this one
        except OSError:
            pass
