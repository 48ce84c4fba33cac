"""Read YAML and JSON manifests into plain data, keeping the position of every key and value.

The loader drives ruamel.yaml's parser (the libyaml-based C parser when
``ruamel.yaml.clib`` is installed, the pure-Python one otherwise) event by event
and builds plain ``dict``/``list``/scalar values directly, recording a 0-based
mark for each key and value in a :class:`~podlint.sourcemap.SourceMap` keyed by
field path. It never constructs Python objects from tags: ``!!python/object``
and any unknown tag load as plain data.

Scalars resolve the way ``kubectl`` reads them (``sigs.k8s.io/yaml`` on top of
go-yaml v2, YAML 1.1 style): ``yes``/``no``/``on``/``off`` are booleans,
``0777`` is octal, timestamps stay strings. A mapping key becomes the string
``sigs.k8s.io/yaml`` makes of it for JSON: ``yes`` is ``"true"``, ``1.10`` is ``"1.1"``; a
null key (``~``) is refused, as kubectl refuses it.

A syntax error ends the document it is in; parsing resumes at the next ``---``
line, so the other documents of the file are still linted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .sourcemap import SourceMap

try:  # the C parser (libyaml) is 10x faster; the pure-Python one is a fallback
    from ruamel.yaml import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the installation
    _CParser = None

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")
_DOC_SEPARATOR = re.compile(r"---(?:[ \t]|$)")


@dataclass(slots=True)
class YamlProblem:
    """Something the YAML layer refuses, at a 0-based mark (line, column, end_line, end_column)."""

    message: str
    mark: tuple
    path: tuple = ()  # the field it is about, where there is one


@dataclass(slots=True)
class Document:
    """One YAML document of a file."""

    index: int
    data: Any
    sourcemap: SourceMap
    start_line: int  # 1-based line of the document's first token
    errors: list[YamlProblem] = field(default_factory=list)  # yaml-syntax
    duplicate_keys: list[YamlProblem] = field(default_factory=list)
    converted_keys: list[YamlProblem] = field(default_factory=list)  # keys kubectl stores as other text
    empty: bool = False  # no content at all (only comments or nothing)
    broken: bool = False  # a syntax error ended it: its data is not usable
    limits: list[YamlProblem] = field(default_factory=list)  # yaml-resource-limit: the document is refused


@dataclass(slots=True)
class SourceFile:
    """A file's text, split into lines the way YAML counts them, and its documents."""

    lines: list[str]
    documents: list[Document]
    block_scalar_lines: set[int]  # 0-based lines inside block scalars (no comments there)


def split_lines(text: str) -> list[str]:
    """The lines of a text, broken where YAML breaks them: at CR LF, CR, LF, NEL, LS and PS."""
    if "\r" not in text and (text.isascii() or not any(mark in text for mark in _UNICODE_BREAKS)):
        return text.split("\n")  # the usual text, split ten times faster than by the expression
    return _LINE_BREAK.split(text)


def without_bom(text: str) -> str:
    """The text :func:`load` reads: a leading byte order mark is not part of it."""
    return text[1:] if text.startswith("\ufeff") else text


# --- scalar resolution (go-yaml v2's resolve.go) ----------------------------------------

_RESOLVE_MAP: dict[str, Any] = {}
for _value, _words in (
    (True, "y Y yes Yes YES true True TRUE on On ON"),
    (False, "n N no No NO false False FALSE off Off OFF"),
    (None, "~ null Null NULL"),
    (math.nan, ".nan .NaN .NAN"),
    (math.inf, ".inf .Inf .INF +.inf +.Inf +.INF"),
    (-math.inf, "-.inf -.Inf -.INF"),
):
    for _word in _words.split():
        _RESOLVE_MAP[_word] = _value
