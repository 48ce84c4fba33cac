"""Which JSON schema validates an object: the user's own (``--schema-dir``), else podlint's.

A schema directory holds one standalone JSON schema per kind, named as kubeconform names
them: ``{kind}-{group}-{version}.json``, all lower case, where ``group`` is the first
dot-separated part of the API group (``certificate-cert-manager-v1.json`` for
``cert-manager.io/v1`` ``Certificate``) and the core group has none (``pod-v1.json``). These
are the files ``openapi2jsonschema`` writes for CRDs. A user's schema takes precedence over
podlint's for the same kind, so a directory can also pin a built-in kind to a cluster's own
schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator


class SchemaDirError(Exception):
    """A user's schema directory or file cannot be used; the message names the file."""


def schema_file_name(api_version: str, kind: str) -> str:
    """kubeconform's file name for a kind: ``deployment-apps-v1.json``, ``pod-v1.json``."""
    group_version = api_version.split("/")
    suffix = "-" + group_version[0].split(".")[0].lower()
    if len(group_version) > 1:
        suffix += "-" + group_version[1].lower()
    return f"{kind.lower()}{suffix}.json"


class Schemas:
    """The schemas one run validates against: schema directories first, then the bundle of
    ``version``. Validators are compiled once per (apiVersion, kind)."""

    def __init__(self, version: str, dirs: tuple[str, ...] = ()):
        self.version = version
        major, _, minor = version.partition(".")
        self.minor = (int(major), int(minor))  # comparable: (1, 33)
        self.dirs = tuple(dirs)
        for directory in self.dirs:
            if not Path(directory).is_dir():
                raise SchemaDirError(f"{directory}: schema directory not found")
        self._local: dict[tuple[str, str], Validator | None] = {}
        self._files: dict[tuple[str, str], Path | None] = {}
        self.errors: list[str] = []  # schema files that could not be used, one line each

    def __repr__(self) -> str:
        return f"Schemas({self.version!r}, {self.dirs!r})"

    def _local_file(self, api_version: str, kind: str) -> Path | None:
        """The user's schema file for the kind, looked up once per kind."""
        key = (api_version, kind)
        if key not in self._files:
            name = schema_file_name(api_version, kind)
            found = (Path(directory) / name for directory in self.dirs)
            self._files[key] = next((path for path in found if path.is_file()), None)
        return self._files[key]

    def _local_validator(self, api_version: str, kind: str) -> Validator | None:
        key = (api_version, kind)
        if key not in self._local:
            path = self._local_file(api_version, kind) if self.dirs else None
            compiled = None
            if path is not None:
                try:
                    compiled = _compile(path)
                except SchemaDirError as error:  # reported once; the kind's objects go unvalidated
                    self.errors.append(str(error))
            self._local[key] = compiled
        return self._local[key]

    def validator(self, api_version: str, kind: str) -> Validator | None:
        """The validator of ``kind`` objects, or None when no (usable) schema knows the kind."""
        local = self._local_validator(api_version, kind)
        if local is not None:
            return local
        from .bundle import for_version

        return for_version(self.version).validator(api_version, kind)

    def fast_validator(self, api_version: str, kind: str):
        """A validator that says whether an object is valid against podlint's schema for the
        kind (not the user's schemas, which jsonschema alone reads), or None; see
        :meth:`podlint.schema.bundle.SchemaBundle.fast_validator`."""
        if self.dirs and self._local_file(api_version, kind) is not None:
            return None
        from .bundle import for_version

        return for_version(self.version).fast_validator(api_version, kind)

    def problems(self, api_version: str, kind: str, data: Any) -> list:
        """Every schema problem of an object (:class:`podlint.schema.validate.SchemaProblem`):
        read from podlint's bundled schema when it is the one that applies, else from
        jsonschema; none when no schema knows the kind."""
        if self._local_validator(api_version, kind) is None:
            from .bundle import for_version

            bundle = for_version(self.version)
            if bundle.definition_for(api_version, kind) is None:
                return []  # a custom resource without a schema: nothing to import jsonschema for
            found = bundle.problems(api_version, kind, data)
            if found is not None:
                return found
        validator = self.validator(api_version, kind)
        if validator is None:
            return []
        from .validate import problems

        return list(problems(validator, data))

    def knows(self, api_version: str, kind: str) -> bool:
        """Whether some schema describes the kind, without compiling a validator for it."""
        if self.dirs and self._local_file(api_version, kind) is not None:
            return True
        from .bundle import for_version

        return for_version(self.version).definition_for(api_version, kind) is not None


def _compile(path: Path) -> Validator:
    try:
        return _compile_schema(path)
    except RecursionError:  # json and jsonschema read nested values by recursion
        raise SchemaDirError(f"{path}: nested too deeply to be read as a JSON schema") from None


def _compile_schema(path: Path) -> Validator:
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import Draft202012Validator, validator_for

    try:
        schema: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaDirError(f"{path}: cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise SchemaDirError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    if not isinstance(schema, (dict, bool)):
        raise SchemaDirError(f"{path}: not a JSON schema (a {type(schema).__name__}, not an object)")
    cls = validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as error:
        where = "/".join(str(part) for part in error.absolute_path)
        raise SchemaDirError(f"{path}: not a valid JSON schema{f' at {where}' if where else ''}: {error.message}") from None
    return cls(schema)
