#!/usr/bin/env python3
"""Fetch the site's fonts again, exactly as they are vendored (overrides/assets/fonts/).

    make fonts                                # installs fontTools, then runs this
    python tools/update_fonts.py              # rewrite the fonts, their licences and fonts.css
    python tools/update_fonts.py --check      # rebuild in a temporary folder; exit 1 if anything differs

The site draws its text in Noto Sans and its code in Noto Sans Mono (SIL Open Font License
1.1), both with every Vietnamese letter. They come from the npm registry as Fontsource
packages, at the versions (and checksums) pinned in PACKAGES, fetched with `npm pack`:
never from a CDN, and pages load them from the site itself.

Each package ships its fonts cut into subsets by script. We keep two, for the weights and
styles the site uses (FACES), cut each a little further with fontTools and join the two into
one file per face (fontTools.merge: every page, in either language, needs both, and one file
is 1.5 KB smaller than two), so a province page stays within its weight budget
(benchmarks/page_weight.py):
  latin       ASCII, the Latin-1 letters Vietnamese writes with (à á â ã è é ê ì í ò ó ô õ
              ù ú ý and capitals) and the punctuation and signs the site's text uses (LATIN)
  vietnamese  Fontsource's own Vietnamese subset, whole: ă đ ĩ ũ ơ ư, every letter with a tone
              mark (U+1EA0–1EF9), the combining marks and ₫
and the layout features text needs (marks stacked on letters, kerning, ligatures, tabular
figures). Glyph names are dropped; outlines and metrics are kept as they are. A character
outside these ranges is drawn by the reader's own sans-serif or monospace font (≈ and ◆
are, for example). Each face's `unicode-range` in fonts.css is read from the fonts cut, so
the browser fetches a face only for a page that shows its characters.

Written: overrides/assets/fonts/*.woff2, the packages' licences beside them (OFL-*.txt),
overrides/assets/fonts/README.md, overrides/assets/stylesheets/fonts.css. Needs `npm` and
fontTools with Brotli (tools/requirements-fonts.txt). The same versions give the same
bytes: --check proves it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
FONTS_DIR = PROJECT_DIR / "overrides" / "assets" / "fonts"
STYLESHEET = PROJECT_DIR / "overrides" / "assets" / "stylesheets" / "fonts.css"

# npm package → (version, the registry's sha512 integrity of its tarball)
PACKAGES = {
    "@fontsource/noto-sans": ("5.3.0", "sha512-fBCog2PY7DiVVTEEqtI/Qdinx/knobHYfoGpjFXdfBX5RoJaBp1Prw2G75p0OIsdlMZg3cLo0c+YbIUYOxnQJw=="),
    "@fontsource/noto-sans-mono": ("5.3.0", "sha512-DPZ+/Ng9HP5UKiALCKtoeGfA7zJzEjHFB/18OU/c3+4I9zZ3eMVAuFZb0SqzT89Yj7KNhJFYnYjyDaVKhdRuUg=="),
}


@dataclass(frozen=True)
class Face:
    package: str
    family: str
    weight: int
    style: str

    @property
    def file_id(self) -> str:  # Fontsource's file prefix: @fontsource/noto-sans → noto-sans
        return self.package.split("/")[1]


# What the site uses: text at 400 and 700 (Material's headings at 300 take the 400); code at
# 400, and 700 where it sits in a bold table heading (the data dictionary). No italic: source
# titles (<cite>) and the odd <em> would make every province page fetch one more font
# (about 12 KB) and pass its 150 KB budget, so the browser slants the upright face for them.
FACES = [
    Face("@fontsource/noto-sans", "Noto Sans", 400, "normal"),
    Face("@fontsource/noto-sans", "Noto Sans", 700, "normal"),
    Face("@fontsource/noto-sans-mono", "Noto Sans Mono", 400, "normal"),
    Face("@fontsource/noto-sans-mono", "Noto Sans Mono", 700, "normal"),
]


def code_points(ranges: str) -> set[int]:
    """`U+0020-007E,U+00A0` → the code points it names."""
    points = set()
    for item in ranges.split(","):
        first, _, last = item.strip().removeprefix("U+").partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


# ASCII; no-break space; © « ° ± ² ³ ¶ · » ×; the Latin-1 letters of Vietnamese; spaces,
# dashes, quotes, • … ‰ ′ ″ and the narrow no-break space; €; ↑ ↓ (sorted columns); − (minus).
LATIN = code_points(
    "U+0020-007E,U+00A0,U+00A9,U+00AB,U+00B0-00B3,U+00B6-00B7,U+00BB,U+00D7,"
    "U+00C0-00C3,U+00C8-00CA,U+00CC-00CD,U+00D2-00D5,U+00D9-00DA,U+00DD,"
    "U+00E0-00E3,U+00E8-00EA,U+00EC-00ED,U+00F2-00F5,U+00F9-00FA,U+00FD,"
    "U+2002-200B,U+2010-2014,U+2018-201D,U+2022,U+2026,U+202F,U+2030,U+2032-2033,"
    "U+20AC,U+2191,U+2193,U+2212"
)
# Fontsource's Vietnamese subset (its unicode.json), kept whole.
VIETNAMESE = code_points(
    "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,"
    "U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB"
)
SUBSETS = {"latin": LATIN, "vietnamese": VIETNAMESE}
# The layout features text needs: composed and stacked marks (ccmp, mark, mkmk), local forms,
# kerning and distances, ligatures and contextual forms; and tabular figures, which the
# report's number columns ask for. Not fractions, numerators or denominators (their glyphs
# would double the figures the files carry, for text the site never sets).
LAYOUT_FEATURES = ["ccmp", "locl", "mark", "mkmk", "kern", "dist", "liga", "clig", "calt", "rlig", "rvrn", "tnum"]

STYLESHEET_HEAD = """\
/* Written by tools/update_fonts.py: do not edit, run `make fonts`. Noto Sans and Noto Sans
   Mono (SIL Open Font License 1.1, assets/fonts/OFL-*.txt), from the site itself; each
   file holds the characters of its unicode-range (Latin and Vietnamese), so a page
   fetches only the weights and families it shows. */
