"""Every kind of page on a phone and on a laptop, in Chromium, in both languages.

At 375×812 neither the page nor any table scrolls sideways (a code block may scroll inside
itself: the page does not), and each row of a table is a card: its cells stacked one under
another, in a report table (`table.cds-table`) each with its column's heading as a label
(`data-label`, tables.css). At 1280×800 no table is wider than the element that holds it.

The pages are every page of the built site but the indicator pages, of which the one with
the widest table in each language is checked (the table's longest row, in characters), and
the 404 page; the test first makes sure that each kind of page is among them.
"""

from __future__ import annotations

import pytest

from .conftest import new_context

PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 800}
NOT_FOUND = ["404.html", "en/404.html"]

# Each kind of page, by its path in each language (one page of a kind with several).
KINDS = {
    "home": ("", "en/"),
    "provinces index": ("tinh/", "en/provinces/"),
    "indicators index": ("chi-so/", "en/indicators/"),
    "compare": ("so-sanh/", "en/compare/"),
    "glossary": ("thuat-ngu/", "en/glossary/"),
    "rankings index": ("xep-hang/", "en/rankings/"),
    "methodology": ("phuong-phap/", "en/about/"),
    "data dictionary": ("du-lieu/", "en/data/"),
    "editors' guide": ("huong-dan-bien-tap/", "en/editors-guide/"),
    "404": tuple(NOT_FOUND),
}
SECTIONS = {"province": ("tinh/", "en/provinces/"), "indicator": ("chi-so/", "en/indicators/"), "ranking": ("xep-hang/", "en/rankings/")}

# What is wider than the window: the page, and each table (its box, or its content when the
# table or an element around it scrolls sideways).
TOO_WIDE = """
() => {
  const width = window.innerWidth, problems = [];
  if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  document.querySelectorAll("article table").forEach((table, index) => {
    const name = `table ${index + 1} (${((table.caption || {}).textContent || table.className).trim().slice(0, 60)})`;
    const box = table.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) problems.push(`${name} reaches from ${Math.round(box.left)} to ${Math.round(box.right)} px`);
    for (let el = table; el && el.tagName !== "ARTICLE"; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX))
        problems.push(`${name} scrolls sideways in <${el.tagName.toLowerCase()} class="${el.className}">: ${el.scrollWidth} px in ${el.clientWidth}`);
    }
  });
  return problems;
}
"""

# Each table's rows as cards: what is not as it should be. A report table's cells carry the
# heading of their column (or "" where it would add nothing); a hand-written page's table
# (Markdown's, without a class) is stacked without labels.
NOT_CARDS = """
() => {
  const problems = [];
  const text = el => el.textContent.trim().replace(/\\s+/g, " ");
  document.querySelectorAll("article table.cds-table, article table:not([class])").forEach((table, index) => {
    const labelled = table.classList.contains("cds-table");
    const name = `table ${index + 1} (${((table.caption || {}).textContent || table.className).trim().slice(0, 60)})`;
    const headings = table.tHead ? [...table.tHead.rows[0].cells].map(text) : [];
    for (const row of table.tBodies[0].rows) {
      const rowStyle = getComputedStyle(row);
      const where = `${name}, row "${text(row).slice(0, 40)}"`;
      if (rowStyle.display === "table-row") { problems.push(`${where}: still a table row`); continue; }
      if (parseFloat(rowStyle.borderTopWidth) === 0) problems.push(`${where}: the card has no border`);
      const inner = row.clientWidth - parseFloat(rowStyle.paddingLeft) - parseFloat(rowStyle.paddingRight);
      [...row.cells].forEach((cell, column) => {
        const style = getComputedStyle(cell);
        const label = cell.getAttribute("data-label");
        const heading = headings[column];
        const cellName = `${where}, cell ${column + 1} ("${heading}")`;
        if (labelled && (cell.tagName === "TD" || cell.getAttribute("scope") === "row")) {
          if (label === null) problems.push(`${cellName}: no data-label`);
          else if (label !== "" && label !== heading) problems.push(`${cellName}: data-label "${label}" is not its column's heading`);
        }
        if (style.display !== "block") problems.push(`${cellName}: display ${style.display}, not block`);
        if (cell.getBoundingClientRect().width < inner - 1) problems.push(`${cellName}: beside another cell, not under it`);
        if (label) {
          const before = getComputedStyle(cell, "::before");
          if (before.display === "none" || !before.content.includes(JSON.stringify(label)) || before.visibility === "hidden")
            problems.push(`${cellName}: its label is not shown (${before.display}, ${before.content})`);
        }
      });
    }
  });
  return problems;
}
"""