_HINTS = frozenset("+-0123456789yYnNtTfFoO~.")
_GO_INT = re.compile(r"([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]?([0-7]+)|0[bB]([01]+)|([1-9][0-9]*|0))\Z")
_YAML_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1
_DIGITS = r"[0-9](?:_?[0-9])*"  # Go's underscoreOK: "_" only between digits
_GO_DOT_FLOAT = re.compile(rf"\.{_DIGITS}(?:[eE][-+]?{_DIGITS})?\Z")
_MISSING = object()


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar, as go-yaml v2 resolves it."""
    if not text:
        return None
    if text[0] not in _HINTS:
        return text
    value = _RESOLVE_MAP.get(text, _MISSING)
    if value is not _MISSING:
        return value
    first = text[0]
    if first in "yYnNtTfFoO~":
        return text
    if first == ".":  # strconv.ParseFloat of the text as written: "_" between digits, no overflow
        if _GO_DOT_FLOAT.match(text):
            number = float(text.replace("_", ""))
            if not math.isinf(number):
                return number
        return text
    plain = text.replace("_", "")
    match = _GO_INT.match(plain)
    if match:
        sign, hexa, octal, binary, decimal = match.groups()
        if hexa is not None:
            number = int(hexa, 16)
        elif octal is not None:
            number = int(octal, 8)
        elif binary is not None:
            number = int(binary, 2)
        elif len(decimal) <= 20:
            number = int(decimal)
        else:  # beyond uint64 (and beyond what Python converts to an int at once)
            number = _UINT64_MAX + 1
        if sign == "-":
            number = -number
        if _INT64_MIN <= number <= _UINT64_MAX:
            return number
    if _YAML_FLOAT.match(plain):
        number = float(plain)
        if not math.isinf(number):  # Go's ParseFloat refuses what overflows
            return number
    return text


_TAG_PREFIX = "tag:yaml.org,2002:"
_INT64_MAX = 2**63 - 1


def json_key(value: Any) -> str | None:
    """The string ``sigs.k8s.io/yaml`` (``convertToJSONableObject``) makes of a mapping key go-yaml v2
    resolved to ``value``; None for one it refuses (:func:`refused_key`)."""
    if value is None:
        return None
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value <= _INT64_MAX else None
    if isinstance(value, float):
        return _go_float32(value)
    return value


def refused_key(value: Any) -> str:
    """Why kubectl cannot convert a key: null, or an integer go-yaml reads as a uint64."""
    kind = "null" if value is None else f"a number above {_INT64_MAX} (a uint64 to go-yaml)"
    return f"a mapping key must not be {kind}: kubectl refuses a map key it cannot write as a JSON string"


def _go_float32(value: float) -> str:
    """``strconv.FormatFloat(value, 'g', -1, 32)``, with ``.inf``, ``-.inf`` and ``.nan`` for what
    Go writes ``+Inf``, ``-Inf`` and ``NaN``: the shortest digits that read back as the same
    float32, in exponent form below 1e-4 and from 1e6 on."""
    import struct

    if math.isnan(value):
        return ".nan"
    try:
        single = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:  # beyond float32: Go's conversion gives an infinity
        single = math.copysign(math.inf, value)
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    sign = "-" if math.copysign(1.0, single) < 0 else ""
    if single == 0:
        return sign + "0"
    target = struct.pack("<f", single)
    for precision in range(1, 10):
        text = f"{abs(single):.{precision - 1}e}"
        try:
            if struct.pack("<f", float(sign + text)) == target:
                break
        except OverflowError:  # rounded up past the largest float32
            continue
    mantissa, _, exponent_text = text.partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exponent = int(exponent_text)
    if exponent < -4 or exponent >= 6:  # %e, the exponent of at least two digits
        head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{head}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    point = exponent + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    whole = digits[:point].ljust(point, "0")
    return sign + whole + ("." + digits[point:] if len(digits) > point else "")


_RESOLVED = {_TAG_PREFIX + name: "!!" + name for name in ("int", "float", "bool", "null")}


def _scalar_value(event: ScalarEvent) -> Any:
    tag = event.tag
    if tag is None:
        if event.style:  # quoted or block scalar
            return event.value
        return resolve_plain(event.value)
    if tag == "!" or tag == _TAG_PREFIX + "str":
        return event.value
    if tag in _RESOLVED:
        return resolve_plain(event.value)
    if tag == BINARY:
        return binary_value(event.value)
    # any other tag (!!python/object, !Ref, ...) is read as plain text, never constructed
    return event.value


BINARY = _TAG_PREFIX + "binary"
BINARY_PROBLEM = "!!binary value contains invalid base64 data"  # go-yaml's words


def binary_value(text: str) -> str:
    """A ``!!binary`` scalar as go-yaml decodes it (``base64.StdEncoding``), and as kubectl then
    writes it in JSON (a byte that is not UTF-8 as U+FFFD); its text where it is not base64
    (:func:`tag_problem` says so)."""
    from .golang import base64_decode, go_string

    data = base64_decode(text)
    return text if data is None else go_string(data)


def _kind(value: Any) -> str:
    if value is None:
        return "!!null"
    if value is True or value is False:
        return "!!bool"
    return "!!int" if isinstance(value, int) else "!!float" if isinstance(value, float) else "!!str"


def tag_problem(tag: str | None, text: str, value: Any) -> str | None:
    """go-yaml v2's refusal of a scalar whose resolved tag (``!!int``, ``!!float``, ``!!bool``,
    ``!!null``) is not what its text resolves to, in its words (``cannot decode !!bool `yes` as a
    !!int``), an integer being a float's; or of a ``!!binary`` one that is not base64. A text of another kind that starts with a digit may be a
    timestamp, which go-yaml names so: not said."""
    if tag == BINARY:
        from .golang import base64_error

        return BINARY_PROBLEM if base64_error(text.encode()) is not None else None
    wanted = _RESOLVED.get(tag) if tag is not None else None
    if wanted is None:
        return None
    found = _kind(value)
    if found == wanted or (wanted == "!!float" and found == "!!int"):
        return None
    if found == "!!str" and text[:1].isdigit():
        return None
    return f"cannot decode {found} `{text}` as a {wanted}"


def key_value(tag: str | None, value: Any) -> Any:
    """A key's value as go-yaml v2 decodes it: an integer tagged ``!!float`` is a float (which
    ``sigs.k8s.io/yaml`` then writes as one)."""
    if tag == _TAG_PREFIX + "float" and type(value) is int:
        return float(value)
    return value


# --- document builder -------------------------------------------------------------------

# What go-yaml, and so kubectl and the API server, refuse to decode: nesting deeper than
# 10,000 levels (its scanner's max_flow_level and max_indents), and a document whose values
# come mostly from expanding aliases (decode.go, allowedAliasRatio, the fix of
# CVE-2019-11253). podlint never expands an alias (the data shares the anchored value), but
# every rule that walks the data would, so it refuses the same documents.
MAX_DEPTH = 10_000
# No Kubernetes object comes near this; the rules (and jsonschema) walk data recursively.
CHECKED_DEPTH = 200
POSITION_DEPTH = 256  # nodes nested deeper are given the position of their ancestor at this depth
_ALIAS_RATIO_LOW, _ALIAS_RATIO_HIGH = 400_000, 4_000_000


def _allowed_alias_ratio(decoded: int) -> float:
    if decoded <= _ALIAS_RATIO_LOW:
        return 0.99
    if decoded >= _ALIAS_RATIO_HIGH:
        return 0.10
    return 0.99 - 0.89 * ((decoded - _ALIAS_RATIO_LOW) / (_ALIAS_RATIO_HIGH - _ALIAS_RATIO_LOW))


def _height(value: Any, memo: dict[int, int]) -> int:
    """How many levels of collections ``value`` nests (0 for a scalar), without recursion.

    Aliased values are shared, so the data is a DAG: ``memo`` keeps each collection's height."""
    if not isinstance(value, (dict, list)):
        return 0
    stack = [(value, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in memo:
            continue
        children = [c for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, (dict, list))]
        if done:
            memo[id(node)] = 1 + max((memo[id(c)] for c in children), default=0)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in memo)
    return memo[id(value)]


