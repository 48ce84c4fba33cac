"""The plain text report, built line by line for speed, is exactly the coloured report's text."""

from __future__ import annotations

import pytest
from podlint.config import Config
from podlint.engine import Linter
from podlint.reporters import text_format

HELM = "---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x}]\n"
TEXTS = {
    "helm.yaml": HELM,  # a source template after each message
    "broken.yaml": "a: [\n",  # a syntax error, no object
    "tabs.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [\t{name: c, image: x}]\n",
    "control.yaml": 'apiVersion: v1\nkind: Pod\nmetadata: {name: "\\u00e9\\u001b[31m"}\nspec: {containers: [{name: c, image: x}]}\n',
    "secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: default}\ntype: Opaque\ndata: {a: 1}\n",
    "span.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    args: [\n      a]\n",
    # a minified manifest: one long line, cut around each finding
    "long.json": '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {'
    + ", ".join(f'"l{n}": "\t\u001b"' for n in range(40))
    + ', "bad": "-x"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}\n',
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("manifests")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Linter(Config()).lint_paths([str(folder)])


@pytest.mark.parametrize("quiet", [False, True])
def test_plain_lines_are_the_segments_joined(result, quiet):
    assert len({f.file for f in result.findings}) == len(TEXTS)
    joined = ["".join(text for text, _ in segments) + "\n" for segments in text_format._lines(result, quiet)]
    assert "".join(text_format._plain_lines(result, quiet)) == "".join(joined)


def test_a_long_report_is_written_in_few_calls():
    from podlint.reporters import write_chunked

    class Counting:
        def __init__(self):
            self.calls, self.text = 0, []

        def write(self, text):
            self.calls += 1
            self.text.append(text)

    lines = [f"line {n}\n" for n in range(20_000)]
    stream = Counting()
    write_chunked(stream, lines, size=1 << 16)
    assert "".join(stream.text) == "".join(lines)
    assert stream.calls <= -(-len("".join(lines)) // (1 << 16))  # a call per 64K characters, not per line


LABELS = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {%s, bad: \"-x\"}}\nspec: {containers: [{name: c, image: \"nginx:1.27.3\"}]}\n"


def report(text: str, rule: str) -> list[str]:
    result = Linter(Config(select=[rule])).lint_text(text, "long.yaml")
    result.sources = {"long.yaml": text.splitlines()}
    return "".join(text_format._plain_lines(result, quiet=True)).splitlines()


def test_a_long_line_is_shown_cut_around_the_finding():
    text = LABELS % ", ".join(f"l{n}: v" for n in range(40))
    assert report(text, "invalid-label")[2:] == [
        '    3 | …v, l36: v, l37: v, l38: v, l39: v, bad: "-x"}}',
        "      |                                          ^^^^",
    ]
    # forty characters before the finding and after it
    text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "x": [' + ", ".join(["1"] * 100) + "]}\n"
    assert report(text, "unknown-field")[1:] == [
        '  1:64  error  unknown field "x"  [unknown-field]',
        '    1 | …ind": "Pod", "metadata": {"name": "p"}, "x": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1…',
        "      |                                          ^^^",
    ]
    # a finding as long as the line: its first characters
    lines = report(text, "missing-required-field")
    assert lines[2] == "    1 | " + text[: text_format.LONGEST_SHOWN] + "…"
    assert lines[3] == "      | " + "^" * text_format.LONGEST_SHOWN


def test_a_report_does_not_grow_with_the_length_of_a_line_times_its_findings():
    text = "{" + ", ".join(["k: 1"] * 2000) + "}\n"
    lines = report(text, "duplicate-key")
    assert len(lines) == 1 + 3 * 1999 and max(map(len, lines)) <= 10 + 2 + text_format.LONGEST_SHOWN
