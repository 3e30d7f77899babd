"""Everything that depends on the reader's language, in one place.

Numbers, dates and plurals go through Babel (CLDR), so Vietnamese gets `948,4`, `3.743`
and `05/08/2022` and English `948.4`, `3,743`, `5 August 2022` and "1 source", "2 sources".
Lists are sorted by ICU's collation for the language (PyICU): Vietnamese in its
alphabet's order (a ă â b c d đ e ê …, tones second). Words around the data come from
data/interface.yml. Templates receive one `Formatter` per language.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import icu
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, parse_decimal

from .model import CountedText, Figure, Rank, Target, Term, Text

# Babel locale per site language: British English writes "5 August 2022".
BABEL_LOCALES = {"vi": "vi", "en": "en_GB"}
DAY_PATTERNS = {"vi": "dd/MM/y", "en": "d MMMM y"}
MONTH_PATTERNS = {"vi": "MM/y", "en": "MMMM y"}


class Number(str):
    """A number as the reader's language writes it (`1.234`, `1,234`) that still knows its
    value as shown: an interface string with a count (`Formatter.t`) picks its plural form
    by it, and CLDR's rules read the digits shown (English: "1 place", but "1.0 places")."""

    def __new__(cls, shown: str, locale: str) -> "Number":
        number = super().__new__(cls, shown)
        number.locale = locale
        return number

    @property
    def value(self) -> Decimal:
        """The number as shown, read back (only a count needs it): `Decimal("1.0")` for `1,0`."""
        return parse_decimal(self, locale=self.locale)


@lru_cache(maxsize=65536, typed=True)
def _decimal(value: float, decimals: int | None, locale: str) -> Number:
    """A number in the locale's digits; cached, as pages show the same numbers again and
    again (a province's figures on its page, its indicators' pages and the comparisons)."""
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return Number(format_decimal(value, format=pattern, locale=locale), locale)
    return Number(format_decimal(value, locale=locale), locale)


# Every plural category of CLDR, in the order its data lists them.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@lru_cache(maxsize=None)
def plural_categories(language: str) -> dict[str, tuple[int, ...]]:
    """The CLDR plural categories the language's numbers take, each with the first whole
    numbers that take it: English {"one": (1,), "other": (0, 2, 3, 4)}, Vietnamese
    {"other": (0, 1, 2, 3)}. An interface text with a count needs a form for each."""
    rule = Locale.parse(BABEL_LOCALES[language]).plural_form
    samples: dict[str, list[int]] = {category: [] for category in sorted(rule.tags | {"other"}, key=PLURAL_CATEGORIES.index)}
    for number in range(1000):
        taking = samples[rule(number)]
        if len(taking) < 4:
            taking.append(number)
    return {category: tuple(numbers) for category, numbers in samples.items()}


@lru_cache(maxsize=None)
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(BABEL_LOCALES[language]))


@lru_cache(maxsize=None)
def _latin_ascii() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Latin-ASCII")


def without_diacritics(text: str) -> str:
    """`text` as readers type it without diacritics: "Nghệ An" → "Nghe An", "Đà Nẵng" →
    "Da Nang" (ICU's Latin-ASCII transliteration)."""
    return _latin_ascii().transliterate(text)


