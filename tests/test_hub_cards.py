"""The hub's cards (docs/index.md) match the site: one card per mode in the design's order, each
linking to its page, and the totals the hub counts against are the real ones."""

from __future__ import annotations

import json
import math
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


# ------------------------------------------------------------------------------ card times
#
# A card's time is measured from its page, not typed: the words a reader reads at 200 words a
# minute, plus a minute for each runnable example (run it, read its output). The "Going deeper"
# boxes (``??? note "Going deeper: ..."``) are optional and not counted, nor are the references,
# code (its output is the example's minute), link definitions, pictures and quiz metadata; of a
# quiz's per-option feedback, a reader reads the one for the option they picked (the average).
# Reading pages show that time rounded up to 5 minutes; a page you work through (steps, exercises,
# the lab, the notebook) needs at least its reading time.

WORDS_PER_MINUTE = 200
EXAMPLE_MINUTES = 1
READING = {"concepts", "cheat-sheet", "practice", "test"}
WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
TIME = re.compile(r":octicons-clock-16:\s*(\d+)\s*min")


def core(markdown: str) -> str:
    """The page without front matter, references and "Going deeper" boxes."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    markdown = re.split(r"^## References\b", markdown, flags=re.M)[0]
    kept, deeper = [], False
    for line in markdown.split("\n"):
        if re.match(r'^\?\?\?\+? note "Going deeper', line):
            deeper = True
            continue
        if deeper and (not line.strip() or line.startswith("    ")):
            continue
        deeper = False
        kept.append(line)
    return "\n".join(kept)


def unread_feedback(markdown: str) -> float:
    """Words of quiz feedback a reader skips: all but one option's, on average."""
    skipped = 0.0
    for block in re.findall(r"^/// quiz.*?^///$", markdown, flags=re.S | re.M):
        words = options = 0
        in_option = False
        for line in block.split("\n"):
            if re.match(r"^- \[[ x]\]", line):
                options, in_option = options + 1, True
            elif in_option and line.startswith("    "):
                words += len(WORD.findall(line))
            else:
                in_option = False
        skipped += words - words / options if options else 0
    return skipped


def reading_minutes(markdown: str) -> float:
    text = core(markdown)
    examples = len(re.findall(r"^[ \t]*```python \{[^}\n]*\.run\b", text, re.M))
    skipped = unread_feedback(text)
    text = re.sub(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", " ", text, flags=re.S | re.M)  # code
    text = re.sub(r"^\s*\[[^\]]+\]:\s*\S+.*$", " ", text, flags=re.M)  # link definitions
    text = re.sub(r"^\*\[[^\]]+\]:.*$", " ", text, flags=re.M)  # abbreviations
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # pictures (their alt text is for screen readers)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^(difficulty|id|verify|quiz):.*$", " ", text, flags=re.M)
    text = re.sub(r"^- \[[ x]\]", "-", text, flags=re.M)  # quiz options' check boxes
    words = len(WORD.findall(text)) - skipped
    return words / WORDS_PER_MINUTE + examples * EXAMPLE_MINUTES


def notebook_minutes(path) -> float:
    cells = json.loads(path.read_text())["cells"]
    words = sum(len(WORD.findall("".join(c["source"]))) for c in cells if c["cell_type"] == "markdown")
    examples = sum(c["cell_type"] == "code" for c in cells)
    return words / WORDS_PER_MINUTE + examples * EXAMPLE_MINUTES


def card_minutes() -> dict[str, int]:
    text = (DOCS / "index.md").read_text()
    found = {}
    matches = list(CARD.finditer(text))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        body = text[match.end() : following.start() if following else len(text)]
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match["attrs"]))
        found[attrs["data-kmf-mode"]] = int(TIME.search(body)[1])
    return found


def measured_minutes() -> dict[str, float]:
    out = {}
    for card in cards():
        path = DOCS / card["href"]
        mode = card["data-kmf-mode"]
        out[mode] = notebook_minutes(path) if path.suffix == ".ipynb" else reading_minutes(path.read_text())
    return out


def test_card_times_are_measured_from_the_pages():
    shown, measured = card_minutes(), measured_minutes()
    assert set(shown) == set(MODES)
    for mode in MODES:
        if mode in READING:
            expected = 5 * math.ceil(measured[mode] / 5)
            assert shown[mode] == expected, (
                f"{mode}: the card says {shown[mode]} min, the page reads in {measured[mode]:.1f}"
            )
        else:
            assert shown[mode] >= measured[mode], (
                f"{mode}: {shown[mode]} min, but reading alone takes {measured[mode]:.1f}"
            )


def test_the_beginner_core_of_concepts_fits_its_card_and_the_rest_is_going_deeper():
    page = (DOCS / "concepts.md").read_text()
    assert reading_minutes(page) <= card_minutes()["concepts"]
    boxes = re.findall(r'^\?\?\? note "Going deeper: ', page, re.M)
    assert len(boxes) >= 5
    whole = re.sub(r'^\?\?\? note "Going deeper: [^"]*"', "", page, flags=re.M)  # the boxes opened
    assert reading_minutes(whole) > reading_minutes(page) + 5  # the deeper path is real reading


def test_reading_minutes_by_hand():
    page = (
        "---\ntitle: t\n---\n# T\n\n" + "word " * 400 + '\n\n```python {.run}\n--8<-- "x.py"\n```\n\n'
        '??? note "Going deeper: more"\n\n    ' + "deep " * 1000 + "\n\nend\n\n## References\n\n" + "ref " * 500
    )
    assert reading_minutes(page) == pytest.approx((400 + 1 + 1) / 200 + 1)  # "# T" and "end" count too
    quiz = "/// quiz | Q?\nid: q\n\n- [x] a\n    " + "f " * 30 + "\n- [ ] b\n    " + "g " * 30 + "\n///\n"
    assert reading_minutes(quiz) == pytest.approx((2 + 2 + 30 + 2 - 2) / 200 + 0)  # one option's feedback


def test_start_here_names_the_beginners_first_mode():
    hub = (DOCS / "index.md").read_text()
    start = re.search(r"^\*\*Start here:\*\*(?P<line>.*)$", hub, re.M)
    assert start, "the hub has no Start here line"
    first = re.search(r"\]\((?P<href>[\w-]+\.md)\)", start["line"])
    assert first and first["href"] == "concepts.md"
