"""CronJob schedules and time zones, as the API server validates them.

``validateScheduleFormat`` and ``validateTimeZone`` (``pkg/apis/batch/validation/validation.go``)
accept a schedule that ``cron.ParseStandard`` of ``github.com/robfig/cron/v3`` v3.0.1 parses,
and report its error string verbatim. :func:`parse_standard` is a port of that parser
(``parser.go``, ``spec.go``, ``constantdelay.go``) with the Go library functions it relies on
(``strings.Fields``, ``strconv.Atoi``, ``time.ParseDuration``, ``time.LoadLocation``) and their
error texts, byte for byte.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ... import apiserver as api
from ...findings import Violation
from ...model import Manifest
from ...registry import rule
from ...sourcemap import FieldPath

# --- Go's library, as far as the parser uses it -------------------------------------------------------

# unicode.IsSpace: what strings.Fields and strings.TrimSpace split on and trim (the White_Space
# property; Python's str.split() also splits on U+001C..U+001F, which Go does not).
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_GO_SPACE_RUNS = re.compile("[" + "".join(sorted(_GO_SPACE)) + "]+")


def go_fields(text: str) -> list[str]:
    """``strings.Fields``: the runs of non-space characters."""
    return [field for field in _GO_SPACE_RUNS.split(text) if field]


def go_trim_space(text: str) -> str:
    """``strings.TrimSpace``."""
    start, end = 0, len(text)
    while start < end and text[start] in _GO_SPACE:
        start += 1
    while end > start and text[end - 1] in _GO_SPACE:
        end -= 1
    return text[start:end]


def _go_lower(text: str) -> str:
    """``strings.ToLower`` (simple case mapping: U+0130 lowers to a plain 'i')."""
    return "".join("i" if char == "\u0130" else char.lower()[:1] for char in text)




def _time_quote(text: str) -> str:
    """The ``time`` package's own ``quote``: bytes outside printable ASCII as ``\\xNN``."""
    out = ['"']
    for char in text:
        if ord(char) >= 0x80 or char < " ":
            out.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
        else:
            out.append("\\" + char if char in '"\\' else char)
    out.append('"')
    return "".join(out)


_MAX_UINT64 = 2**64 - 1


def go_atoi(text: str) -> int:
    """``strconv.Atoi`` on a 64-bit platform; raises ValueError with Go's error text."""

    def fail(reason: str) -> ValueError:
        return ValueError(f"strconv.Atoi: parsing {api.go_quote(text)}: {reason}")

    if 0 < len(text) < 19:  # the fast path: no overflow possible
        digits = text[1:] if text[0] in "+-" else text
        if not digits or not all("0" <= char <= "9" for char in digits):
            raise fail("invalid syntax")
        return -int(digits) if text[0] == "-" else int(digits)
    # ParseInt(s, 10, 0), with ParseUint(s, 10, 64): errors in the order the digits are read
    if not text:
        raise fail("invalid syntax")
    negative = text[0] == "-"
    digits = text[1:] if text[0] in "+-" else text
    if not digits:
        raise fail("invalid syntax")
    value = 0
    for char in digits:
        if not "0" <= char <= "9":
            raise fail("invalid syntax")
        value = value * 10 + ord(char) - 48
        if value > _MAX_UINT64:
            raise fail("value out of range")
    if (not negative and value >= 2**63) or (negative and value > 2**63):
        raise fail("value out of range")
    return -value if negative else value


_DURATION_UNITS = {
    b"ns": 1,
    b"us": 1_000,
    "µs".encode(): 1_000,  # U+00B5 micro sign
    "μs".encode(): 1_000,  # U+03BC Greek mu
    b"ms": 1_000_000,
    b"s": 1_000_000_000,
    b"m": 60_000_000_000,
    b"h": 3_600_000_000_000,
}
_DIGITS = b"0123456789"


