"""Model → HTML through the Jinja2 templates in overrides/report/.

Templates are compiled once per build with autoescaping on: text from the data
files is always escaped, so it can never add markup or script to a page. Python
decides *what* a page shows (its sections, in order, for the table of contents);
the templates decide *how*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import escape
from mkdocs.utils import get_relative_url

from .formatting import Formatter
from .model import Dataset, Province
from .routes import Routes, province_page_id


@dataclass
class Section:
    id: str
    title: str
    children: list["Section"] = field(default_factory=list)

    def toc_token(self, level: int = 2) -> dict:
        """The shape `mkdocs.structure.toc.get_toc` reads; titles there are HTML."""
        return {
            "level": level,
            "id": self.id,
            "name": str(escape(self.title)),
            "children": [child.toc_token(level + 1) for child in self.children],
        }


@dataclass
class RenderedPage:
    html: str
    sections: list[Section]

    @property
    def toc_tokens(self) -> list[dict]:
        return [section.toc_token() for section in self.sections]

    @property
    def anchor_ids(self) -> set[str]:
        ids, stack = set(), list(self.sections)
        while stack:
            section = stack.pop()
            ids.add(section.id)
            stack.extend(section.children)
        return ids


class Renderer:
    def __init__(self, template_dir: Path, dataset: Dataset, routes: Routes, language: str):
        self.dataset, self.routes, self.language = dataset, routes, language
        self.prefix = routes.language(language).prefix
        self.formatter = Formatter(language, dataset.strings)
        self.env = Environment(
            loader=FileSystemLoader(str(template_dir)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals.update(f=self.formatter, dataset=dataset, language=language)

    def _link_from(self, page_url: str):
        """A function templates call as `link(page_id)` for a URL relative to the page."""

        def link(page_id: str, anchor: str = "") -> str:
            target = self.routes.site_path(page_id, self.language)
            if target is None:
                raise KeyError(f"no page `{page_id}` in {self.language}")
            url = get_relative_url(target[len(self.prefix):] or ".", page_url or ".")
            return url + (f"#{anchor}" if anchor else "")

        return link

    def _render(self, template: str, page_url: str, **context) -> str:
        return self.env.get_template(template).render(link=self._link_from(page_url), **context)

    def province_page(self, province: Province, page_url: str) -> RenderedPage:
        t = self.formatter.t
        sections = [Section("summary", t("summary"))]
        if province.figures:
            sections.append(
                Section(
                    "indicators",
                    t("indicators"),
                    [Section(f"pillar-{group.pillar.id}", self.formatter.text(group.pillar.name)) for group in province.pillar_groups],
                )
            )
        if province.targets:
            sections.append(Section("targets", t("targets")))
        if province.events:
            sections.append(Section("timeline", t("timeline")))
        sections.append(Section("sources", t("sources")))
        html = self._render("province.html", page_url, province=province, sections=sections)
        return RenderedPage(html, sections)

    def provinces_page(self, page_url: str) -> RenderedPage:
        t = self.formatter.t
        sections = [Section("list", t("provinces_covered")), Section("comparison", t("comparison"))]
        html = self._render("provinces.html", page_url, sections=sections)
        return RenderedPage(html, sections)

    def fragment(self, name: str, page_url: str) -> str:
        """A block of data for a hand-written page, such as the comparison table."""
        return self._render(f"fragments/{name}.html", page_url)

    def fragment_names(self) -> set[str]:
        return {
            name.removeprefix("fragments/").removesuffix(".html")
            for name in self.env.list_templates()
            if name.startswith("fragments/")
        }

    def page_title(self, page_id: str) -> str:
        if page_id == "provinces":
            return self.formatter.t("provinces")
        province = self.dataset.provinces[page_id.removeprefix("province/")]
        return self.formatter.text(province.name)


__all__ = ["Renderer", "RenderedPage", "Section", "province_page_id"]
