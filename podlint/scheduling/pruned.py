"""Reading only what the scheduler reads of a large YAML file, with positions.

``kubectl get nodes -o yaml`` of a big cluster is mostly what podlint never looks at: each
node's images, conditions, addresses, node info, managed fields; ``kubectl get pods -A -o
yaml`` likewise. :func:`documents` walks the parser's events and builds only the fields a
``keep`` tree names (``True``: the whole subtree; ``"*"``: every item of a list), with the
positions of what it keeps, and skips the rest without building it.

It reads plain documents only. Anything that needs the full loader's care (an anchor or an
alias, a merge key, a key written twice, a key that is not a scalar, deep nesting, a syntax
error) makes it return None, and the caller reads the file with :func:`podlint.loader.load`,
which reports those problems where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..loader import _mark, _parser, _scalar_value, json_key, key_value, split_lines, tag_problem
from ..sourcemap import SourceMap

MAX_DEPTH = 64  # no Node or Pod nests deeper; anything deeper is the full loader's to judge


class _Unplain(Exception):
    """The text needs the full loader."""


@dataclass
class Pruned:
    """A document with only the kept fields, and their positions."""

    data: Any
    sourcemap: SourceMap


def documents(text: str, keep: Any) -> list[Pruned] | None:
    """The documents of ``text`` pruned to ``keep``, or None when only the full loader can read it."""
    lines = split_lines(text)
    parser = _parser(text)
    found = []
    try:
        get = parser.get_event
        get()  # StreamStartEvent
        while True:
            event = get()
            if type(event) is StreamEndEvent:
                return found
            keys: dict = {}
            values: dict = {}
            data = _node(get, get(), (), keep, keys, values, None, 0)
            get()  # DocumentEndEvent
            found.append(Pruned(data, SourceMap(keys, values, lines)))
    except Exception:  # a syntax error, an alias, ...: the full loader says what and where
        return None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _node(get, event, path: tuple, keep: Any, keys: dict, values: dict, key_mark, depth: int) -> Any:
    kind = type(event)
    if kind is AliasEvent or event.anchor is not None or depth > MAX_DEPTH:
        raise _Unplain
    if kind is ScalarEvent:
        value = _scalar_value(event)
        if event.tag is not None and tag_problem(event.tag, event.value, value) is not None:
            raise _Unplain
        # as the loader does: an empty value (`spec:`) is where its key is
        empty = value is None and not event.value and key_mark is not None and not event.style
        values[path] = key_mark if empty else _mark(event)
        return value
    start = event.start_mark
    if kind is MappingStartEvent:
        result: dict = {}
        while True:
            event = get()
            if type(event) is MappingEndEvent:
                break
            if type(event) is not ScalarEvent or event.anchor is not None or event.value == "<<":
                raise _Unplain
            key = event.value
            if not event.style or event.tag is not None:  # a key kubectl stores as other text
                resolved = key_value(event.tag, _scalar_value(event))
                if resolved.__class__ is not str:
                    key = json_key(resolved)
                    if key is None or tag_problem(event.tag, event.value, resolved) is not None:
                        raise _Unplain
            if key in result:
                raise _Unplain  # a duplicate key: the loader reports it
            below = keep if keep is True else (keep.get(key) if isinstance(keep, dict) else None)
            if below is None:
                _skip(get)
                continue
            mark = _mark(event)
            keys[path + (key,)] = mark
            result[key] = _node(get, get(), path + (key,), below, keys, values, mark, depth + 1)
    elif kind is SequenceStartEvent:
        result = []  # type: ignore[assignment]
        below = keep if keep is True else (keep.get("*") if isinstance(keep, dict) else None)
        while True:
            event = get()
            if type(event) is SequenceEndEvent:
                break
            if below is None:
                _skip(get, event)
                continue
            result.append(_node(get, event, path + (len(result),), below, keys, values, None, depth + 1))
    else:
        raise _Unplain
    values[path] = (start.line, start.column, event.end_mark.line, event.end_mark.column)
    return result


def _skip(get, event=None) -> None:
    """Read past one node without building it."""
    event = get() if event is None else event
    if type(event) is AliasEvent or event.anchor is not None:
        raise _Unplain  # an anchor may be used by what is kept
    if type(event) is ScalarEvent:
        return
    depth = 1
    while depth:
        event = get()
        kind = type(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
        elif kind is AliasEvent or getattr(event, "anchor", None) is not None:
            raise _Unplain
        if depth > MAX_DEPTH:
            raise _Unplain
