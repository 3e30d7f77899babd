"""No text from data/ ever becomes markup, a link, a data block or a spreadsheet formula.

Every text field of every data file (found by trying: whatever the build accepts in place
of a field's text is poisoned, the rest, ids, dates and references, keeps its value) is
given a text full of HTML, script, Markdown, `javascript:` links and `<!-- data: … -->`
markers, each carrying the marker `qzx`. Then every file the site is made of is read back
as its reader would read it: HTML parsed with BeautifulSoup (inline SVG charts included),
the search index as Material's search shows it (HTML), the JSON and CSV downloads parsed.
Wherever the marker is, it must sit in text or in an attribute's value that holds the whole
text as given: never in an element, an attribute of its own, a comment or a link.

One build with a fixed text; a few builds with random ones (hypothesis, derandomized); many
random texts in-process, through what the hooks run (`Renderer`, the downloads, and
Python-Markdown as MkDocs runs it on hand-written pages, with the glossary's abbreviations).
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import functools
import io
import json
import re
import tempfile
import unicodedata
import zlib
from pathlib import Path

import markdown
import yaml
from bs4 import BeautifulSoup, Comment
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from conftest import PROJECT_DIR, _ConfigLoader, copy_project, renderers_as_the_glue_makes, run_mkdocs, set_value_at, value_at

from cds.dataset import read_dataset
from cds.downloads import write_downloads
from cds.model import Term, Text
from cds.problems import DataError

MARK = "qzx"
# Every kind of markup a text could smuggle in, with line breaks, each text starting like a
# formula; several short texts, as texts have a length limit (ids and dates refuse them all).
PAYLOADS = (
    '=qzx "a" \'b\' &amp; <script>qzx()</script>\n<!-- data: province-cards -->',
    "@qzx <img src=x onerror=qzx()>\n*[PCI]: qzx [a](javascript:qzx())",
    '+qzx <a href="javascript:qzx()">a</a> **b** `c` <!-- qzx --></title>',
    "-qzx <svg onload=qzx()> ' onfocus='qzx() \" onmouseover=\"qzx() &lt;b&gt;",
)
# A glossary term's name is refused with `<`, `>` or a line break (see tests/errors/glossary-*).
NAME_PAYLOAD = "-qzx \"a\" 'b' &amp; & *[PCI]: qzx [a](javascript:qzx()) **b** `c`"
INLINE = {"abbr", "a", "small", "strong", "em", "span", "time", "cite", "code", "b", "i", "sub", "sup", "br", "bdi", "mark", "q"}
FORMULA_START = re.compile(r"\s*[=+\-@]|[\t\r\n]")


def _normal(text: str) -> str:
    return " ".join(text.split())


# --- Poisoning every text field -----------------------------------------------------------------


def _string_paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path




def _path_of(field: str) -> tuple:
    """`figures[3].note.en` → ("figures", 3, "note", "en")."""
    return tuple(int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field))


@dataclasses.dataclass
class Poisoned:
    dataset: object
    values: dict  # (file, path) → the text the field was given


ORIGINALS = {
    path.relative_to(PROJECT_DIR).as_posix(): yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((PROJECT_DIR / "data").rglob("*.yml"))
}


def _compared(file: str, path: tuple) -> bool:
    """The Vietnamese names of data/admin-units.yml, which the rankings' printed names are
    compared with: a text added to one is refused in the ranking, on the row's name, which
    the loop below cannot trace back to it. (Their other texts are poisoned.)"""
    return file == "data/admin-units.yml" and len(path) == 4 and path[2:] == ("name", "vi")


def poison(project: Path, texts, fields=None) -> Poisoned:
    """Write into `project` the real data files with each string (or each of `fields`)
    given the first of `texts(file, path, original)` the build accepts there; a field that
    accepts none keeps its value."""
    if fields is None:
        fields = [(file, path) for file, data in ORIGINALS.items() for path in _string_paths(data) if not _compared(file, path)]
    choices = {(file, path): texts(file, path, value_at(ORIGINALS[file], path)) for file, path in fields}
    tier = {field: 0 for field in choices}
    for _ in range(12):
        values = {field: options[tier[field]] for field, options in choices.items() if tier[field] < len(options)}
        for file, data in ORIGINALS.items():
            changed = copy.deepcopy(data)
            for (name, path), value in values.items():
                if name == file:
                    set_value_at(changed, path, value)
            text = yaml.dump(changed, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
            (project / file).write_text(text, encoding="utf-8")
        try:
            dataset = read_dataset(project / "data", project / "schema", project)
        except DataError as error:
            refused = set()
            for problem in error.problems:
                where = _path_of(problem.field)
                refused |= {(file, path) for file, path in values if file == problem.file and path[: len(where)] == where}
            assert refused, error.report()  # a problem the poisoning cannot undo: the data itself
            for field in refused:
                tier[field] += 1
            continue
        return Poisoned(dataset, values)
    raise AssertionError("the data was still refused after undoing every refused text")


_text_fields: list = []


def text_fields() -> list:
    """The fields that take any text: those that accept a harmless word before their text
    (ids, dates, references and words from a list do not)."""
    if not _text_fields:
        with tempfile.TemporaryDirectory() as directory:
            project = copy_project(Path(directory) / "project")
            _text_fields.extend(poison(project, lambda file, path, original: [f"qzx {original}"]).values)
    return _text_fields


def prefixed(payloads: tuple[str, ...], name_payload: str):
    """One of the payloads before each text (so that no truncation can cut it off), and
    before a glossary name the payload that names accept. Interface strings get no
    braces, which mark their placeholders (tests/test_errors.py covers those)."""

    def texts(file: str, path: tuple, original: str) -> list[str]:
        payload = payloads[zlib.crc32(repr((file, path)).encode()) % len(payloads)]
        if file == "data/interface.yml":
            payload = payload.replace("{", "(").replace("}", ")")
        options = [f"{payload} {original}"]
        if file == "data/glossary.yml" and "name" in path:
            options.append(f"{name_payload} {original}")
        return options

    return texts


# --- Reading the output back --------------------------------------------------------------------


def check_html(html: str, where: str) -> int:
    """Wherever the marker is in `html`, it is text or an attribute's value holding a whole
    poisoned text; returns how many places hold it."""
    soup = BeautifulSoup(html, "html.parser")
    found = 0
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        assert MARK not in comment, (where, "a comment from the data", str(comment)[:200])
    for element in soup.find_all(True):
        assert MARK not in element.name, (where, element.name)
        for name, value in element.attrs.items():
            assert MARK not in name, (where, element.name, name)
            value = " ".join(value) if isinstance(value, list) else value
            if MARK in value:
                found += 1
                assert name not in {"href", "src", "action", "style"} and not name.startswith("on"), (where, element.name, name, value[:200])
                assert _poisoned_text(value), (where, f"<{element.name} {name}>", value[:300])
    for text in soup.find_all(string=lambda text: MARK in text and not isinstance(text, Comment)):
        found += 1
        block = text.parent
        assert block.name not in {"script", "style"}, (where, str(block)[:200])
        while block.name in INLINE and block.parent is not None:
            block = block.parent
        assert _poisoned_text(block.get_text()), (where, block.name, str(block)[:400])
    return found


_POISONED_FORMS: set[str] = set()


def _poisoned_text(text: str) -> bool:
    normal = _normal(text)
    return any(form in normal for form in _POISONED_FORMS)


def set_poisoned_forms(*payloads: str) -> None:
    _POISONED_FORMS.clear()
    _POISONED_FORMS.update(_normal(payload) for payload in payloads)


def check_json(document, values: set[str], where: str) -> int:
    found = 0
    for path in _string_paths(document):
        text = value_at(document, path)
        if MARK in text:
            found += 1
            assert text in values, (where, path, text[:200])
    return found


def spreadsheet_form(text: str) -> str:
    """The CSV files show a text that starts like a formula after a single quote (OWASP)."""
    return "'" + text if FORMULA_START.match(text) else text


def check_csv(raw: str, values: set[str], where: str) -> int:
    found, shown = 0, {spreadsheet_form(value) for value in values}
    for row in csv.reader(io.StringIO(raw)):
        for cell in row:
            if MARK in cell:
                found += 1
                assert cell in shown, (where, cell[:200])
                assert not FORMULA_START.match(cell), (where, cell[:200])
    return found


def check_search_index(index: dict, where: str) -> int:
    """Material's search shows titles, texts and tags as HTML: each must show the text as given."""
    found = 0
    for document in index["docs"]:
        for field in ("title", "text"):
            found += check_html(document.get(field, ""), f"{where} {document['location']} {field}")
        for tag in document.get("tags", []):
            # Tags are names, written also without accents (for searches typed without them):
            # each must be text only.
            soup = BeautifulSoup(tag, "html.parser")
            assert not soup.find_all(True) and not soup.find_all(string=lambda text: isinstance(text, Comment)), (where, tag)
            found += MARK in tag
    return found


