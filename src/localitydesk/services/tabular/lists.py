"""The compact text of a list column: items separated by ``;``, the parts of
an item by ``|``, and ``\\`` before ``;``, ``|`` or ``\\`` to make it literal,
so any name, reference or note survives the round trip through one cell."""

from __future__ import annotations

from localitydesk.i18n import _

from .cells import CellError, as_text, code

ESCAPABLE = "\\;|"


def escape(part: str) -> str:
    return "".join("\\" + ch if ch in ESCAPABLE else ch for ch in part)


def split_escaped(text: str, separator: str) -> list[str]:
    """Split on ``separator`` except where escaped; escapes of the other
    separator are kept so a second split can honour them."""
    if "\\" not in text:
        return text.split(separator)
    parts, current, index = [], [], 0
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text) and text[index + 1] in ESCAPABLE:
            following = text[index + 1]
            current.append(following if following == separator else ch + following)
            index += 2
            continue
        if ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        index += 1
    parts.append("".join(current))
    return parts


def unescape(part: str) -> str:
    """Drop the escaping backslashes, in one pass so '\\\\;' stays '\\;'."""
    if "\\" not in part:
        return part
    out, index = [], 0
    while index < len(part):
        if part[index] == "\\" and index + 1 < len(part) and part[index + 1] in ESCAPABLE:
            index += 1
        out.append(part[index])
        index += 1
    return "".join(out)


def items(value) -> list[str]:
    """The non-empty items of a list cell, still escaped."""
    return [item for item in split_escaped(as_text(value), ";") if item.strip()]


def item_parts(item: str) -> list[str]:
    """One item's parts, unescaped."""
    return [unescape(part) for part in split_escaped(item.strip(), "|")]


def join_item(parts) -> str:
    return "|".join(escape(part) for part in parts)


def item_error(number: int, error: CellError | str) -> CellError:
    """A problem with one item of a list cell, numbered from 1 as the reader counts."""
    return CellError(_("Item {number}: {reason}").format(number=number, reason=error))


def read_codes(value, enum_class, message: str) -> list:
    """A list of codes of ``enum_class`` (``;`` or ``,`` between them), each
    once, in the order written; ``message`` names a code that is not one."""
    found: list = []
    for raw in split_escaped(as_text(value).replace(",", ";"), ";"):
        if raw.strip():
            member = code(raw, enum_class, message)
            if member not in found:
                found.append(member)
    return found
