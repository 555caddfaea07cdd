"""The glossary (snippets/glossary.md) gives every term its short definition as a tooltip on every
page: pymdownx.snippets appends it to each page (mkdocs.yml ``auto_append``) and the ``abbr``
extension wraps each use of a term in ``<abbr title="...">``. The check reads the built pages: a
glossary term used in a page's text must carry its tooltip, or be the place that defines it (in
bold). Code is left alone. abbr matches exact text only, so a term written another way (a line
break inside it, a capital the glossary lacks) is a term without its tooltip, and fails here."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from content import ROOT, SNIPPETS

GLOSSARY = SNIPPETS / "glossary.md"
ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.+)$", re.MULTILINE)
SKIP = {"code", "pre", "script", "style", "svg", "kbd", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# The notebook page is rendered from the .ipynb by mkdocs-jupyter, not by Python-Markdown: no abbr.
NOT_MARKDOWN = {"notebook/index.html"}


def glossary() -> dict[str, str]:
    """``{term: definition}`` as the glossary file writes them (capitalised variants included)."""
    return {m["term"]: m["text"].strip() for m in ENTRY.finditer(GLOSSARY.read_text())}


def term_pattern(terms) -> re.Pattern:
    """Any term, case-insensitively, with any white space between its words (as HTML shows it)."""
    parts = sorted({t.lower() for t in terms}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in parts)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


class _Uses(HTMLParser):
    """Text of the page's article, each run with whether it sits in an abbr, in bold, or in code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.depth_in_article: int | None = None
        self.runs: list[tuple[str, str | None, bool, bool]] = []  # text, abbr title, bold, skipped

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if self.depth_in_article is None and tag == "article" and "md-content__inner" in (attrs.get("class") or ""):
            self.depth_in_article = len(self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            top, _ = self.stack.pop()
            if self.depth_in_article is not None and len(self.stack) < self.depth_in_article:
                self.depth_in_article = None
            if top == tag:
                break

    def handle_data(self, data):
        if self.depth_in_article is None:
            return
        tags = [t for t, _ in self.stack]
        abbr = next((a.get("title") for t, a in reversed(self.stack) if t == "abbr"), None)
        link = next((a.get("href") or "" for t, a in reversed(self.stack) if t == "a"), "")
        address = data.strip() == link  # a link that shows its address: a URL, not prose
        # a form's labels and a button's text are the controls' names (UI text), defined by the
        # prose around them (an abbr's tooltip inside a button is not shown to a pointer or a reader)
        skipped = bool(SKIP & set(tags)) or "form" in tags or "button" in tags or address
        self.runs.append((data, abbr, "strong" in tags or "dfn" in tags, skipped))


def untipped(html: str, terms: dict[str, str]) -> list[str]:
    """Each use of a glossary term in the article's text that has no tooltip with its definition
    and is not its bold definition, as ``'term' in '...context...'``."""
    parser = _Uses()
    parser.feed(html)
    lower = {t.lower(): d for t, d in terms.items()}
    pattern = term_pattern(terms)
    found = []
    for text, abbr, bold, skipped in parser.runs:
        if skipped:
            continue
        for match in pattern.finditer(text):
            term = " ".join(match[0].split())
            if abbr is not None and abbr == lower.get(term.lower()):
                continue
            if bold:
                continue
            start = max(0, match.start() - 30)
            found.append(f"{term!r} in {' '.join(text[start : match.end() + 30].split())!r}")
    return found


def test_the_glossary_is_appended_to_every_page_with_abbr_on():
    config = (ROOT / "mkdocs.yml").read_text()
    assert re.search(r"^\s*- abbr\s*$", config, re.MULTILINE)
    assert re.search(r"^\s*auto_append:\s*\[glossary\.md\]", config, re.MULTILINE)
    terms = glossary()
    assert len(terms) >= 30
    for term, text in terms.items():
        assert len(text.split()) >= 4, f"{term}: a definition, not a synonym"
        if term[0].isupper() and term.lower() in terms:
            assert terms[term.lower()] == text, f"{term}: the capitalised entry says the same"


def test_untipped_finds_what_abbr_missed():
    terms = {"concept drift": "the rule changes", "Concept drift": "the rule changes", "canary": "a small share"}
    page = (
        '<nav>canary</nav><article class="md-content__inner md-typeset">'
        '<p><abbr title="the rule changes">Concept drift</abbr> is when the concept\ndrift happens.</p>'
        "<p>A <strong>canary</strong> is defined here; <code>canary</code> is code; a CANARY is not.</p>"
        '<p>A <abbr title="something else">canary</abbr> with the wrong text.</p>'
        "</article><footer>canary</footer>"
    )
    assert untipped(page, terms) == [
        "'concept drift' in 'is when the concept drift happens.'",  # written across two lines
        "'CANARY' in 'is code; a CANARY is not.'",  # a capital the glossary lacks
        "'canary' in 'canary'",  # a tooltip that is not the glossary's
    ]


@pytest.mark.xdist_group("site")
def test_every_glossary_term_on_a_page_carries_its_tooltip(site_build):
    terms = glossary()
    pages = sorted(site_build.site.rglob("index.html"))
    checked, problems = 0, []
    for page in pages:
        rel = page.relative_to(site_build.site).as_posix()
        if rel in NOT_MARKDOWN or rel.startswith(("assets/", "pyodide/")):
            continue
        html = page.read_text()
        if "md-content__inner" not in html:
            continue
        checked += 1
        problems += [f"{rel}: {use}" for use in untipped(html, terms)]
    assert checked >= 10, "the built pages were not found"
    assert not problems, "glossary terms without their tooltip:\n" + "\n".join(problems)
