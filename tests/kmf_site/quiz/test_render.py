"""kmf_site/quiz/render.py: the markup is accessible and reads fine without JavaScript."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from kmf_site import quiz
from quiz_examples import GOOD, block

ROOT = Path(__file__).resolve().parents[3]


class Tree(HTMLParser):
    """Just enough DOM: (tag, attrs, parent chain) for every element, plus text per element id."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.elements: list[tuple[str, dict, tuple[str, ...]]] = []
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs, tuple(t for t, _ in self.stack)))
        if tag not in {"input", "br", "img", "hr"}:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, attrs in self.stack:
            if "class" in attrs:
                key = attrs["class"]
                self.text[key] = self.text.get(key, "") + data

    def find(self, tag, **wanted):
        return [
            (attrs, parents)
            for t, attrs, parents in self.elements
            if t == tag and all(wanted[k] in (attrs.get(k) or "").split() for k in wanted)
        ]


def render_html(page_md: str, mode: str) -> str:
    """Render through the site's real Markdown extensions (mkdocs.yml)."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    questions = quiz.parse_quizzes(page_md, "docs/x.md")
    md = quiz.render_page(page_md, questions, "x", mode)
    converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    return converter.convert(md)


def test_rendered_html_is_accessible_and_readable_without_javascript():
    tree = Tree()
    tree.feed(render_html(GOOD, "practice"))
    (fieldset,) = tree.find("fieldset")
    legends = tree.find("legend")
    assert len(legends) == 1 and "fieldset" in legends[0][1]
    radios = tree.find("input")
    assert [a["type"] for a, _ in radios] == ["radio", "radio"]
    assert len({a["name"] for a, _ in radios}) == 1
    labels = tree.find("label")
    assert sorted(a["for"] for a, _ in labels) == sorted(a["id"] for a, _ in radios)
    assert all("fieldset" in parents for _, parents in radios)
    # The answer and its explanation are in a <details>, readable with JavaScript off.
    (solution,) = tree.find("details", **{"class": "kmf-q__solution"})
    assert tree.find("details", **{"class": "kmf-q__hint"})
    assert tree.find("div", role="status")
    # "Check answer" exists but only appears once the script runs.
    (actions,) = tree.find("div", **{"class": "kmf-q__actions"})
    assert "hidden" in actions[0]
    assert "Minute 0, hour 0." in tree.text["kmf-q__why-text"]
    assert "<code>" not in tree.text["kmf-q__text"]  # the title is plain text in the legend
    html_out = render_html(GOOD, "practice")
    # the glossary's abbreviations may wrap a term ("cron") in <abbr>: compare the text a reader reads
    assert "<legend" in html_out and "Which cron line runs every day at midnight?" in re.sub(r"<[^>]+>", "", html_out)
    assert '<div class="highlight"' in html_out or "highlight" in html_out  # the fenced body renders


BOTH = "### Solution\nSteps.\n\n### Final answer\none and two (options A and B)."


def test_multiple_renders_checkboxes():
    opts = "- [x] one\n- [x] two\n- [ ] three\n    no."
    tree = Tree()
    tree.feed(render_html(block(settings="difficulty: hard\nmultiple: yes", options=opts, sections=BOTH), "practice"))
    assert [a["type"] for a, _ in tree.find("input")] == ["checkbox"] * 3


def test_test_mode_wraps_questions_with_submit_and_retake():
    text = block() + "\n" + block().replace("difficulty: easy", "difficulty: hard")
    out = render_html(text, "test")
    tree = Tree()
    tree.feed(out)
    assert len(tree.find("fieldset")) == 2
    assert not tree.find("button", **{"class": "kmf-q__check"})
    assert "Submit test" in out and "Retake test" in out
    (result,) = tree.find("div", **{"class": "kmf-test__result"})
    assert result[0]["role"] == "status"
