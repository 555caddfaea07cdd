"""Counts come from the pages: how many steps, questions and traced scripts a page has, the pages
``nav:`` lists, and every count word in prose checked against them.

A page's items are its blocks: ``/// exercise`` (steps, exercises, broken scripts), ``/// quiz``
(questions, and how many are easy, medium or hard) and ``python {.kmf-trace}`` fences (traced
scripts). The hub's cards get ``data-kmf-total`` from the page they link to (the MkDocs hook
writes it), and :func:`count_claims` finds each count word in prose ("five guided steps",
"Ten questions: three easy, ...") on a page and on its hub card that disagrees with the page's
blocks, naming ``docs/<page>.md:LINE``. Text inside blocks and code fences is not checked: a
question's own wording ("Two questions: where ...") is not a claim about the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from kmf_site.blocks import BlockError
from kmf_site.exercise.syntax import parse_file as parse_exercises
from kmf_site.quiz.syntax import parse_file as parse_quizzes

__all__ = ["Claim", "PageCounts", "count_claims", "hub_cards", "nav_pages", "number_word", "page_counts"]

WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()  # noqa: E501
NUMBER = {word: n for n, word in enumerate(WORDS)}
# a count word (or number), at most three plain words (no comma, no number), then what it counts
CLAIM = re.compile(
    r"(?<![\w,.])(?P<number>" + "|".join(WORDS) + r"|\d+)(?P<between>(?:[ \t]+(?!(?:" + "|".join(WORDS) + r")\b)"
    r"[A-Za-z][\w-]*){0,3}?)[ \t]+(?P<unit>steps|exercises|questions|scripts|programs|easy|medium|hard)\b",
    re.IGNORECASE,
)
CARD = re.compile(r"^-   \[[^\]]+\]\((?P<href>[^)]+)\)\{ \.kmf-mode__link (?P<attrs>[^}]*)\}", re.MULTILINE)
TRACE = re.compile(r"^\s*(`{3,}|~{3,})python\s*\{[^}]*\.kmf-trace\b", re.MULTILINE)


def number_word(n: int) -> str:
    """``5`` -> ``five``, ``11`` -> ``11``: as the pages' scripts write a count
    (``NUMBERS`` in ``web/exercise.js``: words up to ten)."""
    return WORDS[n] if 0 <= n <= 10 else str(n)


@dataclass
class PageCounts:
    """What a page holds: its ``/// exercise`` blocks, its ``/// quiz`` blocks (with their
    difficulties) and its traced scripts."""

    exercises: int = 0
    questions: int = 0
    traces: int = 0
    difficulties: dict[str, int] | None = None

    @property
    def total(self) -> int:
        """What a hub card counts progress against: the steps, else the questions."""
        return self.exercises or self.questions

    def of(self, unit: str) -> tuple[int, str] | None:
        """The page's count for a unit word, and what was counted; None if the page has none."""
        unit = unit.lower()
        if unit in ("steps", "exercises") and self.exercises:
            return self.exercises, "/// exercise blocks"
        if unit == "questions" and self.questions:
            return self.questions, "/// quiz blocks"
        if unit in ("easy", "medium", "hard") and self.questions:
            return (self.difficulties or {}).get(unit, 0), f"/// quiz blocks with difficulty: {unit}"
        if unit in ("scripts", "programs"):
            if self.exercises:
                return self.exercises, "/// exercise blocks"
            if self.traces:
                return self.traces, "python {.kmf-trace} fences"
        return None


def front_matter(page: Path) -> dict:
    """The page's YAML front matter (``{}`` for none, or for a file that is not Markdown)."""
    if page.suffix != ".md" or not page.is_file():
        return {}
    return get_data(page.read_text(encoding="utf-8"))[1]


def page_counts(page: Path) -> PageCounts:
    """Count the blocks of ``page`` (a Markdown file; other files count nothing)."""
    if page.suffix != ".md" or not page.is_file():
        return PageCounts()
    text = page.read_text(encoding="utf-8")
    try:
        exercises = parse_exercises(page) if "/// exercise" in text else []
        questions = parse_quizzes(page) if "/// quiz" in text else []
    except BlockError:  # a malformed block: the build's plugin reports it with its line; count nothing
        return PageCounts()
    difficulties: dict[str, int] = {}
    for q in questions:
        difficulties[q.difficulty] = difficulties.get(q.difficulty, 0) + 1
    return PageCounts(len(exercises), len(questions), len(TRACE.findall(text)), difficulties)