@dataclass
class Formatter:
    language: str
    strings: dict[str, Text | CountedText] = field(repr=False)
    glossary: list[Term] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self.locale = Locale.parse(BABEL_LOCALES[self.language])
        self._collator = _collator(self.language)
        spellings = {spelling: term for term in self.glossary for spelling in term.spellings}
        # Longest first, so "PAR INDEX" wins over a shorter spelling inside it.
        alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
        self._abbreviations = spellings
        self._abbreviation_pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)") if spellings else None

    def segments(self, text: str) -> list[tuple[str, Term | None]]:
        """`text` cut into pieces, each glossary abbreviation paired with its term, so a
        template can explain it with <abbr>."""
        if not self._abbreviation_pattern:
            return [(text, None)]
        pieces, start = [], 0
        for match in self._abbreviation_pattern.finditer(text):
            if match.start() > start:
                pieces.append((text[start : match.start()], None))
            pieces.append((match.group(0), self._abbreviations[match.group(0)]))
            start = match.end()
        if start < len(text):
            pieces.append((text[start:], None))
        return pieces

    # --- words -------------------------------------------------------------------------------

    def t(self, key: str, **values) -> str:
        """An interface string in this language, with `{placeholders}` filled in. The data's
        placeholders are checked against the names the site passes (validate.placeholder_problems),
        so this cannot fail on valid data; a text without any still goes through `format`,
        which turns a doubled brace `{{` into one. A text with a count (its schema entry says
        which placeholder holds it) takes the form CLDR's plural rules give that number: pass
        it as `f.number(...)`, or as a number, which is written in this language here."""
        text = self.strings[key]
        if not isinstance(text, CountedText):
            return text.in_(self.language).format_map(values)
        count = values[text.count]
        if not isinstance(count, Number):
            if isinstance(count, bool) or not isinstance(count, (int, float)):
                raise TypeError(f"interface string `{key}`: its count `{text.count}` must be a number, not {count!r}")
            count = self.number(count)
        values[text.count] = count
        return text.form(self.language, self.locale.plural_form(count.value)).format_map(values)

    def text(self, value: Text | None) -> str:
        return value.in_(self.language) if value else ""

    # --- order -------------------------------------------------------------------------------

    def sort_key(self, text: str) -> bytes:
        """What sorts `text` in this language's alphabetical order (ICU's collation)."""
        return self._collator.getSortKey(text)

    def by_name(self, items) -> list:
        """Provinces, indicators, ... in the alphabetical order of their names in this language."""
        return sorted(items, key=lambda item: self.sort_key(self.text(item.name)))

    # --- numbers -----------------------------------------------------------------------------

    def number(self, value: float, decimals: int | None = None) -> Number:
        return _decimal(value, decimals, BABEL_LOCALES[self.language])

    def quantity(self, item: Figure | Target) -> str:
        """The value as reported: qualifier, number or range, share, unit."""
        decimals = getattr(item, "decimals", None)
        if item.value is not None:
            shown = self.number(item.value, decimals)
        elif item.value_range is not None:
            shown = f"{self.number(item.value_range.min, decimals)}–{self.number(item.value_range.max, decimals)}"
        else:
            return ""
        out_of = getattr(item, "out_of", None)
        if out_of is not None:
            shown += "/" + self.number(out_of)
        if item.unit is not None:
            label = self.text(item.unit.label)
            shown = shown + label if item.unit.attached else f"{shown} {label}"
        if item.qualifier:
            shown = self.t(f"qualifier_{item.qualifier.replace('-', '_')}", value=shown)
        return shown

    def size(self, size_bytes: int) -> str:
        """A file size for a download link: 12,3 KB / 12.3 KB."""
        return format_decimal(size_bytes / 1024, format="#,##0.0", locale=self.locale) + " KB"

    # --- ranks -------------------------------------------------------------------------------

    def rank(self, rank: Rank) -> str:
        if rank.total is not None:
            return f"{self.number(rank.position)}/{self.number(rank.total)}"
        return self.number(rank.position)

    def rank_scope(self, rank: Rank) -> str:
        return self.text(rank.region.name) if rank.region else self.t("scope_national")

    def rank_change(self, rank: Rank) -> str:
        if not rank.change:
            return ""
        key = "rank_up" if rank.change > 0 else "rank_down"
        words = self.t(key, n=self.number(abs(rank.change)))
        if rank.change_since:
            words += " " + self.t("since", period=self.period(rank.change_since))
        return words

    # --- dates and periods ---------------------------------------------------------------------

    def date(self, iso: str) -> str:
        """A date as precise as it was given: 2022, 2022-08 or 2022-08-05."""
        parts = [int(part) for part in iso.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        if len(parts) == 2:
            return format_date(datetime.date(parts[0], parts[1], 1), MONTH_PATTERNS[self.language], locale=self.locale)
        return format_date(datetime.date(*parts), DAY_PATTERNS[self.language], locale=self.locale)

    def period(self, period: str) -> str:
        year, _, part = period.partition("-")
        if part.startswith("Q"):
            return self.t("period_quarter", quarter=part[1], year=year)
        if part.startswith("H"):
            return self.t(f"period_half_{part[1]}", year=year)
        return self.date(period)

    @staticmethod
    def machine(period: str) -> str:
        """A period as an HTML `datetime` value: quarters and half-years become their year."""
        year, _, part = period.partition("-")
        return year if part[:1] in {"Q", "H"} else period

    def when(self, figure: Figure) -> str:
        if figure.as_of:
            return self.t("as_of", date=self.period(figure.as_of))
        return self.period(figure.period)
