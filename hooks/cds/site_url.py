"""The `SITE_URL` setting: the address the site is published at (mkdocs.yml's site_url).

Every absolute address of the site is derived from it, and Material writes it as it is
into `<link>` tags and an inline script: it must be a plain http(s) address, or a
quote in it would end the attribute and let anything follow.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

EXAMPLE = "https://<user>.github.io/<repo>/"
PREVIEW_URL = "http://127.0.0.1:8000/"
# What an address may hold as written (RFC 3986's unreserved and reserved characters, and
# `%` for the escapes), less the single quote, which could end an HTML attribute as well.
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]")
_NAMES = {" ": "a space", '"': 'a double quote (")', "'": "a single quote (')", "<": "an angle bracket (<)",
          ">": "an angle bracket (>)", "\\": "a backslash (\\)", "`": "a backtick (`)"}


class SiteUrlError(ValueError):
    """The message names the setting and the value, and says what to write instead."""


def check_site_url(value: str | None) -> str:
    """`value` itself when it can be the site's address; else SiteUrlError."""
    if not value:
        raise SiteUrlError(
            f"SITE_URL is set but empty: set it to the address the site is published at, such as {EXAMPLE}, "
            f"or unset it to preview the site at {PREVIEW_URL}."
        )
    shown = _one_line(value)
    unsafe = _UNSAFE.search(value)
    if unsafe:
        character = unsafe.group(0)
        raise SiteUrlError(
            f'SITE_URL "{shown}": {_name(character)} cannot be part of the address (written as {quote(character, safe="")} it can); '
            f"expected an address such as {EXAMPLE}."
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise SiteUrlError(f'SITE_URL "{shown}": expected an http:// or https:// address, such as {EXAMPLE}.')
    if not parts.hostname:
        raise SiteUrlError(f'SITE_URL "{shown}": no host name after {parts.scheme}://; expected an address such as {EXAMPLE}.')
    if parts.username is not None:
        raise SiteUrlError(f'SITE_URL "{shown}": a user name or password (before @) would be shown on every page; '
                           f"expected an address such as {EXAMPLE}.")
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError:
        raise SiteUrlError(f'SITE_URL "{shown}": the port after the host name is not a number; expected an address such as {EXAMPLE}.') from None
    if parts.query or parts.fragment:
        raise SiteUrlError(f'SITE_URL "{shown}": the site\'s address ends with its path, without ?… or #…; expected an address such as {EXAMPLE}.')
    return value


def _name(character: str) -> str:
    if character in _NAMES:
        return _NAMES[character]
    return f"the character {character!r}" if character.isprintable() else f"the invisible character U+{ord(character):04X}"


def _one_line(value: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
