"""The quiz block parser/validator (docs/hooks/quiz.py) and the HTML it produces."""

from __future__ import annotations

import re
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "hooks"))

import quiz  # noqa: E402

GOOD = textwrap.dedent(
    """\
    # A page

    /// quiz | Which cron line runs every day at midnight?
    difficulty: easy

    Some context with `code`.

    ```python
    x = 1
    ///
    ```

    - [x] `0 0 * * *`
        Minute 0, hour 0.
    - [ ] `0 24 * * *`
        There is no hour 24.

    ### Hint
    Five fields.

    ### Solution
    1. Read the fields.

    ### Final answer
    `0 0 * * *`

    ### Quick check
    Midnight = 0 0.

    ### Common mistakes
    - Hour 24.
    ///

    After the quiz.
    """
)


def block(*, header="/// quiz | Q?", settings="difficulty: easy", options=None, sections=None):
    options = options if options is not None else "- [x] right\n- [ ] wrong\n    because."
    sections = sections if sections is not None else "### Solution\nSteps."
    return f"intro\n\n{header}\n{settings}\n\n{options}\n\n{sections}\n///\n"


def error_of(text: str) -> quiz.QuizError:
    with pytest.raises(quiz.QuizError) as caught:
        quiz.parse_quizzes(text, "docs/page.md")
    return caught.value


# --------------------------------------------------------------------------- parsing


def test_parses_every_part():
    (q,) = quiz.parse_quizzes(GOOD, "docs/page.md")
    assert q.title == "Which cron line runs every day at midnight?"
    assert q.difficulty == "easy" and q.qid == "q1" and q.number == 1 and not q.multiple
    assert q.line == 3
    assert "```python\nx = 1\n///\n```" in q.body  # a `///` inside a fence does not close the block
    assert [o.text for o in q.options] == ["`0 0 * * *`", "`0 24 * * *`"]
    assert q.correct == [0]
    assert q.options[1].feedback == "There is no hour 24."
    assert q.options[0].line == 13
    assert set(q.sections) == {"hint", "solution", "final answer", "quick check", "common mistakes"}
    assert q.sections["common mistakes"] == "- Hour 24."


def test_quiz_inside_a_code_fence_is_left_alone():
    text = "```markdown\n/// quiz | not a quiz\n///\n```\n"
    assert quiz.parse_quizzes(text, "docs/page.md") == []


def test_multiple_answers_need_the_setting():
    opts = "- [x] one\n- [x] two\n- [ ] three\n    no."
    (q,) = quiz.parse_quizzes(
        block(settings="difficulty: hard\nmultiple: yes", options=opts), "p.md"
    )
    assert q.multiple and q.correct == [0, 1]


def test_settings_id_and_verify():
    (q,) = quiz.parse_quizzes(
        block(settings="difficulty: medium\nid: my-q\nverify: a/b.py"), "p.md"
    )
    assert (q.qid, q.verify, q.difficulty) == ("my-q", "a/b.py", "medium")


def test_parse_file_counts_front_matter_lines(tmp_path):
    page = tmp_path / "t.md"
    page.write_text("---\nquiz: test\n---\n\n" + block(settings="difficulty: tricky"))
    with pytest.raises(quiz.QuizError, match=r"t\.md:8: unknown difficulty 'tricky'"):
        quiz.parse_file(page, "t.md")


# --------------------------------------------------------------------------- malformed blocks


def test_no_correct_option():
    error = error_of(block(options="- [ ] a\n    no.\n- [ ] b\n    no."))
    assert str(error).startswith("docs/page.md:3: no correct option")


def test_two_correct_options_in_a_single_answer_question():
    error = error_of(block(options="- [x] a\n- [ ] b\n    no.\n- [x] c"))
    assert str(error).startswith("docs/page.md:3: two or more correct options (lines 6, 9)")


def test_missing_solution():
    error = error_of(block(sections="### Hint\nThink."))
    assert str(error).startswith("docs/page.md:3: missing solution")


def test_empty_solution_counts_as_missing():
    error = error_of(block(sections="### Solution\n\n### Hint\nThink."))
    assert "docs/page.md:3: missing solution" in str(error)


def test_unknown_difficulty():
    error = error_of(block(settings="difficulty: tricky"))
    assert str(error).startswith("docs/page.md:4: unknown difficulty 'tricky'")


