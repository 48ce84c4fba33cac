"""The cache: a second run over unchanged files reuses their reports, and says exactly what
the first said; anything that could change a report changes the key."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from conftest import ROOT, cache_entries, run_cli, write_cache_entries

from podlint import registry
from podlint.cache import Cache, use_cached_catalogue
from podlint.config import Config
from podlint.engine import Linter

POOLS = "pools: [{name: node, count: 2, allocatable: {cpu: '1', memory: 1Gi}}]\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "k8s").mkdir()
    for name in ("web-deployment.yaml", "debug-pod.yaml", "nightly-report.yaml", "rejected-deployment.yaml"):
        (tmp_path / "k8s" / name).write_bytes((ROOT / "examples" / name).read_bytes())
    return tmp_path


def lint(project, *args, cache="cache"):
    env = {"PODLINT_CACHE_DIR": str(project / cache)}
    return run_cli("lint", *args, "k8s", cwd=project, env=env)


def counting(monkeypatch):
    calls = []
    original = Linter._lint_file

    def spy(self, display, path, max_file_size):
        calls.append(display)
        return original(self, display, path, max_file_size)

    monkeypatch.setattr(Linter, "_lint_file", spy)
    return calls


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "junit", "github"])
def test_a_second_run_says_exactly_what_the_first_said(project, fmt):
    first = lint(project, "--format", fmt)
    second = lint(project, "--format", fmt)
    assert first.returncode == second.returncode == 1
    assert second.stdout == first.stdout and second.stderr == first.stderr
    assert second.stdout == lint(project, "--format", fmt, "--no-cache").stdout
    (key,) = keys(project / "cache")
    assert sorted(path for _, path, _, _, _ in cache_entries(key)) == [  # an entry per file
        f"k8s/{name}" for name in ("debug-pod.yaml", "nightly-report.yaml", "rejected-deployment.yaml", "web-deployment.yaml")
    ]
    # each in the file its path's digest chooses, of 64
    assert {shard.name for shard, *_ in cache_entries(key)} == {Cache.shard_of(path) for _, path, *_ in cache_entries(key)}
    assert all(shard.name in {f"{n:02d}.jsonl" for n in range(64)} for shard, *_ in cache_entries(key))


def keys(cache):
    """The folders of the reports' keys (not that of what the pre-scan finds)."""
    return [folder for folder in cache.iterdir() if folder.is_dir() and not folder.name.startswith("cluster-")]


def test_unchanged_files_are_not_linted_again(project, monkeypatch):
    calls = counting(monkeypatch)
    linter = Linter(Config())
    cache = project / "cache"
    first = linter.lint_paths([str(project / "k8s")], cache=cache)
    assert len(calls) == 4
    again = Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    assert len(calls) == 4  # every report from the cache
    assert again.findings == first.findings and again.inventory == first.inventory
    assert again.sources == first.sources  # the lines the text report shows
    changed = project / "k8s" / "debug-pod.yaml"
    changed.write_text(changed.read_text().replace("db-debug", "db-debug-2"))
    Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    assert calls[4:] == [str(changed)]


def test_settings_are_part_of_the_key(project, monkeypatch):
    calls = counting(monkeypatch)
    cache = project / "cache"
    Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    Linter(Config(), select=["latest-tag"]).lint_paths([str(project / "k8s")], cache=cache)
    Linter(Config(kubernetes_version="1.31")).lint_paths([str(project / "k8s")], cache=cache)
    Linter(Config(pod_security="restricted")).lint_paths([str(project / "k8s")], cache=cache)
    assert len(calls) == 16
    assert len(keys(cache)) == 4


def test_a_new_node_inventory_is_a_new_key(project):
    (project / "nodes.yaml").write_text(POOLS)
    small = lint(project, "--nodes", "nodes.yaml", "--select", "scheduling", "--format", "concise")
    (project / "nodes.yaml").write_text(POOLS.replace("cpu: '1'", "cpu: '64'").replace("1Gi", "64Gi"))
    big = lint(project, "--nodes", "nodes.yaml", "--select", "scheduling", "--format", "concise")
    assert b"Insufficient cpu" in small.stdout and b"Insufficient cpu" not in big.stdout


def test_no_cache_writes_nothing(project):
    lint(project, "--no-cache")
    assert not (project / "cache").exists()


