"""The hub's cards (docs/index.md) match the site: one card per mode in the design's order, each
linking to its page, and the totals the hub counts against are the real ones."""

from __future__ import annotations

import re

import pytest

from content import DOCS
from kmf_site.counts import page_counts, with_hub_totals

CARD = re.compile(r"^-   \[(?P<name>[^\]]+)\]\((?P<href>[^)]+)\)\{ \.kmf-mode__link (?P<attrs>[^}]*)\}", re.MULTILINE)
pytestmark = pytest.mark.content  # browser-free, breaks when a page changes: `make check` runs it

MODES = [  # design.md "Pages (URLs)"
    "concepts", "see-it-in-action", "practice", "test", "trace",
    "lab", "debug-it", "playground", "notebook", "cheat-sheet",
]  # fmt: skip


def cards() -> list[dict]:
    """The cards as the build writes them (the hook adds each total from its page)."""
    found = []
    for match in CARD.finditer(with_hub_totals((DOCS / "index.md").read_text(), DOCS)):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match["attrs"]))
        found.append({"name": match["name"], "href": match["href"], **attrs})
    return found


def test_ten_cards_in_the_designs_order_each_linking_to_its_page():
    assert [card["data-kmf-mode"] for card in cards()] == MODES
    for card in cards():
        assert card["href"] in (f"{card['data-kmf-mode']}.md", f"{card['data-kmf-mode']}.ipynb")  # the notebook
        assert (DOCS / card["href"]).is_file(), card


def test_totals_are_the_pages_real_counts():
    """The hub counts the steps and the Practice questions against the pages' own blocks."""
    totals = {card["data-kmf-mode"]: int(card["data-kmf-total"]) for card in cards() if "data-kmf-total" in card}
    assert totals["see-it-in-action"] == len(
        re.findall(r"^/// exercise", (DOCS / "see-it-in-action.md").read_text(), re.M)
    )
    assert totals["practice"] == len(re.findall(r"^/// quiz", (DOCS / "practice.md").read_text(), re.MULTILINE))
    for card in cards():
        assert int(card.get("data-kmf-total", 0)) == page_counts(DOCS / card["href"]).total, card