def test_missing_difficulty():
    error = error_of(block(settings="id: x"))
    assert str(error).startswith("docs/page.md:3: missing difficulty")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("/// quiz | Q?\ndifficulty: easy\n", 1, "quiz block is not closed"),
        (
            "/// quiz\ndifficulty: easy\n- [x] a\n- [ ] b\n    no\n### Solution\ns\n///\n",
            1,
            "a quiz needs its question",
        ),
        (block(settings="difficulty: easy\ncolour: red"), 5, "unknown quiz setting 'colour'"),
        (block(options="- [x] only"), 3, "a quiz needs at least two options"),
        (block(options="- [x] a\n- [ ] b"), 7, "wrong option 'b' needs an indented line"),
        (block(sections="### Solution\ns\n### Answer\nx"), 12, "unknown quiz section 'Answer'"),
        (block(sections="Stray text\n### Solution\ns"), 10, "expected an option"),
        (block(settings="difficulty: easy\nmultiple: maybe"), 5, "multiple: expected yes or no"),
        (block() + "\n" + block(), 14, "duplicate quiz id 'q1'"),
    ],
)
def test_other_malformed_blocks(text, where, message):
    if "duplicate" in message:
        text = text.replace("difficulty: easy", "difficulty: easy\nid: q1")
        where = 17
    error = error_of(text)
    assert str(error).startswith(f"docs/page.md:{where}: {message}"), str(error)


# --------------------------------------------------------------------------- the MkDocs hook


def fake_page(tmp_path, markdown_source: str, meta=None):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    path = docs / "page.md"
    path.write_text(markdown_source)
    file = SimpleNamespace(src_uri="page.md", abs_src_path=str(path))
    config = {"docs_dir": str(docs), "config_file_path": str(tmp_path / "mkdocs.yml")}
    return SimpleNamespace(file=file, meta=meta or {}), config


def test_hook_fails_the_build_naming_file_and_line(tmp_path):
    from mkdocs.exceptions import PluginError

    source = "---\nquiz: test\n---\n" + block(options="- [ ] a\n    no.\n- [ ] b\n    no.")
    page, config = fake_page(tmp_path, source, {"quiz": "test"})
    markdown = source.split("---\n", 2)[2]  # what MkDocs hands to hooks: front matter removed
    with pytest.raises(PluginError, match=r"docs/page\.md:6: no correct option"):
        quiz.on_page_markdown(markdown, page, config, None)


def test_hook_leaves_pages_without_quizzes_alone(tmp_path):
    page, config = fake_page(tmp_path, "# Hi\n")
    assert quiz.on_page_markdown("# Hi\n", page, config, None) == "# Hi\n"


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
    converter = markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )
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
    assert "<legend" in html_out and "Which cron line runs every day at midnight?" in html_out
    assert (
        '<div class="highlight"' in html_out or "highlight" in html_out
    )  # the fenced body renders


def test_multiple_renders_checkboxes():
    opts = "- [x] one\n- [x] two\n- [ ] three\n    no."
    tree = Tree()
    tree.feed(
        render_html(block(settings="difficulty: hard\nmultiple: yes", options=opts), "practice")
    )
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


@pytest.mark.parametrize("page", ["practice.md", "test.md"])
def test_site_pages_parse(page):
    questions = quiz.parse_file(ROOT / "docs" / page, f"docs/{page}")
    if page == "practice.md":
        assert [q.difficulty for q in questions] == ["easy", "easy", "medium", "medium", "hard"]
        q3 = questions[2]
        assert q3.verify == "practice/q3_get_new_data.py"
        assert any("NameError: name 'get_new_data' is not defined" in o.text for o in q3.options)
        assert "python {.run}" in q3.body
    else:
        counts = {d: sum(q.difficulty == d for q in questions) for d in quiz.DIFFICULTIES}
        assert counts == {"easy": 3, "medium": 4, "hard": 3}
    for q in questions:
        assert all(o.feedback for o in q.options if not o.correct)


def test_every_concepts_section_ends_with_a_quick_check():
    """Issue 8: each section of /concepts/ closes with one checkpoint question (practice mode)."""
    text = (ROOT / "docs" / "concepts.md").read_text()
    sections = [s for s in re.split(r"^## ", text, flags=re.M)[1:] if not s.startswith("References")]
    assert len(sections) == 6
    for section in sections:
        assert section.count("/// quiz") == 1, section.splitlines()[0]
        assert section.rstrip().endswith("///"), section.splitlines()[0]
    questions = quiz.parse_file(ROOT / "docs" / "concepts.md", "docs/concepts.md")
    assert len(questions) == 6 and all(q.qid.startswith("check-") and not q.verify for q in questions)


def test_option_claims_and_outcomes():
    assert (
        quiz.option_claim("It stops with `NameError: name 'x' is not defined`.")
        == "NameError: name 'x' is not defined"
    )
    assert quiz.option_claim("It prints nothing.") == ""
    tb = 'Traceback (most recent call last):\n  File "a.py", line 1\nNameError: boom\n'
    assert quiz.outcome_of("partial\n" + tb, 1) == "NameError: boom"
    assert quiz.outcome_of("a\nb\n", 0) == "a b"
    assert quiz.outcome_of("", 0) == ""
