"""The site's own fonts (issue 10, "Type that suits Vietnamese"), in the built site: Noto Sans
and Noto Sans Mono, declared in assets/stylesheets/fonts.css (written by tools/update_fonts.py),
served from assets/fonts/ with their licence, and holding every Vietnamese letter and every
letter the pages show. tests/browser/test_type.py checks that Chromium draws with them.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import NavigableString

from conftest import PROJECT_DIR

# Every letter of Vietnamese: the twelve vowels with each of the five tones (and none), the
# consonants, in both cases; and the dong sign.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
CONSONANTS = "bcdđghklmnpqrstvx"
VIETNAMESE_LETTERS = "".join(unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES) + CONSONANTS
VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "₫"
TEXT_FONT, CODE_FONT = "Noto Sans", "Noto Sans Mono"
STYLESHEET = "assets/stylesheets/fonts.css"
FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
DECLARATION = re.compile(r"([a-z-]+)\s*:\s*([^;]+);")


@dataclass
class Face:
    family: str
    style: str
    weight: str
    display: str
    src: str  # the woff2's path from the site root
    characters: set[str]


def code_points(unicode_range: str) -> set[str]:
    characters = set()
    for item in unicode_range.split(","):
        first, _, last = item.strip().removeprefix("U+").partition("-")
        characters.update(chr(point) for point in range(int(first, 16), int(last or first, 16) + 1))
    return characters


def faces(site) -> list[Face]:
    result = []
    for body in FACE.findall((site.root / STYLESHEET).read_text(encoding="utf-8")):
        rules = dict(DECLARATION.findall(body))
        (url,) = re.findall(r'url\("?([^")]+)"?\) format\("woff2"\)', rules["src"])
        src = urljoin("http://site/" + STYLESHEET, url).removeprefix("http://site/")
        result.append(Face(rules["font-family"].strip('"'), rules["font-style"], rules["font-weight"], rules["font-display"], src, code_points(rules["unicode-range"])))
    return result


def covered(site, family: str, weight: str) -> set[str]:
    return set().union(*(face.characters for face in faces(site) if face.family == family and face.weight == weight and face.style == "normal"))


def update_fonts_tool():
    spec = importlib.util.spec_from_file_location("update_fonts", PROJECT_DIR / "tools" / "update_fonts.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def visible_text(element) -> str:
    """The text of an element a reader can see: not scripts, styles or comments (the parsed page,
    shared with other tests, is left as it is)."""
    strings = element.find_all(string=True)
    return unicodedata.normalize("NFC", "".join(s for s in strings if type(s) is NavigableString and s.parent.name not in ("script", "style", "template")))


def test_every_page_loads_the_fonts_stylesheet_before_the_sites_own(site):
    for file in site.html_files():
        path = site.path_of(file)
        sheets = [link["href"].rpartition("assets/stylesheets/")[2] for link in site.page(path).find_all("link", rel="stylesheet")]
        assert "fonts.css" in sheets and "cds.css" in sheets, f"{path}: {sheets}"
        assert sheets.index("fonts.css") < sheets.index("cds.css"), f"{path}: {sheets}"


def test_fonts_are_served_by_the_site_with_their_licence(site):
    declared = faces(site)
    assert {(face.family, face.weight, face.style) for face in declared} == {
        (TEXT_FONT, "400", "normal"), (TEXT_FONT, "700", "normal"), (CODE_FONT, "400", "normal"), (CODE_FONT, "700", "normal"),
    }
    fonts_dir = site.root / "assets" / "fonts"
    for face in declared:
        assert face.display == "swap", face
        assert face.src.startswith("assets/fonts/") and face.src.endswith(".woff2"), face
        assert (site.root / face.src).read_bytes()[:4] == b"wOF2", face.src
    assert {file.name for file in fonts_dir.glob("*.woff2")} == {face.src.split("/")[-1] for face in declared}
    tool = update_fonts_tool()
    readme = (PROJECT_DIR / "overrides" / "assets" / "fonts" / "README.md").read_text(encoding="utf-8")  # not published
    for package, (version, _) in tool.PACKAGES.items():
        licence = fonts_dir / f"OFL-{package.split('/')[1]}.txt"
        text = licence.read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text and "The Noto Project Authors" in text, licence
        assert f"`{package}` {version}" in readme, readme


def test_every_vietnamese_letter_is_in_each_font(site):
    for family in (TEXT_FONT, CODE_FONT):
        for weight in ("400", "700"):
            missing = sorted(set(VIETNAMESE_ALPHABET) - covered(site, family, weight))
            assert not missing, f"{family} {weight} lacks {missing}"


def test_every_letter_the_pages_show_is_in_the_fonts(site):
    """A letter the fonts lack would be drawn from another font in the middle of a word."""
    text_font, code_font = covered(site, TEXT_FONT, "400"), covered(site, CODE_FONT, "400")
    for file in site.html_files():
        path = site.path_of(file)
        body = site.page(path).body
        code = "".join(visible_text(element) for element in body.find_all(["code", "pre", "kbd"]))
        for text, font, name in ((visible_text(body), text_font, TEXT_FONT), (code, code_font, CODE_FONT)):
            missing = sorted({c for c in text if unicodedata.category(c)[0] in "LM"} - font)
            assert not missing, (
                f"{path}: {', '.join(f'{c!r} (U+{ord(c):04X})' for c in missing)} not in {name}:"
                " add it to LATIN in tools/update_fonts.py and run make fonts"
            )
