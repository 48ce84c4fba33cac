"""The Kubernetes schema bundles: reproducible from kubernetes-validate, complete, and read lazily."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

from podlint.schema.bundle import (
    SchemaBundle,
    ZipMembers,
    available_versions,
    bundles_dir,
    for_version,
    newest_version,
)

POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {
        "containers": [
            {
                "name": "web",
                "image": "nginx:1.27",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
                "readinessProbe": {"httpGet": {"path": "/", "port": "http"}, "periodSeconds": 5},
                "env": [{"name": "MODE", "value": "prod"}],
            }
        ],
        "restartPolicy": "Always",
    },
}

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "prod"},
    "spec": {
        "replicas": 3,
        "selector": {"matchLabels": {"app": "web"}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
        "template": {"metadata": {"labels": {"app": "web"}}, "spec": POD["spec"]},
    },
}


def errors(document: dict, version: str | None = None) -> list:
    validator = for_version(version).validator(document["apiVersion"], document["kind"])
    assert validator is not None
    return list(validator.iter_errors(document))


def test_bundles_are_what_the_generator_writes(tmp_path):
    pytest.importorskip("kubernetes_validate")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_schemas.py"), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    built = {path.name: _contents(path) for path in tmp_path.glob("*.zip")}
    committed = {path.name: _contents(path) for path in (ROOT / "podlint" / "schema" / "k8s").glob("*.zip")}
    assert sorted(built) == sorted(committed), "run: python scripts/build_schemas.py"
    for name, members in built.items():
        # compared member by member, uncompressed: another zlib may compress the same text differently
        assert members == committed[name], f"{name} is stale: run python scripts/build_schemas.py"


def _contents(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def test_versions_from_1_30_to_the_newest_are_all_there():
    versions = available_versions()
    newest = int(newest_version().split(".")[1])
    assert versions == [f"1.{minor}" for minor in range(30, newest + 1)]
    assert newest >= 37


@pytest.mark.parametrize("version", available_versions())
def test_every_reference_of_a_bundle_resolves(version):
    with zipfile.ZipFile(bundles_dir() / f"v{version}.zip") as archive:
        members = set(archive.namelist())
        texts = {member: archive.read(member).decode() for member in members - {"kinds.json"}}
    assert {f"defs/{name}.json" for name in SchemaBundle(version).kinds.values()} <= members
    for member, text in texts.items():
        assert {f"defs/{ref}.json" for ref in re.findall(r'"\$ref":"([^"]+)"', text)} <= members, member


@pytest.mark.parametrize("version", available_versions())
@pytest.mark.parametrize("document", [POD, DEPLOYMENT], ids=["Pod", "Deployment"])
def test_valid_manifests_have_no_errors(document, version):
    assert errors(document, version) == []


@pytest.mark.parametrize(
    ("document", "path"),
    [(POD, ["spec", "containers", 0]), (DEPLOYMENT, ["spec", "template", "spec", "containers", 0])],
    ids=["Pod", "Deployment"],
)
def test_an_unknown_field_is_an_additional_property(document, path):
    document = copy.deepcopy(document)
    container = document
    for step in path:
        container = container[step]
    container["resource"] = container.pop("resources")
    (error,) = errors(document)
    assert error.validator == "additionalProperties"
    assert list(error.absolute_path) == path
    assert "'resource'" in error.message


def test_a_wrong_type_is_an_error():
    document = copy.deepcopy(DEPLOYMENT)
    document["spec"]["replicas"] = "three"
    (error,) = errors(document)
    assert (error.validator, list(error.absolute_path)) == ("type", ["spec", "replicas"])


def test_a_manifest_is_an_object_and_unknown_kinds_have_no_validator():
    bundle = for_version()
    assert not bundle.validator("v1", "Pod").is_valid(None)
    assert bundle.definition_for("apps/v1", "Deployment") == "io.k8s.api.apps.v1.Deployment"
    assert bundle.definition_for("extensions/v1beta1", "Deployment") is None
    assert bundle.validator("example.com/v1", "Widget") is None
    with pytest.raises(KeyError):
        bundle.schema("io.k8s.api.core.v1.NoSuchThing")


def test_validators_are_built_once_and_read_only_the_definitions_they_reach(monkeypatch):
    read: list[str] = []
    original = ZipMembers.read
    monkeypatch.setattr(ZipMembers, "read", lambda self, name: read.append(name) or original(self, name))
    bundle = SchemaBundle(newest_version())

    validator = bundle.validator("apps/v1", "Deployment")
    assert read == ["kinds.json", "defs/io.k8s.api.apps.v1.Deployment.json"]
    assert bundle.validator("apps/v1", "Deployment") is validator

    assert list(validator.iter_errors(DEPLOYMENT)) == []
    reached = set(read)
    assert "defs/io.k8s.api.core.v1.Container.json" in reached
    assert "defs/io.k8s.api.core.v1.PersistentVolumeSpec.json" not in reached
    with zipfile.ZipFile(bundles_dir() / f"v{bundle.version}.zip") as archive:
        assert len(reached) < len(archive.namelist()) / 10
    assert len(read) == len(reached)  # each member is decompressed once

    warm = bundle.validator("apps/v1", "Deployment")  # rebuilt: its registry holds what was read
    assert warm is not validator and bundle.validator("apps/v1", "Deployment") is warm
    assert list(warm.iter_errors(DEPLOYMENT)) == [] and list(validator.iter_errors(DEPLOYMENT)) == []
    assert len(read) == len(reached)  # later validations read nothing


@pytest.mark.parametrize("version", available_versions())
def test_the_bundle_reader_reads_what_zipfile_reads(version):
    path = bundles_dir() / f"v{version}.zip"
    members = ZipMembers(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        assert members.names() == archive.namelist()
        for name in archive.namelist():
            assert members.read(name) == archive.read(name)
    with pytest.raises(KeyError):
        members.read("defs/no.such.Definition.json")


def test_the_bundle_reader_refuses_a_damaged_member():
    data = bytearray((bundles_dir() / f"v{newest_version()}.zip").read_bytes())
    entry = data.rfind(b"kinds.json") - 46  # its central directory entry: the last mention of its name
    data[entry + 16] ^= 1  # one bit of the CRC it records
    with pytest.raises(ValueError, match="bad CRC"):
        ZipMembers(bytes(data)).read("kinds.json")
    with pytest.raises(ValueError, match="not a zip"):
        ZipMembers(b"not a zip at all")