"""
FACE_RULE = """\
@font-face {{
  font-family: "{family}";
  font-style: {style};
  font-weight: {weight};
  font-display: swap;
  src: url("../fonts/{file}") format("woff2");
  unicode-range: {ranges};
}}
"""


def fail(message: str) -> None:
    raise SystemExit(f"update_fonts: {message}")


def css_ranges(points: set[int]) -> str:
    """The code points as a CSS unicode-range: U+0020-007E,U+00A0,…"""
    ranges, ordered = [], sorted(points)
    start = previous = ordered[0]
    for point in ordered[1:] + [None]:
        if point is not None and point == previous + 1:
            previous = point
            continue
        ranges.append(f"U+{start:04X}" + (f"-{previous:04X}" if previous != start else ""))
        if point is not None:
            start = previous = point
    return ",".join(ranges)


def fetch(package: str, scratch: Path) -> Path:
    """`npm pack` the pinned version, check its checksum, unpack it; the package's folder."""
    version, integrity = PACKAGES[package]
    try:
        result = subprocess.run(
            ["npm", "pack", "--json", "--pack-destination", str(scratch), f"{package}@{version}"],
            capture_output=True, text=True, check=False,
        )
    except FileNotFoundError:
        fail("npm is not installed (it fetches the font packages from the npm registry)")
    if result.returncode:
        fail(f"npm pack {package}@{version} failed:\n{result.stderr.strip()}")
    (packed,) = json.loads(result.stdout)
    tarball = scratch / packed["filename"]
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != integrity:
        fail(f"{package}@{version}: checksum {digest}, expected {integrity}")
    folder = scratch / packed["filename"].removesuffix(".tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def cut(source: Path, wanted: set[int]) -> tuple[io.BytesIO, set[int]]:
    """`source` (a woff2) with only the `wanted` characters it has, as a TrueType file in
    memory; and those characters."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.glyph_names = False
    options.layout_features = LAYOUT_FEATURES
    font = TTFont(source, recalcTimestamp=False)  # the packages' own dates: the same bytes every time
    font.flavor = None
    kept = wanted & set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(kept))
    subsetter.subset(font)
    cut_font = io.BytesIO()
    font.save(cut_font, reorderTables=False)
    cut_font.seek(0)
    return cut_font, kept


def join(parts: list[io.BytesIO], target: Path) -> None:
    """One woff2 of the fonts cut from one face's subsets (fontTools.merge)."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    heads = [TTFont(part)["head"] for part in parts]
    for part in parts:
        part.seek(0)
    font = Merger().merge(parts)
    # The packages' dates, not today's (the merger's): the same bytes every time.
    font["head"].created = min(head.created for head in heads)
    font["head"].modified = max(head.modified for head in heads)
    font.recalcTimestamp = False
    font.flavor = "woff2"
    font.save(target, reorderTables=False)


def build(into_fonts: Path, into_stylesheet: Path) -> list[str]:
    """Every vendored file written anew into `into_fonts` and `into_stylesheet`; their names."""
    try:
        import brotli  # noqa: F401  (fontTools writes woff2 with it)
        import fontTools  # noqa: F401
    except ImportError:
        fail("fontTools and Brotli are needed: pip install -r tools/requirements-fonts.txt (make fonts does it)")
    into_fonts.mkdir(parents=True, exist_ok=True)
    written, rules = [], [STYLESHEET_HEAD]
    with tempfile.TemporaryDirectory(prefix="cds-fonts-") as scratch:
        packages = {package: fetch(package, Path(scratch)) for package in PACKAGES}
        for package, folder in packages.items():
            licence = f"OFL-{package.split('/')[1]}.txt"
            shutil.copyfile(folder / "LICENSE", into_fonts / licence)
            written.append(licence)
        for face in FACES:
            parts, characters = [], set()
            for subset_name, wanted in SUBSETS.items():
                source = packages[face.package] / "files" / f"{face.file_id}-{subset_name}-{face.weight}-{face.style}.woff2"
                if not source.is_file():
                    fail(f"{face.package} {PACKAGES[face.package][0]} has no {source.name}")
                part, kept = cut(source, wanted)
                parts.append(part)
                characters |= kept
            name = f"{face.file_id}-{face.weight}-{face.style}.woff2"
            join(parts, into_fonts / name)
            rules.append(FACE_RULE.format(family=face.family, style=face.style, weight=face.weight, file=name, ranges=css_ranges(characters)))
            written.append(name)
    into_stylesheet.write_text("\n".join(rules), encoding="utf-8")
    (into_fonts / "README.md").write_text(readme(), encoding="utf-8")
    return [*written, "README.md"]


def readme() -> str:
    lines = [
        "# Fonts",
        "",
        "Written by `tools/update_fonts.py` (run `make fonts`): do not edit by hand.",
        "",
        "From the npm registry (`npm pack`), under the SIL Open Font License 1.1 (the licence files beside them):",
        "",
    ]
    for package, (version, integrity) in PACKAGES.items():
        lines.append(f"- `{package}` {version} ({integrity}): `OFL-{package.split('/')[1]}.txt`")
    lines += [
        "",
        "Each file is one weight: the packages' latin and vietnamese subsets, cut to the characters listed in",
        "`tools/update_fonts.py` and joined; `assets/stylesheets/fonts.css` declares them.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare; exit 1 on any difference")
    options = parser.parse_args(argv)
    if not options.check:
        for stale in FONTS_DIR.glob("*.woff2"):
            stale.unlink()
        for name in build(FONTS_DIR, STYLESHEET):
            print(f"wrote overrides/assets/fonts/{name}")
        print(f"wrote {STYLESHEET.relative_to(PROJECT_DIR)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="cds-fonts-check-") as scratch:
        fonts, stylesheet = Path(scratch) / "fonts", Path(scratch) / "fonts.css"
        names = build(fonts, stylesheet)
        pairs = [(fonts / name, FONTS_DIR / name) for name in names] + [(stylesheet, STYLESHEET)]
        vendored = {path.name for path in FONTS_DIR.iterdir()}
        differ = [str(ours.relative_to(PROJECT_DIR)) for new, ours in pairs if not ours.is_file() or ours.read_bytes() != new.read_bytes()]
        differ += [f"overrides/assets/fonts/{name} (not written by this tool)" for name in sorted(vendored - set(names))]
    for item in differ:
        print(f"differs: {item}", file=sys.stderr)
    print("the vendored fonts are as the pinned packages give them" if not differ else f"{len(differ)} file(s) differ: run make fonts")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
