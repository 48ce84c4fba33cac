"""The loader's fast path: documents composed by libyaml through PyYAML's C binding.

libyaml composes each document into a tree of nodes without a Python call per event, and
every node keeps its marks, so the plain data is built in one short walk and the position
of a path is looked up in the tree only when a finding asks for it. The result is the
event-driven loader's (:mod:`podlint.loader`) exactly, for the files this path takes:
those that both libyaml versions (PyYAML's and ruamel.yaml's) read without an error, with
no anchor or alias, merge key, duplicate or non-scalar key, non-specific tag (``!``), or
nesting beyond what podlint checks. For any other file :func:`compose` answers None and
the event-driven loader reads it, with its problems.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Iterator

from ruamel.yaml.error import YAMLError as RuamelYAMLError
from yaml import YAMLError  # type: ignore[import-untyped]
from yaml._yaml import CParser, get_version  # type: ignore[import-untyped]
from yaml.nodes import MappingNode, ScalarNode  # type: ignore[import-untyped]

from .loader import (
    _TAG_PREFIX,
    BINARY,
    CHECKED_DEPTH,
    Document,
    SourceFile,
    binary_value,
    json_key,
    key_value,
    resolve_plain,
    tag_problem,
)
from .loader import _CParser as _ReferenceParser
from .sourcemap import SourceMap, Span

# libyaml refuses nesting beyond 1,000 levels from 0.2.6 on; composing is recursive in C,
# so an older libyaml, which would recurse as deep as a hostile file nests, is not used. The
# event-driven loader's parser is ruamel.yaml's libyaml: without it, there is no fast path
USABLE = get_version() >= (0, 2, 6) and _ReferenceParser is not None
YAMLErrors = (YAMLError, RuamelYAMLError)

_BLOCK_STYLES = ("|", ">")
_RESOLVED_TAGS = frozenset((_TAG_PREFIX + "int", _TAG_PREFIX + "float", _TAG_PREFIX + "bool", _TAG_PREFIX + "null"))
# an alias: `*name`, libyaml's names being letters, digits, `_` and `-`
_ALIAS = re.compile(r"\*[0-9A-Za-z_-]")
# tags the two readers do not read alike; where one may be written (after a line start, a
# blank, a flow indicator, `?`, `:` or `-`), the event-driven loader reads the file:
# - a non-specific tag, `! value` (or verbatim, `!<!>`, the `!` perhaps escaped as %21): libyaml
#   composes it as it does an untagged plain scalar, which it is not (it is a string);
# - a tag with a flow indicator in it or right after it, `[!t, a]`: ruamel.yaml's libyaml reads
#   the indicator as part of the tag (`!t,` on `a`), PyYAML's ends the tag there (`!t` on "")
_TAG_READ_APART = re.compile(r"(?:^|[\s,\[{?:-])!(?:\s|$|[^\s,\[\]{}]*[,\[\]{}])|!<(?:!|%21)>", re.MULTILINE)


class _Parser(CParser):
    # what PyYAML's composer asks of a resolver, answered without a Python call: the tag of
    # an untagged node is a slice (not a str), which is all this module needs to know
    resolve = slice
    descend_resolver = slice
    ascend_resolver = tuple


class _Unusual(Exception):
    """Something only the event-driven loader reads exactly."""


def compose(text: str, lines: list[str]) -> SourceFile | None:
    """Every document of ``text`` (without its byte order mark), or None: this path does not
    take the file."""
    if "!" in text and (_TAG_READ_APART.search(text) or "\ufeff" in text):
        return None  # (a byte order mark inside the stream may stand before a tag, as a blank does)
    if "*" in text and _may_hold_an_alias(text):
        return None
    # composed first: this libyaml refuses nesting deeper than 1,000 levels at once, where the
    # older one below would read all of it, in time that grows with the square of its depth
    parser = _Parser(text)
    documents: list[Document] = []
    block_lines: set[int] = set()
    try:
        while parser.check_node():
            root = parser.get_node()
            data = _build(root, block_lines)
            empty = type(root) is ScalarNode and root.value == "" and not root.style and type(root.tag) is slice
            if empty and "&" in text:
                return None  # an anchored empty document (`--- &a`) is not empty to go-yaml
            marks = _NodeSourceMap(root, lines)
            documents.append(Document(len(documents), data, marks, root.start_mark.line + 1, empty=empty))
    except (_Unusual, *YAMLErrors, RecursionError):
        return None
    finally:
        parser.dispose()
    try:
        # the grammar is the one of ruamel.yaml's older libyaml, which refuses what the newer
        # one accepts in flow collections: colons and question marks in plain scalars (`[a:b]`),
        # flow indicators in tags; where both accept a text, they read it alike
        _ReferenceParser(text).raw_parse()
    except YAMLErrors:
        return None
    return SourceFile(lines, documents, block_lines)


def _may_hold_an_alias(text: str) -> bool:
    """Whether an alias may be written in ``text``: a name after a `*` at a line start, a blank,
    `[`, `{` or `,` (not in `"*/5 * * * *"`). The events read what has one."""
    for match in _ALIAS.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in " \t\r\n\x85\u2028\u2029[{,":
            return True
    return False


def _value(node: Any) -> Any:
    """A scalar's value, as :func:`podlint.loader._scalar_value` reads its event."""
    tag = node.tag
    if type(tag) is slice:  # untagged
        return node.value if node.style else resolve_plain(node.value)
    if tag in _RESOLVED_TAGS:
        value = resolve_plain(node.value)
        if tag_problem(tag, node.value, value) is not None:
            raise _Unusual  # go-yaml refuses it: the events say so
        return value
    if tag == BINARY:
        if tag_problem(tag, node.value, None) is not None:
            raise _Unusual
        return binary_value(node.value)
    return node.value  # !!str and any other tag: the text, never constructed


