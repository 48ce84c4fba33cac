"""Kubernetes resource quantities (``100m``, ``1.5Gi``, ``1e3``), parsed exactly as the API server does.

A port of ``ParseQuantity`` in ``k8s.io/apimachinery/pkg/api/resource/quantity.go``:
the same scanner (including its leniencies: ``1.G`` and ``.`` parse), the same
suffixes (binary ``Ki``…``Ei``, decimal ``n u m k M G T P E``, exponents ``e3``/``E-2``),
the same rounding (a non-zero value rounds up, away from zero, to a whole nano unit)
and the same cap on binary quantities (2^63 - 1). A parsed value is therefore a whole number
of nano units, and podlint keeps it as that integer: comparing and summing are exact, and fast.

One limit of podlint's own: decimal exponents beyond ±10,000 are evaluated as if
they were ±10,000 (the value is astronomically large, or rounds to 1n, either way).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fractions import Fraction

SPLIT_RE = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
ERR_FORMAT = f"quantities must match the regular expression '{SPLIT_RE}'"
ERR_SUFFIX = "unable to parse quantity's suffix"

DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT = "DecimalSI", "BinarySI", "DecimalExponent"
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_SUFFIX_CHARS = frozenset("eEinumkKMGTP")
_DIGITS = frozenset("0123456789")
NANO = 10**9  # nano units in one unit
_MAX_BINARY = 2**63 - 1
_EXPONENT_LIMIT = 10_000


class QuantityError(ValueError):
    """Not a quantity; the message is the API server's."""


