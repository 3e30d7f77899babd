"""Tables at 1280 px in Chromium: headings break between words, and nothing is clipped.

A word of a heading (column or row) whose pieces lie on two lines is broken inside: that
is allowed only where the browser hyphenates it, that is with `hyphens: auto` in the
word's own language. A table wider than its column must scroll in its wrapper and show
it: the wrapper's edge looks different while there is more to see on that side.
"""

from __future__ import annotations

import base64

import pytest

from .conftest import DESKTOP

# Every word of every heading of the page's tables that lies on two lines. A word may be
# the text of several inline elements ("(DTI)"); a space, a hyphen or dash written in the
# text, a <br> or an element that is not inline (a button, a block) ends it.
BROKEN_WORDS = r"""
() => {
  const broken = [];
  for (const cell of document.querySelectorAll("article table th")) {
    const pieces = [];  // [text node, offset] of each character; null between words
    const walk = node => {
      if (node.nodeType === Node.TEXT_NODE) {
        for (let i = 0; i < node.data.length; i++) {
          if (/\s/.test(node.data[i])) { pieces.push(null); continue; }
          pieces.push([node, i]);
          // A line may end after a hyphen or a dash written in the text ("30th-|32nd"): it shows.
          if (/[-\u2010\u2013\u2014]/.test(node.data[i])) pieces.push(null);
        }
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      const inline = node === cell || ["inline", "contents"].includes(getComputedStyle(node).display);
      if (!inline || node.tagName === "BR") pieces.push(null);
      node.childNodes.forEach(walk);
      if (!inline) pieces.push(null);
    };
    walk(cell);
    pieces.push(null);
    let start = -1;
    pieces.forEach((piece, i) => {
      if (piece && start < 0) start = i;
      if (piece || start < 0) return;
      const first = pieces[start], last = pieces[i - 1];
      start = -1;
      const range = document.createRange();
      range.setStart(first[0], first[1]);
      range.setEnd(last[0], last[1] + 1);
      const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
      // On two lines: one piece lies wholly below another.
      if (!rects.some(a => rects.some(b => b.top >= a.bottom - 1))) return;
      const element = first[0].parentElement;
      const style = getComputedStyle(element);
      broken.push({
        word: range.toString(),
        hyphens: style.hyphens,
        lang: (element.closest("[lang]") || {}).lang || "",
        heading: cell.textContent.trim().replace(/\s+/g, " "),
      });
    });
  }
  return broken;
}
"""

# A heading whose content is wider than its cell runs over the next one.
OVERFLOWING_HEADINGS = """
() => [...document.querySelectorAll("article table th")]
  .filter(th => th.scrollWidth > th.clientWidth + 1)
  .map(th => th.textContent.trim().replace(/\\s+/g, " "))
"""

# Each table wider than the column: the element it scrolls in, if any (marked so that the
# test can find it), and the article's column otherwise.
WIDE_TABLES = """
() => [...document.querySelectorAll("article table")].flatMap((table, index) => {
  let scroller = null;
  for (let el = table.parentElement; el && el.tagName !== "ARTICLE"; el = el.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(el).overflowX)) { scroller = el; break; }
  }
  const holder = scroller || table.closest("article");
  if (table.getBoundingClientRect().width <= holder.clientWidth + 1) return [];
  if (scroller) scroller.dataset.scrollsTable = index;
  return [{index, scrolls: !!scroller, caption: ((table.caption || {}).textContent || table.className).trim()}];
})
"""


# The share of pixels that differ noticeably (more than anti-aliasing does) between two
# screenshots of the same size, decoded by the page's own canvas.
CHANGED_PIXELS = """
async (addresses) => {
  const load = address => new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = reject;
    image.src = address;
  });
  const pixels = image => {
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height).data;
  };
  const [first, second] = (await Promise.all(addresses.map(load))).map(pixels);
  let changed = 0;
  for (let i = 0; i < first.length; i += 4) {
    if ([0, 1, 2].some(c => Math.abs(first[i + c] - second[i + c]) > 24)) changed++;
  }
  return changed / (first.length / 4);
}
"""
# A sign covers much of its edge; no sign leaves it as it is, anti-aliasing aside.
SHOWN, HIDDEN = 0.2, 0.02


def pages_to_check(served) -> list[str]:
    """The national ranking, compare, open data, an indicator and every province page, in
    both languages (the home page has cards, not tables); province pages are found in the
    built site."""
    fixed = ["xep-hang/dti-2022/", "en/rankings/dti-2022/", "so-sanh/", "en/compare/", "du-lieu/", "en/data/", "chi-so/dti/", "en/indicators/dti/"]
    provinces = [
        path
        for path in served.pages()
        if path.count("/") == (2 if path.startswith("tinh/") else 3) and path.startswith(("tinh/", "en/provinces/"))
    ]
    assert {served.language_of(path) for path in provinces} == {"vi", "en"}, provinces
    return fixed + provinces


