"""The Kubernetes JSON schemas podlint ships: one zip per minor version, read lazily.

``k8s/v1.NN.zip`` is written by ``scripts/build_schemas.py`` from the strict schemas of the
kubernetes-validate package. It holds:

- ``kinds.json``: ``{"<apiVersion>/<kind>": "<definition name>"}``, e.g.
  ``"apps/v1/Deployment": "io.k8s.api.apps.v1.Deployment"``;
- ``defs/<definition name>.json``: one definition, validation keywords only, whose ``$ref``
  values are bare definition names (``{"$ref": "io.k8s.api.core.v1.PodSpec"}``).

A validator reads a definition from the zip only when validation first follows a ``$ref`` to
it, so checking a Deployment decompresses under twenty of the ~860 definitions. Nothing here
touches the network.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from referencing import Registry, Resource

# The dialect of the source schemas (``$schema`` of kubernetes-validate's files); the
# generator refuses any other, so Draft 2020-12 is the validator to compile with.
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_BUNDLE_NAME = re.compile(r"v(\d+)\.(\d+)\.zip\Z")
# Objects a process validates in pure Python before jsonschema-rs takes over (see fast_validator):
# below this, its start-up costs more than it saves.
QUICK_OBJECTS = 200


def bundles_dir() -> Path:
    """The directory of the ``v1.NN.zip`` bundles (inside the package, installed or source tree;
    podlint is installed as files, never zipped)."""
    return Path(__file__).resolve().parent / "k8s"


@lru_cache(maxsize=None)
def available_versions() -> list[str]:
    """The Kubernetes minor versions with a bundle, oldest first: ``["1.30", ..., "1.37"]``."""
    found = [m.groups() for m in (_BUNDLE_NAME.match(p.name) for p in bundles_dir().iterdir()) if m]
    return [f"{major}.{minor}" for major, minor in sorted(found, key=lambda v: (int(v[0]), int(v[1])))]


def newest_version() -> str:
    """The newest Kubernetes minor version with a bundle, e.g. ``"1.37"``."""
    versions = available_versions()
    if not versions:
        raise FileNotFoundError(f"no Kubernetes schema bundles in {bundles_dir()}")
    return versions[-1]


def root_schema(definition: dict[str, Any]) -> dict[str, Any]:
    """The schema of a whole manifest of the kind that ``definition`` describes.

    kubernetes-validate's per-kind files (``deployment-apps-v1.json``, ...) are exactly the
    kind's definition except at the top level: the object itself may not be null, and each
    top-level property whose type is a single type may also be null (``items: null`` in a
    list). The generator checks that this function reproduces every per-kind file, so the
    bundles need not store them.
    """
    root = {**definition, "type": "object"}
    if "properties" in definition:
        root["properties"] = {
            name: {**prop, "type": [prop["type"], "null"]} if isinstance(prop.get("type"), str) else prop
            for name, prop in definition["properties"].items()
        }
    return root


class SchemaBundle:
    """The schemas of one Kubernetes minor version, read from its zip on demand and cached.

    Use :func:`for_version` for the shared instance of a version, whose caches every caller
    shares; treat the dictionaries it returns as read-only.
    """

    def __init__(self, version: str):
        if version not in available_versions():
            raise ValueError(f"no schemas for Kubernetes {version}; available: {', '.join(available_versions())}")
        self.version = version
        self._archive: ZipMembers | None = None  # opened on first read
        self._kinds: dict[str, str] | None = None
        self._schemas: dict[str, dict[str, Any]] = {}
        # Every definition a validator has reached so far, crawled: see validator().
        self._registry: Registry | None = None
        self._registry_size = 0
        self._validators: dict[tuple[str, str], tuple[Validator | None, int]] = {}
        self._fast: dict[tuple[str, str], Any] = {}  # jsonschema-rs validators
        self._quick: dict[tuple[str, str], Any] = {}  # podlint.schema.quick validators
        self._validations = 0  # objects given a fast validator so far

    def __repr__(self) -> str:
        return f"SchemaBundle({self.version!r})"

    def _read(self, member: str) -> Any:
        if self._archive is None:
            # A bundle is a few hundred kB: hold its bytes, decompress members one at a time.
            self._archive = ZipMembers((bundles_dir() / f"v{self.version}.zip").read_bytes())
        return json.loads(self._archive.read(member))

    @property
    def kinds(self) -> dict[str, str]:
        """Every kind of this version: ``{"<apiVersion>/<kind>": "<definition name>"}``."""
        if self._kinds is None:
            self._kinds = self._read("kinds.json")
        return self._kinds

    def definition_for(self, api_version: str, kind: str) -> str | None:
        """The definition name of ``kind`` in ``api_version``, or None if this version has no such kind."""
        return self.kinds.get(f"{api_version}/{kind}")

    def schema(self, name: str) -> dict[str, Any]:
        """The definition ``name``, e.g. ``"io.k8s.api.core.v1.PodSpec"``; KeyError if there is none."""
        if name not in self._schemas:
            try:
                self._schemas[name] = self._read(f"defs/{name}.json")
            except KeyError:
                raise KeyError(f"no definition {name!r} in the Kubernetes {self.version} schemas") from None
        return self._schemas[name]

    def validator(self, api_version: str, kind: str) -> Validator | None:
        """A Draft 2020-12 validator of whole ``kind`` manifests, or None if the kind is unknown.

        Its ``$ref``s are read from the zip when validation first reaches them. ``referencing``
        keeps what it retrieves only for the one validation, so the bundle keeps it instead, and
        hands out a validator whose registry holds every definition read so far (rebuilt, in
        under a millisecond, only when there are new ones). Call this for each manifest rather
        than holding on to a validator: a warm one validates several times faster.
        """
        key = (api_version, kind)
        registry = self._crawled_registry()
        cached = self._validators.get(key)
        if cached is None or (cached[0] is not None and cached[1] != self._registry_size):
            name = self.definition_for(api_version, kind)
            if name is None:
                compiled = None
            else:
                from jsonschema import Draft202012Validator

                compiled = Draft202012Validator(root_schema(self.schema(name)), registry=registry)
            cached = self._validators[key] = (compiled, self._registry_size)
        return cached[0]

    def fast_validator(self, api_version: str, kind: str):
        """A validator that says only whether a whole ``kind`` manifest is valid, or None (the
        kind is unknown). Call it once per object: :mod:`podlint.checks.schema` explains the
        objects it rejects with jsonschema.

        The first :data:`QUICK_OBJECTS` objects of a process are checked by
        :mod:`podlint.schema.quick`, which starts at once; later objects by jsonschema-rs,
        which takes ~25 ms to import and compile but then validates many times faster. Without
        jsonschema-rs, the quick validator checks them all.
        """
        self._validations += 1
        key = (api_version, kind)
        if self._validations > QUICK_OBJECTS:
            native = self.native_validator(api_version, kind)
            if native is not None:
                return native
        if key not in self._quick:
            name = self.definition_for(api_version, kind)
            if name is None:
                self._quick[key] = None
            else:
                from .quick import QuickValidator

                def native_or_not(data: Any) -> bool:
                    native = self.native_validator(api_version, kind)
                    return native is not None and native.is_valid(data)

                self._quick[key] = QuickValidator(root_schema(self.schema(name)), self.schema, native_or_not)
        return self._quick[key]

    def problems(self, api_version: str, kind: str, data: Any) -> list | None:
        """The schema problems of a whole ``kind`` manifest (see
        :func:`podlint.schema.validate.bundled_problems`), or None when they need jsonschema:
        the kind is unknown, or the data is nested deeper than Python's stack."""
        name = self.definition_for(api_version, kind)
        if name is None:
            return None
        from .quick import Unsupported
        from .validate import bundled_problems, error_paths

        # once a run has compiled jsonschema-rs for the kind, it says where to look
        native = self._fast.get((api_version, kind))
        where = error_paths(native, data) if native is not None else None
        try:
            return bundled_problems(root_schema(self.schema(name)), self.schema, data, where)
        except (Unsupported, RecursionError):
            return None

    def native_validator(self, api_version: str, kind: str):
        """A compiled jsonschema-rs validator of whole ``kind`` manifests, or None (the kind is
        unknown, or jsonschema-rs is not installed). Its schema is the kind's definition with
        every definition it reaches inlined under ``$defs``."""
        key = (api_version, kind)
        if key not in self._fast:
            self._fast[key] = self._compile_fast(api_version, kind)
        return self._fast[key]

    def _compile_fast(self, api_version: str, kind: str):
        name = self.definition_for(api_version, kind)
        if name is None:
            return None
        try:
            import jsonschema_rs
        except ImportError:
            return None
        definitions: dict[str, Any] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in definitions:
                continue
            definitions[current] = _local_refs(self.schema(current), pending)
        root = {**root_schema(definitions[name]), "$defs": definitions}
        return jsonschema_rs.Draft202012Validator(root, validate_formats=False)

    def _crawled_registry(self) -> Registry:
        if self._registry is None:
            from referencing import Registry

            self._registry = Registry(retrieve=self._retrieve)
        elif len(self._registry) != self._registry_size:
            self._registry = self._registry.crawl()
            self._registry_size = len(self._registry)
        return self._registry

    def _retrieve(self, uri: str) -> Resource:
        # A ``$ref`` is a bare definition name; resolved against a definition name (the base
        # URI of the schema holding it), it stays that name.
        from referencing.exceptions import NoSuchResource
        from referencing.jsonschema import DRAFT202012

        try:
            resource = DRAFT202012.create_resource(self.schema(uri))
        except KeyError:
            raise NoSuchResource(ref=uri) from None
        self._registry = self._registry.with_resource(uri, resource)
        return resource