def go_parse_duration(text: str) -> int:
    """``time.ParseDuration``, in nanoseconds; raises ValueError with Go's error text."""
    orig = text
    data = text.encode("utf-8", "surrogatepass")

    def invalid() -> ValueError:
        return ValueError(f"time: invalid duration {_time_quote(orig)}")

    total = 0
    negative = False
    if data and data[:1] in (b"-", b"+"):
        negative = data[:1] == b"-"
        data = data[1:]
    if data == b"0":
        return 0
    if not data:
        raise invalid()
    while data:
        if not (data[:1] == b"." or data[:1] in _DIGITS):
            raise invalid()
        # leadingInt
        index, whole = 0, 0
        while index < len(data) and data[index : index + 1] in _DIGITS:
            if whole > 2**63 // 10:
                raise invalid()
            whole = whole * 10 + data[index] - 48
            if whole > 2**63:
                raise invalid()
            index += 1
        before = index > 0
        data = data[index:]
        # leadingFraction
        fraction, scale, after = 0, 1.0, False
        if data[:1] == b".":
            data = data[1:]
            index, overflow = 0, False
            while index < len(data) and data[index : index + 1] in _DIGITS:
                if not overflow:
                    if fraction > (2**63 - 1) // 10:
                        overflow = True
                    else:
                        next_fraction = fraction * 10 + data[index] - 48
                        if next_fraction > 2**63:
                            overflow = True
                        else:
                            fraction = next_fraction
                            scale *= 10
                index += 1
            after = index > 0
            data = data[index:]
        if not before and not after:
            raise invalid()
        index = 0
        while index < len(data) and not (data[index : index + 1] == b"." or data[index : index + 1] in _DIGITS):
            index += 1
        if index == 0:
            raise ValueError(f"time: missing unit in duration {_time_quote(orig)}")
        unit_text, data = data[:index], data[index:]
        unit = _DURATION_UNITS.get(unit_text)
        if unit is None:
            unit_name = unit_text.decode("utf-8", "surrogateescape")
            raise ValueError(f"time: unknown unit {_time_quote(unit_name)} in duration {_time_quote(orig)}")
        if whole > 2**63 // unit:
            raise invalid()
        whole *= unit
        if fraction > 0:
            whole += int(float(fraction) * (float(unit) / scale))
            if whole > 2**63:
                raise invalid()
        total += whole
        if total > 2**63:
            raise invalid()
    if negative:
        return -total
    if total > 2**63 - 1:
        raise invalid()
    return total


@lru_cache(maxsize=1)
def _tz_database_available() -> bool:
    try:
        import zoneinfo

        return bool(zoneinfo.available_timezones())
    except Exception:  # noqa: BLE001 - no tz database: nothing to check against
        return False


@lru_cache(maxsize=256)
def _zone_exists(name: str) -> bool:
    """Whether the tz database has a zone of that name (True when there is no database to ask)."""
    if not _tz_database_available():
        return True
    try:
        import zoneinfo

        zoneinfo.ZoneInfo(name)
        return True
    except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError for a key that is no zone
        return False


def go_load_location(name: str) -> str | None:
    """``time.LoadLocation``: None for a known zone, else Go's error text."""
    if name in ("", "UTC", "Local"):
        return None
    if ".." in name or name[0] in "/\\":
        return "time: invalid location name"
    return None if _zone_exists(name) else f"unknown time zone {name}"


# --- robfig/cron v3.0.1: parser.go, spec.go ------------------------------------------------------------


class CronPanic(Exception):
    """``Parse`` panics (a ``TZ=`` or ``CRON_TZ=`` prefix with no space after it: the slice
    ``spec[eq+1:i]`` with ``i == -1``); the API server answers with an internal error."""


class _Bounds:
    __slots__ = ("max", "min", "names")

    def __init__(self, low: int, high: int, names: dict[str, int] | None = None):
        self.min, self.max, self.names = low, high, names


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
MINUTES = _Bounds(0, 59)
HOURS = _Bounds(0, 23)
DOM = _Bounds(1, 31)
MONTHS = _Bounds(1, 12, {name: index + 1 for index, name in enumerate(_MONTH_NAMES)})
DOW = _Bounds(0, 6, {name: index for index, name in enumerate(_DAY_NAMES)})
# ParseStandard: Minute | Hour | Dom | Month | Dow | Descriptor (the second is always 0)
STANDARD_FIELDS = (MINUTES, HOURS, DOM, MONTHS, DOW)
DESCRIPTORS = frozenset(("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"))


class _CronError(Exception):
    pass


def _must_parse_int(expr: str) -> int:
    try:
        number = go_atoi(expr)
    except ValueError as error:
        raise _CronError(f"failed to parse int from {expr}: {error}") from None
    if number < 0:
        raise _CronError(f"negative number ({number}) not allowed: {expr}")
    return number


def _parse_int_or_name(expr: str, names: dict[str, int] | None) -> int:
    if names is not None and _go_lower(expr) in names:
        return names[_go_lower(expr)]
    return _must_parse_int(expr)


