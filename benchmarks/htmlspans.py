"""A small, tolerant HTML element tree that remembers where each element sits in the source.

The floor (see floor.py) must reproduce the built pages byte for byte where it can, so
elements are cut out of the original text by offset rather than re-serialised. Only the
standard library is used: html.parser gives tag positions, this module pairs start and
end tags (tolerating omitted end tags) and keeps the offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    start: int  # offset of "<" of the start tag
    inner_start: int  # offset just after the start tag
    inner_end: int = -1  # offset of "<" of the end tag
    end: int = -1  # offset just after the end tag
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def inner(self, source: str) -> str:
        return source[self.inner_start : self.inner_end]

    def outer(self, source: str) -> str:
        return source[self.start : self.end]

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find(self, tag: str | None = None, cls: str | None = None):
        return next(self.find_all(tag, cls), None)

    def find_all(self, tag: str | None = None, cls: str | None = None):
        for node in self.iter():
            if node is self:
                continue
            if (tag is None or node.tag == tag) and (cls is None or cls in node.classes):
                yield node


class _Builder(HTMLParser):
    def __init__(self, source: str, base: int = 0):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.base = base
        self.root = Node("#root", {}, 0, 0)
        self.stack = [self.root]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        text = self.get_starttag_text() or ""
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, start, start + len(text))
        node.parent = self.stack[-1]
        self.stack[-1].children.append(node)
        if tag in VOID:
            node.inner_end = node.end = node.inner_start
        else:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        text = self.get_starttag_text() or ""
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, start, start + len(text))
        node.inner_end = node.end = node.inner_start
        node.parent = self.stack[-1]
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        if not any(node.tag == tag for node in self.stack[1:]):
            return  # a stray end tag
        start = self._offset()
        end = self.source.index(">", start) + 1
        while self.stack[-1].tag != tag:
            # An element whose end tag was omitted ends where its parent ends.
            dangling = self.stack.pop()
            dangling.inner_end = dangling.end = start
        node = self.stack.pop()
        node.inner_end, node.end = start, end

    def close(self):
        super().close()
        while len(self.stack) > 1:
            node = self.stack.pop()
            node.inner_end = node.end = len(self.source)
        self.root.inner_end = self.root.end = len(self.source)


def parse(source: str) -> Node:
    builder = _Builder(source)
    builder.feed(source)
    builder.close()
    return builder.root


def article_slice(page: str) -> tuple[str, int] | None:
    """The `<article class="md-content__inner ...">` element of a Material page, as text
    (from its start tag to its end tag), without parsing the whole page."""
    found = re.search(r'<article class="md-content__inner[\s"]', page)
    if found is None:
        return None
    start = found.start()
    end = page.rfind("</article>")
    if end < start:
        return None
    return page[start : end + len("</article>")], start


def primary_nav_slice(page: str) -> str | None:
    """The primary navigation `<nav class="md-nav md-nav--primary" ...>` of a Material page."""
    found = re.search(r'<nav class="md-nav md-nav--primary[\s"]', page)
    if found is None:
        return None
    start = found.start()
    # The primary sidebar ends where the secondary (table of contents) sidebar or the content begins.
    stops = [i for i in (page.find('class="md-sidebar md-sidebar--secondary"', start), page.find('<div class="md-content"', start)) if i > 0]
    stop = min(stops) if stops else len(page)
    root = parse(page[start:stop])
    nav = root.find("nav", "md-nav--primary")
    return nav.outer(page[start:stop]) if nav and nav.end > 0 else None


TAG_TEXT = re.compile(r"<[^>]*>")


def text_only(html: str) -> str:
    return " ".join(TAG_TEXT.sub(" ", html).split())