def test_the_cache_directory_keeps_itself_out_of_git(project):
    lint(project)
    assert (project / "cache" / ".gitignore").read_text() == "# Automatically created by podlint.\n*\n"


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"format": 1, "files": []}',
        '["k8s/debug-pod.yaml", "0"]\t[]\n\t\n[1, 2]\tnull\nno tab\n',  # lines that are no entry
        None,  # entries of the wrong shape
        "types",  # entries of the right shape, values of the wrong types
        "a digit",  # a value damaged since it was written, still JSON of the right shape
    ],
)
def test_a_damaged_cache_is_ignored(project, content):
    reference = lint(project, "--no-cache")
    lint(project)
    (key,) = keys(project / "cache")
    entries = cache_entries(key)
    for shard in {shard for shard, *_ in entries}:
        if content is None:
            damaged = [(path, digest, {"findings": [["x"]], "objects": "many"}, label) for _, path, digest, _, label in entries]
        elif content == "types":
            damaged = []
            for _, path, digest, report, label in entries:
                for finding in report["findings"]:
                    finding[3] = ["1", "2", "3", "4"]  # a span of strings would break the text report
                damaged.append((path, digest, report, label))
        elif content == "a digit":  # each finding's line one further
            lines = shard.read_text().splitlines(keepends=True)
            shard.write_text("".join(re.sub(r'(\[\[")([^"]+)(", )(\d)', _digit_up, line) for line in lines))
            continue
        else:
            shard.write_text(content)
            continue
        write_cache_entries(shard, [entry for entry in damaged if Cache.shard_of(entry[0]) == shard.name])
    again = lint(project)
    assert (again.returncode, again.stdout, again.stderr) == (reference.returncode, reference.stdout, reference.stderr)


def _digit_up(match) -> str:
    return match.group(1) + match.group(2) + match.group(3) + str((int(match.group(4)) + 1) % 10)


def test_a_cache_path_that_is_a_file_does_not_fail_the_run(project):
    (project / "cache").write_text("in the way")
    result = lint(project)
    assert result.returncode == 1 and result.stderr == b""


def test_a_cache_directory_that_is_a_link_is_not_used(project):
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    (project / "cache").symlink_to(elsewhere)
    assert lint(project).returncode == 1
    assert list(elsewhere.iterdir()) == []


def test_a_run_over_one_edited_file_writes_only_its_entry(project):
    lint(project)
    (key,) = keys(project / "cache")
    before = {shard.name: shard.stat().st_mtime_ns for shard in key.glob("*.jsonl")}
    edited = project / "k8s" / "debug-pod.yaml"
    edited.write_text(edited.read_text() + "# edited\n")
    env = {"PODLINT_CACHE_DIR": str(project / "cache")}
    # with the file that holds the project's Service: the same cluster objects, the same key
    assert run_cli("lint", "k8s/debug-pod.yaml", "k8s/web-deployment.yaml", cwd=project, env=env).returncode == 1
    after = {shard.name: shard.stat().st_mtime_ns for shard in key.glob("*.jsonl")}
    assert after.keys() == before.keys()
    assert [name for name in after if after[name] != before[name]] == [Cache.shard_of("k8s/debug-pod.yaml")]
    # the other entries of its file kept as they were
    assert len(cache_entries(key)) == 4
    # without it, the Service of the Pod's namespace is not among the files, which may change
    # its report: linted again, its entry kept with what its namespace holds now
    context = {path: json.loads(label)[1] for _, path, _, _, label in cache_entries(key)}
    assert run_cli("lint", "k8s/debug-pod.yaml", cwd=project, env=env).returncode == 1
    assert keys(project / "cache") == [key]
    again = {path: json.loads(label)[1] for _, path, _, _, label in cache_entries(key)}
    assert [path for path in again if again[path] != context[path]] == ["k8s/debug-pod.yaml"]


def catalogue_entry(cache):
    (entry,) = cache.glob("catalogue-*.json")
    return entry


def test_the_catalogue_is_read_from_the_cache_without_parsing_a_rule_file(project, monkeypatch):
    lint(project)
    assert not list((project / "cache").glob("catalogue-*.json"))  # kept from the second run on
    lint(project)
    entry = catalogue_entry(project / "cache")
    parsed = registry.catalogue()
    monkeypatch.setattr(registry, "_CATALOGUE", None)

    def no_parsing(path):
        raise AssertionError(f"{path.name} parsed")

    monkeypatch.setattr(registry, "_parse_rule_file", no_parsing)
    use_cached_catalogue(project / "cache")
    cached = registry.catalogue()
    assert cached is not parsed and cached == parsed  # every run field, in the same order
    assert list(cached) == list(parsed)
    spec = cached["latest-tag"]
    assert spec.source == (registry.rules_dir() / "latest-tag.yaml").read_text(encoding="utf-8")
    assert spec.examples == parsed["latest-tag"].examples  # the documentation, read from the file when asked
    assert entry.stat().st_mtime_ns == catalogue_entry(project / "cache").stat().st_mtime_ns  # not written again


