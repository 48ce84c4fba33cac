"""The wheel: the rule catalogue ships inside it, and the installed package finds it there."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (path,) = out.glob("podlint-*.whl")
    return path


def test_wheel_holds_the_catalogue_and_the_entry_point(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n.removeprefix("podlint/rules/") for n in names if n.startswith("podlint/rules/"))
    assert shipped == sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))
    assert "podlint/schema/rule-file.schema.json" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "podlint = podlint.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_lists_the_catalogue(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=300)
    code = "import podlint.registry as r; print(r.rules_dir()); print(','.join(r.catalogue()))"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    where, ids = result.stdout.splitlines()
    assert where == str(target / "podlint" / "rules")
    assert ids.split(",") == sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))
