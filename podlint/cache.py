"""The cache: a file's report, kept for as long as the file, podlint and the settings stay the same.

Like ruff's, it lives in ``.podlint_cache/`` in the directory podlint runs in (or
``$PODLINT_CACHE_DIR``); ``--no-cache`` leaves it alone. Each run's settings (podlint's own
code, the rules with their severities and parameters, the Kubernetes version, the schema
directories, the run's Pod Security level, the node inventory) make one key, a directory; in
it, each linted file has an entry, its path, the BLAKE2b digest of the bytes it describes and
its report, in one of 64 files chosen by the path's digest (:class:`Cache`), labelled with
what the report depends on among the run's other files (:class:`podlint.engine._Context`). A
file that changed, or whose namespaces' objects changed, is linted again and its entry
replaced. A pre-commit run over the one file just edited reads and writes one of the 64, not
the reports of the whole repository. What the pre-scan finds in a file (its Namespaces and
cluster objects, on which the reports depend) is kept in the same way under a key of
podlint's code and the Kubernetes version (:mod:`podlint.cluster_cache`).

Entries are JSON, never pickle: a cache directory committed to a repository by someone
else is data to podlint, not code. An unreadable or malformed cache is ignored, an
unwritable one is not written: the cache can make a run faster, never make it fail.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

try:
    # CPython's own BLAKE2: hashlib would load OpenSSL first, about 3 ms at every start
    from _blake2 import blake2b
except ImportError:  # another Python
    from hashlib import blake2b

CACHE_DIR = ".podlint_cache"
FORMAT = 5  # bump when the entries' shape changes


def fingerprint(*parts: Any) -> str:
    """A short stable digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=True)
    return blake2b(text.encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """podlint's version and the size and time of each of its files (rules, schemas, code):
    a development checkout's edits invalidate the cache as a new release does."""
    from . import __version__
    from .registry import rules_dir

    stats: list[tuple[str, int, int]] = []

    def scan(folder: str) -> None:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            if entry.is_dir():
                if entry.name not in ("__pycache__", "k8s"):
                    scan(entry.path)
            elif entry.name.endswith((".py", ".yaml", ".json")):
                status = entry.stat()
                stats.append((entry.name, status.st_size, status.st_mtime_ns))

    scan(os.path.dirname(os.path.abspath(__file__)))
    scan(str(rules_dir()))
    return fingerprint(__version__, FORMAT, stats)


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=32).hexdigest()


SHARDS = 64  # the files a key's entries are kept in
# the length of the values a run puts that it holds before it writes them: a first run over a
# large repository holds no more than this of its reports
WRITE_AT = 8_000_000


class Cache:
    """The entries of one key: ``get`` and ``put`` by path and content hash, ``save`` at the end
    of the run.

    The entries are kept in ``SHARDS`` files, each path's chosen by its digest: a line for each
    entry, its path, digest, a digest of its label and value and its label (JSON), a tab, its
    value (JSON).
    Creating a file took 0.2 to 0.6 ms of system time on the machine podlint is measured on: a
    file for each entry made a first run over 1,000 files half a second slower. A run reads the
    files of the paths it asks for, parses only the values it takes, and writes back the files
    it put entries in."""

    def __init__(self, key: str, directory: str | Path | None = None):
        root = _root(directory)
        self.root = root
        self.folder = root / key
        # file name -> {path: (digest, value as JSON text, its check, label)}: the entries read,
        # each let go once its value is taken, and those put, until they are written
        self.shards: dict[str, dict[str, tuple[str, str, str, str]]] = {}
        self.put_in: dict[str, dict[str, tuple[str, str, str, str]]] = {}
        self.held = 0  # the length of the values put since the files were last written
        # a repository may hold a .podlint_cache that is a link elsewhere: never follow it
        self.usable = not root.is_symlink() and not self.folder.is_symlink()

    @staticmethod
    def shard_of(path: str) -> str:
        """The name of the file that keeps ``path``'s entry."""
        number = blake2b(path.encode("utf-8", "surrogateescape"), digest_size=8).digest()[0] % SHARDS
        return f"{number:02d}.jsonl"

    def get(self, path: str, digest: str) -> Any | None:
        """The value kept for ``path`` when its bytes were those of ``digest``, or None. A run
        takes each value once: it is let go."""
        entry = self._entry(path, digest)
        if entry is None:
            return None
        del self.shards[self.shard_of(path)][path]
        try:
            return json.loads(entry[1])
        except (ValueError, RecursionError):
            return None

    def label(self, path: str, digest: str) -> str | None:
        """The label kept with the value for ``path`` when its bytes were those of ``digest``
        (what the value depends on besides them), read without the value; or None."""
        entry = self._entry(path, digest)
        return None if entry is None else entry[3]

    def put(self, path: str, digest: str, value: Any, label: str = "") -> None:
        text = json.dumps(value)
        self.put_in.setdefault(self.shard_of(path), {})[path] = (digest, text, _check(label, text), label)
        self.held += len(text)
        if self.held > WRITE_AT:
            self.save()

    def save(self) -> None:
        """Write the entries put: each file read again as it is now, and written with them."""
        if self.usable:
            for name in sorted(self.put_in):
                entries = _read_shard(self.folder / name)
                entries.update(self.put_in[name])
                _write(self.root, self.folder, {name: _shard_text(entries)})
        self.put_in = {}
        self.held = 0

    def _entry(self, path: str, digest: str) -> tuple[str, str, str, str] | None:
        entry = self._shard(self.shard_of(path)).get(path)
        if entry is None or entry[0] != digest or entry[2] != _check(entry[3], entry[1]):
            return None
        return entry

    def _shard(self, name: str) -> dict[str, tuple[str, str, str, str]]:
        shard = self.shards.get(name)
        if shard is None:
            shard = self.shards[name] = _read_shard(self.folder / name) if self.usable else {}
        return shard


