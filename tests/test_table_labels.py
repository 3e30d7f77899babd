"""Report tables carry, in each cell, the heading of its column (`data-label`), which
tables.css shows beside the value when a phone stacks each row as a card.

Checked in the built HTML of every page of both languages; tests/browser/test_phone.py checks
in Chromium that the cards are drawn and the labels shown.
"""

from __future__ import annotations

from conftest import text_of


def test_every_report_table_cell_is_labelled_with_its_column_heading(site):
    """Every <td> and row heading <th scope="row"> of a `table.cds-table` has `data-label`:
    exactly its column's heading, or empty where a label would add nothing (a row heading
    that titles the card)."""
    problems = []
    tables = 0
    for file in site.html_files():
        path = site.path_of(file)
        for table in site.page(path).select("article table.cds-table"):
            tables += 1
            caption = text_of(table.caption) if table.caption else " ".join(table["class"])
            headings = [text_of(th) for th in table.select("thead tr:first-child > th")]
            for row in table.select("tbody tr"):
                cells = row.find_all(["th", "td"], recursive=False)
                if len(cells) != len(headings):
                    problems.append(f"{path}: `{caption}`: a row of {len(cells)} cells under {len(headings)} headings")
                    continue
                for cell, heading in zip(cells, headings):
                    if cell.name == "th" and cell.get("scope") != "row":
                        continue
                    label = cell.get("data-label")
                    if label is None:
                        problems.append(f"{path}: `{caption}`: a cell of column `{heading}` has no data-label")
                    elif label not in ("", heading):
                        problems.append(f"{path}: `{caption}`: data-label `{label}` under the heading `{heading}`")
    assert tables > 100, tables  # every province, indicator and ranking page has its tables
    assert not problems, "\n".join(sorted(set(problems)))