def check_site(site_dir: Path, values: set[str]) -> dict[str, int]:
    """Every file of the built site; returns how many places hold the marker, by kind of file."""
    counts = {"html": 0, "search": 0, "json": 0, "csv": 0}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative.startswith(("assets/", "en/assets/")):
            continue
        if path.suffix == ".html":
            counts["html"] += check_html(path.read_text(encoding="utf-8"), relative)
        elif relative.endswith("search/search_index.json"):
            counts["search"] += check_search_index(json.loads(path.read_text(encoding="utf-8")), relative)
        elif path.suffix == ".json":
            counts["json"] += check_json(json.loads(path.read_text(encoding="utf-8")), values, relative)
        elif path.suffix == ".csv":
            counts["csv"] += check_csv(path.read_text(encoding="utf-8-sig"), values, relative)
        else:
            assert MARK.encode() not in path.read_bytes(), relative  # sitemaps, robots.txt: no data text
    return counts


# --- One build, every text field poisoned with the fixed payload -----------------------------


def test_markup_in_every_text_shows_as_text_everywhere(project_copy, tmp_path):
    poisoned = poison(project_copy, prefixed(PAYLOADS, NAME_PAYLOAD))
    set_poisoned_forms(*PAYLOADS, NAME_PAYLOAD)
    by_file = {}
    for file, path in poisoned.values:
        by_file.setdefault(file, set()).add(path[-1] if isinstance(path[-1], str) and path[-1] not in ("vi", "en") else path[-2])
    # The poisoning reached every file, and every kind of text in it.
    assert set(by_file) == set(ORIGINALS)
    assert {"name", "summary", "note", "title", "documents", "document"} <= by_file["data/provinces/nghe-an.yml"]
    assert {"title", "author", "outlet", "date_note"} <= by_file["data/sources.yml"]
    assert {"name", "definition"} <= by_file["data/glossary.yml"]
    assert {"name", "description", "comparability"} <= by_file["data/indicators.yml"]
    assert {"name", "label", "description"} <= by_file["data/definitions.yml"]
    assert len(by_file["data/interface.yml"]) > 50
    glossary_names = [value for (file, path), value in poisoned.values.items() if file == "data/glossary.yml" and "name" in path]
    assert glossary_names and all(value.startswith(NAME_PAYLOAD) for value in glossary_names)

    site_dir = tmp_path / "site"
    result = run_mkdocs(project_copy, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    counts = check_site(site_dir, set(poisoned.values.values()))
    assert all(counts.values()), counts

    # The payload is there, as text, wherever the data is shown: name, summary, interface
    # strings (h2), pillar names (h3), indicator names, units and notes (figures), targets,
    # events and their kinds, sources, the page's title, the header, the charts.
    for path, selectors in {
        "tinh/nghe-an/": ["h1", "p.cds-summary", "article h2", "article h3", "table.cds-figures", "table.cds-targets", "ol.cds-timeline", ".cds-kind", "ol.cds-sources", "title", "nav", "svg desc"],
        "en/provinces/nghe-an/": ["h1", "p.cds-summary", "article h2", "article h3", "table.cds-figures", "table.cds-targets", "ol.cds-timeline", ".cds-kind", "ol.cds-sources", "title", "nav", "svg desc"],
        "tinh/bac-giang/": [".cds-merged"],
        "en/indicators/dti/": ["figure.cds-bar-chart figcaption", "figure.cds-bar-chart .cds-bar-label"],
        "en/glossary/": ["dl.cds-glossary dt", "dl.cds-glossary dd"],
        "so-sanh/": ["table.cds-sortable caption"],
        "tinh/": ["ul.cds-province-list", "p.cds-province-others"],
    }.items():
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for selector in selectors:
            element = soup.select_one(selector)
            assert element is not None, (path, selector)
            assert _poisoned_text(element.get_text()), (path, selector)
        description = soup.find("meta", attrs={"name": "description"})
        assert _poisoned_text(description["content"]), path
    # The home page (its description is the site's, from mkdocs.yml): provinces, cards, chart.
    home = BeautifulSoup((site_dir / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for selector in (".cds-home-province-name", ".cds-merger-status", ".cds-lede", ".cds-card", ".cds-standing-chart figcaption", "ul.cds-standing-names", "svg desc"):
        element = home.select_one(selector)
        assert element is not None and _poisoned_text(element.get_text()), selector

    # Hand-written pages: each glossary abbreviation is explained with its (poisoned) name,
    # as text; the data marker in the texts fills in no block: the home page has the one
    # set of province cards its Markdown asks for.
    for path in ("", "en/", "en/about/"):
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        titles = {abbr.get_text(): abbr["title"] for abbr in soup.select("article abbr")}
        assert titles["DTI"].startswith(NAME_PAYLOAD), titles
        assert len(soup.select("div.cds-home-provinces")) == (path != "en/about/"), path

    # Search shows titles and texts as HTML: escaped as Material escapes text.
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    province = next(doc for doc in index["docs"] if doc["location"] == "tinh/nghe-an/")
    assert "&lt;" in province["title"] and MARK in province["title"]
    assert any("&lt;" in doc["text"] and MARK in doc["text"] for doc in index["docs"] if doc["location"].startswith("tinh/nghe-an/"))


# --- A few builds with random texts ---------------------------------------------------------------

FRAGMENTS = [
    "<script>qzx()</script>", "<img src=x onerror=qzx()>", '" onmouseover="qzx()', "' onfocus='qzx()",
    "<!-- qzx -->", "<!-- data: qzx -->", "<!-- data: province-cards -->", "-->", "<!--", "*[DTI]: qzx",
    "[a](javascript:qzx())", '<a href="javascript:qzx()">x</a>', "**qzx**", "_qzx_", "`qzx`", "\n", "\n\n",
    "\n    indented qzx", "\n# qzx", "\n- qzx", "| a | b |", "&amp;", "&lt;qzx&gt;", "&#60;", "&", "<", ">",
    "{{ qzx }}", "{% raw %}", "]]>", "<![CDATA[qzx]]>", "</title><script>qzx()</script>", "</textarea>",
    "<svg onload=qzx()>", "<style>qzx{}</style>", "javascript:qzx()", "=HYPERLINK(\"qzx\")", '"', "'", "\\",
    ", ", ": ", "#", "- ",
]
RANDOM_TEXT = st.builds(
    lambda start, pieces: unicodedata.normalize("NFC", (start + MARK + "".join(pieces))[:80]).strip(),
    st.sampled_from(["", "=", "+", "-", "@"]),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(codec="utf-8", exclude_categories=("C", "Z")), max_size=6)), min_size=1, max_size=6),
)


