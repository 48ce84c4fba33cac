"""The loader: plain data plus the position of every key and value."""

from __future__ import annotations

import math
import textwrap

import pytest

from podlint import loader
from podlint.loader import load, resolve_plain
from podlint.sourcemap import FieldPath, Span


def doc(text: str, index: int = 0):
    return load(textwrap.dedent(text)).documents[index]


def at(document, *path, on="value"):
    span = document.sourcemap.span(path, on=on)
    return span.line, span.column


def test_block_style_keys_and_values():
    d = doc(
        """\
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """
    )
    assert d.data["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert at(d, "kind") == (2, 7)
    assert at(d, "kind", on="key") == (2, 1)
    assert at(d, "spec", "containers", 0, "image") == (6, 14)
    assert at(d, "spec", "containers", 0, "image", on="key") == (6, 7)
    # a sequence item has no key: its span is the item's value
    assert at(d, "spec", "containers", 0, on="key") == (5, 7)


def test_spans_cover_the_scalar():
    d = doc("metadata:\n  name: web-server\n")
    assert d.sourcemap.span(("metadata", "name")) == Span(2, 9, 2, 19)
    assert d.sourcemap.span(("metadata", "name"), on="key") == Span(2, 3, 2, 7)
    # a block collection's span stops at the end of its first line
    assert d.sourcemap.span(("metadata",)) == Span(2, 3, 2, 19)


def test_flow_style_positions():
    d = doc('spec: {containers: [{name: web, image: "nginx"}, {name: b, image: x}]}\n')
    assert at(d, "spec", "containers", 0, "image") == (1, 40)
    assert at(d, "spec", "containers", 1, "name", on="key") == (1, 51)
    assert at(d, "spec", "containers", 1) == (1, 50)


def test_missing_field_resolves_to_nearest_parent_key():
    d = doc(
        """\
        spec:
          containers:
            - name: web
              resources:
                limits: {cpu: 1}
        """
    )
    assert at(d, "spec", "containers", 0, "resources", "requests", "cpu") == (4, 7)
    assert at(d, "spec", "containers", 0, "securityContext") == (3, 7)
    assert at(d, "nothing", "here") == (1, 1)


def test_multi_document_positions_are_file_positions():
    source = load("a: 1\n---\n# comment\nb: 2\n---\n---\nc: [3]\n")
    documents = source.documents
    assert [d.data for d in documents] == [{"a": 1}, {"b": 2}, None, {"c": [3]}]
    assert [d.empty for d in documents] == [False, False, True, False]
    assert documents[1].start_line == 4
    assert at(documents[1], "b") == (4, 4)
    assert at(documents[3], "c", 0) == (7, 5)


def test_json_file():
    d = doc('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {"containers": [{"name": "web", "image": "x"}]}\n}\n')
    assert d.data["kind"] == "Pod"
    assert at(d, "kind") == (3, 11)
    assert at(d, "spec", "containers", 0, "image") == (4, 52)


def test_anchor_alias_and_merge_positions():
    d = doc(
        """\
        base: &base
          cpu: 100m
          memory: 64Mi
        a:
          requests: *base
        b:
          <<: *base
          memory: 128Mi
        """
    )
    assert d.data["a"]["requests"] == {"cpu": "100m", "memory": "64Mi"}
    assert d.data["b"] == {"cpu": "100m", "memory": "128Mi"}
    # below an alias: reported at the alias, where the user wrote it
    assert at(d, "a", "requests", "cpu") == (5, 13)
    assert at(d, "a", "requests") == (5, 13)
    # merged keys: at the merge; explicit keys where they are written
    assert at(d, "b", "cpu") == (7, 7)
    assert at(d, "b", "cpu", on="key") == (7, 3)
    assert at(d, "b", "memory") == (8, 11)
    assert d.duplicate_keys == []


def test_merge_order_follows_go_yaml_v2():
    d = doc("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  a: 0\n  <<: [*x, *y]\n")
    # a sequence of merges: earlier maps win; the merge overrides keys written before it (go-yaml v2)
    assert d.data["z"] == {"a": 1, "b": 1, "c": 2}


def test_duplicate_key_reported_at_second_key():
    d = doc("metadata:\n  name: a\n  labels: {}\n  name: b\n")
    assert d.data["metadata"]["name"] == "b"
    assert [(p.message, p.mark[:2], p.path) for p in d.duplicate_keys] == [
        ('mapping key "name" already defined at line 2', (3, 2), ("metadata", "name"))
    ]


def test_keys_are_the_strings_kubectl_makes_of_them():
    # sigs.k8s.io/yaml's convertToJSONableObject: booleans, integers, and floats as Go's
    # FormatFloat(f, 'g', -1, 32) writes them; quoted and !!str keys as written
    d = doc(
        """\
        data:
          on: a
          n: b
          1.10: c
          0777: d
          1e6: e
          .5: f
          8080: g
          "yes": h
          !!str 2.0: i
          !!float "3": j
          .inf: k
        """
    )
    assert d.data == {
        "data": {
            "true": "a", "false": "b", "1.1": "c", "511": "d", "1e+06": "e", "0.5": "f", "8080": "g",
            "yes": "h", "2.0": "i", "3": "j", ".inf": "k",
        }
    }
    assert at(d, "data", "1.1", on="key") == (4, 3)
    assert [(p.message.split(":")[0], p.mark[:2], p.path) for p in d.converted_keys] == [
        ('kubectl reads the key on as the boolean true and stores it as "true"', (1, 2), ("data", "true")),
        ('kubectl reads the key n as the boolean false and stores it as "false"', (2, 2), ("data", "false")),
        ('kubectl reads the key 1.10 as a number and stores it as "1.1"', (3, 2), ("data", "1.1")),
        ('kubectl reads the key 0777 as a number and stores it as "511"', (4, 2), ("data", "511")),
        ('kubectl reads the key 1e6 as a number and stores it as "1e+06"', (5, 2), ("data", "1e+06")),
        ('kubectl reads the key .5 as a number and stores it as "0.5"', (6, 2), ("data", "0.5")),
    ]  # 8080, "3" and .inf are stored as written
    assert d.converted_keys[0].message.endswith(': quote it to keep "on"')
    assert d.errors == [] and d.duplicate_keys == []


def test_keys_kubectl_reads_alike_are_the_same_key_and_null_keys_are_refused():
    d = doc("a:\n  yes: 1\n  on: 2\n  ~: 3\n  18446744073709551615: 4\n  b: 5\n")
    assert d.data == {"a": {"true": 2, "b": 5}}
    assert [(p.message, p.mark[:2]) for p in d.duplicate_keys] == [('mapping key "true" already defined at line 2', (2, 2))]
    assert [(p.message, p.mark[:2]) for p in d.errors] == [
        ("a mapping key must not be null: kubectl refuses a map key it cannot write as a JSON string", (3, 2)),
        ("a mapping key must not be a number above 9223372036854775807 (a uint64 to go-yaml): kubectl refuses a map"
         " key it cannot write as a JSON string", (4, 2)),
    ]


def test_tags_go_yaml_cannot_decode_the_text_as_are_refused_in_its_words():
    d = doc("a: !!int yes\nb: !!bool 1\nc: !!null x\nd: !!float 2\n!!int 1.5: e\nf: !!int 2001-12-14\n!!float 7: g\n")
    assert [(p.message, p.mark[:2]) for p in d.errors] == [
        ("cannot decode !!bool `yes` as a !!int", (0, 3)),
        ("cannot decode !!int `1` as a !!bool", (1, 3)),
        ("cannot decode !!str `x` as a !!null", (2, 3)),
        ("cannot decode !!float `1.5` as a !!int", (4, 0)),
    ]  # an integer is a float's; a timestamp's words are go-yaml's own: not said
    # a key tagged !!float is written as a float: 7 stays "7", 1000000 would be "1e+06"
    assert d.data["7"] == "g" and d.converted_keys == []
    e = doc("!!float 1000000: x\n!!int '012': y\n")
    assert [p.message for p in e.converted_keys] == [
        'kubectl reads the key 1000000 as a number and stores it as "1e+06": remove its tag to keep "1000000"',
        'kubectl reads the key 012 as a number and stores it as "10": remove its tag to keep "012"',
    ]


def test_binary_scalars_are_the_bytes_go_yaml_decodes_as_kubectl_writes_them():
    # base64.StdEncoding (line breaks skipped), then JSON: a byte that is not UTF-8 is U+FFFD
    d = doc("a: !!binary aGk=\nb: !!binary |\n  aGVs\n  bG8=\nc: !!binary /w==\n!!binary a2V5: d\ne: !!binary aGk\n")
    assert d.data == {"a": "hi", "b": "hello", "c": "\ufffd", "key": "d", "e": "aGk"}
    assert [(p.message, p.mark[:2]) for p in d.errors] == [("!!binary value contains invalid base64 data", (6, 3))]


def test_an_alias_of_an_anchored_scalar_is_a_key():
    d = doc("a:\n  &k on: 1\n  b: &v name\nc:\n  *k : 2\n  *v : 3\n  *nope : 4\n")
    assert d.data == {"a": {"true": 1, "b": "name"}, "c": {"true": 2, "name": 3}}
    assert [(p.message, p.mark[:2]) for p in d.errors] == [('unknown anchor "nope" referenced', (6, 2))]
    assert at(d, "c", "name", on="key") == (6, 3)


def test_numbers_go_cannot_read_stay_text():
    # a decimal beyond uint64 is a float (inf beyond float64, so text); ".…" as Go's ParseFloat reads it
    long = "1" * 5000
    assert resolve_plain(long) == long and resolve_plain("1" * 25) == float("1" * 25)
    assert resolve_plain(".5_5") == 0.55 and resolve_plain(".1e400") == ".1e400" and resolve_plain("._5") == "._5"
    assert doc(f"? {long}\n: x\n").data == {long: "x"}  # (a simple key is at most 1024 characters)


def test_undefined_alias_and_collection_key_are_syntax_errors():
    d = doc("a: *nope\n? [x]\n: y\nb: 1\n")
    assert [(p.message, p.mark[:2]) for p in d.errors] == [
        ('unknown anchor "nope" referenced', (0, 3)),
        ("a mapping key must be a string, not a collection or an alias of one", (1, 2)),
    ]
    assert d.data == {"a": None, "b": 1}


def test_syntax_error_keeps_other_documents():
    source = load("a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n---\ne: {\n")
    documents = source.documents
    assert [d.broken for d in documents] == [False, True, False, True]
    assert documents[0].data == {"a": 1}
    assert documents[2].data == {"d": 4}
    assert at(documents[2], "d") == (6, 4)
    broken = documents[1]
    assert broken.errors[0].message.startswith("did not find expected ',' or ']'")
    assert at(broken) == (4, 2)  # where the parser gave up: the ':' of "c: 3" inside the flow sequence
    assert documents[3].errors[0].mark[0] == 8


def test_error_on_first_line_does_not_loop():
    source = load("--- [\n")
    assert len(source.documents) == 1 and source.documents[0].broken


def test_control_character_is_a_reader_error_with_position():
    source = load("a: 1\nb: 'x\x07y'\n")
    problem = source.documents[-1].errors[0]
    assert problem.message == "unacceptable character #x0007: control characters are not allowed"
    assert problem.mark[:2] == (1, 5)


@pytest.mark.parametrize("reader", ["events", "composed", "pure Python"])
def test_a_lone_surrogate_is_a_reader_error_with_position(monkeypatch, reader):
    """No file decodes to one, but an editor may send it (JSON's "\\ud800"): the whole text is
    refused, as ruamel.yaml's pure-Python reader refuses it, at the character."""
    if reader == "composed":
        pytest.importorskip("podlint.composed")
        monkeypatch.setattr(loader, "_text_read", loader.COMPOSE_AFTER)
    elif reader == "pure Python":
        monkeypatch.setattr(loader, "_CParser", None)
    source = load("a: 1\n---\nb: 'x\ud800y'\n")
    assert len(source.documents) == 1 and source.documents[0].broken
    problem = source.documents[0].errors[0]
    assert problem.message == "unacceptable character #xd800: special characters are not allowed"
    assert problem.mark == (2, 5, 2, 6)


def test_deep_nesting_does_not_raise():
    """Nesting is read without recursion; podlint refuses to check beyond 200 levels (a finding)."""
    depth = 5000
    d = load("[" * depth + "]" * depth + "\n").documents[0]
    assert d.broken and d.data is None and len(d.limits) == 1
    d = load("[" * 200 + "]" * 200 + "\n").documents[0]
    value = d.data
    for _ in range(199):
        value = value[0]
    assert value == []
    block = "".join("  " * i + "k:\n" for i in range(200))
    document = load(block).documents[0]
    assert not document.broken and document.sourcemap.span(("k",) * 200, "key").line == 200


def test_block_scalar_lines_are_recorded():
    source = load("a: |\n  # not a comment\n  x\nb: 1  # comment\n")
    assert source.block_scalar_lines == {1, 2}


def test_crlf_line_ends_keep_positions():
    d = doc("a: 1\r\nb:\r\n  c: x\r\n")
    assert at(d, "b", "c") == (3, 6)
    assert load("a: 1\r\nb: 2\r\n").lines[:2] == ["a: 1", "b: 2"]


def test_unicode_columns_count_characters():
    d = doc("é: ünï\nb: x\n")
    assert at(d, "é") == (1, 4)
    assert d.sourcemap.span(("é",)) == Span(1, 4, 1, 7)


def test_tags_never_construct_objects():
    d = doc("a: !!python/object:os.system x\nb: !custom 2\nc: !!str 3\nd: !!int '4'\ne: !!python/name:os.system {k: 1}\n")
    assert d.data == {"a": "x", "b": "2", "c": "3", "d": 4, "e": {"k": 1}}


@pytest.mark.parametrize(
    "text, value",
    [
        ("", None), ("~", None), ("null", None), ("NULL", None),
        ("yes", True), ("Y", True), ("on", True), ("True", True), ("no", False), ("OFF", False), ("n", False),
        ("nope", "nope"), ("yesterday", "yesterday"),
        ("0", 0), ("42", 42), ("-7", -7), ("+3", 3), ("1_000", 1000), ("0777", 511), ("0o17", 15), ("0x1F", 31),
        ("0b101", 5), ("-0b11", -3), ("08", 8.0), ("1.5", 1.5), (".5", 0.5), ("1e3", 1000.0), ("1.", 1.0),
        ("9223372036854775807", 2**63 - 1), ("18446744073709551615", 2**64 - 1), ("18446744073709551616", 1.8446744073709552e19),
        ("1e400", "1e400"), ("100m", "100m"), ("1Gi", "1Gi"), ("12GB", "12GB"), ("2001-12-14", "2001-12-14"),
        ("1:30", "1:30"), ("-", "-"), (".", "."), ("+", "+"), ("0x", "0x"), ("1.2.3", "1.2.3"),
    ],
)
def test_scalars_resolve_like_kubectl(text, value):
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_special_floats():
    assert math.isnan(resolve_plain(".nan"))
    assert resolve_plain("-.inf") == -math.inf and resolve_plain("+.Inf") == math.inf


def test_quoted_scalars_stay_strings():
    d = doc("a: 'yes'\nb: \"1\"\nc: |\n  2\n")
    assert d.data == {"a": "yes", "b": "1", "c": "2\n"}


def test_pure_python_parser_gives_the_same_result(monkeypatch):
    text = textwrap.dedent(
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: &l {app: web}}
        spec:
          selector: {matchLabels: *l}
          template:
            metadata: {labels: *l}
            spec:
              containers:
                - name: web
                  image: "nginx:1.27"
                  args: [--a, '--b', 3]
                  env:
                    - {name: X, value: yes}
        ---
        broken: [
        ---
        kind: List
        items: []
        """
    )
    fast = load(text)
    monkeypatch.setattr(loader, "_CParser", None)
    slow = load(text)
    assert [d.data for d in fast.documents] == [d.data for d in slow.documents]
    for a, b in zip(fast.documents, slow.documents):
        assert a.sourcemap.keys == b.sourcemap.keys
        assert a.sourcemap.values == b.sourcemap.values
        assert [e.mark[:2] for e in a.errors] == [e.mark[:2] for e in b.errors]


def test_field_path_renders_like_the_api_server():
    path = FieldPath(("spec", "containers", 1, "resources", "limits", "nvidia.com/gpu"))
    assert str(path) == "spec.containers[1].resources.limits[nvidia.com/gpu]"
    assert str(FieldPath() / "metadata" / "name") == "metadata.name"
    assert isinstance(FieldPath(("a",)) / 0, FieldPath)


# --- resource limits: what go-yaml (and so kubectl) refuses, and what podlint does not check ---------------------------


def laughs(levels: int, fanout: int, indent: str = "") -> str:
    """A "billion laughs" document: each anchor a list of ``fanout`` aliases of the previous one."""
    lines = [f"{indent}a0: &a0 [" + ", ".join(["lol"] * fanout) + "]"]
    for level in range(1, levels):
        lines.append(f"{indent}a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * fanout) + "]")
    return "\n".join(lines) + "\n"


def limits(text: str) -> list[tuple[int, int, str]]:
    return [
        (problem.mark[0] + 1, problem.mark[1] + 1, problem.message)
        for document in load(text).documents
        for problem in document.limits
    ]


def test_alias_expansion_is_refused_as_go_yaml_refuses_it():
    # go-yaml v2/v3 accept three levels of ten and refuse four (allowedAliasRatio)
    assert limits(laughs(3, 10)) == []
    assert limits(laughs(4, 10)) == [
        (4, 20, 'document contains excessive aliasing: alias "*a2" expands to 1,221 values')
    ]


def test_a_billion_laughs_is_refused_at_once_and_the_next_document_is_read():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n" + laughs(9, 9, "  ") + "---\nkind: Next\n"
    source = load(text)
    first, second = source.documents
    assert first.broken and first.data is None
    # a2 is 910 values (1 list of 9 aliases of a1, each 1 + 100); the fifth *a2 crosses 99%
    assert [(p.mark[0] + 1, p.mark[1] + 1) for p in first.limits] == [(8, 32)]
    assert first.limits[0].message == 'document contains excessive aliasing: alias "*a2" expands to 910 values'
    assert second.data == {"kind": "Next"} and not second.limits


def test_nesting_beyond_go_yaml_limit_is_refused_with_its_words():
    assert limits("[" * 10_001 + "]" * 10_001 + "\n") == [(1, 10_001, "exceeded max depth of 10000")]
    block = "".join(" " * level + "-\n" for level in range(10_001))
    assert limits(block) == [(10_001, 10_001, "exceeded max depth of 10000")]


def test_nesting_far_beyond_the_limit_is_refused_there_and_the_next_document_is_read():
    # the rest of such a document is not read: libyaml reads flow collections in time that grows
    # with the square of their depth (this one took two minutes)
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    source = load(f"{deep}\n---\nkind: Next\n---\n[{deep}]\n")
    first, second, third = source.documents
    assert first.broken and first.data is None and not first.errors
    assert [(p.mark[0] + 1, p.mark[1] + 1, p.message) for p in first.limits] == [(1, 50_001, "exceeded max depth of 10000")]
    assert second.data == {"kind": "Next"} and not second.limits
    assert [(p.mark[0] + 1, p.mark[1] + 1) for p in third.limits] == [(5, 49_997)]
    # read alike by the composed path, which leaves such a file to the event-driven loader at once
    from podlint import composed

    assert composed.compose(deep, loader.split_lines(deep)) is None


def test_nesting_deeper_than_podlint_checks_is_a_finding_not_a_recursion_error():
    assert limits("a: " + "[" * 199 + "]" * 199 + "\n") == []  # 200 levels, the mapping included
    assert limits("a: " + "{b: " * 201 + "1" + "}" * 201 + "\n") == [
        (1, 4 + 4 * 199, "nested deeper than 200 levels, more than podlint checks")
    ]
    # through an alias: each part is shallow, together they are not
    text = "a: &deep " + "[" * 150 + "]" * 150 + "\nb: " + "[" * 100 + "*deep" + "]" * 100 + "\n"
    assert limits(text) == [(2, 104, "nested deeper than 200 levels, more than podlint checks")]


def test_ordinary_anchors_are_not_limited():
    text = textwrap.dedent(
        """\
        x: &resources {requests: {cpu: 100m, memory: 128Mi}}
        containers:
          - {name: a, resources: *resources}
          - {name: b, resources: *resources}
        """
    )
    assert limits(text) == []


def test_without_pyyaml_every_file_is_read_event_by_event(monkeypatch):
    import sys

    for module in ("yaml", "yaml._yaml"):
        monkeypatch.setitem(sys.modules, module, None)  # import yaml raises ImportError
    monkeypatch.delitem(sys.modules, "podlint.composed", raising=False)
    monkeypatch.delattr(sys.modules["podlint"], "composed", raising=False)
    monkeypatch.setattr(loader, "_compose", None)
    monkeypatch.setattr(loader, "_text_read", loader.COMPOSE_AFTER)
    source = load("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n")
    assert loader._compose is False
    assert isinstance(source.documents[0].sourcemap.values, dict)
    assert at(source.documents[0], "metadata", "name") == (3, 18)


def test_after_a_hundred_documents_that_cannot_be_read_the_rest_of_the_file_is_not():
    # each such document means parsing the rest of the file again: without a limit, a file of
    # them takes time in the square of its length
    text = "a: [\n---\n" * 150 + "kind: Never read\n"
    documents = load(text).documents
    assert [d.errors[0].mark[0] + 1 for d in documents[:100]] == [2 * n + 2 for n in range(100)]
    assert all(d.broken and not d.limits for d in documents[:100])
    *_, last = documents
    assert len(documents) == 101 and last.broken and last.data is None
    assert [(p.mark, p.message) for p in last.limits] == [
        ((199, 0, 199, 3), "100 documents could not be read: the rest of the file is not read")
    ]
    # (the "---" where the 101st document starts, where the 100th error was found)
    # a hundred, and nothing after them: nothing more to say
    assert len(load("a: [\n---\n" * 99 + "a: [\n").documents) == 100


def test_a_document_refused_on_its_own_separator_line_is_said_once():
    first = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
    deep = '{"a":' * 10_001 + "1" + "}" * 10_001
    documents = load(f"{first}--- {deep}\n---\nkind: Next\n").documents
    assert [(d.broken, [(p.mark[0] + 1, p.mark[1] + 1) for p in d.limits]) for d in documents] == [
        (False, []), (True, [(4, 50_005)]), (False, []),
    ]
    assert documents[2].data == {"kind": "Next"}
    # a syntax error after a "---" on its line is in the document that starts there: said once
    documents = load("a: 1\n--- a: b: c\n---\nb: 2\n").documents
    assert [(d.data, [(p.mark[0] + 1, p.mark[1] + 1) for p in d.errors]) for d in documents] == [
        ({"a": 1}, []), (None, [(2, 6)]), ({"b": 2}, []),
    ]
    # an error at a "---" ends the document before it: the next one starts there
    documents = load("a: [\n--- {b: 1}\n").documents
    assert [(d.data, [(p.mark[0] + 1, p.mark[1] + 1) for p in d.errors]) for d in documents] == [
        (None, [(2, 1)]), ({"b": 1}, []),
    ]


@pytest.mark.parametrize(
    "text, lines",
    [
        ("a\nb\n", ["a", "b", ""]),
        ("a\r\nb\rc\n", ["a", "b", "c", ""]),
        ("é\u2028x\ny", ["é", "x", "y"]),
        ("a\x85b\u2029c", ["a", "b", "c"]),
        ("ü\nv", ["ü", "v"]),
        ("a\vb\fc\x1ed", ["a\vb\fc\x1ed"]),  # breaks to str.splitlines, not to YAML
    ],
)
def test_lines_break_where_yaml_breaks_them(text, lines):
    assert loader.split_lines(text) == lines
