"""No rule crashes on a value of an unexpected type, wherever in a pod it is: every valid
manifest of the conformance table, with one field replaced by an odd value, lints cleanly."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from test_api_conformance import CASES

from podlint.config import Config
from podlint.engine import Linter
from podlint.loader import load
from podlint.registry import catalogue

ODD_VALUES = [None, 0, -1, 1.5, True, "", "x", "1e400", [], [None], {}, {"a": None}, [{"name": 1}]]
VALID = [manifest for _, manifest, messages in CASES if not messages]
# every rule, opt-in ones included, at the level where every Pod Security control speaks
LINTER = Linter(Config(select=sorted(catalogue()), pod_security="restricted"))


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(VALID))
    documents = [d.data for d in load(text).documents]
    index = draw(st.integers(0, len(documents) - 1))
    where = draw(st.sampled_from(list(paths(documents[index]))[1:]))
    documents[index] = replaced(documents[index], where, draw(st.sampled_from(ODD_VALUES)))
    return "---\n".join(json.dumps(document) + "\n" for document in documents)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(mutated())
def test_rules_survive_odd_values(text):
    LINTER.lint_text(text, "mutated.json")


# the versions where rules take other branches (features dropped or off, older words)
OLDER = {
    version: Linter(Config(select=sorted(catalogue()), pod_security="restricted", kubernetes_version=version))
    for version in ("1.30", "1.31", "1.33", "1.34")
}


@settings(max_examples=600, deadline=None, derandomize=True)
@given(mutated(), st.sampled_from(sorted(OLDER)))
def test_rules_survive_odd_values_at_older_versions(text, version):
    OLDER[version].lint_text(text, "mutated.json")