def _name_form(text: str) -> str:
    return re.sub(r"[<>\s]+", " ", text).strip()


def _shown_forms(text: str) -> tuple[str, ...]:
    """How the random text shows: as given, as a glossary name, as an interface string."""
    return text, _name_form(text), text.replace("{", "(").replace("}", ")")


# Without shrinking: each example is a build, and the failing one is reported as it is.
NO_SHRINKING = [Phase.explicit, Phase.generate]


@settings(max_examples=4, derandomize=True, database=None, deadline=None, phases=NO_SHRINKING, suppress_health_check=list(HealthCheck))
@given(RANDOM_TEXT)
def test_random_text_in_every_field_never_becomes_markup_in_the_built_site(text):
    with tempfile.TemporaryDirectory() as directory:
        project = copy_project(Path(directory) / "project")
        poisoned = poison(project, prefixed((text,), _name_form(text)), text_fields())
        set_poisoned_forms(*_shown_forms(text))
        result = run_mkdocs(project, Path(directory) / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        counts = check_site(Path(directory) / "site", set(poisoned.values.values()))
        assert counts["html"] and counts["search"] and counts["json"] and counts["csv"], counts


# --- Many random texts, in-process --------------------------------------------------------------


@functools.cache
def _markdown_settings() -> tuple[list, dict]:
    """The Markdown extensions and their options as mkdocs.yml gives them."""
    config = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, value = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = dict(value or {})
    return names, options


def hand_written_html(markdown_text: str, abbreviation_titles: dict[str, str]) -> str:
    """A hand-written page's Markdown as MkDocs renders it, with the glossary the hook gives
    the `abbr` extension (hooks/cds_site.py, on_config)."""
    names, options = _markdown_settings()
    options = {**options, "abbr": {**options.get("abbr", {}), "glossary": abbreviation_titles}}
    return markdown.Markdown(extensions=names, extension_configs=options).convert(markdown_text)


_workspace: tempfile.TemporaryDirectory | None = None


def _project() -> Path:
    """A copy of the project for this module's in-process examples (its data is rewritten each time)."""
    global _workspace
    if _workspace is None:
        _workspace = tempfile.TemporaryDirectory()
        copy_project(Path(_workspace.name) / "project")
    return Path(_workspace.name) / "project"


HAND_WRITTEN = sorted((PROJECT_DIR / "content").rglob("*.md"))


@settings(max_examples=10, derandomize=True, database=None, deadline=None, phases=NO_SHRINKING, suppress_health_check=list(HealthCheck))
@given(RANDOM_TEXT)
@example(PAYLOADS[0] + PAYLOADS[2])
def test_random_text_in_every_field_never_becomes_markup_in_pages_downloads_or_hand_written_pages(text):
    project = _project()
    poisoned = poison(project, prefixed((text,), _name_form(text)), text_fields())
    set_poisoned_forms(*_shown_forms(text))
    values = set(poisoned.values.values())
    dataset = poisoned.dataset
    out = project / "site"
    downloads = write_downloads(dataset, out)
    found = 0
    for download in downloads.values():
        raw = (out / download.path).read_text(encoding="utf-8-sig")
        found += check_csv(raw, values, download.path) if download.path.endswith(".csv") else check_json(json.loads(raw), values, download.path)
    assert found
    for glue in renderers_as_the_glue_makes(dataset, downloads):
        found = 0
        # Every kind of page (indicator pages differ only in their data: a few of them).
        indicators = sorted(page_id for page_id in glue.generated if page_id.startswith("indicator/"))
        for page_id in [page_id for page_id in glue.generated if page_id not in indicators] + indicators[:3] + ["indicator/dti"]:
            url = glue.url(page_id)
            found += check_html(glue.renderer.page(page_id, url).html, page_id)
        for name in sorted(glue.renderer.fragment_names()):
            found += check_html(glue.renderer.fragment(name, ""), f"fragment {name}")
        titles = glue.renderer.abbreviation_titles()
        for page in HAND_WRITTEN:
            if page.parent.name == glue.language.code:
                html = hand_written_html(get_data(page.read_text(encoding="utf-8"))[0], titles)
                check_html(html, page.name)
                names = {spelling: glue.renderer.formatter.text(term.name) for term in dataset.glossary for spelling in term.spellings}
                for abbr in BeautifulSoup(html, "html.parser").find_all("abbr"):
                    assert abbr["title"] == names[abbr.get_text()], page.name
        assert found, glue.language.code


# The abbreviation path itself: any spelling with a letter (one without is refused: see
# tests/errors/glossary-abbreviation-without-letter) and any name, even those the
# glossary's checks refuse, reach hand-written pages only as text.
PLAIN_IN_MARKDOWN = re.compile(r"(?:[^\W_]|[ .&/-])+")
SPELLING = st.one_of(
    st.from_regex(PLAIN_IN_MARKDOWN, fullmatch=True),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12),
).filter(lambda spelling: re.search(r"[^\W\d_]", spelling))
NAME = st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS), st.builds("".join, st.lists(st.sampled_from(FRAGMENTS), max_size=5)))
_real: list = []