def _scan(text: str) -> tuple[bool, str, str, str]:
    """``parseQuantityString``: (positive, numerator, denominator, suffix)."""
    positive, pos, end = True, 0, len(text)
    if pos < end and text[0] in "+-":
        positive = text[0] == "+"
        pos += 1
    while pos < end and text[pos] == "0":  # leading zeros
        pos += 1
    if pos >= end:
        return positive, "0", "", ""
    start = pos
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    numerator = text[start:pos] or "0"
    denominator = ""
    if pos < end and text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos] in _DIGITS:
            pos += 1
        denominator = text[start:pos]
        if pos >= end:
            return positive, numerator, denominator, ""
    suffix_start = pos
    while pos < end and text[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos < end:
        raise QuantityError(ERR_FORMAT)
    return positive, numerator, denominator, text[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, str]:
    """``suffixHandler.interpret``: (base, exponent, format)."""
    if suffix in _DECIMAL:
        return 10, _DECIMAL[suffix], DECIMAL_SI
    if suffix in _BINARY:
        return 2, _BINARY[suffix], BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE":
        digits = suffix[1:]
        body = digits[1:] if digits[:1] in ("+", "-") else digits
        if body and all(c in _DIGITS for c in body):
            exponent = int(digits)
            if -(2**63) <= exponent < 2**63:  # strconv.ParseInt(_, 10, 64), then int32()
                exponent = (exponent + 2**31) % 2**32 - 2**31
                return 10, exponent, DECIMAL_EXPONENT
    raise QuantityError(ERR_SUFFIX)


class Quantity:
    """An exact quantity: ``nanos``, its value in billionths of a base unit (of a core, of a byte),
    and the format it was written in. Immutable (a plain class: a dataclass is compiled at every
    start, and a tuple would add and multiply as a tuple)."""

    __slots__ = ("nanos", "format")

    def __init__(self, nanos: int, format: str) -> None:
        self.nanos = nanos
        self.format = format

    def __repr__(self) -> str:
        return f"Quantity(nanos={self.nanos!r}, format={self.format!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Quantity:
            return NotImplemented
        return self.nanos == other.nanos and self.format == other.format  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.nanos, self.format))

    @classmethod
    def of(cls, value: Fraction | int, format: str) -> Quantity:
        """The quantity of an exact value in base units (a whole number of nano units)."""
        return cls(int(value * NANO), format)

    @property
    def value(self) -> Fraction:
        """The value in base units (cores, bytes, ...), exact."""
        from fractions import Fraction  # only messages and the scheduler need it: not imported at start

        return Fraction(self.nanos, NANO)

    @classmethod
    def parse(cls, text: str) -> Quantity:
        """Parse a quantity string; raises :class:`QuantityError` with the API server's message.

        Manifests repeat the same few quantities (``100m``, ``256Mi``): each text is parsed
        once per process (quantities are immutable)."""
        return _parse(text)

    @classmethod
    def _parse(cls, text: str) -> Quantity:
        if not text:
            raise QuantityError(ERR_FORMAT)
        if text == "0":
            return cls(0, DECIMAL_SI)
        positive, numerator, denominator, suffix = _scan(text)
        base, exponent, fmt = _interpret(suffix)
        digits = int(numerator + denominator)
        nanos = 0
        if digits:
            # the value is digits × base^exponent / 10^len(denominator); non-zero values round
            # up to a whole nano unit
            if base == 2:
                nanos = -(-digits * 2**exponent * NANO // 10 ** len(denominator))
            elif exponent < -_EXPONENT_LIMIT:
                nanos = 1  # whatever it was, it rounds up to 1n
            else:
                shift = min(exponent, _EXPONENT_LIMIT) + 9 - len(denominator)
                nanos = digits * 10**shift if shift >= 0 else -(-digits // 10**-shift)
            if fmt == BINARY_SI:
                nanos = min(nanos, _MAX_BINARY * NANO)
                if nanos < NANO:
                    fmt = DECIMAL_SI
        return cls(nanos if positive else -nanos, fmt)

    @classmethod
    def from_json(cls, value: Any) -> Quantity:
        """A quantity as a manifest gives it: a string (white space trimmed, as the API server does) or a number."""
        if isinstance(value, bool) or value is None:
            raise QuantityError(ERR_FORMAT)
        if isinstance(value, (int, float)):
            return cls.parse(go_json_number(value))
        if isinstance(value, str):
            return cls.parse(value.strip())
        raise QuantityError(ERR_FORMAT)

    def __lt__(self, other: Quantity) -> bool:
        return self.nanos < other.nanos

    def __le__(self, other: Quantity) -> bool:
        return self.nanos <= other.nanos

    def __gt__(self, other: Quantity) -> bool:
        return self.nanos > other.nanos

    def __ge__(self, other: Quantity) -> bool:
        return self.nanos >= other.nanos

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(self.nanos + other.nanos, self.format if self.nanos else other.format)

    @property
    def milli_value(self) -> int:
        """``MilliValue()``: thousandths, rounded up (away from zero)."""
        return _away_from_zero(self.nanos, 10**6)

    @property
    def int_value(self) -> int:
        """``Value()``: whole units, rounded up (away from zero)."""
        return _away_from_zero(self.nanos, NANO)

    def round_up(self, scale: int) -> Quantity:
        """``RoundUp``: to a multiple of 10^-scale, away from zero (``round_up(3)``: to thousandths)."""
        if scale >= 9:
            return self
        step = 10 ** (9 - scale)
        if not self.nanos % step:
            return self
        return Quantity(_away_from_zero(self.nanos, step) * step, self.format)

    @property
    def is_whole(self) -> bool:
        return not self.nanos % NANO

    def __str__(self) -> str:
        """``String()``: the canonical form the API server prints (``0.5`` → ``500m``, ``1024Mi`` → ``1Gi``)."""
        nanos = self.nanos
        if not nanos:
            return "0"
        fmt = self.format
        if fmt == BINARY_SI and (-1024 * NANO < nanos < 1024 * NANO or nanos % NANO):
            fmt = DECIMAL_SI  # small or fractional: no binary suffix without rounding
        if fmt == BINARY_SI:
            amount, exponent = _remove_factors(nanos // NANO, 1024)
            suffix = _BINARY_SUFFIX.get(exponent * 10)
            return f"{amount}{suffix if suffix is not None else ''}"
        # decimal: an integer mantissa and a power of ten that is a multiple of 3
        amount, exponent = _remove_factors(nanos, 10)
        exponent -= 9
        shift = exponent % 3  # Python's modulo floors: the exponent rounds down to a multiple of 3
        amount, exponent = amount * 10**shift, exponent - shift
        if fmt == DECIMAL_EXPONENT:
            return f"{amount}e{exponent}" if exponent else str(amount)
        suffix = _DECIMAL_SUFFIX.get(exponent)
        return f"{amount}{suffix if suffix is not None else ''}"


def _away_from_zero(nanos: int, step: int) -> int:
    """``nanos / step``, rounded away from zero."""
    return -(-nanos // step) if nanos >= 0 else nanos // step


@lru_cache(maxsize=4096)
def _parse(text: str) -> Quantity:
    return Quantity._parse(text)


def stored_quantity(raw: Any) -> Quantity | None:
    """A manifest's quantity as the API server stores it, rounded up to thousandths
    (``SetDefaults_ResourceList``); None for a value that is not a quantity."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return None
    return _stored(raw)


@lru_cache(maxsize=1024)
def _stored(raw: str | int | float) -> Quantity | None:
    try:
        return Quantity.from_json(raw).round_up(3)
    except QuantityError:
        return None


_DECIMAL_SUFFIX = {exponent: suffix for suffix, exponent in _DECIMAL.items()}
_BINARY_SUFFIX = {exponent: suffix for suffix, exponent in _BINARY.items()}
_BINARY_SUFFIX[0] = ""


def _remove_factors(value: int, base: int) -> tuple[int, int]:
    """``removeInt64Factors``: ``value`` = result × base^times, with ``result`` not divisible by ``base``."""
    times = 0
    negative = value < 0
    value = abs(value)
    while value and value % base == 0:
        value //= base
        times += 1
    return (-value if negative else value), times


def go_json_number(value: float) -> str:
    """How Go's encoding/json writes a number (what the API server parses for a quantity given as a number)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        raise QuantityError(ERR_FORMAT)  # encoding/json refuses them: no quantity can be made
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        mantissa, _, exponent = repr(value).partition("e")
        if not exponent:
            mantissa, _, exponent = f"{value:e}".partition("e")
        sign = "-" if exponent.startswith("-") else "+"
        return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"
    from decimal import Decimal

    return format(Decimal(repr(value)), "f")  # the shortest digits, written positionally


MAX_INT64_FACTORS = 18  # maxInt64Factors: the digits an int64 amount holds for certain
_INT64 = range(-(2**63), 2**63)


def go_struct(raw: Any, stringed: bool = False) -> str | None:
    """``%#v`` of the ``resource.Quantity`` the API server holds for a manifest's quantity, after
    ``ParseQuantity`` and ``SetDefaults_ResourceList``'s ``RoundUp(-3)``: how a field error prints
    one it is given by value (``String`` has a pointer receiver, so the value is no ``fmt.Stringer``).
    An amount held as an ``inf.Dec`` shows its pointer, whose address no manifest can tell.
    ``stringed``: ``String()`` was called on it first (Go reads a variable argument after the
    calls among the arguments), which keeps its canonical form in ``s``. None for a value that
    is not a quantity."""
    from .apiserver import go_quote

    shown = _go_struct(raw)
    if shown is None or not stringed:
        return shown
    head, _, tail = shown.partition(", s:")
    return f"{head}, s:{go_quote(str(stored_quantity(raw)))}, Format:{tail.partition(', Format:')[2]}"


def _go_struct(raw: Any) -> str | None:
    try:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            return None
        text = go_json_number(raw) if isinstance(raw, (int, float)) else raw.strip()
        if not text:
            return None
        if text == "0":
            return _go_quantity(0, 0, False, "0", DECIMAL_SI)
        positive, numerator, denominator, suffix = _scan(text)
        _, exponent, fmt = _interpret(suffix)
    except QuantityError:
        return None
    mantissa = 1
    if fmt == BINARY_SI:
        scale = 0
        if exponent >= 0 and not denominator:
            mantissa = 1 << exponent
            precision = 15 - len(numerator) - exponent * 3 // 10 - 1
        else:
            precision = -1
    else:
        scale, precision = exponent, MAX_INT64_FACTORS - len(numerator) - len(denominator)
    if precision >= 0:
        scale -= len(denominator)
        shifted = numerator + denominator
        value = int(shifted)
        if scale >= -9 and value * mantissa in _INT64:
            amount = value * mantissa if positive else -value * mantissa
            if fmt == BINARY_SI:
                canonical = exponent % 10 == 0 and value & 7 != 0
            else:
                canonical = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
            kept = text if canonical else ""
            if scale < -3:  # RoundUp(-3): to thousandths, away from zero; the string is dropped
                step = 10 ** (-3 - scale)
                whole, remainder = divmod(abs(amount), step)
                amount = (whole + (remainder > 0)) * (1 if amount >= 0 else -1)
                scale, kept = -3, ""
            return _go_quantity(amount, scale, False, kept, fmt)
    # an inf.Dec: a BinarySI amount between 0 and 1 is shown as DecimalSI
    parsed = Quantity.parse(text)
    if fmt == BINARY_SI and 0 < abs(parsed.nanos) < NANO:
        fmt = DECIMAL_SI
    return _go_quantity(0, 0, True, "", fmt)


def _go_quantity(value: int, scale: int, decimal: bool, kept: str, fmt: str) -> str:
    from .apiserver import UNKNOWN_ADDRESS, go_quote

    pointer = UNKNOWN_ADDRESS if decimal else "nil"
    return (
        f"resource.Quantity{{i:resource.int64Amount{{value:{value}, scale:{scale}}}, "
        f"d:resource.infDecAmount{{Dec:(*inf.Dec)({pointer})}}, s:{go_quote(kept)}, Format:{go_quote(fmt)}}}"
    )
