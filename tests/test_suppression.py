"""Suppression: comment on the line, on the line above, for the file, annotation; unused ones reported."""

from __future__ import annotations

import dataclasses

import textwrap

from podlint.config import Config
from podlint.suppression import comment_start

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web{annotations}
spec:
  containers:
    - name: web
      image: nginx{trailing}
    - name: side
      image: busybox
"""


def pod(trailing: str = "", annotations: str = "", head: str = "") -> str:
    return head + POD.format(trailing=trailing, annotations=annotations)


def found(report):
    return [(f.line, f.column, f.rule, f.message) for f in report.findings]


def test_without_suppression(lint):
    assert [(line, rule) for line, _, rule, _ in found(lint(pod(), select=["latest-tag"]))] == [
        (8, "latest-tag"),
        (10, "latest-tag"),
    ]


def test_disable_on_the_offending_line(lint):
    report = lint(pod("  # podlint: disable=latest-tag"), select=["latest-tag", "unused-suppression"])
    assert [(line, rule) for line, _, rule, _ in found(report)] == [(10, "latest-tag")]


def test_disable_several_rules_one_unused(lint):
    report = lint(pod("  # podlint: disable=latest-tag, bare-pod"), select=["latest-tag", "bare-pod", "unused-suppression"])
    assert found(report) == [
        (2, 7, "bare-pod", 'pod "web" is not managed by a controller'),
        (8, 21, "unused-suppression", 'disable comment suppresses no "bare-pod" finding'),
        (10, 14, "latest-tag", 'container "side" uses image "busybox" with no tag'),
    ]


def test_disable_next_line(lint):
    text = pod().replace("      image: nginx\n", "      # podlint: disable-next-line=latest-tag\n      image: nginx\n")
    report = lint(text, select=["latest-tag", "unused-suppression"])
    assert [(line, rule) for line, _, rule, _ in found(report)] == [(11, "latest-tag")]


def test_disable_next_line_applies_to_the_next_line_only(lint):
    text = pod().replace("    - name: web\n", "    # podlint: disable-next-line=latest-tag\n    - name: web\n")
    report = lint(text, select=["latest-tag", "unused-suppression"])
    assert [(line, rule) for line, _, rule, _ in found(report)] == [
        (7, "unused-suppression"),
        (9, "latest-tag"),
        (11, "latest-tag"),
    ]


def test_disable_file(lint):
    report = lint(pod(head="# podlint: disable-file=latest-tag\n"), select=["latest-tag", "unused-suppression"])
    assert found(report) == []


def test_annotation_on_the_object(lint):
    annotations = '\n  annotations:\n    podlint.io/ignore: "latest-tag, bare-pod"'
    report = lint(pod(annotations=annotations), select=["latest-tag", "bare-pod", "missing-requests", "unused-suppression"])
    assert [rule for _, _, rule, _ in found(report)] == ["missing-requests", "missing-requests"]


def test_unused_annotation_is_reported_at_its_value(lint):
    annotations = "\n  annotations:\n    podlint.io/ignore: missing-requests"
    report = lint(pod(annotations=annotations), select=["latest-tag", "missing-requests", "unused-suppression"])
    assert [(f.line, f.column, f.rule) for f in report.findings] == [
        (10, 14, "latest-tag"),
        (12, 14, "latest-tag"),
    ]
    report = lint(pod(annotations=annotations), select=["latest-tag", "unused-suppression"])
    # the suppressed rule does not run: the annotation is not reported
    assert [f.rule for f in report.findings] == ["latest-tag", "latest-tag"]


def test_unused_annotation_for_an_enabled_rule(lint):
    annotations = "\n  annotations:\n    podlint.io/ignore: bare-pod"
    text = pod(annotations=annotations).replace("kind: Pod", "kind: PodTemplate")
    report = lint(text, select=["bare-pod", "unused-suppression"])
    assert found(report) == [(6, 24, "unused-suppression", 'annotation suppresses no "bare-pod" finding')]


def test_unknown_rule_and_unreadable_directive(lint):
    text = pod("  # podlint: disable=latest-tg") + "# podlint: disabel=latest-tag\n"
    report = lint(text, select=["latest-tag", "unused-suppression"])
    assert found(report) == [
        (8, 14, "latest-tag", 'container "web" uses image "nginx" with no tag'),
        (8, 21, "unused-suppression", 'disable comment names unknown rule "latest-tg" (did you mean "latest-tag"?)'),
        (10, 14, "latest-tag", 'container "side" uses image "busybox" with no tag'),
        (11, 1, "unused-suppression", "cannot read suppression '# podlint: disabel=latest-tag'"),
    ]


def test_suppressing_unused_suppression_itself(lint):
    text = pod("  # podlint: disable=bare-pod") + "# podlint: disable-file=unused-suppression\n"
    assert found(lint(text, select=["latest-tag", "bare-pod", "unused-suppression"]))[0][2] == "bare-pod"


def test_directives_inside_strings_and_block_scalars_are_text(lint):
    text = textwrap.dedent(
        """\
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
            - name: web
              image: nginx
              command: ["sh", "-c", "echo # podlint: disable-file=latest-tag"]
              args:
                - |
                  # podlint: disable-file=latest-tag
        """
    )
    report = lint(text, select=["latest-tag", "unused-suppression"])
    assert [(f.line, f.rule) for f in report.findings] == [(7, "latest-tag")]


def test_comment_start():
    assert comment_start("a: b # c") == 5
    assert comment_start("# c") == 0
    assert comment_start("a: b#c") == -1
    assert comment_start("a: 'x # y' # z") == 11
    assert comment_start('a: "x \\" # y" # z') == 14
    assert comment_start("a: 'it''s # no'") == -1
    assert comment_start("a: it's # yes") == 8


def test_renamed_rule_ids_are_honoured(lint, monkeypatch):
    from podlint import registry

    spec = registry.catalogue()["latest-tag"]
    monkeypatch.setitem(registry.catalogue(), "latest-tag", dataclasses.replace(spec, aliases=("image-latest",)))
    report = lint(pod("  # podlint: disable=image-latest"), select=["latest-tag", "unused-suppression"], config=Config())
    assert [(f.line, f.rule) for f in report.findings] == [(10, "latest-tag")]
