"""The JSON report is written one finding at a time, byte for byte what ``json.dump`` of the
whole report with ``indent=2`` writes."""

from __future__ import annotations

import io
import json

import pytest

from podlint.config import Config
from podlint.engine import Linter
from podlint.reporters import json_format

HELM = "---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x}]\n"


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n",  # no finding
        HELM,  # source_template
        "a: [\n",  # a syntax error, no object
        'apiVersion: v1\nkind: Pod\nmetadata: {name: "\\u00e9\\u001b[31m"}\nspec: {containers: [{name: c, image: x}]}\n',
        # no name, a namespace, a message with quotes and a backslash
        'apiVersion: v1\nkind: Pod\nmetadata: {namespace: "prod"}\nspec: {containers: [{name: c, image: "a\\\\b\\"c"}]}\n',
    ],
)
def test_streamed_json_is_what_json_dump_writes(text, tmp_path):
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    result = Linter(Config()).lint_paths([str(tmp_path / "m.yaml")])
    whole = io.StringIO()
    json.dump(json_format.as_dict(result), whole, indent=2)
    whole.write("\n")
    streamed = io.StringIO()
    json_format.render(result, streamed)
    assert streamed.getvalue() == whole.getvalue()
    assert json.loads(streamed.getvalue())["summary"]["files"] == 1
