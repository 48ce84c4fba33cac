"""Write podlint's Kubernetes schema bundles, ``podlint/schema/k8s/v1.NN.zip``, from kubernetes-validate.

Development only: ``pip install '.[dev]'``, then::

    python scripts/build_schemas.py [--source WHEEL_OR_DIR] [--out DIR]

``--source`` is a kubernetes-validate wheel, or a directory holding its ``kubernetes-json-schema``
folder (default: the installed package). Every minor version from 1.30 to the newest the source
has gets one zip (see :mod:`podlint.schema.bundle` for its layout), written byte for byte the same
on every run: sorted members, fixed timestamps and permissions, compact sorted-key JSON.

What a definition keeps:

- the JSON Schema validation keywords: ``type``, ``enum``, ``required``, ``format``,
  ``properties``, ``additionalProperties``, ``items``, ``oneOf``/``anyOf``/``allOf`` and ``$ref``
  (rewritten from ``#/$defs/<name>`` to ``<name>``);
- ``x-kubernetes-list-type`` when it is ``set`` or ``map``, and ``x-kubernetes-list-map-keys``:
  jsonschema ignores them, but they are constraints the API server enforces (no duplicate items
  in a set, no two items of a map list with the same keys: two containers named alike, an env
  var set twice), which a rule can check from the schema. ``atomic``, the default, says nothing.

What it drops: ``description`` (two thirds of the source) and the keys that only matter to
clients and documentation: ``x-kubernetes-group-version-kind`` (moved into ``kinds.json``),
``x-kubernetes-patch-strategy`` and ``-patch-merge-key`` (strategic merge patch),
``x-kubernetes-map-type`` (server-side apply), ``x-kubernetes-unions`` (a discriminator no
validator enforces). Any other keyword stops the build, so that a new one is looked at, not lost.

The per-kind files of the source (``deployment-apps-v1.json``, ...) are not copied: the build
checks that each is :func:`podlint.schema.bundle.root_schema` of its definition.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from podlint.schema.bundle import DIALECT, root_schema

OLDEST = (1, 30)
OUT = ROOT / "podlint" / "schema" / "k8s"
SOURCE_DIR = re.compile(r"v(\d+)\.(\d+)\.(\d+)-local-strict\Z")
REF = re.compile(r"(?:/api/_definitions\.json)?#/\$defs/([A-Za-z0-9._-]+)\Z")
NAME = re.compile(r"[A-Za-z0-9._-]+\Z")  # a definition name is also a relative URI: no '/', ':' or '#'

KEEP = {"type", "enum", "required", "format", "x-kubernetes-list-map-keys"}
DROP = {
    "description", "title", "default", "example", "examples", "$comment",
    "x-kubernetes-group-version-kind", "x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key",
    "x-kubernetes-map-type", "x-kubernetes-unions",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def compact(schema: Any, where: str) -> Any:
    """``schema`` with only the keywords that validate, and short ``$ref``s."""
    if isinstance(schema, bool):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in KEEP:
            out[key] = value
        elif key == "$ref":
            match = REF.match(value)
            if not match:
                raise SystemExit(f"{where}: unexpected $ref {value!r}")
            out[key] = match.group(1)
        elif key == "properties":
            out[key] = {name: compact(sub, f"{where}/properties/{name}") for name, sub in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = compact(value, f"{where}/{key}")
        elif key in ("oneOf", "anyOf", "allOf"):
            out[key] = [compact(sub, f"{where}/{key}/{i}") for i, sub in enumerate(value)]
        elif key == "x-kubernetes-list-type":
            if value != "atomic":
                out[key] = value
        elif key not in DROP:
            raise SystemExit(f"{where}: unknown keyword {key!r}: decide whether to keep it, in KEEP or DROP")
    return out


def dump(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def source_dir(source: str | None) -> Any:
    """The ``kubernetes-json-schema`` folder of the source, as a Path or a zipfile.Path."""
    if source is None:
        spec = importlib.util.find_spec("kubernetes_validate")  # finds it without importing it
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("kubernetes-validate is not installed: pip install '.[dev]', or pass --source")
        base: Any = Path(spec.submodule_search_locations[0])
    elif zipfile.is_zipfile(source):
        base = zipfile.Path(source) / "kubernetes_validate"
    else:
        base = Path(source)
        if (base / "kubernetes_validate").is_dir():
            base = base / "kubernetes_validate"
    for folder in (base, base / "kubernetes-json-schema"):
        if folder.name == "kubernetes-json-schema" and folder.is_dir():
            return folder
    raise SystemExit(f"{source or base}: no kubernetes-json-schema folder")


def versions(schemas: Any) -> dict[tuple[int, int], Any]:
    """The folder of each minor version from OLDEST on (the newest patch release of each)."""
    found: dict[tuple[int, int], tuple[int, Any]] = {}
    for folder in schemas.iterdir():
        match = SOURCE_DIR.match(folder.name)
        if match:
            major, minor, patch = map(int, match.groups())
            if (major, minor) >= OLDEST and patch >= found.get((major, minor), (-1, None))[0]:
                found[(major, minor)] = (patch, folder)
    return {version: folder for version, (_, folder) in sorted(found.items())}


def bundle(folder: Any) -> dict[str, bytes]:
    """The members of one version's zip, by name."""
    source = json.loads((folder / "_definitions.json").read_text(encoding="utf-8"))
    if source.get("$schema") != DIALECT:
        raise SystemExit(f"{folder.name}: dialect {source.get('$schema')!r}, the loader expects {DIALECT}")
    definitions = {name: compact(schema, f"{folder.name}#{name}") for name, schema in source["$defs"].items()}
    kinds: dict[str, str] = {}
    for name, schema in source["$defs"].items():
        if not NAME.match(name):
            raise SystemExit(f"{folder.name}: definition name {name!r} is not a plain relative URI")
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            key = "/".join(filter(None, (gvk["group"], gvk["version"], gvk["kind"])))
            if kinds.setdefault(key, name) != name:
                raise SystemExit(f"{folder.name}: {key} is both {kinds[key]} and {name}")
    check_refs(folder.name, definitions)
    check_per_kind_files(folder, definitions, kinds)
    members = {f"defs/{name}.json": dump(schema) for name, schema in definitions.items()}
    members["kinds.json"] = dump(kinds)
    return members