def _check_range(expr: str, bounds: _Bounds) -> None:
    """``getRange``: ``number | number "-" number [ "/" number ]``, or ``*`` / ``?``."""
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    if low_and_high[0] in ("*", "?"):
        start, end = bounds.min, bounds.max  # sic: "*-5" is a star, what follows the hyphen unread
    else:
        start = _parse_int_or_name(low_and_high[0], bounds.names)
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end = _parse_int_or_name(low_and_high[1], bounds.names)
        else:
            raise _CronError(f"too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _must_parse_int(range_and_step[1])
        if single:  # "N/step" means "N-max/step"
            end = bounds.max
    else:
        raise _CronError(f"too many slashes: {expr}")
    if start < bounds.min:
        raise _CronError(f"beginning of range ({start}) below minimum ({bounds.min}): {expr}")
    if end > bounds.max:
        raise _CronError(f"end of range ({end}) above maximum ({bounds.max}): {expr}")
    if start > end:
        raise _CronError(f"beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise _CronError(f"step of range should be a positive number: {expr}")


def _check_field(field: str, bounds: _Bounds) -> None:
    """``getField``: a comma-separated list of ranges (``strings.FieldsFunc``: empty items dropped)."""
    for expr in field.split(","):
        if expr:
            _check_range(expr, bounds)


def _check_descriptor(descriptor: str) -> None:
    if descriptor in DESCRIPTORS:
        return
    every = "@every "
    if descriptor.startswith(every):
        try:
            go_parse_duration(descriptor[len(every) :])  # Every() rounds anything under 1s up to 1s
        except ValueError as error:
            raise _CronError(f"failed to parse duration {descriptor}: {error}") from None
        return
    raise _CronError(f"unrecognized descriptor: {descriptor}")


def parse_standard(spec: str) -> str | None:
    """``cron.ParseStandard(spec)``: None when it parses, else its error string.

    Raises :class:`CronPanic` where the Go function panics.
    """
    try:
        _parse_standard(spec)
    except _CronError as error:
        return str(error)
    return None


def _parse_standard(spec: str) -> None:
    if not spec:
        raise _CronError("empty spec string")
    if spec.startswith(("TZ=", "CRON_TZ=")):
        space, equals = spec.find(" "), spec.index("=")
        if space == -1:
            raise CronPanic(spec)
        location = spec[equals + 1 : space]
        if (error := go_load_location(location)) is not None:
            raise _CronError(f"provided bad location {location}: {error}")
        spec = go_trim_space(spec[space:])
    if spec.startswith("@"):
        _check_descriptor(spec)
        return
    fields = go_fields(spec)
    if len(fields) != len(STANDARD_FIELDS):
        shown = "[" + " ".join(fields) + "]"
        raise _CronError(f"expected exactly {len(STANDARD_FIELDS)} fields, found {len(fields)}: {shown}")
    for field, bounds in zip(fields, STANDARD_FIELDS):
        _check_field(field, bounds)


# --- pkg/apis/batch/validation/validation.go ---------------------------------------------------------------

TZ_IN_SCHEDULE = "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
LOCAL_TIME_ZONE = "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
EMPTY_TIME_ZONE = "timeZone must be nil or non-empty string"
_TIME_ZONE_PART = re.compile(r"[A-Za-z.\-_0-9+]{1,14}\Z")


def schedule_errors(schedule: str) -> list[str]:
    """``validateScheduleFormat`` on create: the details of its field errors, in order."""
    errors = []
    try:
        error = parse_standard(schedule)
    except CronPanic:
        error = None  # the API server fails on its own; the TZ error below says why
    if error is not None:
        errors.append(error)
    if "TZ" in schedule:  # on create TZ is never allowed (an update keeps one already there)
        errors.append(TZ_IN_SCHEDULE)
    return errors


def time_zone_errors(time_zone: str) -> list[str]:
    """``validateTimeZone``: the details of its field errors, in order."""
    if not time_zone:
        return [EMPTY_TIME_ZONE]
    for part in time_zone.split("/"):
        if part in (".", "..") or part.startswith("-") or not _TIME_ZONE_PART.match(part):
            return [f"unknown time zone {time_zone}"]
    errors = []
    if time_zone.lower() == "local":  # strings.EqualFold
        errors.append(LOCAL_TIME_ZONE)
    if (error := go_load_location(time_zone)) is not None:
        errors.append(error)
    return errors


_SPEC = FieldPath(("spec",))


@rule("cronjob-invalid-schedule")
def cronjob_invalid_schedule(manifest: Manifest) -> Iterator[Violation]:
    if (manifest.group, manifest.kind) != ("batch", "CronJob"):
        return
    spec = manifest.data.get("spec")
    if not isinstance(spec, dict):
        return
    schedule = spec.get("schedule")
    path = _SPEC / "schedule"
    if schedule == "":
        yield Violation(path, api.required(path))
    elif isinstance(schedule, str):
        for detail in schedule_errors(schedule):
            yield Violation(path, api.invalid(path, schedule, detail))
    time_zone = spec.get("timeZone")
    if isinstance(time_zone, str):
        path = _SPEC / "timeZone"
        for detail in time_zone_errors(time_zone):
            yield Violation(path, api.invalid(path, time_zone, detail))
