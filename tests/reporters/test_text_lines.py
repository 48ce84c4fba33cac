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