def nav_pages(root: Path) -> list[str]:
    """The site's page URLs in ``nav:`` order (``""`` for the home page, ``"concepts/"`` ...),
    read from ``mkdocs.yml`` at ``root``."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    section = re.search(r"(?ms)^nav:\n(.*?)(?=^\S)", text + "\nend:\n")[1]
    urls = []
    for source in re.findall(r":\s*([\w./-]+\.(?:md|ipynb))\s*$", section, re.MULTILINE):
        stem = source.rsplit(".", 1)[0]
        urls.append("" if stem == "index" else stem.removesuffix("/index") + "/")
    return urls


def hub_cards(index: Path) -> list[dict]:
    """The hub's cards: each one's link (``href``), attributes and first/last line in ``index``."""
    text = index.read_text(encoding="utf-8")
    cards = []
    for match in CARD.finditer(text):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', match["attrs"]))
        start = text.count("\n", 0, match.start()) + 1
        cards.append({"href": match["href"], "line": start, **attrs})
    lines = text.splitlines()
    for card, following in zip(cards, [*cards[1:], None], strict=False):  # a home page without cards: none
        end = following["line"] - 1 if following else len(lines)
        for n in range(card["line"], end + 1):  # a card ends at the grid's closing </div>
            if lines[n - 1].startswith("</div>"):
                end = n - 1
                break
        card["end"] = end
    return cards


@dataclass
class Claim:
    """A count word in prose: where it is, what it says, what the page has."""

    where: str
    said: str
    claimed: int
    found: int
    counted: str

    def __str__(self) -> str:
        return (
            f"{self.where}: says '{self.said}' but {self.counted} number {self.found}: "
            f"write '{number_word(self.found)}' (the count comes from the page)"
        )


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` of the text outside ``///`` blocks and code fences."""
    out, depth, fence = [], 0, None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if match := re.match(r"(`{3,}|~{3,})", stripped):
            fence = match[1]
            continue
        if stripped.startswith("///"):
            depth += 1 if stripped.rstrip("/").strip() or stripped != "///" else -1
            depth = max(depth, 0)
            continue
        if depth == 0:
            out.append((n, line))
    return out


def _claims_in(lines: list[tuple[int, str]], counts: PageCounts, name: str) -> list[Claim]:
    found = []
    for n, line in lines:
        for match in CLAIM.finditer(line):
            number = match["number"].lower()
            claimed = int(number) if number.isdigit() else NUMBER[number]
            real = counts.of(match["unit"])
            if real is not None and real[0] != claimed:
                found.append(Claim(f"{name}:{n}", match[0], claimed, real[0], f"the page's {real[1]}"))
    return found


def count_claims(docs: Path) -> list[Claim]:
    """Every count word in ``docs`` that disagrees with the blocks of the page it is about: on a
    page, its own; on a hub card (``docs/index.md``), the linked page's."""
    found: list[Claim] = []
    for page in sorted(docs.rglob("*.md")):
        name = f"{docs.name}/{page.relative_to(docs).as_posix()}"
        counts = page_counts(page)
        found += _claims_in(_prose_lines(page.read_text(encoding="utf-8")), counts, name)
    index = docs / "index.md"
    if index.is_file():
        lines = index.read_text(encoding="utf-8").splitlines()
        for card in hub_cards(index):
            target = (docs / card["href"]).resolve()
            body = [(n, lines[n - 1]) for n in range(card["line"], card["end"] + 1)]
            claims = _claims_in(body, page_counts(target), f"{docs.name}/index.md")
            found += claims
    return found


def with_hub_totals(markdown: str, docs: Path) -> str:
    """The hub's Markdown with each card's ``data-kmf-total`` set to the count of the page it links
    to (its steps, else its questions); a card whose page counts nothing gets none. A total typed
    in the page is replaced: the page is the only source. The card also says what kind of progress
    its page saves (``data-kmf-kind``: ``exercises``, ``test`` for a page with ``quiz: test`` in its
    front matter, else ``practice``), and the key its exercises were saved under before, when its
    front matter names one (``saved_before:``, ``data-kmf-saved-before``): the hub reads a mode's
    progress by these, never by the page's name."""

    def card(match: re.Match) -> str:
        attrs = re.sub(r'\s*data-kmf-(?:total|kind|saved-before)="[^"]*"', "", match["attrs"]).rstrip()
        page = docs / match["href"]
        found = page_counts(page)
        if found.total:
            attrs += f' data-kmf-total="{found.total}"'
        meta = front_matter(page)
        kind = "exercises" if found.exercises else None
        if not kind and found.questions:
            kind = "test" if str(meta.get("quiz", "")).lower() == "test" else "practice"
        if kind:
            attrs += f' data-kmf-kind="{kind}"'
        if found.exercises and meta.get("saved_before"):
            attrs += f' data-kmf-saved-before="{meta["saved_before"]}"'
        return match[0].replace(match["attrs"], attrs + " ")

    return CARD.sub(card, markdown)