def fields_with(change):
    fields = registry.catalogue_fields()
    change(fields)
    return json.dumps(fields)


def as_written(text: str) -> str:
    """A catalogue file of ``text`` as podlint writes one: the digest of its text, a tab, the text."""
    return f"{hashlib.blake2b(text.encode(), digest_size=8).hexdigest()}\t{text}"


def _set(index, field, value):
    def change(fields):
        fields[index][field] = value

    return change


LATEST_TAG = sorted(registry.catalogue()).index("latest-tag")


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "{}",
        "[]",
        "[[1, 2]]",
        fields_with(_set(LATEST_TAG, 1, "severe")),  # no such severity
        fields_with(_set(LATEST_TAG, 4, [[]])),  # a parameter of no fields
        fields_with(_set(LATEST_TAG, 4, ["abcd"])),  # a string is no parameter
        fields_with(_set(LATEST_TAG, 4, [["allowed-tags", "list[str]", "latest", ""]])),  # a default of the wrong type
        fields_with(_set(LATEST_TAG, 7, "../../etc/passwd")),  # a rule's documentation is read from its own file
        fields_with(_set(LATEST_TAG, 0, "no-such-rule")),  # a rule podlint does not implement
        fields_with(lambda fields: fields.pop(LATEST_TAG)),  # one it implements left out
        fields_with(lambda fields: fields.reverse()),  # not in id order
        "changed",  # a severity changed since the file was written, its check as it was
    ],
)
def test_a_damaged_catalogue_entry_is_replaced(project, monkeypatch, content):
    lint(project)
    lint(project)
    entry = catalogue_entry(project / "cache")
    good = entry.read_text()
    if content == "changed":
        assert '["latest-tag", "warning",' in good
        content = good.replace('["latest-tag", "warning",', '["latest-tag", "error",')
    else:  # as podlint would write it: what it holds is checked
        content = as_written(content)
    entry.write_text(content)
    monkeypatch.setattr(registry, "_CATALOGUE", None)
    use_cached_catalogue(project / "cache")
    assert registry.catalogue() == {spec.id: spec for spec in map(registry._parse_rule_file, registry.rules_dir().glob("*.yaml"))}
    assert entry.read_text() == good
    entry.write_text(content)
    reference = lint(project, "--no-cache")
    again = lint(project)
    assert (again.returncode, again.stdout, again.stderr) == (reference.returncode, reference.stdout, reference.stderr)
    assert entry.read_text() == good


def test_the_catalogue_round_trips_through_its_fields(monkeypatch):
    parsed = registry.catalogue()
    assert any(spec.params for spec in parsed.values()) and any(not spec.enabled for spec in parsed.values())
    fields = json.loads(json.dumps(registry.catalogue_fields()))
    monkeypatch.setattr(registry, "_CATALOGUE", None)
    assert registry.use_catalogue_fields(fields)
    assert registry.catalogue() == parsed
    # every field read back: an old id, a rule off by default, a parameter's default
    fields[LATEST_TAG][4:7] = [[["allowed-tags", "list[str]", ["stable"], "d"]], False, ["old-id"]]
    monkeypatch.setattr(registry, "_CATALOGUE", None)
    assert registry.use_catalogue_fields(fields)
    spec = registry.catalogue()["latest-tag"]
    assert (spec.aliases, spec.enabled, spec.params["allowed-tags"].default) == (("old-id",), False, ["stable"])


def test_entries_nested_too_deeply_are_ignored(project, monkeypatch):
    reference = lint(project, "--no-cache")
    lint(project)
    lint(project)
    deep = "[" * 100_000 + "]" * 100_000
    (key,) = keys(project / "cache")
    entries = cache_entries(key)
    for shard in {shard for shard, *_ in entries}:
        # a head nested too deeply, then each entry's value, as if written so (its check right)
        lines = [f"{deep}\t{deep}\n"]
        for kept, path, digest, _, label in entries:
            if kept == shard:
                check = hashlib.blake2b(f"{label}\t{deep}".encode(), digest_size=8).hexdigest()
                lines.append(f"{json.dumps([path, digest, check, label])}\t{deep}\n")
        shard.write_text("".join(lines))
    catalogue_entry(project / "cache").write_text(deep)
    again = lint(project)
    assert (again.returncode, again.stdout, again.stderr) == (reference.returncode, reference.stdout, reference.stderr)
    assert catalogue_entry(project / "cache").read_text() != deep  # written again


def test_a_run_that_lints_nothing_from_disk_makes_no_cache_directory(tmp_path):
    pod = (ROOT / "examples" / "debug-pod.yaml").read_bytes()
    assert run_cli("lint", "-q", "-", input=pod, cwd=tmp_path, env={"PODLINT_CACHE_DIR": ""}).returncode == 1
    assert list(tmp_path.iterdir()) == []