class ZipMembers:
    """The members of a zip held in memory, read as the bundles are written: each member stored
    or deflated, no encryption, no ZIP64. zipfile would do, but importing it and indexing a
    bundle's ~860 members costs about 7 ms at every start of podlint; this reads the central
    directory with one struct per member and checks each member's CRC as zipfile does."""

    _END = b"PK\x05\x06"  # end of central directory record
    _ENTRY = struct.Struct("<IHHHHHHIIIHHHHHII")  # central directory file header (46 bytes)

    def __init__(self, data: bytes):
        end = data.rfind(self._END)
        if end < 0:
            raise ValueError("not a zip file")
        count, _, start = struct.unpack_from("<HII", data, end + 10)
        self._data = data
        self._members: dict[str, tuple[int, int, int, int]] = {}
        position = start
        for _ in range(count):
            fields = self._ENTRY.unpack_from(data, position)
            signature, method, crc, size, name_length, extra_length, comment_length, offset = (
                fields[0], fields[4], fields[7], fields[8], fields[10], fields[11], fields[12], fields[16]
            )
            if signature != 0x02014B50 or method not in (0, 8):
                raise ValueError("a zip member podlint cannot read")
            name = data[position + 46 : position + 46 + name_length].decode("utf-8")
            self._members[name] = (offset, method, size, crc)
            position += 46 + name_length + extra_length + comment_length

    def names(self) -> list[str]:
        return list(self._members)

    def read(self, name: str) -> bytes:
        """A member's bytes; KeyError if there is none of that name."""
        offset, method, size, crc = self._members[name]
        name_length, extra_length = struct.unpack_from("<HH", self._data, offset + 26)
        start = offset + 30 + name_length + extra_length
        raw = self._data[start : start + size]
        out = zlib.decompress(raw, -15) if method == 8 else raw
        if zlib.crc32(out) != crc:
            raise ValueError(f"{name}: damaged (bad CRC)")
        return out


def _local_refs(schema: Any, found: list[str]) -> Any:
    """``schema`` with each bare ``$ref`` name rewritten to ``#/$defs/<name>``; names go to ``found``."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                found.append(value)
                out[key] = f"#/$defs/{value}"
            else:
                out[key] = _local_refs(value, found)
        return out
    if isinstance(schema, list):
        return [_local_refs(item, found) for item in schema]
    return schema


@lru_cache(maxsize=None)
def _shared(version: str) -> SchemaBundle:
    return SchemaBundle(version)


def for_version(version: str | None = None) -> SchemaBundle:
    """The shared bundle of ``version`` (default: the newest), so validators are built once per kind."""
    return _shared(version or newest_version())