def _renderer_with(glossary: list[Term]):
    """The Vietnamese renderer, as the glue makes it, of the real data with this glossary."""
    from cds.render import Renderer

    if not _real:
        dataset = read_dataset(PROJECT_DIR / "data", PROJECT_DIR / "schema", PROJECT_DIR)
        _real.extend([dataset, renderers_as_the_glue_makes(dataset, {})[0]])
    dataset, glue = _real
    return Renderer(PROJECT_DIR / "overrides" / "report", dataclasses.replace(dataset, glossary=glossary), glue.routes, "vi", {})


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.dictionaries(SPELLING, NAME, min_size=1, max_size=4))
@example({"CĐS": "Chuyển đổi số\n<script>qzx()</script>\n*[DTI]: qzx\n<!-- data: province-cards -->", "R&D": "R&amp;D &lt;"})
@example({"DTI]: <script>qzx()</script>\n*[PCI": "x", "PCI": "qzx\n\n# heading"})
def test_glossary_spellings_and_names_reach_hand_written_pages_as_text(glossary):
    terms = [Term(f"t{i}", Text(name, name), Text("d", "d"), abbreviation=spelling) for i, (spelling, name) in enumerate(glossary.items())]
    titles = _renderer_with(terms).abbreviation_titles()
    assert set(titles) == set(glossary)
    # The page's own text holds each spelling that is plain text in Markdown, too.
    shown = [spelling for spelling in glossary if PLAIN_IN_MARKDOWN.fullmatch(spelling)]
    sample = "Trang viết tay về " + " và ".join(f"`{i}` {spelling} ." for i, spelling in enumerate(shown)) + "\n\n<!-- data: province-cards -->\n"
    html = hand_written_html(sample, titles)
    soup = BeautifulSoup(html, "html.parser")
    # Only what the Markdown itself makes: a paragraph, code spans, abbreviations, the marker.
    assert {element.name for element in soup.find_all(True)} <= {"p", "code", "abbr"}, html
    comments = [str(comment) for comment in soup.find_all(string=lambda text: isinstance(text, Comment))]
    assert comments == [" data: province-cards "], html
    for abbr in soup.find_all("abbr"):
        assert abbr.get_text() in glossary and abbr["title"] == glossary[abbr.get_text()], html