def test_the_catalogue_of_other_code_is_replaced(project):
    lint(project)
    stale = project / "cache" / "catalogue-0123456789abcdef0123456789abcdef.json"
    stale.write_text("[]")
    lint(project)
    assert not stale.exists() and catalogue_entry(project / "cache").name != stale.name


def test_a_file_changed_after_its_entry_was_found_is_linted_as_it_is(project):
    """A report the cache holds is read when its turn comes; if its file changed in between,
    the file is linted again rather than shown with the report of its earlier bytes."""
    from podlint.engine import LintResult

    cache = project / "cache"
    k8s = project / "k8s"
    Linter(Config()).lint_paths([str(k8s)], cache=cache)
    outcomes = Linter(Config())._outcomes(LintResult(), [str(k8s)], None, (), None, None, 1, cache, "findings")
    first = next(outcomes)
    assert first[1].file == str(k8s / "debug-pod.yaml")
    changed = k8s / "nightly-report.yaml"
    changed.write_text(changed.read_text().replace("shop-report:latest", "shop-report:1.4.2"))
    # its annotation ignoring latest-tag now ignores nothing
    assert any(f.rule == "unused-suppression" for f in Linter(Config()).lint_paths([str(changed)]).findings)
    kind, second = next(outcomes)
    assert (kind, second.file) == ("report", str(changed))
    assert second.findings == [f for f in Linter(Config()).lint_paths([str(k8s)]).findings if f.file == str(changed)]
    list(outcomes)
    # and its new report is not kept for the bytes it had: were they back, so would its old report
    (key,) = keys(cache)
    kept = {path: value for _, path, _, value, _ in cache_entries(key)}
    assert not any(f[0] == "unused-suppression" for f in kept[str(changed)]["findings"])


def test_a_run_writes_what_it_puts_as_it_goes(project, monkeypatch):
    """The reports a first run puts are written every WRITE_AT characters of them: nothing is
    lost, and a second run finds every report."""
    from podlint import cache as module

    monkeypatch.setattr(module, "WRITE_AT", 1)  # written at each report
    calls = counting(monkeypatch)
    cache = project / "cache"
    first = Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    assert len(calls) == 4
    (key,) = keys(cache)
    assert len(cache_entries(key)) == 4
    again = Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    assert len(calls) == 4 and again.findings == first.findings


def test_entries_are_written_into_their_file_as_it_is_then(tmp_path):
    """Two runs side by side, each putting an entry in one file: both are kept, and a value a
    run took is no longer held by it."""
    one, other = Cache("key", tmp_path), Cache("key", tmp_path)
    paths = [f"k8s/{n}.yaml" for n in range(200)]
    first = paths[0]
    same = next(path for path in paths[1:] if Cache.shard_of(path) == Cache.shard_of(first))
    one.put(first, "a", {"n": 1})
    one.save()
    assert one.label(first, "a") == ""  # read: the file's entries held
    other.put(same, "b", {"n": 2})
    other.save()
    assert one.get(first, "a") == {"n": 1}
    assert first not in one.shards[Cache.shard_of(first)]  # taken, let go
    one.put(first, "c", {"n": 3})
    one.save()
    assert {(path, digest, value["n"]) for _, path, digest, value, _ in cache_entries(tmp_path / "key")} == {
        (first, "c", 3),
        (same, "b", 2),
    }


def test_a_report_is_kept_for_the_bytes_it_was_linted_from(project, monkeypatch):
    """A file that changes after the run took its digest (finding no entry for it) and before it
    is linted: its report is not kept for the bytes it had."""
    cache = project / "cache"
    changed = project / "k8s" / "nightly-report.yaml"
    original = changed.read_text()
    in_cache = Linter._in_cache

    def then_changed(self, store, display, path, *args):
        found = in_cache(self, store, display, path, *args)
        if path == changed:
            changed.write_text(original.replace("shop-report:latest", "shop-report:1.4.2"))
        return found

    monkeypatch.setattr(Linter, "_in_cache", then_changed)
    Linter(Config()).lint_paths([str(project / "k8s")], cache=cache)
    (key,) = keys(cache)
    assert str(changed) not in {path for _, path, *_ in cache_entries(key)}
    assert len(cache_entries(key)) == 3  # the others kept
    monkeypatch.setattr(Linter, "_in_cache", in_cache)
    changed.write_text(original)
    assert Linter(Config()).lint_paths([str(project / "k8s")], cache=cache).findings == (
        Linter(Config()).lint_paths([str(project / "k8s")]).findings
    )