def _excessive_aliasing(decoded: int, from_aliases: int) -> bool:
    return from_aliases > 100 and decoded > 1000 and from_aliases / decoded > _allowed_alias_ratio(decoded)


_MAP, _SEQ = 0, 1
_EXPECT_KEY = object()  # a mapping frame waiting for its next key
_BAD_KEY_PENDING = object()  # a collection used as a key is being read (and will be dropped)
_BAD_KEY = object()  # the value of a key that was not a scalar: read and dropped
_MERGE = "<<"
_BLOCK_STYLES = ("|", ">")


def _mark(event) -> tuple:
    start, end = event.start_mark, event.end_mark
    return (start.line, start.column, end.line, end.column)


def _add_block_lines(block_lines: set[int], event: ScalarEvent) -> None:
    """Record the content lines of a block scalar: a ``#`` there is text, not a comment."""
    end = event.end_mark
    block_lines.update(range(event.start_mark.line + 1, end.line + (1 if end.column else 0)))


def _build_document(get_event, first_event, index: int, lines: list[str], block_lines: set[int]) -> Document:
    """Build one document from its root node's first event up to (not including) its end event.

    Iterative, so that nesting depth is bounded by memory, not by Python's stack. Counts
    what decoding the document would cost as go-yaml does (``decoded``: every node, aliases
    expanded; ``from_aliases``: the nodes that come from expanding them), to refuse the
    documents it refuses.
    """
    keys: dict = {}
    values: dict = {}
    anchors: dict[str, Any] = {}
    sizes: dict[str, int] = {}  # anchor: the nodes its value decodes to
    heights: dict[int, int] = {}  # id of an aliased collection: how deep it nests
    errors: list[YamlProblem] = []
    duplicates: list[YamlProblem] = []
    converted: list[YamlProblem] = []
    limits: list[YamlProblem] = []  # excessive aliasing
    deep: YamlProblem | None = None  # nesting beyond what podlint checks, or beyond go-yaml's limit
    aliased: set = set()
    decoded, from_aliases = 1, 0  # the document node
    # a frame: [kind, container, path, key state or next index, key mark, anchor, start mark, explicit keys,
    #           nodes decoded before it]
    stack: list[list] = []
    event = first_event
    while True:
        kind = type(event)
        top = stack[-1] if stack else None
        if top is not None and top[0] == _MAP and top[3] is _EXPECT_KEY and kind is not MappingEndEvent:
            # this node is a mapping key
            if kind is ScalarEvent:
                decoded += 1
                written = resolved = event.value
                if not event.style or event.tag is not None:  # it may resolve to a boolean, number or null
                    resolved = key_value(event.tag, _scalar_value(event))
                    if event.tag is not None and (problem := tag_problem(event.tag, written, resolved)):
                        errors.append(YamlProblem(problem, _mark(event)))
                if event.anchor is not None:
                    anchors[event.anchor] = resolved
                    sizes[event.anchor] = 1
                if event.style in _BLOCK_STYLES:
                    _add_block_lines(block_lines, event)
            elif kind is AliasEvent and not isinstance(anchors.get(event.anchor), (dict, list)):
                # go-yaml decodes the node an alias names: an anchored scalar is a key like any other
                decoded += 1
                written, resolved = None, anchors.get(event.anchor, _MISSING)
                if resolved is _MISSING:
                    errors.append(YamlProblem(f'unknown anchor "{event.anchor}" referenced', _mark(event)))
                    top[3] = _BAD_KEY
                    event = get_event()
                    continue
            else:
                written = resolved = _MISSING
            if resolved is not _MISSING:
                key = resolved
                if resolved.__class__ is not str:
                    key = json_key(resolved)
                    if key is None:
                        errors.append(YamlProblem(refused_key(resolved), _mark(event)))
                        top[3] = _BAD_KEY
                        event = get_event()
                        continue
                    if written is not None and key != written:
                        message = _converted(written, resolved, key, tagged=event.tag is not None)
                        converted.append(YamlProblem(message, _mark(event), top[2] + (key,)))
                top[3] = key
                top[4] = _mark(event)
                event = get_event()
                continue
            errors.append(YamlProblem("a mapping key must be a string, not a collection or an alias of one", _mark(event)))
            if kind is AliasEvent:
                top[3] = _BAD_KEY
                event = get_event()
                continue
            top[3] = _BAD_KEY_PENDING  # read the collection below, then drop it

        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            value, path, start = top[1], top[2], top[6]
            values[path] = (start.line, start.column, event.end_mark.line, event.end_mark.column)
            if top[5] is not None:
                anchors[top[5]] = value
                sizes[top[5]] = decoded - top[8]
        else:
            if top is None:
                path = ()
            elif len(stack) > POSITION_DEPTH:
                path = top[2]  # absurdly deep: positions of the ancestor (paths would cost depth² memory)
            elif top[0] == _SEQ:
                path = top[2] + (top[3],)
            elif type(top[3]) is str:
                path = top[2] + (top[3],)
            else:
                path = top[2] + ("?",)
            if kind is ScalarEvent:
                decoded += 1
                value = _scalar_value(event)
                if event.tag is not None and (problem := tag_problem(event.tag, event.value, value)):
                    errors.append(YamlProblem(problem, _mark(event)))
                if value is None and not event.value and top is not None and top[4] is not None and not event.style:
                    values[path] = top[4]  # an empty value (`spec:`) is where its key is
                else:
                    values[path] = _mark(event)
                if event.anchor is not None:
                    anchors[event.anchor] = value
                    sizes[event.anchor] = 1
                if event.style in _BLOCK_STYLES:
                    _add_block_lines(block_lines, event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if len(stack) == CHECKED_DEPTH and deep is None:
                    deep = YamlProblem(f"nested deeper than {CHECKED_DEPTH} levels, more than podlint checks", _mark(event))
                elif len(stack) == MAX_DEPTH:
                    # go-yaml's words; and no further: libyaml's scanner takes time in the square of
                    # the depth of flow collections (a minute for 100,000 levels)
                    deep = YamlProblem(f"exceeded max depth of {MAX_DEPTH}", _mark(event))
                    refused = Document(index, None, SourceMap(keys, values, lines, aliased), first_event.start_mark.line + 1,
                                       limits=[deep, *limits], broken=True)
                    raise _TooDeep(refused)
                if kind is MappingStartEvent:
                    stack.append([_MAP, {}, path, _EXPECT_KEY, None, event.anchor, event.start_mark, set(), decoded])
                else:
                    stack.append([_SEQ, [], path, 0, None, event.anchor, event.start_mark, None, decoded])
                decoded += 1
                event = get_event()
                continue
            elif kind is AliasEvent:
                values[path] = _mark(event)
                aliased.add(path)
                value = anchors.get(event.anchor, _MISSING)
                if value is _MISSING:
                    errors.append(YamlProblem(f'unknown anchor "{event.anchor}" referenced', _mark(event)))
                    value = None
                if deep is None and value is not None and len(stack) + _height(value, heights) > CHECKED_DEPTH:
                    deep = YamlProblem(f"nested deeper than {CHECKED_DEPTH} levels, more than podlint checks", _mark(event))
                size = sizes.get(event.anchor, 0)
                decoded += 1 + size
                from_aliases += size
                if not limits and _excessive_aliasing(decoded, from_aliases):  # the first alias over the limit
                    message = f'document contains excessive aliasing: alias "*{event.anchor}" expands to {size:,} values'
                    limits.append(YamlProblem(message, _mark(event)))
            else:  # pragma: no cover - the parser guarantees a node here
                raise AssertionError(f"unexpected YAML event {event!r}")

        # hand the finished value to its parent
        if not stack:
            root = value
            break
        top = stack[-1]
        if top[0] == _SEQ:
            top[1].append(value)
            top[3] += 1
        else:
            key = top[3]
            if key is _BAD_KEY_PENDING:
                top[3] = _BAD_KEY
            elif key is _BAD_KEY:
                top[3] = _EXPECT_KEY
            else:
                path = top[2] + (key,)
                key_mark = top[4]
                if key == _MERGE and _is_merge_key(lines, key_mark):
                    _merge(top[1], value, top[2], key_mark, values.get(path), keys, values, aliased, errors)
                else:
                    explicit = top[7]
                    if key in explicit:
                        first = keys.get(path, key_mark)
                        duplicates.append(
                            YamlProblem(f'mapping key "{key}" already defined at line {first[0] + 1}', key_mark, path)
                        )
                    explicit.add(key)
                    top[1][key] = value
                    keys[path] = key_mark
                top[3] = _EXPECT_KEY
        event = get_event()

    start_line = first_event.start_mark.line + 1
    empty = (
        type(first_event) is ScalarEvent
        and first_event.value == ""
        and not first_event.style
        and first_event.tag is None
        and first_event.anchor is None
    )
    if deep is not None:
        limits.insert(0, deep)
    if limits:  # refused as a whole: no rule sees its data
        return Document(index, None, SourceMap(keys, values, lines, aliased), start_line, limits=limits, broken=True)
    return Document(index, root, SourceMap(keys, values, lines, aliased), start_line, errors, duplicates, converted, empty)


def _converted(written: str, value: Any, key: str, tagged: bool) -> str:
    what = f"the boolean {key}" if isinstance(value, bool) else "a number"
    keep = "remove its tag" if tagged else "quote it"
    return f'kubectl reads the key {written} as {what} and stores it as "{key}": {keep} to keep "{written}"'


def _is_merge_key(lines: list[str], mark: tuple) -> bool:
    """``<<`` is a merge key only when written plain (go-yaml: implicit ``<<``)."""
    line, col = mark[0], mark[1]
    return line < len(lines) and lines[line][col : col + 2] == _MERGE


def _merge(mapping: dict, value: Any, path: tuple, key_mark: tuple, value_mark, keys, values, aliased, errors) -> None:
    """Apply a ``<<`` merge key the way go-yaml v2 does: in order, later keys win."""
    sources = value if isinstance(value, list) else [value]
    if not all(isinstance(source, dict) for source in sources):
        errors.append(YamlProblem("map merge requires map or sequence of maps as the value", key_mark))
        return
    where = value_mark or key_mark
    for source in reversed(sources) if isinstance(value, list) else sources:
        for merged_key, merged_value in source.items():
            mapping[merged_key] = merged_value
            keys[path + (merged_key,)] = key_mark
            values[path + (merged_key,)] = where
            aliased.add(path + (merged_key,))


# --- the stream -------------------------------------------------------------------------


def _parser(text: str):
    if _CParser is not None:
        return _CParser(text)
    from ruamel.yaml.loader import BaseLoader  # pure-Python parser

    return BaseLoader(text)


class _TooDeep(Exception):
    """A document nested beyond go-yaml's limit, refused before the rest of it is read."""

    def __init__(self, document: Document):
        super().__init__(document.limits[0].message)
        self.document = document


def _parse_stream(text: str, lines: list[str], documents: list[Document], block_lines: set[int]) -> None:
    parser = _parser(text)
    try:
        get_event = parser.get_event
        get_event()  # StreamStartEvent
        while True:
            event = get_event()
            if type(event) is StreamEndEvent:
                return
            # DocumentStartEvent: the root node follows
            document = _build_document(get_event, get_event(), len(documents), lines, block_lines)
            end = get_event()
            assert type(end) is DocumentEndEvent
            documents.append(document)
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _error_mark(error: Exception, text: str) -> tuple[str, int, int]:
    """(message, 0-based line, 0-based column) of a ruamel.yaml error."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    if mark is not None:
        message = problem or str(error).split("\n", 1)[0]
        if context and problem:
            message = f"{problem} ({context})"
        return message, mark.line, mark.column
    position = getattr(error, "position", None)  # ReaderError: a character index
    if isinstance(position, int):
        before = text[:position]
        line = len(_LINE_BREAK.findall(before))
        last_break = max(before.rfind("\n"), before.rfind("\r"))
        reason = getattr(error, "reason", "unacceptable character")
        character = getattr(error, "character", None)
        if isinstance(character, int):
            message = f"unacceptable character #x{character:04x}: {reason}"
        else:
            message = str(reason)
        return message, line, position - last_break - 1
    return str(error).split("\n", 1)[0] or type(error).__name__, 0, 0


# libyaml composing each document in C (podlint.composed, through PyYAML) reads manifests about
# twice as fast as the events below, but importing PyYAML takes 10-15 ms: a run takes that path
# once it has read this much text (a pre-commit hook's one small file never does)
COMPOSE_AFTER = 256 * 1024
_text_read = 0
_compose: Any = None  # podlint.composed.compose once imported; False where it cannot be used


def _composer() -> Any:
    global _compose
    if _compose is None:
        try:
            from . import composed
        except ImportError:  # PyYAML without its C binding, or not installed
            _compose = False
        else:
            _compose = composed.compose if composed.USABLE else False
    return _compose


def load(text: str) -> SourceFile:
    """Parse every document of ``text``; syntax errors become broken documents."""
    global _text_read
    text = without_bom(text)
    lines = split_lines(text)
    _text_read += len(text)
    try:
        if _text_read > COMPOSE_AFTER and (compose := _composer()):
            composed = compose(text, lines)
            if composed is not None:
                return composed
        return load_events(text, lines)
    except UnicodeEncodeError:
        found = _SURROGATE.search(text)
        if found is None:
            raise
        return _not_unicode(text, lines, found.start())


_SURROGATE = re.compile("[\ud800-\udfff]")


def _not_unicode(text: str, lines: list[str], position: int) -> SourceFile:
    """A text with a lone surrogate at ``position``, which no file decodes to but an editor may
    send (JSON's ``"\\ud800"``): one broken document, as a file with a byte that is not UTF-8."""
    before = split_lines(text[:position])
    line, column = len(before) - 1, len(before[-1])
    mark = (line, column, line, column + 1)
    # in the words of ruamel.yaml's pure-Python reader, which refuses it so
    message = f"unacceptable character #x{ord(text[position]):04x}: special characters are not allowed"
    document = Document(0, None, SourceMap({}, {(): mark}, lines), line + 1, [YamlProblem(message, mark)], broken=True)
    return SourceFile(lines, [document], set())


# documents a file may fail to parse before the rest of it is not read: each one means parsing
# the rest of the file again, from the next "---"
MAX_BROKEN_DOCUMENTS = 100


def load_events(text: str, lines: list[str]) -> SourceFile:
    """:func:`load` event by event: what any YAML can be read by."""
    from ruamel.yaml.error import YAMLError

    documents: list[Document] = []
    block_lines: set[int] = set()
    chunk, chunk_line, broken = text, 0, 0
    while True:
        try:
            _parse_stream(chunk, lines, documents, block_lines)
            break
        except _TooDeep as refused:
            documents.append(refused.document)
            line = refused.document.limits[0].mark[0]
            start = line + 1  # the refused node is in the document: the next one starts below
        except (YAMLError, RecursionError) as error:
            if isinstance(error, RecursionError):
                message, line, column = "document nested too deeply", chunk_line, 0
            else:
                message, line, column = _error_mark(error, chunk)
            line = min(line, len(lines) - 1)
            documents.append(
                Document(
                    len(documents),
                    None,
                    SourceMap({}, {(): (line, column, line, column + 1)}, lines),
                    line + 1,
                    [YamlProblem(message, (line, column, line, column + 1))],
                    broken=True,
                )
            )
            # an error at a "---" itself ends the document before it; one after it, on the same
            # line, is in the document that starts there (parsed again, it would say so again)
            start = line if line > chunk_line and column == 0 else line + 1
        resume = _next_document_line(lines, start)
        if resume is None:
            break
        broken += 1
        if broken == MAX_BROKEN_DOCUMENTS:
            mark = (resume, 0, resume, len(lines[resume]))
            message = f"{broken} documents could not be read: the rest of the file is not read"
            documents.append(Document(len(documents), None, SourceMap({}, {(): mark}, lines), resume + 1,
                                      limits=[YamlProblem(message, mark)], broken=True))
            break
        chunk, chunk_line = "\n" * resume + "\n".join(lines[resume:]), resume
    return SourceFile(lines, documents, block_lines)


def _next_document_line(lines: list[str], start: int) -> int | None:
    """The first ``---`` line from ``start`` on, where parsing can start again after an error."""
    for number in range(start, len(lines)):
        if _DOC_SEPARATOR.match(lines[number]):
            return number
    return None