def _check(*texts: str) -> str:
    """What tells a text from one damaged since it was written (not from one written on
    purpose: that is read, and must still be what the reader can take)."""
    return blake2b("\t".join(texts).encode(), digest_size=8).hexdigest()


def _read_shard(file: Path) -> dict[str, tuple[str, str, str, str]]:
    """A shard's entries, their values unparsed; what is not an entry is left out."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return {}
    shard: dict[str, tuple[str, str, str, str]] = {}
    for line in text.split("\n"):
        head, tab, value = line.partition("\t")
        if not tab:
            continue
        try:
            key = json.loads(head)
        except (ValueError, RecursionError):
            continue
        if isinstance(key, list) and len(key) == 4 and all(isinstance(part, str) for part in key):
            path, digest, check, label = key
            shard[path] = (digest, value, check, label)
    return shard


def _shard_text(shard: dict[str, tuple[str, str, str, str]]) -> str:
    # JSON as json.dumps writes it holds no raw tab or line break
    return "".join(
        f"{json.dumps([path, digest, check, label])}\t{value}\n" for path, (digest, value, check, label) in shard.items()
    )


def _root(directory: str | Path | None) -> Path:
    return Path(directory or os.environ.get("PODLINT_CACHE_DIR") or CACHE_DIR)


def _write(root: Path, folder: Path, files: dict[str, str]) -> None:
    """Write each file (a name in ``folder``: its text) whole or not at all, whatever runs beside
    this one; a cache that cannot be written is left alone."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Automatically created by podlint.\n*\n", encoding="utf-8")
        suffix = f".{os.getpid()}.tmp"
        for name, text in files.items():
            temporary = folder / (name + suffix)
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, folder / name)
    except OSError:
        pass


def use_cached_catalogue(directory: str | Path | None = None) -> None:
    """Read the rule catalogue's run fields from the cache (one file, kept for podlint's code and
    rules as they are), or keep them there: parsing every rule file is a tenth of the time
    of a run over one small file. Kept only in a cache directory an earlier run has made (a run
    that lints nothing from disk makes none), in place of the file kept for other code."""
    from . import registry

    root = _root(directory)
    if root.is_symlink() or not root.is_dir():
        return
    name = f"catalogue-{code_fingerprint()}.json"
    try:
        check, _, text = (root / name).read_text(encoding="utf-8").partition("\t")
        fields = json.loads(text) if check == _check(text) else None
    except (OSError, ValueError, RecursionError):
        fields = None
    if fields is None or not registry.use_catalogue_fields(fields):
        for stale in root.glob("catalogue-*.json"):
            if stale.name != name:
                try:
                    stale.unlink()
                except OSError:
                    pass
        text = json.dumps(registry.catalogue_fields())
        _write(root, root, {name: f"{_check(text)}\t{text}"})  # its check, a tab, the JSON
