"""How Python-Markdown reads the hand-written pages (content/<language>/*.md).

Their tables are written in HTML, to keep a caption and row headers, which Markdown's
pipe tables cannot give, with Markdown in the cells through md_in_html's `markdown`
attribute (`<td markdown="span">`): a link to `indicators/index.md` is then resolved by
MkDocs to each language's page, and a code span shows `<id>` as text, where raw HTML
would read it as an unknown tag and drop it.

md_in_html lets Markdown through only the elements Python-Markdown counts as block-level,
and `<caption>` is not among them: inside a `<table markdown="1">` it would be read as
text of a paragraph (`<p><caption>`), which browsers move out of the table and drop.
"""

from __future__ import annotations

from markdown import Extension, Markdown


class TableCaptions(Extension):
    """Counts `<caption>` as block-level, as HTML does, so that a table's caption stays in it."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "caption" not in md.block_level_elements:
            md.block_level_elements.append("caption")
