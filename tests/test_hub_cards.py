"""The hub's cards (docs/index.md) match the site: one card per mode in the design's order, each
linking to its page, and the totals the hub counts against are the real ones."""

from __future__ import annotations

import re

from content import DOCS
from kmf_site.exercise.syntax import parse_file as parse_exercises

CARD = re.compile(r"^-   \[(?P<name>[^\]]+)\]\((?P<href>[^)]+)\)\{ \.kmf-mode__link (?P<attrs>[^}]*)\}", re.MULTILINE)
MODES = [  # design.md "Pages (URLs)"
    "concepts", "see-it-in-action", "practice", "test", "trace",
    "lab", "debug-it", "playground", "notebook", "cheat-sheet",
]  # fmt: skip


def cards() -> list[dict]:
    found = []
    for match in CARD.finditer((DOCS / "index.md").read_text()):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match["attrs"]))
        found.append({"name": match["name"], "href": match["href"], **attrs})
    return found


def test_ten_cards_in_the_designs_order_each_linking_to_its_page():
    assert [card["data-kmf-mode"] for card in cards()] == MODES
    for card in cards():
        assert card["href"] in (f"{card['data-kmf-mode']}.md", f"{card['data-kmf-mode']}.ipynb")  # the notebook
        assert (DOCS / card["href"]).is_file(), card


def test_totals_are_the_pages_real_counts():
    totals = {card["data-kmf-mode"]: int(card["data-kmf-total"]) for card in cards() if "data-kmf-total" in card}
    steps = len(parse_exercises(DOCS / "see-it-in-action.md", snippets=DOCS.parent / "snippets"))
    questions = len(re.findall(r"^/// quiz", (DOCS / "practice.md").read_text(), re.MULTILINE))
    assert totals == {"see-it-in-action": steps, "practice": questions}
