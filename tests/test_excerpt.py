"""A run keeps no file's text: the text report reads the lines it shows again from the files."""

from __future__ import annotations

import io

from podlint.config import Config
from podlint.engine import Excerpt, Linter
from podlint.reporters import text_format

POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: web\n    image: nginx\n"


def report(result) -> str:
    out = io.StringIO()
    text_format.render(result, out, quiet=True)
    return out.getvalue()


def test_the_lines_of_findings_are_read_again_from_the_file(tmp_path):
    path = tmp_path / "pod.yaml"
    path.write_text(POD)
    result = Linter(Config(select=["latest-tag"])).lint_paths([str(path)], sources="findings")
    lines = result.sources[str(path)]
    assert isinstance(lines, Excerpt) and lines.kept is None  # nothing kept: the path and digest only
    assert len(lines) == len(POD.splitlines()) + 1 and lines[6] == "    image: nginx"
    assert list(lines) == [*POD.splitlines(), ""]  # the lines, and the empty one after the last newline
    assert report(result) == (
        f"{path}\n"
        '  7:12  warning  container "web" uses image "nginx" with no tag  [latest-tag]\n'
        "    7 |     image: nginx\n"
        "      |            ^^^^^\n"
    )


def test_a_file_changed_since_it_was_linted_shows_no_lines(tmp_path):
    path = tmp_path / "pod.yaml"
    path.write_text(POD)
    result = Linter(Config(select=["latest-tag"])).lint_paths([str(path)], sources="findings")
    path.write_text(POD.replace("nginx", "nginx-but-longer"))
    assert report(result) == f'{path}\n  7:12  warning  container "web" uses image "nginx" with no tag  [latest-tag]\n'


def test_a_file_changed_to_as_many_bytes_shows_no_lines(tmp_path):
    path = tmp_path / "pod.yaml"
    path.write_text(POD)
    linter = Linter(Config(select=["latest-tag"]))
    first = linter.lint_paths([str(path)], sources="findings")
    path.write_text(POD.replace("nginx", "redis"))  # the same size, other bytes
    assert report(first) == f'{path}\n  7:12  warning  container "web" uses image "nginx" with no tag  [latest-tag]\n'
    second = linter.lint_paths([str(path)], sources="findings")  # the same process, the new bytes
    assert "    7 |     image: redis\n" in report(second) and 'image "redis"' in report(second)


def test_lines_are_numbered_as_linting_numbered_them(tmp_path):
    """A second byte order mark after the one decoding takes off is not text either."""
    path = tmp_path / "pod.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ("\ufeff" + POD).encode())
    result = Linter(Config(select=["latest-tag"])).lint_paths([str(path)], sources="all")
    again = Linter(Config(select=["latest-tag"])).lint_paths([str(path)], sources="findings")
    assert report(again) == report(result)
    assert "    7 |     image: nginx\n      |            ^^^^^\n" in report(again)


def test_standard_input_keeps_its_lines(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(POD.encode())))
    result = Linter(Config(select=["latest-tag"])).lint_paths(["-"], stdin_filename="pod.yaml", sources="findings")
    lines = result.sources["pod.yaml"]
    assert lines.kept == {6: "    image: nginx"} and lines[6] == "    image: nginx" and lines[0] == ""
    assert "    7 |     image: nginx\n" in report(result)
