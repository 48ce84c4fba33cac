"""What Go's standard library says of bytes, where the API server and kubectl answer with it:
``encoding/base64`` (where ``StdEncoding`` finds base64 corrupt) and ``encoding/json`` (whether
bytes are JSON, and its error when they are not: ``checkValid``, the scanner of ``scanner.go``)."""

from __future__ import annotations

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_NEWLINES = (ord("\n"), ord("\r"))


def base64_error(data: bytes) -> int | None:
    """Where Go's ``base64.StdEncoding.Decode`` finds ``data`` corrupt (the byte of its
    ``CorruptInputError``), or None when it decodes. Newlines are skipped, padding is required."""
    length, si = len(data), 0
    while si < length:
        j = 0
        while j < 4:
            if si == length:
                if j == 0:
                    return None
                return si - j  # a quantum cut short: padding is required
            char = data[si]
            si += 1
            if char in _ALPHABET:
                j += 1
                continue
            if char in _NEWLINES:
                continue
            if char != ord("="):
                return si - 1
            if j in (0, 1):
                return si - 1  # padding where there can be none
            if j == 2:  # "==" expected, the first "=" read
                while si < length and data[si] in _NEWLINES:
                    si += 1
                if si == length:
                    return length
                if data[si] != ord("="):
                    return si - 1
                si += 1
            while si < length and data[si] in _NEWLINES:
                si += 1
            return si if si < length else None  # anything after the padding is corrupt
    return None


def base64_decode(text: str) -> bytes | None:
    """``base64.StdEncoding.DecodeString``: the bytes, or None where it fails."""
    import binascii

    data = text.encode()
    return None if base64_error(data) is not None else binascii.a2b_base64(data)


def go_string(data: bytes) -> str:
    """Bytes as a Go string is written in JSON: each byte that is not valid UTF-8 is U+FFFD."""
    return "".join(
        "\ufffd" if "\udc80" <= char <= "\udcff" else char for char in data.decode("utf-8", "surrogateescape")
    )


MAX_DEPTH = 10_000  # maxNestingDepth
_SPACE = frozenset(b" \t\r\n")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")
_OBJECT_KEY, _OBJECT_VALUE, _ARRAY_VALUE = 0, 1, 2
# Go's strconv.IsPrint for the runes U+0080 to U+00FF a byte is quoted as: all but the C1
# controls, the no-break space and the soft hyphen
_ESCAPES = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 92: "\\\\"}


def quote_char(c: int) -> str:
    """``quoteChar``: a byte as the scanner's errors name it."""
    if c == ord("'"):
        return "'\\''"
    if c == ord('"'):
        return "'\"'"
    if c in _ESCAPES:
        text = _ESCAPES[c]
    elif c < 0x20 or c == 0x7F:
        text = f"\\x{c:02x}"
    elif c < 0x80:
        text = chr(c)
    elif c < 0xA0 or c in (0xA0, 0xAD):
        text = f"\\u{c:04x}"
    else:
        text = chr(c)
    return f"'{text}'"


class _Error(Exception):
    pass