def edge(page, holder, side: str) -> bytes:
    """A screenshot of a thin strip at the table's holder's edge, in its visible part
    below the page's header (which changes as the page scrolls)."""
    box = holder.bounding_box()
    top = max(box["y"], page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom"))
    bottom = min(box["y"] + box["height"], DESKTOP["height"])
    assert bottom - top > 20, box
    x = box["x"] + box["width"] - 9 if side == "right" else box["x"] + 1
    return page.screenshot(clip={"x": x, "y": top, "width": 8, "height": bottom - top})


def sign_at(page, holder, side: str) -> float:
    """How much of the holder's edge looks different from the same edge drawn without the
    holder's background, where the sign that it scrolls is drawn: the share of its pixels."""
    drawn = edge(page, holder, side)
    holder.evaluate("el => { el.dataset.background = el.style.background; el.style.background = 'none'; }")
    plain = edge(page, holder, side)
    holder.evaluate("el => { el.style.background = el.dataset.background; }")
    return page.evaluate(CHANGED_PIXELS, [png_address(drawn), png_address(plain)])


def png_address(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.fixture(scope="module")
def paths(served):
    return pages_to_check(served)


def test_table_headings_break_between_words_only(recorded, served, paths):
    context, _ = recorded
    page = context.new_page()
    problems = []
    for path in paths:
        page.goto(served.address(path))
        language = served.language_of(path)
        assert page.locator("article table th").count(), path
        for word in page.evaluate(BROKEN_WORDS):
            if word["hyphens"] != "auto" or word["lang"] != language:
                problems.append(f"{path}: `{word['word']}` broken in heading `{word['heading']}` ({word})")
        problems += [f"{path}: heading wider than its cell: `{text}`" for text in page.evaluate(OVERFLOWING_HEADINGS)]
    assert not problems, "\n".join(problems)


def scrolling_is_shown(page, holder) -> list[str]:
    """What is wrong with the signs on a holder's edges, before and after it is scrolled."""
    holder.scroll_into_view_if_needed()
    holder.evaluate("el => { el.scrollLeft = 0; }")
    page.wait_for_timeout(300)  # the header's transitions, once the page has scrolled
    problems = []
    if sign_at(page, holder, "right") < SHOWN:
        problems.append("nothing at its right edge says it scrolls")
    if sign_at(page, holder, "left") > HIDDEN:
        problems.append("a sign of more to the left before it was scrolled")
    holder.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    if sign_at(page, holder, "right") > HIDDEN:
        problems.append("a sign of more to the right once scrolled to its end")
    if sign_at(page, holder, "left") < SHOWN:
        problems.append("scrolled to its end, nothing at its left edge says there is more")
    holder.evaluate("el => { el.scrollLeft = 0; }")
    return problems


def test_no_table_is_clipped(recorded, served, paths):
    context, _ = recorded
    page = context.new_page()
    problems = []
    for path in paths:
        page.goto(served.address(path))
        if page.evaluate("document.documentElement.scrollWidth") > DESKTOP["width"]:
            problems.append(f"{path}: the page is wider than the window")
        for table in page.evaluate(WIDE_TABLES):
            name = f"{path}: table `{table['caption']}`"
            if not table["scrolls"]:
                problems.append(f"{name} is cut: wider than the column, and nothing around it scrolls")
                continue
            holder = page.locator(f"[data-scrolls-table='{table['index']}']")
            problems += [f"{name}: {problem}" for problem in scrolling_is_shown(page, holder)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["so-sanh/", "en/compare/"])
def test_a_report_table_wider_than_the_column_shows_that_it_scrolls(recorded, served, path):
    """Whatever the tables hold today: a report table made wider than the page scrolls and says so."""
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(path))
    page.locator("article table.cds-table").first.evaluate("table => { table.style.minWidth = '2000px'; }")
    wide = page.evaluate(WIDE_TABLES)
    assert wide and wide[0]["index"] == 0 and wide[0]["scrolls"], wide
    assert scrolling_is_shown(page, page.locator("[data-scrolls-table='0']")) == []


@pytest.mark.parametrize("path", ["so-sanh/", "en/compare/", "xep-hang/dti-2022/", "en/rankings/dti-2022/"])
def test_a_squeezed_heading_still_breaks_between_words_only(recorded, served, path):
    """Whatever the tables hold today: column headings made as narrow as they can be (their
    rows hidden, so that only the headings set the columns' widths) keep their words whole,
    links included (Material lets links break anywhere)."""
    context, _ = recorded
    page = context.new_page()
    page.goto(served.address(path))
    squeezed = page.locator("article table:has(thead a, thead button)").evaluate_all(
        """tables => tables.map(table => {
          table.style.width = "1px";
          for (const body of table.tBodies) body.style.display = "none";
          for (const th of table.tHead.rows[0].cells) { th.style.width = "1px"; th.style.minWidth = "0"; }
          return table.tHead.rows[0].cells.length;
        })"""
    )
    assert squeezed, path
    language = served.language_of(path)
    broken = [word for word in page.evaluate(BROKEN_WORDS) if word["hyphens"] != "auto" or word["lang"] != language]
    assert not broken, broken
    assert not page.evaluate(OVERFLOWING_HEADINGS)