# Each table wider than the element it sits in.
WIDER_THAN_HOLDER = """
() => [...document.querySelectorAll("article table")].flatMap((table, index) => {
  const holder = table.parentElement;
  const width = table.getBoundingClientRect().width;
  return width > holder.clientWidth + 1
    ? [`table ${index + 1} (${((table.caption || {}).textContent || table.className).trim().slice(0, 60)}) is ${Math.round(width)} px wide in ${Math.round(holder.clientWidth)}`]
    : [];
})
"""


def widest_indicator_tables(served) -> list[str]:
    """In each language, the indicator page whose table has the longest row, in characters."""
    from bs4 import BeautifulSoup

    chosen = []
    for prefix in SECTIONS["indicator"]:
        longest = {}
        for path in served.pages():
            if path.startswith(prefix) and path != prefix:
                soup = BeautifulSoup((served.root / path / "index.html").read_text(encoding="utf-8"), "html.parser")
                rows = soup.select("article table.cds-table tbody tr")
                if rows:
                    longest[path] = max(len(row.get_text(" ", strip=True)) for row in rows)
        assert longest, prefix
        chosen.append(max(longest, key=longest.get))
    return chosen


@pytest.fixture(scope="module")
def paths(served) -> list[str]:
    indicators = SECTIONS["indicator"]
    every = [path for path in served.pages() if not (path.startswith(indicators) and path not in indicators)]
    every += widest_indicator_tables(served) + NOT_FOUND
    for kind, wanted in KINDS.items():
        assert set(wanted) <= set(every), f"{kind}: {wanted}"
    for kind, prefixes in SECTIONS.items():
        for prefix in prefixes:
            assert any(path.startswith(prefix) and path != prefix for path in every), f"no {kind} page under {prefix}"
    return every


def check_pages(browser, served, paths, viewport, script) -> list[str]:
    context, recorder = new_context(browser, served, viewport=viewport)
    page = context.new_page()
    problems = []
    for path in paths:
        page.goto(served.address(path))
        page.evaluate("document.fonts.ready")
        problems += [f"{path}: {problem}" for problem in page.evaluate(script)]
    context.close()
    return problems + recorder.problems()


def test_nothing_is_wider_than_a_phone(browser, served, paths):
    problems = check_pages(browser, served, paths, PHONE, TOO_WIDE)
    assert not problems, "\n".join(problems)


def test_tables_are_cards_on_a_phone(browser, served, paths):
    problems = check_pages(browser, served, paths, PHONE, NOT_CARDS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width", "cards"), [(600, True), (601, False)])
def test_tables_turn_into_cards_at_600_px(browser, served, width, cards):
    """The breakpoint: a ranking's rows are cards at 600 px, and table rows a pixel wider."""
    context, recorder = new_context(browser, served, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(served.address("xep-hang/dti-2022/"))
    displays = page.eval_on_selector_all("article table.cds-table tbody tr", "rows => rows.map(r => getComputedStyle(r).display)")
    assert displays
    assert all((display != "table-row") == cards for display in displays), set(displays)
    context.close()
    assert not recorder.problems()


def test_no_table_is_wider_than_its_holder_on_a_laptop(browser, served, paths):
    problems = check_pages(browser, served, paths, LAPTOP, WIDER_THAN_HOLDER)
    assert not problems, "\n".join(problems)


def test_tables_print_as_tables(browser, served):
    """Print keeps the table: the phone's cards are for the screen only."""
    context, recorder = new_context(browser, served, viewport=PHONE)
    page = context.new_page()
    page.goto(served.address("xep-hang/dti-2022/"))
    page.emulate_media(media="print")
    displays = page.eval_on_selector_all("article table.cds-table tbody tr", "rows => rows.map(r => getComputedStyle(r).display)")
    assert displays and set(displays) == {"table-row"}
    context.close()
    assert not recorder.problems()


@pytest.mark.parametrize(("path", "labels"), [("chi-so/dti/", ("Giá trị", "Thời kỳ", "Xếp hạng", "Nguồn")), ("en/indicators/dti/", ("Value", "Period", "Rank", "Source"))])
def test_cards_stay_a_table_for_screen_readers(browser, served, path, labels):
    """On a phone the cards are still a table to assistive technology (its column headings
    and row headings kept, out of sight), and a label drawn beside a value is not read as
    part of it: the column's heading already names it."""
    context, recorder = new_context(browser, served, viewport=PHONE)
    page = context.new_page()
    page.goto(served.address(path))
    table = page.locator("article table.cds-table").first
    assert table.evaluate("t => getComputedStyle(t.tBodies[0].rows[0]).display") != "table-row"
    tree = table.aria_snapshot()
    assert tree.count("- columnheader ") == len(labels) + 1, tree
    assert "- rowheader " in tree and "- cell " in tree, tree
    for label in labels:
        assert f'cell "{label}' not in tree, tree
    context.close()
    assert not recorder.problems()