def refs(schema: Any) -> Iterable[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key != "enum":
                yield from refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from refs(item)


def check_refs(where: str, definitions: dict[str, Any]) -> None:
    for name, schema in definitions.items():
        for ref in refs(schema):
            if ref not in definitions:
                raise SystemExit(f"{where}#{name}: $ref to a missing definition {ref!r}")


def check_per_kind_files(folder: Any, definitions: dict[str, Any], kinds: dict[str, str]) -> None:
    """Every per-kind file must be root_schema() of its definition: then the bundle loses nothing."""
    for path in folder.iterdir():
        if path.name in ("_definitions.json", "all.json") or not path.name.endswith(".json"):
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        gvks = schema.pop("x-kubernetes-group-version-kind", None)
        if not gvks:
            continue  # a file for a definition that is no kind: identical to it but at the top level
        key = "/".join(filter(None, (gvks[0]["group"], gvks[0]["version"], gvks[0]["kind"])))
        schema.pop("$schema", None)
        schema.pop("$id", None)
        if compact(schema, f"{folder.name}/{path.name}") != root_schema(definitions[kinds[key]]):
            raise SystemExit(f"{folder.name}/{path.name}: differs from root_schema({kinds[key]}); update root_schema")


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, wherever it is built
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="a kubernetes-validate wheel or directory (default: the installed package)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write v1.NN.zip (default: {OUT})")
    args = parser.parse_args(argv)
    found = versions(source_dir(args.source))
    if not found:
        raise SystemExit(f"no v1.NN.0-local-strict schemas from {'.'.join(map(str, OLDEST))} on in the source")
    args.out.mkdir(parents=True, exist_ok=True)
    for (major, minor), folder in found.items():
        path = args.out / f"v{major}.{minor}.zip"
        write_zip(path, bundle(folder))
        print(f"{path}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