def syntax_error(data: bytes) -> str | None:
    """What ``json.Unmarshal`` says of ``data`` before it decodes anything, or None: valid JSON."""
    stack: list[int] = []
    state = "begin"
    literal = b""
    end_top = False

    def fail(c: int, context: str) -> _Error:
        return _Error(f"invalid character {quote_char(c)} {context}")

    def end_value(c: int) -> str:
        nonlocal end_top
        if not stack:
            end_top = True
            if c not in _SPACE:
                raise fail(c, "after top-level value")
            return "end_top"
        if c in _SPACE:
            return "end_value"
        top = stack[-1]
        if top == _OBJECT_KEY:
            if c == ord(":"):
                stack[-1] = _OBJECT_VALUE
                return "begin"
            raise fail(c, "after object key")
        if top == _OBJECT_VALUE:
            if c == ord(","):
                stack[-1] = _OBJECT_KEY
                return "key"
            if c == ord("}"):
                stack.pop()
                return "end_value"
            raise fail(c, "after object key:value pair")
        if c == ord(","):
            return "begin"
        if c == ord("]"):
            stack.pop()
            return "end_value"
        raise fail(c, "after array element")

    def push(c: int, kind: int) -> None:
        stack.append(kind)
        if len(stack) > MAX_DEPTH:
            raise fail(c, "exceeded max depth")

    def begin(c: int) -> str:
        nonlocal literal
        if c in _SPACE:
            return "begin"
        if c == ord("{"):
            push(c, _OBJECT_KEY)
            return "key_or_empty"
        if c == ord("["):
            push(c, _ARRAY_VALUE)
            return "value_or_empty"
        if c == ord('"'):
            return "string"
        if c == ord("-"):
            return "neg"
        if c == ord("0"):
            return "zero"
        if c in b"tfn":
            literal = {ord("t"): b"rue", ord("f"): b"alse", ord("n"): b"ull"}[c]
            return "literal:" + chr(c)
        if c in _DIGITS:
            return "digits"
        raise fail(c, "looking for beginning of value")

    def step(state: str, c: int) -> str:
        nonlocal literal
        if state == "begin":
            return begin(c)
        if state == "value_or_empty":
            if c in _SPACE:
                return state
            return end_value(c) if c == ord("]") else begin(c)
        if state == "key_or_empty":
            if c in _SPACE:
                return state
            if c == ord("}"):
                stack[-1] = _OBJECT_VALUE
                return end_value(c)
            state = "key"
        if state == "key":
            if c in _SPACE:
                return state
            if c == ord('"'):
                return "string"
            raise fail(c, "looking for beginning of object key string")
        if state == "end_value":
            return end_value(c)
        if state == "end_top":
            if c not in _SPACE:
                raise fail(c, "after top-level value")
            return state
        if state == "string":
            if c == ord('"'):
                return "end_value"
            if c == ord("\\"):
                return "escape"
            if c < 0x20:
                raise fail(c, "in string literal")
            return state
        if state == "escape":
            if c in b'bfnrt\\/"':
                return "string"
            if c == ord("u"):
                return "u0"
            raise fail(c, "in string escape code")
        if state in ("u0", "u1", "u2", "u3"):
            if c not in _HEX:
                raise fail(c, "in \\u hexadecimal character escape")
            return "string" if state == "u3" else "u" + str(int(state[1]) + 1)
        if state == "neg":
            if c == ord("0"):
                return "zero"
            if c in _DIGITS:
                return "digits"
            raise fail(c, "in numeric literal")
        if state == "digits":
            if c in _DIGITS:
                return state
            state = "zero"
        if state == "zero":
            if c == ord("."):
                return "dot"
            if c in b"eE":
                return "e"
            return end_value(c)
        if state == "dot":
            if c in _DIGITS:
                return "dot0"
            raise fail(c, "after decimal point in numeric literal")
        if state == "dot0":
            if c in _DIGITS:
                return state
            if c in b"eE":
                return "e"
            return end_value(c)
        if state == "e":
            if c in b"+-":
                return "esign"
            state = "esign"
        if state == "esign":
            if c in _DIGITS:
                return "e0"
            raise fail(c, "in exponent of numeric literal")
        if state == "e0":
            if c in _DIGITS:
                return state
            return end_value(c)
        # the letters of true, false and null
        word = {"t": "true", "f": "false", "n": "null"}[state[-1]]
        if c != literal[0]:
            raise fail(c, f"in literal {word} (expecting {quote_char(literal[0])})")
        literal = literal[1:]
        return state if literal else "end_value"

    try:
        for c in data:
            state = step(state, c)
        if end_top:
            return None
        state = step(state, ord(" "))  # eof: a space ends a number or the top-level value
        if end_top:
            return None
    except _Error as error:
        return str(error)
    return "unexpected end of JSON input"


def unmarshal_error(data: bytes) -> str | None:
    """``json.Unmarshal(data, &map[string]interface{}{})``'s error, or None."""
    problem = syntax_error(data)
    if problem is not None:
        return problem
    first = data.lstrip(b" \t\r\n")[:1]
    kind = {b"[": "array", b'"': "string", b"t": "bool", b"f": "bool", b"n": None, b"{": None}.get(first, "number")
    return None if kind is None else f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
