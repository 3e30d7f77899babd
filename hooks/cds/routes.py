"""Where every page lives in every language, so each page can link to its counterpart.

Each language is built by its own MkDocs config (see mkdocs.yml, `extra.languages`):
the first at the site root, the others under their prefix (`en/`). A page is known
by a page id that is the same in all languages: `home`, `provinces`,
`province/nghe-an`, or the `page_id` written in a hand-written page's front matter.
Both builds compute the same table, so links between them agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's name in itself: "Tiếng Việt", "English"
    prefix: str  # "" for the default language, else "en/"
    config_file: str
    # URL segment of each kind of generated page: {"provinces": "tinh", "indicators": "chi-so", ...}
    paths: tuple[tuple[str, str], ...]

    @classmethod
    def from_config(cls, item: dict) -> "Language":
        return cls(
            code=item["code"],
            name=item["name"],
            prefix=item.get("prefix", ""),
            config_file=item["config"],
            paths=tuple(item["paths"].items()),
        )

    def path(self, kind: str) -> str:
        return dict(self.paths)[kind]


@dataclass
class Routes:
    languages: list[Language]
    # page id → language code → src_uri (relative to that language's docs_dir)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    _page_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    # (page id, language) → site path: pages link to the same few pages thousands of times.
    _site_paths: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @property
    def default(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)

    def add(self, page_id: str, language: str, src_uri: str) -> None:
        self.sources.setdefault(page_id, {})[language] = src_uri
        self._page_ids[(language, src_uri)] = page_id
        self._site_paths.clear()

    def page_id(self, language: str, src_uri: str) -> str | None:
        return self._page_ids.get((language, src_uri))

    def site_path(self, page_id: str, language: str) -> str | None:
        """The page's path from the site root, e.g. `en/provinces/nghe-an/`."""
        key = (page_id, language)
        if key not in self._site_paths:
            self._site_paths[key] = self._find_site_path(page_id, language)
        return self._site_paths[key]

    def _find_site_path(self, page_id: str, language: str) -> str | None:
        src_uri = self.sources.get(page_id, {}).get(language)
        if src_uri is None:
            return None
        url = File(src_uri, src_dir=None, dest_dir="", use_directory_urls=True).url
        return self.language(language).prefix + ("" if url == "./" else url)

    def alternates(self, page_id: str | None, current: str, root_url: str) -> list[dict]:
        """For each language: the counterpart page, as a link relative to the current page
        (`href`) and as an absolute URL (`absolute`) for hreflang; the language's home page
        where the page has no counterpart."""
        here = self.site_path(page_id, current) if page_id else None
        here = here if here is not None else self.site_path("home", current)
        result = []
        for language in self.languages:
            target = self.site_path(page_id, language.code) if page_id else None
            target = target if target is not None else self.site_path("home", language.code)
            result.append(
                {
                    "lang": language.code,
                    "name": language.name,
                    "href": get_relative_url(target or "./", here or "./"),
                    "absolute": root_url + (target or ""),
                    "current": language.code == current,
                }
            )
        return result


def province_page_id(province_id: str) -> str:
    return f"province/{province_id}"


def indicator_page_id(indicator_id: str) -> str:
    return f"indicator/{indicator_id}"


def ranking_page_id(ranking_id: str) -> str:
    return f"ranking/{ranking_id}"


def generated_pages(
    language: Language, province_ids: list[str], indicator_ids: list[str], ranking_ids: list[str]
) -> dict[str, str]:
    """page id → src_uri of every page the hooks generate in `language`."""
    provinces, indicators, rankings = language.path("provinces"), language.path("indicators"), language.path("rankings")
    pages = {
        "provinces": f"{provinces}/index.md",
        "indicators": f"{indicators}/index.md",
        "rankings": f"{rankings}/index.md",
        "compare": f"{language.path('compare')}.md",
        "glossary": f"{language.path('glossary')}.md",
    }
    pages.update({province_page_id(i): f"{provinces}/{i}.md" for i in province_ids})
    pages.update({indicator_page_id(i): f"{indicators}/{i}.md" for i in indicator_ids})
    pages.update({ranking_page_id(i): f"{rankings}/{i}.md" for i in ranking_ids})
    return pages


def content_pages(docs_dir: Path) -> dict[str, str]:
    """page id → src_uri of the hand-written pages in one language's docs_dir.

    The home page (`index.md`) is `home`; any other page declares `page_id:` in its
    front matter, the same in every language."""
    pages = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if src_uri == "index.md":
            pages["home"] = src_uri
            continue
        _, meta = get_data(path.read_text(encoding="utf-8"))
        if meta.get("page_id"):
            pages[str(meta["page_id"])] = src_uri
    return pages


def build_routes(
    languages: list[Language], docs_dirs: dict[str, Path], province_ids: list[str], indicator_ids: list[str], ranking_ids: list[str]
) -> Routes:
    routes = Routes(languages)
    for language in languages:
        generated = generated_pages(language, province_ids, indicator_ids, ranking_ids)
        for page_id, src_uri in {**content_pages(docs_dirs[language.code]), **generated}.items():
            routes.add(page_id, language.code, src_uri)
    for page_id, by_language in routes.sources.items():
        for language in languages:
            if language.code not in by_language:
                routes.missing.append(f"page `{page_id}` has no {language.name} version")
    return routes
