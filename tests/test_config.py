"""Configuration: discovery, validation with positions and suggestions, and its effect on a run."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from podlint.config import Config, ConfigError, find_config, load_config
from podlint.engine import Linter, active_rules
from podlint.findings import Severity

POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - {name: web, image: 'nginx:stable'}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_found_upward_from_the_current_directory(tmp_path):
    config = write(tmp_path / ".podlint.yaml", "ignore: [bare-pod]\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == config


def test_pyproject_table_and_precedence(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", '[tool.podlint]\nignore = ["bare-pod"]\nkubernetes-version = "1.31"\n')
    assert find_config(tmp_path) == pyproject
    config = load_config(pyproject)
    assert config.ignore == ["bare-pod"] and config.kubernetes_version == "1.31"
    # a .podlint.yaml in the same directory wins
    yaml = write(tmp_path / ".podlint.yaml", "select: [latest-tag]\n")
    assert find_config(tmp_path) == yaml
    # a pyproject.toml without the table is not a configuration
    other = tmp_path / "other"
    write(other / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(other) == yaml


def test_nearest_directory_wins(tmp_path):
    write(tmp_path / ".podlint.yaml", "select: [latest-tag]\n")
    inner = write(tmp_path / "sub" / "pyproject.toml", "[tool.podlint]\nselect = ['bare-pod']\n")
    assert find_config(tmp_path / "sub") == inner


def test_full_configuration(tmp_path):
    config = load_config(
        write(
            tmp_path / ".podlint.yaml",
            """\
            select: [images, bare-pod]
            ignore: [missing-requests]
            exclude: ["charts/**"]
            kubernetes-version: 1.30
            rules:
              latest-tag:
                severity: error
                allowed-tags: [stable]
            """,
        )
    )
    assert config.select == ["images", "bare-pod"]
    assert config.exclude == ["charts/**"]
    assert config.kubernetes_version == "1.30"  # as written, not the float 1.3
    assert config.rules["latest-tag"].severity is Severity.ERROR
    assert config.rules["latest-tag"].params == {"allowed-tags": ["stable"]}
    rules = {rule.id: rule for rule in active_rules(config)}
    # a category selects all its rules, the opt-in ones included
    assert sorted(rules) == ["bare-pod", "image-digest", "image-pull-policy", "latest-tag", "untrusted-registry"]
    assert rules["latest-tag"].severity is Severity.ERROR
    assert rules["latest-tag"].params.allowed_tags == ["stable"]
    report = Linter(config).lint_text(POD.replace("stable", "latest"), "p.yaml")
    assert [(f.rule, f.severity) for f in report.findings] == [
        ("bare-pod", Severity.WARNING),
        ("image-digest", Severity.WARNING),
        ("latest-tag", Severity.ERROR),
        ("untrusted-registry", Severity.WARNING),
    ]
    assert Linter(config).lint_text(POD, "p.yaml").findings[0].rule == "bare-pod"


@pytest.mark.parametrize(
    "text, message",
    [
        ("selct: [latest-tag]\n", ':1:1: unknown setting "selct" (did you mean "select"?)'),
        ("select: [latest-tags]\n", ':1:10: unknown rule or category "latest-tags" (did you mean "latest-tag"?)'),
        ("ignore: bare-pod\n", ':1:1: "ignore" must be a list of strings'),
        ("rules:\n  bare-pods: {}\n", ':2:3: unknown rule "bare-pods" (did you mean "bare-pod"?)'),
        ("rules:\n  latest-tag:\n    allowed-tag: [x]\n",
         ':3:5: unknown setting "allowed-tag" for rule "latest-tag" (did you mean "allowed-tags"?); it takes: severity, allowed-tags'),
        ("rules:\n  latest-tag: {severity: fatal}\n", ":2:16: severity must be one of error, warning, info"),
        ("rules:\n  latest-tag: {allowed-tags: stable}\n", ':2:16: parameter "allowed-tags" of rule "latest-tag" must be list[str]'),
        ("kubernetes-version: 1.3x\n", ":1:1: kubernetes-version must be a minor version such as \"1.33\", not '1.3x'"),
        ("- a\n", ":1:1: the configuration must be a mapping of settings"),
        ("select: [a\n", ":2:1: did not find expected ',' or ']' (while parsing a flow sequence)"),
        ("select: []\nselect: []\n", ':2:1: mapping key "select" already defined at line 1'),
    ],
)
def test_errors_name_the_position_and_a_suggestion(tmp_path, text, message):
    path = write(tmp_path / ".podlint.yaml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}{message}"


def test_pyproject_errors(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.podlint]\nignor = []\n")
    with pytest.raises(ConfigError, match=r'\[tool.podlint\]: unknown setting "ignor" \(did you mean "ignore"\?\)'):
        load_config(path)
    write(path, "[tool.podlint\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


def test_empty_configuration_is_the_default(tmp_path):
    assert load_config(write(tmp_path / ".podlint.yaml", "# nothing yet\n")).select is None


def test_command_line_select_replaces_and_ignore_adds():
    config = Config(select=["latest-tag", "bare-pod"], ignore=["bare-pod"])
    assert [r.id for r in active_rules(config)] == ["latest-tag"]
    assert [r.id for r in active_rules(config, select=["syntax"])] == [
        "converted-key", "duplicate-key", "not-kubernetes-object", "unused-suppression", "yaml-resource-limit", "yaml-syntax",
    ]
    assert [r.id for r in active_rules(config, select=["syntax"], ignore=["yaml-syntax"])] == [
        "converted-key", "duplicate-key", "not-kubernetes-object", "unused-suppression", "yaml-resource-limit",
    ]
    with pytest.raises(ConfigError, match='unknown rule or category "imagess" \\(did you mean "images"\\?\\)'):
        active_rules(config, select=["imagess"])


def test_default_rules_are_the_catalogues_enabled_ones():
    from podlint.registry import catalogue

    assert [r.id for r in active_rules(Config())] == sorted(i for i, spec in catalogue().items() if spec.enabled)


def test_pyproject_nested_too_deeply(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.podlint]\nselect = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: invalid TOML: nested too deeply"


def test_a_configuration_nested_beyond_what_podlint_reads_is_an_error(tmp_path):
    path = write(tmp_path / ".podlint.yaml", "select: " + "[" * 201 + "]" * 201 + "\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}:1:208: nested deeper than 200 levels, more than podlint checks"
