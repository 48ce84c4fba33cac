"""The loader's fast path (libyaml composing, podlint.composed) reads exactly what the
event-driven loader reads, or leaves the file to it."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from podlint import loader
from podlint.engine import decode
from podlint.loader import CHECKED_DEPTH, load_events, split_lines, without_bom
from podlint.registry import catalogue

composed = pytest.importorskip("podlint.composed")
if not composed.USABLE:  # pragma: no cover - depends on the installed PyYAML
    pytest.skip("PyYAML's libyaml is older than 0.2.6", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fuzz"))
from invariants import loaded  # noqa: E402


def both(text: str):
    text = without_bom(text)
    lines = split_lines(text)
    return composed.compose(text, lines), load_events(text, lines)


def lookups(document) -> list:
    """Every path of a document, and paths next to them that it lacks."""
    paths = list(document.sourcemap.values)
    near = [p + (step,) for p in paths for step in ("absent", 0, 1, 99, -1, True, False)]
    return paths + near + [p[:-1] + ("absent",) for p in paths if p]


def assert_same(text: str) -> bool:
    """Whether the fast path took ``text``; if it did, it read it as the events do."""
    fast, slow = both(text)
    if fast is None:
        return False
    assert loaded(fast) == loaded(slow)
    for a, b in zip(fast.documents, slow.documents):
        for path in lookups(b):
            for table in ("keys", "values"):
                mine, theirs = getattr(a.sourcemap, table), getattr(b.sourcemap, table)
                assert (path in mine, mine.get(path)) == (path in theirs, theirs.get(path)), (table, path)
            for on in ("key", "value"):
                assert a.sourcemap.span(path, on) == b.sourcemap.span(path, on), (path, on)
    return True


def manifests() -> list[tuple[str, str]]:
    files = sorted(ROOT.glob("examples/**/*.yaml")) + sorted(ROOT.glob("tests/**/*.yaml"))
    found = [(str(p.relative_to(ROOT)), decode(p.read_bytes())[0]) for p in files]  # as podlint reads them
    for spec in catalogue().values():
        for index, example in enumerate(spec.examples):
            for kind in ("bad", "good"):
                if kind in example:
                    found.append((f"{spec.id}-{index}-{kind}", example[kind]))
    return found


MANIFESTS = manifests()


@pytest.mark.parametrize("name, text", MANIFESTS, ids=[name for name, _ in MANIFESTS])
def test_the_project_manifests_read_the_same(name, text):
    assert_same(text)


def test_the_fast_path_takes_most_project_manifests():
    taken = sum(1 for _, text in MANIFESTS if both(text)[0] is not None)
    assert taken >= 0.9 * len(MANIFESTS)


def test_the_api_conformance_manifests_read_the_same():
    from test_api_conformance import CASES

    taken = [assert_same(manifest) for _, manifest, _ in CASES]
    assert sum(taken) >= 0.9 * len(CASES)


TAKEN = {
    "scalars of every kind": """\
        a: yes
        b: "yes"
        c: 0777
        d: 0x1F
        e: .nan
        f: -.inf
        g: 1e3
        h: ~
        i:
        j: ''
        k: !!int "12"
        l: !!str 12
        m: !!null
        ref: !Ref name
        o: !!binary aGk=
        p: 12:30
        q: 2026-12-07
        r: -0.0
        s: 9223372036854775808
        """,
    "block scalars and their lines": """\
        script: |
          # not a comment
          echo hi
        folded: >-
          one
          two
        last: |+

        """,
    "flow collections": "a: {b: [1, 2, {c: d}], e: []}\nf: [[], {}]\n",
    "a key with an empty value at the end of a sequence item": "- a:\n- b: ~\n-\n- ''\n",
    "documents, empty ones among them": "---\n# only a comment\n---\na: 1\n---\n...\n---\n- x\n",
    "an empty stream": "",
    "comments only": "# nothing\n",
    "a bare scalar document": "just text\n",
    "characters beyond ASCII, before positions": 'name: "café ☕"\nnext: 𝄞 clef\nlast: 1\n',
    "glob, cron and shell text (not anchors, aliases or tags)": """\
        schedule: "*/5 * * * *"
        args: ["a && b", "!= c", "x!"]
        pattern: '*.log'
        """,
    "a JSON document": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "a": [1, 2.5, true, null]}',
    # the innermost list has CHECKED_DEPTH - 1 lists around it
    "nesting just inside what podlint checks": "[" * CHECKED_DEPTH + "]" * CHECKED_DEPTH + "\n",
    "a byte order mark": "\ufeffa: 1\n",
    "verbatim tags": "a: !<tag:example.com/int> 1\nb: !<!x> 3\n",
    "CRLF line breaks": "a: 1\r\nb:\r\n  - c\r\n",
}


@pytest.mark.parametrize("text", TAKEN.values(), ids=TAKEN.keys())
def test_what_the_fast_path_takes_it_reads_as_the_events_do(text):
    assert assert_same(textwrap.dedent(text))


LEFT = {
    "an anchor and an alias": "a: &x {b: 1}\nc: *x\n",
    "an aliased scalar": "a: &x 1\nc: *x\n",
    "an undefined alias": "a: *nothing\n",
    "an alias in a flow sequence": "a: &x 1\nb: [2,*x]\n",
    "an alias after a line separator": "a: &x 1\nb: [\u2028*x]\n",
    "an alias as a key": "a: &x k\n*x : 1\n",
    "a key aliased as a value": "&k a: *k\n",
    "a merge key": "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "a merge key without an alias": "derived:\n  <<: {x: 1}\n",
    "a duplicate key": "a: 1\nb: 2\na: 3\n",
    # keys kubectl stores as other text ("true", "1.1"), or refuses (null)
    "a key read as a boolean": "y: 1\n",
    "a key read as a number": "data: {1.10: x}\n",
    "a key tagged as a number": 'data: {!!float "1.0": x}\n',
    "a null key": "~: 1\n",
    "a binary key": "!!binary aGk=: 1\n",
    "a binary value that is not base64": "a: !!binary aGk\n",
    "a mapping as a key": "? {a: 1}\n: value\n",
    "a block scalar as a key": "? |\n  key\n: value\n",
    "a non-specific tag": "a: ! 12\n",
    "a non-specific tag written verbatim": "a: !<!> .inf\n",
    "a non-specific tag after a byte order mark inside the stream": "--- \u2028\ufeff!",
    "a non-specific tag written verbatim and escaped": "a: !<%21> .inf\n",
    "an anchored empty document": "--- &a\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
    # what libyaml accepts from 0.2.2 and 0.2.5 on, ruamel.yaml's (and go-yaml v2) refuses
    "a colon in a plain scalar of a flow collection": "selector: {matchLabels: {app:web}}\n",
    "a question mark in a plain scalar of a flow collection": "args: [a?b]\n",
    "a flow indicator in a tag": "args: [!foo,bar]\n",
    "a tag ended by a flow indicator": "args: [!foo, bar]\n",  # `!foo,` on bar to ruamel.yaml's libyaml
    "a flow indicator in a verbatim tag": "a: !<tag:yaml.org,2002:int> 1\n",  # left, though read alike
    "a tab where indentation is expected": "a:\n\t- b\n",
    "nesting beyond what podlint checks": "[" * (CHECKED_DEPTH + 1) + "]" * (CHECKED_DEPTH + 1) + "\n",
    "nesting beyond libyaml's limit": "[" * 5000 + "]" * 5000 + "\n",
    "block nesting beyond libyaml's limit": "".join(" " * i + "a:\n" for i in range(1500)),
}


@pytest.mark.parametrize("text", LEFT.values(), ids=LEFT.keys())
def test_what_the_fast_path_leaves_to_the_events(text):
    fast, _ = both(text)
    assert fast is None


def test_a_run_takes_the_fast_path_once_it_has_read_enough(monkeypatch):
    text = "apiVersion: v1\nkind: Pod\n"
    monkeypatch.setattr(loader, "_text_read", 0)
    first = loader.load(text)
    assert isinstance(first.documents[0].sourcemap.values, dict)  # read event by event
    monkeypatch.setattr(loader, "_text_read", loader.COMPOSE_AFTER)
    later = loader.load(text)
    assert isinstance(later.documents[0].sourcemap.values, composed._Marks)
    assert loaded(later) == loaded(first)
    # a file the fast path leaves is read by the events all the same
    left = loader.load("a: 1\na: 2\n")
    assert [p.message for p in left.documents[0].duplicate_keys] == ['mapping key "a" already defined at line 1']


def test_a_file_read_this_way_is_freed_without_the_cycle_collector(monkeypatch):
    import gc

    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n"
    monkeypatch.setattr(loader, "_text_read", loader.COMPOSE_AFTER)
    loader.load(text)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        source = loader.load(text)
        assert isinstance(source.documents[0].sourcemap.values, composed._Marks)
        del source
        gc.collect()
        garbage = [type(item).__name__ for item in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert garbage == []


@pytest.mark.parametrize("level", ["[[], ", "{a: {}, b: ", '["]", '])
def test_deep_flow_nesting_is_left_to_the_event_loader_before_it_is_read(level):
    # nesting the older libyaml would read whole, in time that grows with the square of its
    # depth (13 s for 40,000 levels of the first): the newer one refuses it at 1,000 levels
    depth = 20_000
    text = level * depth + "1" + ("]" if level[0] == "[" else "}") * depth + "\n"
    assert composed.compose(text, split_lines(text)) is None
    (document,) = load_events(text, split_lines(text)).documents
    assert [p.message for p in document.limits] == ["exceeded max depth of 10000"]