def _block_lines(node: Any, block_lines: set[int]) -> None:
    start, end = node.start_mark, node.end_mark
    block_lines.update(range(start.line + 1, end.line + (1 if end.column else 0)))


def _build(root: Any, block_lines: set[int]) -> Any:
    """The plain data of a document's nodes."""
    return _scalar(root, block_lines) if type(root) is ScalarNode else _collection(root, 0, block_lines)


def _scalar(node: Any, block_lines: set[int]) -> Any:
    if node.style in _BLOCK_STYLES:
        _block_lines(node, block_lines)
    return _value(node)


def _collection(node: Any, depth: int, block_lines: set[int]) -> Any:
    # a plain scalar, the most common node, is read here rather than by a call for each
    if depth == CHECKED_DEPTH:
        raise _Unusual
    depth += 1
    if type(node) is MappingNode:
        mapping: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.style in _BLOCK_STYLES:
                raise _Unusual
            key = key_node.value
            if key in mapping or key == "<<":
                raise _Unusual
            if not key_node.style or type(key_node.tag) is not slice:
                resolved = key_value(key_node.tag, _value(key_node))
                if (resolved if type(resolved) is str else json_key(resolved)) != key:
                    raise _Unusual  # a key kubectl stores as other text, or refuses (null)
            if type(value_node) is not ScalarNode:
                mapping[key] = _collection(value_node, depth, block_lines)
            elif type(value_node.tag) is slice and not value_node.style:
                mapping[key] = resolve_plain(value_node.value)
            else:
                mapping[key] = _scalar(value_node, block_lines)
        return mapping
    return [
        _scalar(item, block_lines) if type(item) is ScalarNode else _collection(item, depth, block_lines)
        for item in node.value
    ]


def _mark(node: Any) -> tuple:
    start, end = node.start_mark, node.end_mark
    return (start.line, start.column, end.line, end.column)


def _value_mark(node: Any, key_node: Any) -> tuple:
    if key_node is not None and type(node) is ScalarNode and not node.value and not node.style:
        if _value(node) is None:
            return _mark(key_node)  # an empty value (`spec:`) is where its key is
    return _mark(node)


def _descend(root: Any, path: tuple) -> tuple[Any, Any, bool]:
    """The node at ``path`` and its key (None for the root and a sequence's items), and True;
    or, where the path leaves the document, the deepest node on it, its key, and False."""
    node, key_node = root, None
    for step in path:
        if type(node) is MappingNode:
            for candidate, value_node in node.value:
                if candidate.value == step:
                    node, key_node = value_node, candidate
                    break
            else:
                return node, key_node, False
        elif type(node) is ScalarNode or not isinstance(step, int) or not 0 <= step < len(node.value):
            return node, key_node, False
        else:
            node, key_node = node.value[step], None
    return node, key_node, True


class _NodeSourceMap(SourceMap):
    """A document's source map read from its node tree."""

    __slots__ = ()

    def __init__(self, root: Any, lines: list[str]):
        super().__init__(_Marks(root, keys=True), _Marks(root, keys=False), lines)

    def span(self, path: tuple, on: str = "value") -> Span:
        # SourceMap.span in one walk down the tree: a path that leaves the document is
        # reported at the deepest node on it, at its key where it has one
        node, key_node, found = _descend(self.values.root, tuple(path))
        if key_node is not None and (on == "key" or not found):
            return self.span_of(_mark(key_node))
        if not found and type(node) is MappingNode and node is not self.values.root:
            # an item of a list (a container, a volume, a port): at its name, which says which
            for candidate, _ in node.value:
                if candidate.value == "name":
                    return self.span_of(_mark(candidate))
        return self.span_of(_value_mark(node, key_node))


class _Marks(Mapping):
    """The marks of a document's keys (``keys``) or values, by path, as the event-driven
    loader tabulates them, read from the node tree: a path is looked up by walking down to
    it; the whole table is made only when iterated."""

    __slots__ = ("root", "of_keys", "_table")

    def __init__(self, root: Any, keys: bool):
        self.root = root
        self.of_keys = keys
        self._table: dict | None = None

    def _find(self, path: tuple) -> tuple | None:
        node, key_node, found = _descend(self.root, path)
        if not found:
            return None
        if self.of_keys:
            return None if key_node is None else _mark(key_node)
        return _value_mark(node, key_node)

    def __getitem__(self, path: tuple) -> tuple:
        mark = self._find(tuple(path))
        if mark is None:
            raise KeyError(path)
        return mark

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._find(path) is not None

    def get(self, path: tuple, default: Any = None) -> Any:
        mark = self._find(tuple(path))
        return default if mark is None else mark

    def _all(self) -> dict:
        if self._table is None:
            table: dict = {}
            stack = [((), self.root)]
            while stack:
                path, node = stack.pop()
                if not self.of_keys:
                    table[path] = self._find(path)
                if type(node) is MappingNode:
                    for key_node, value_node in node.value:
                        if self.of_keys:
                            table[path + (key_node.value,)] = _mark(key_node)
                        stack.append((path + (key_node.value,), value_node))
                elif type(node) is not ScalarNode:
                    stack.extend((path + (index,), item) for index, item in enumerate(node.value))
            self._table = table
        return self._table

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())
