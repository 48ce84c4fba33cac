"""Rule logic, one module per category. Every ``@rule`` function here is found by the registry."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _glob(patterns: tuple[str, ...], fold: bool) -> re.Pattern:
    import fnmatch

    return re.compile("|".join(fnmatch.translate(p.lower() if fold else p) for p in patterns) or r"(?!)")


def matches_any(text: str, patterns, fold: bool = False) -> bool:
    """Whether ``text`` matches one of the shell-style ``patterns`` (as ``fnmatchcase``;
    ``fold``: both lower-cased), the patterns compiled once into one expression."""
    return _glob(tuple(patterns), fold).match(text.lower() if fold else text) is not None
