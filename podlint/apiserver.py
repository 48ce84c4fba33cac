"""The API server's validation vocabulary: name formats and field errors, in its own words.

Ports of ``k8s.io/apimachinery/pkg/util/validation`` (``IsDNS1123Label``,
``IsDNS1123Subdomain``, ``IsValidPortName``, ``IsQualifiedName``, ``IsValidLabelValue``)
and of the error strings of ``k8s.io/apimachinery/pkg/util/validation/field``
(``spec.containers[0].name: Invalid value: "Web": ...``). Each ``is_*`` function returns
what is wrong, empty when the value is valid; a field error joins them with ``"; "`` as
``field.Invalid`` callers do. Manifests repeat the same names and labels: each answer is
remembered.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

# --- k8s.io/apimachinery/pkg/util/validation/validation.go -----------------------------------

QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
QUALIFIED_NAME_ERR = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
)
LABEL_VALUE_FMT = f"({QUALIFIED_NAME_FMT})?"
LABEL_VALUE_ERR = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_ERR = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
DNS1123_SUBDOMAIN_FMT = f"{DNS1123_LABEL_FMT}(\\.{DNS1123_LABEL_FMT})*"
DNS1123_SUBDOMAIN_ERR = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
DNS1035_LABEL_ERR = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
    "start with an alphabetic character, and end with an alphanumeric character"
)

_QUALIFIED_NAME = re.compile(f"^{QUALIFIED_NAME_FMT}$")
_LABEL_VALUE = re.compile(f"^{LABEL_VALUE_FMT}$")
_DNS1123_LABEL = re.compile(f"^{DNS1123_LABEL_FMT}$")
_DNS1123_SUBDOMAIN = re.compile(f"^{DNS1123_SUBDOMAIN_FMT}$")
_DNS1035_LABEL = re.compile(f"^{DNS1035_LABEL_FMT}$")
_PORT_NAME_CHARSET = re.compile("^[-a-z0-9]+$")
CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+"
CONFIG_MAP_KEY_ERR = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
_CONFIG_MAP_KEY = re.compile(f"^{CONFIG_MAP_KEY_FMT}$")
_PORT_NAME_LETTER = re.compile("[a-z]")


def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


# From 1.35 label keys and values are checked by k8s.io/apimachinery/pkg/api/validate/content
# (IsLabelKey, IsLabelValue; #134020), whose lengths are in bytes and whose key with more than
# one '/' is "a valid label key"; names (DNS labels and subdomains) keep their words
LABEL_CONTENT_SINCE = (1, 35)


def _label_max_len_error(length: int, version: tuple[int, int]) -> str:
    return f"must be no more than {length} bytes" if version >= LABEL_CONTENT_SINCE else max_len_error(length)


def _go_len(value: str) -> int:
    """Go's ``len`` of a string: its bytes in UTF-8."""
    return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))


def regex_error(message: str, fmt: str, *examples: str) -> str:
    """``RegexError``: the message, examples, and the regular expression."""
    if not examples:
        return f"{message} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{example}', " for example in examples)
    return f"{message} (e.g. {shown}regex used for validation is '{fmt}')"


def _match(pattern: re.Pattern, value: str) -> bool:
    # Go's $ matches only at the very end, Python's also before a final newline
    return "\n" not in value and pattern.match(value) is not None


