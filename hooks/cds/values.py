"""What a single value of a data file may hold, beyond its type.

YAML 1.1, the version PyYAML reads, gives some spellings of numbers a meaning editors
do not expect: `010` is 8 (octal), `3:20` is 200 (base 60), `0x1F` is 31, `0b111111` is
63 and `1_000` is 1000, all without a word. A text can hold what no reader sees: control
characters written as escapes (`"\\a"`), bidirectional overrides that show a text in
another order than it is stored, zero-width characters, or a space at its end that makes
"Nghệ An " a different name from "Nghệ An". The loader refuses such values while it
reads them, with a sentence saying what YAML would have read and what to write instead.

Every value of every file goes through these checks, so each is one cached lookup or one
precompiled regular expression; the sentences are only made for a value refused.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import yaml

# PyYAML's safe constructors, called directly: its `construct_object` would remember
# every node it converts (for recursive structures, which scalars never are).
_CONSTRUCTORS = yaml.constructor.SafeConstructor()
_FLOAT_TAG = "tag:yaml.org,2002:float"

# No source reports a number with more digits; Python cannot even convert one of
# several thousand digits.
MAX_DIGITS = 20

# Numbers that may be written in a form YAML 1.1 reads otherwise: a leading 0 followed by
# a digit, `0x` or `0b`, or an underscore or colon anywhere; or too long to be real.
_SUSPECT_NUMBER = re.compile(r"[-+]?0[0-9_xb]|.*[_:]|.{21}")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_DIGIT = re.compile(r"[0-9]")


def construct(node: yaml.ScalarNode):
    """The value PyYAML gives a scalar of a number, true/false or null tag."""
    return _CONSTRUCTORS.yaml_constructors[node.tag](_CONSTRUCTORS, node)


@lru_cache(maxsize=4096)
def number_problem(text: str, tag: str) -> str | None:
    """Why a value YAML reads as a number (`tag`) must be written otherwise, if it must."""
    if _SUSPECT_NUMBER.match(text):
        return _number_form_problem(text, tag)
    if tag == _FLOAT_TAG and "e" in text.lower() and math.isinf(float(text)):
        return _too_large(text)
    return None


def _too_large(text: str) -> str:
    return (
        f"`{text}` is too large to be a number (YAML reads it as infinity); write large amounts in "
        "a larger unit (billion, trillion), as the source does."
    )


def _number_form_problem(text: str, tag: str) -> str | None:
    digits = len(_DIGIT.findall(text.lower().partition("e")[0]))
    if digits > MAX_DIGITS:
        return (
            f"this number is {digits:,} digits long (`{text[:MAX_DIGITS]}…`); a number may have at most "
            f"{MAX_DIGITS} digits. Write large amounts in a larger unit (billion, trillion), as the source does."
        )
    value = construct(yaml.ScalarNode(tag, text))
    quoted = f'"{text}" in double quotes'
    if _OCTAL.fullmatch(text):
        return (
            f"`{text}` would be read as the number {value} (YAML reads a whole number that starts with 0 as "
            f"octal); write {int(text.replace('_', ''))}, or {quoted} if it is a code."
        )
    if "x" in text:
        return (
            f"`{text}` would be read as the number {value} (YAML reads a number that starts with 0x as "
            f"hexadecimal); write {value} if that is the number meant, or {quoted} if it is a code."
        )
    if "b" in text:
        return (
            f"`{text}` would be read as the number {value} (YAML reads a number that starts with 0b as "
            f"binary); write {value} if that is the number meant, or {quoted} if it is a code."
        )
    if ":" in text:
        return (
            f"`{text}` would be read as the number {value} (YAML reads numbers joined by colons in base 60, "
            f"as minutes and seconds); write {quoted} if it is a time, a score or a ratio, or the number itself."
        )
    if "_" in text:
        return (
            f"`{text}` would be read as the number {value} (YAML leaves out the underscores in a number); "
            f"write {value} if that is the number meant, or {quoted} if it is a code."
        )
    if isinstance(value, float) and math.isinf(value) and "inf" not in text.lower():
        return _too_large(text)
    return None  # a leading 0 before a decimal point (0.5, 01.5) or a long float: read as written


# Characters no reader sees, and that no text of this report needs: control characters
# other than the line break (tab included: it is shown as a space, and starts a formula
# in a spreadsheet), format characters (Unicode's category Cf: zero-width spaces and
# joiners, bidirectional marks, overrides and isolates, the byte order mark, soft hyphens,
# invisible operators ...), the line and paragraph separators, and lone surrogates.
# tests/test_load.py checks this list against the Unicode database.
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_SPACE_NAMES = {" ": "a space", "\n": "a line break", "\xa0": "a non-breaking space"}


def text_problem(value: str) -> str | None:
    """Why a text must not be used as it is written, if it must not."""
    # Nearly every text is printable: Python counts every character refused here, and every
    # space but " ", as unprintable. Testing that is a fast loop in C, where the regular
    # expression would compare each letter of a Vietnamese text with every range above.
    if value.isprintable():
        if value[:1] != " " and value[-1:] != " ":
            return None
    elif not (_INVISIBLE.search(value) or value[:1].isspace() or value[-1:].isspace()):
        return None
    return _refusal(value)


def _refusal(value: str) -> str:
    visible = _INVISIBLE.sub("", value)
    if not visible.strip():
        what = "spaces" if visible == value else "invisible characters" if not visible else "spaces and invisible characters"
        return f'expected a text; found only {what} ("{_start(value)}"). Write the text.'
    found = _INVISIBLE.findall(value)
    if found:
        at = _INVISIBLE.search(value).start()
        where = f'after "{_end(value[:at])}"' if at else "at its start"
        more = f" ({len(found)} such characters in this text)" if len(found) > 1 else ""
        effect = ", which can show the text in another order than it is written" if ord(found[0]) in _BIDI else ""
        return f"the text holds {_invisible_name(found[0])} {where}{more}{effect}; {_advice(found[0])}."
    if value[:1].isspace():
        return (
            f'the text starts with {_space_name(value[0])} ("{_start(value)}"); delete it: texts are compared '
            "and shown exactly as written."
        )
    return (
        f'the text ends with {_space_name(value[-1])} ("{_end(value)}"); delete it: texts are compared '
        "and shown exactly as written."
    )


def _invisible_name(character: str) -> str:
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    if character == "\t":
        return "a tab character"
    if unicodedata.category(character) == "Cc":
        return f"an invisible control character ({code})"
    if ord(character) in _BIDI:
        return f"a bidirectional control character ({code} {name})"
    if unicodedata.category(character) == "Cs":
        return f"half of a character ({code}, a lone surrogate)"
    return f"an invisible character ({code} {name})"


def _advice(character: str) -> str:
    if character == "\t":
        return "replace it with a space"
    if unicodedata.category(character) == "Cc":
        return "delete it (inside double quotes, a backslash escape such as \\a, \\e, \\0 or \\x07 writes one)"
    return "delete it (such characters come with text pasted from web pages, PDFs or word processors)"


def _space_name(character: str) -> str:
    return _SPACE_NAMES.get(character, f"a space character (U+{ord(character):04X})")


def _start(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[:length] + "…"


def _end(text: str, length: int = 30) -> str:
    return text if len(text) <= length else "…" + text[-length:]
