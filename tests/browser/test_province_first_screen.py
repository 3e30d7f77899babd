"""A province page's first screen in Chromium (issue 10): its key figures, whole.

At 1280×800, in both languages and both colour schemes, at least three `.cds-figure`
cards lie entirely inside the viewport before any scrolling. At 375×812 the cards stack
in one column, each inside the screen, and the page does not scroll sideways.
"""

from __future__ import annotations

import pytest

from .conftest import new_context

PROVINCES = ("bac-giang", "hau-giang", "nghe-an", "thanh-hoa")
PATHS = [f"tinh/{province}/" for province in PROVINCES] + [f"en/provinces/{province}/" for province in PROVINCES]

# The cards' boxes, and the viewport's size, as the reader sees them on arrival.
CARDS = """
() => ({
  viewport: {width: window.innerWidth, height: window.innerHeight},
  scrollWidth: document.documentElement.scrollWidth,
  cards: [...document.querySelectorAll(".cds-figure")].map(card => {
    const box = card.getBoundingClientRect();
    return {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
  }),
})
"""


def inside(box: dict, viewport: dict) -> bool:
    return box["left"] >= 0 and box["top"] >= 0 and box["right"] <= viewport["width"] and box["bottom"] <= viewport["height"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_screen_at_1280_shows_at_least_three_key_figures(browser, served, scheme):
    context, recorder = new_context(browser, served, viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    for path in PATHS:
        page.goto(served.address(path))
        seen = page.evaluate(CARDS)
        whole = [box for box in seen["cards"] if inside(box, seen["viewport"])]
        assert len(whole) >= 3, (path, seen)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())


def test_on_a_phone_the_cards_stack_and_nothing_scrolls_sideways(browser, served):
    context, recorder = new_context(browser, served, viewport={"width": 375, "height": 812})
    page = context.new_page()
    for path in PATHS:
        page.goto(served.address(path))
        seen = page.evaluate(CARDS)
        assert seen["scrollWidth"] <= seen["viewport"]["width"], (path, seen["scrollWidth"])
        cards = seen["cards"]
        assert len(cards) >= 3, path
        for card, below in zip(cards, cards[1:]):
            assert below["left"] == pytest.approx(card["left"], abs=1), (path, cards)  # one column
            assert below["top"] >= card["bottom"], (path, cards)
        for card in cards:
            assert card["left"] >= 0 and card["right"] <= seen["viewport"]["width"], (path, card)
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