@lru_cache(maxsize=1024)
def is_dns1123_label(value: str) -> tuple[str, ...]:
    errors = []
    if _go_len(value) > 63:
        errors.append(max_len_error(63))
    if not _match(_DNS1123_LABEL, value):
        if _match(_DNS1123_SUBDOMAIN, value):
            errors.append("must not contain dots")
        else:
            errors.append(regex_error(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return tuple(errors)


@lru_cache(maxsize=1024)
def is_dns1123_subdomain(value: str) -> tuple[str, ...]:
    errors = []
    if _go_len(value) > 253:
        errors.append(max_len_error(253))
    if not _match(_DNS1123_SUBDOMAIN, value):
        errors.append(regex_error(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return tuple(errors)


_DNS1123_SUBDOMAIN_WITH_UNDERSCORE = re.compile(
    r"_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*\Z"
)


@lru_cache(maxsize=1024)
def is_dns1123_subdomain_with_underscore(value: str, version: tuple[int, int]) -> tuple[str, ...]:
    """``IsDNS1123SubdomainWithUnderscore``: a subdomain whose labels may start with and hold '_'
    (in 1.33 its message showed the regular expression of a plain subdomain, #132027)."""
    errors = []
    if _go_len(value) > 253:
        errors.append(max_len_error(253))
    if not _DNS1123_SUBDOMAIN_WITH_UNDERSCORE.match(value):
        message = (
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', "
            "and must start and end with an alphanumeric character"
        )
        fmt = "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*"
        errors.append(regex_error(message, fmt if version >= (1, 34) else DNS1123_SUBDOMAIN_FMT, "example.com"))
    return tuple(errors)


@lru_cache(maxsize=1024)
def is_dns1035_label(value: str) -> tuple[str, ...]:
    errors = []
    if _go_len(value) > 63:
        errors.append(max_len_error(63))
    if not _match(_DNS1035_LABEL, value):
        errors.append(regex_error(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return tuple(errors)


@lru_cache(maxsize=1024)
def is_config_map_key(value: str) -> tuple[str, ...]:
    """``IsConfigMapKey``: a key of a ConfigMap or Secret (at most 253 bytes, as Go counts)."""
    errors = []
    if _go_len(value) > 253:
        errors.append(max_len_error(253))
    if not _match(_CONFIG_MAP_KEY, value):
        errors.append(regex_error(CONFIG_MAP_KEY_ERR, CONFIG_MAP_KEY_FMT, "key.name", "KEY_NAME", "key-name"))
    errors.extend(chdir_prefix_errors(value))
    return tuple(errors)


def chdir_prefix_errors(value: str) -> list[str]:
    """``hasChDirPrefix``: a name that is, or starts like, a parent directory."""
    if value == ".":
        return ["must not be '.'"]
    if value == "..":
        return ["must not be '..'"]
    return ["must not start with '..'"] if value.startswith("..") else []


@lru_cache(maxsize=1024)
def is_valid_port_name(value: str) -> tuple[str, ...]:
    """``IsValidPortName``: an IANA_SVC_NAME (RFC 6335)."""
    errors = []
    if _go_len(value) > 15:
        errors.append(max_len_error(15))
    if not _match(_PORT_NAME_CHARSET, value):
        errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _PORT_NAME_LETTER.search(value):
        errors.append("must contain at least one letter (a-z)")
    if "--" in value:
        errors.append("must not contain consecutive hyphens")
    if value and (value[0] == "-" or value[-1] == "-"):
        errors.append("must not begin or end with a hyphen")
    return tuple(errors)


@lru_cache(maxsize=1024)
def is_qualified_name(value: str, version: tuple[int, int]) -> tuple[str, ...]:
    """``IsQualifiedName``: a label or annotation key, ``[prefix/]name``, in the words of
    Kubernetes ``version`` (``IsLabelKey`` from 1.35)."""
    errors = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errors.append("prefix part must be non-empty")
        else:
            for message in is_dns1123_subdomain(prefix):
                if version >= LABEL_CONTENT_SINCE and message == max_len_error(253):
                    message = _label_max_len_error(253, version)
                errors.append("prefix part " + message)
    else:
        which = "a valid label key " if version >= LABEL_CONTENT_SINCE else "a qualified name "
        return (
            which
            + regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        )
    if not name:
        errors.append("name part must be non-empty")
    elif _go_len(name) > 63:
        errors.append("name part " + _label_max_len_error(63, version))
    if not _match(_QUALIFIED_NAME, name):
        errors.append("name part " + regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"))
    return tuple(errors)


@lru_cache(maxsize=1024)
def is_valid_label_value(value: str, version: tuple[int, int]) -> tuple[str, ...]:
    """``IsValidLabelValue`` (``IsLabelValue`` from 1.35), in the words of Kubernetes ``version``."""
    errors = []
    if _go_len(value) > 63:
        errors.append(_label_max_len_error(63, version))
    if not _match(_LABEL_VALUE, value):
        errors.append(regex_error(LABEL_VALUE_ERR, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return tuple(errors)


IP_ERROR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
_DOTTED_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+){3}\Z")


@lru_cache(maxsize=1024)
def is_ip_sloppy(value: str) -> bool:
    """Whether ``netutils.ParseIPSloppy`` reads an IP address: IPv4 in dotted decimal (leading
    zeros allowed, as Go's parser allowed them before 1.17) or IPv6 (with no zone), whose last
    32 bits may be written as such an IPv4 address."""
    import ipaddress

    if _DOTTED_DECIMAL.match(value):
        return all(int(part) <= 255 for part in value.split("."))
    if ":" not in value or "%" in value or not value.isascii():
        return False
    head, colon, tail = value.rpartition(":")
    if "." in tail:
        if not (_DOTTED_DECIMAL.match(tail) and all(int(part) <= 255 for part in tail.split("."))):
            return False
        value = head + colon + ".".join(str(int(part)) for part in tail.split("."))
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


# --- k8s.io/apimachinery/pkg/util/validation/field/errors.go -----------------------------------


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string (``strconv.Quote``)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


class Stringer(str):
    """A value of a Go type with a ``String()`` method (a quantity, a resource name): a field
    error prints it unquoted."""


def go_value(value: Any) -> str:
    """A value as a field error prints it: strings quoted; numbers, booleans and Stringers bare."""
    if isinstance(value, Stringer):
        return str.__str__(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "+Inf" if value > 0 else "-Inf"
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)  # Go's %v: the shortest representation
    return str(value)


def _field(path: Any, body: str, detail: str = "") -> str:
    where = f"{path}: " if str(path) else ""
    return f"{where}{body}{': ' + detail if detail else ''}"


def invalid(path: Any, value: Any, detail: str) -> str:
    return _field(path, f"Invalid value: {go_value(value)}", detail)


# A pointer's memory address, which a field error prints inside a struct (%#v) and no manifest
# can tell: podlint shows it as this.
UNKNOWN_ADDRESS = "0xc…"


def invalid_omitting_value(path: Any, detail: str) -> str:
    """``field.Invalid(path, field.OmitValueType{}, detail)``: no value shown."""
    return _field(path, "Invalid value", detail)


def too_many(path: Any, actual: int, maximum: int) -> str:
    return _field(path, f"Too many: {actual}", f"must have at most {maximum} items")


def required(path: Any, detail: str = "") -> str:
    return _field(path, "Required value", detail)


def duplicate(path: Any, value: Any) -> str:
    return _field(path, f"Duplicate value: {go_value(value)}")


def not_found(path: Any, value: Any, detail: str = "") -> str:
    return _field(path, f"Not found: {go_value(value)}", detail)


# TooLong's words changed in 1.32 (kubernetes/kubernetes#128553), which also made
# TooLongMaxLength say what TooLong says
TOO_LONG_WORDING_SINCE = (1, 32)


def too_long(path: Any, max_bytes: int, version: tuple[int, int]) -> str:
    """``TooLong``: a value over ``max_bytes`` (the value not shown), in the words of Kubernetes ``version``."""
    if version < TOO_LONG_WORDING_SINCE:
        return _field(path, "Too long", f"must have at most {max_bytes} bytes")
    return _field(path, "Too long", f"may not be more than {max_bytes} byte{'' if max_bytes == 1 else 's'}")


def too_long_max_length(path: Any, max_length: int, version: tuple[int, int]) -> str:
    """``TooLongMaxLength``: a value longer than ``max_length`` characters (the value not shown)."""
    if version < TOO_LONG_WORDING_SINCE:
        return _field(path, "Too long", f"may not be longer than {max_length}")
    return too_long(path, max_length, version)


# how a message says that the API server accepts a pod template and refuses the pods made from it
# (an admission plugin's refusal, or the validation of what is merged into a Pod only)
TEMPLATE_PODS_REFUSED = "the pods of this template are refused: "


def refused_prefix(is_pod: bool) -> str:
    """What such a message starts with: nothing for a Pod."""
    return "" if is_pod else TEMPLATE_PODS_REFUSED


def forbidden(path: Any, detail: str) -> str:
    return _field(path, "Forbidden", detail)


def not_supported(path: Any, value: Any, supported: Iterable[str]) -> str:
    choices = ", ".join(go_quote(choice) for choice in supported)
    return _field(path, f"Unsupported value: {go_value(value)}", f"supported values: {choices}")


def go_string_map(value: dict | None) -> str:
    """Go's ``%#v`` of a ``map[string]string``: keys sorted, values quoted."""
    if value is None:
        return "map[string]string(nil)"
    items = ", ".join(f"{go_quote(str(k))}:{go_quote(str(v))}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0])))
    return f"map[string]string{{{items}}}"


def go_slice(value: list) -> Stringer:
    """Go's ``%#v`` of a ``[]string``."""
    return Stringer("[]string{" + ", ".join(go_quote(str(item)) for item in value) + "}")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def go_label_selector(selector: Any) -> Stringer:
    """Go's ``%#v`` of a ``metav1.LabelSelector``, as a field error prints one: its ``String()``
    has a pointer receiver, and the error holds the value (absent lists and maps are nil)."""
    selector = selector if isinstance(selector, dict) else {}
    labels = selector.get("matchLabels")
    match_labels = go_string_map({str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else None)
    expressions = selector.get("matchExpressions")
    if isinstance(expressions, list):
        items = []
        for requirement in expressions:
            requirement = requirement if isinstance(requirement, dict) else {}
            values = requirement.get("values")
            values_text = go_slice([str(v) for v in values]) if isinstance(values, list) else "[]string(nil)"
            key, operator = requirement.get("key"), requirement.get("operator")
            items.append(
                f"v1.LabelSelectorRequirement{{Key:{go_quote(key if isinstance(key, str) else '')}, "
                f"Operator:{go_quote(operator if isinstance(operator, str) else '')}, Values:{values_text}}}"
            )
        match_expressions = "[]v1.LabelSelectorRequirement{" + ", ".join(items) + "}"
    else:
        match_expressions = "[]v1.LabelSelectorRequirement(nil)"
    return Stringer(f"v1.LabelSelector{{MatchLabels:{match_labels}, MatchExpressions:{match_expressions}}}")


def go_int_or_string(value: Any) -> Stringer:
    """Go's ``%#v`` of an ``intstr.IntOrString`` held by value, as a field error prints one
    (its ``String()`` has a pointer receiver): ``intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}``."""
    if isinstance(value, str):
        return Stringer(f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{go_quote(value)}}}")
    number = int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0
    return Stringer(f'intstr.IntOrString{{Type:0, IntVal:{number}, StrVal:""}}')


# --- k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go ------------------------------------------


def selector_matches(selector: dict, labels: dict) -> bool:
    """``LabelSelectorAsSelector(selector).Matches(labels)``: every ``matchLabels`` pair and
    every ``matchExpressions`` requirement (In, NotIn, Exists, DoesNotExist) holds."""
    match_labels = selector.get("matchLabels")
    if isinstance(match_labels, dict):
        for key, value in match_labels.items():
            if labels.get(key) != value:
                return False
    expressions = selector.get("matchExpressions")
    for requirement in expressions if isinstance(expressions, list) else ():
        if not isinstance(requirement, dict):
            continue
        key, operator = requirement.get("key"), requirement.get("operator")
        values = requirement.get("values") if isinstance(requirement.get("values"), list) else []
        if not isinstance(key, str):
            return False  # not a selector the API server would accept (invalid-label, wrong-type)
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


# --- pkg/apis/core/helper/helpers.go ----------------------------------------------------------


def is_native_resource(name: str) -> bool:
    """``IsNativeResource``: a resource name without a domain, or in ``kubernetes.io/``."""
    return "/" not in name or "kubernetes.io/" in name


def is_extended_resource_name(name: str) -> bool:
    """``IsExtendedResourceName``: a device plugin's or a cluster's resource, a qualified name
    outside ``kubernetes.io/`` (``nvidia.com/gpu``)."""
    if is_native_resource(name) or name.startswith("requests."):
        return False
    return not is_qualified_name("requests." + name, LABEL_CONTENT_SINCE)


# --- pkg/apis/core/v1/defaults.go --------------------------------------------------------------


def port_protocol(port: dict) -> Any:
    """A container port's protocol as the API server reads it, defaulted before it validates
    (``SetDefaults_ContainerPort``): TCP where absent, null or empty."""
    protocol = port.get("protocol")
    return "TCP" if protocol is None or protocol == "" else protocol
