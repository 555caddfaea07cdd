"""The ``/// quiz`` block: one quiz question written as readable Markdown.

Authoring syntax (one block per question)::

    /// quiz | Which cron line runs a job every day at midnight?
    difficulty: easy
    id: cron-midnight                    (optional: stable id for saved answers; default q1, ...)
    multiple: yes                        (optional: more than one right answer -> checkboxes)
    verify: practice/q3_get_new_data.py  (optional: the snippet whose real run decides the answer)
    decide: quiz/cron_day_fields.py      (optional: a program that computes the answer and prints
                                          the opening words of the option it picks)

    Optional body: paragraphs, code fences, `--8<--` includes, shown under the question.

    - [x] `0 0 * * * python retrain.py`
        Why this option is right (optional for a right option).
    - [ ] `0 24 * * * python retrain.py`
        Why this option is wrong (required for every wrong option).

    ### Hint
    ### Solution            (required: the worked, step-by-step explanation)
    ### Final answer        (required: names the keyed option, its text or code, then
                            "(option A)"; "(options A and C)" when several are right)
    ### Quick check
    ### Common mistakes
    ///

A page whose front matter says ``quiz: test`` becomes one test ("Submit test", score per
difficulty, "Retake test"); every other page with quiz blocks is practice ("Check answer"):
:mod:`kmf_site.quiz.render` writes the markup, :mod:`kmf_site.quiz.verify` proves ``verify:`` keys.

A malformed block raises :class:`QuizError` (``docs/page.md:LINE: message``), which stops the build.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kmf_site.blocks import Block, BlockError, Fences, find_blocks, settings, text_of

__all__ = [
    "DIFFICULTIES",
    "SECTIONS",
    "Option",
    "Question",
    "QuizError",
    "final_answer_problem",
    "names_option",
    "parse_file",
    "parse_quizzes",
]

DIFFICULTIES = ("easy", "medium", "hard")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SETTINGS = ("decide", "difficulty", "id", "multiple", "verify")
SECTIONS = {
    "hint": "Hint",
    "solution": "Solution",
    "final answer": "Final answer",
    "quick check": "Quick check",
    "common mistakes": "Common mistakes",
}
YES = {"yes", "true", "on", "1"}
NO = {"no", "false", "off", "0", ""}

OPTION_RE = re.compile(r"^[-*]\s+\[(?P<mark>[ xX])\]\s+(?P<text>\S.*?)\s*$")
SECTION_RE = re.compile(r"^###\s+(?P<name>.+?)\s*#*\s*$")
ID_RE = re.compile(r"^[A-Za-z0-9][\w-]*$")


class QuizError(BlockError):
    """A malformed quiz block; ``str(error)`` is ``"path:line: message"``."""


@dataclass
class Option:
    text: str
    correct: bool
    feedback: str
    line: int


@dataclass
class Question:
    path: str
    line: int
    title: str
    difficulty: str = ""
    qid: str = ""
    multiple: bool = False
    verify: str = ""
    decide: str = ""
    body: str = ""
    options: list[Option] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    number: int = 0
    start: int = 0  # 0-based index of the opening line in the parsed text
    end: int = 0  # 0-based index of the closing line

    @property
    def correct(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option.correct]


def _dedent_continuation(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines if line.strip())


def parse_quizzes(text: str, path: str = "<string>", line_offset: int = 0) -> list[Question]:
    """Find and validate every ``/// quiz`` block in ``text``.

    ``line_offset`` is added to reported line numbers (lines of front matter MkDocs removed).
    Raises :class:`QuizError` on the first malformed block.
    """
    questions: list[Question] = []
    try:
        blocks = find_blocks(text, "quiz", path, line_offset)
    except BlockError as error:
        raise QuizError(error.path, error.line, error.message) from None
    for block in blocks:
        question = _parse_block(block)
        question.number = len(questions) + 1
        if not question.qid:
            question.qid = f"q{question.number}"
        for other in questions:
            if other.qid == question.qid:
                raise QuizError(path, question.line, f"duplicate quiz id {question.qid!r} (also at line {other.line})")
        questions.append(question)
    return questions


def _parse_block(block: Block) -> Question:
    lines, start, end, path, offset = block.lines, block.start, block.end, block.path, block.offset

    def err(index, message):
        return QuizError(path, index + 1 + offset, message)

    q = Question(path=path, line=block.line, title=block.title, start=start, end=end)
    if not q.title:
        raise err(start, "a quiz needs its question on the opening line: `/// quiz | What ...?`")
    try:
        found, i = settings(block, SETTINGS, "leave a blank line before the question body")
    except BlockError as error:
        raise QuizError(error.path, error.line, error.message) from None
    difficulty_line = None
    for key, (value, index) in found.items():
        if key == "difficulty":
            q.difficulty, difficulty_line = value.lower(), index
        elif key == "id":
            if not ID_RE.match(value):
                raise err(index, f"quiz id {value!r} must be letters, digits, '-' or '_'")
            q.qid = value
        elif key == "multiple":
            if value.lower() not in YES | NO:
                raise err(index, f"multiple: expected yes or no, got {value!r}")
            q.multiple = value.lower() in YES
        elif key in ("verify", "decide"):
            setattr(q, key, value)
    if not q.difficulty:
        raise err(start, "missing difficulty: add `difficulty: easy`, `medium` or `hard`")
    if q.difficulty not in DIFFICULTIES:
        raise err(
            difficulty_line,
            f"unknown difficulty {q.difficulty!r} (use one of: {', '.join(DIFFICULTIES)})",
        )

    # Body: everything up to the first option, fence-aware.
    fences = Fences()
    body: list[str] = []
    while i < end:
        line = lines[i]
        if not fences.inside(line):
            if OPTION_RE.match(line):
                break
            if SECTION_RE.match(line):
                raise err(i, "options must come before the sections: add `- [ ]` / `- [x]` options first")
        body.append(line)
        i += 1
    q.body = text_of(body)

    # Options: `- [ ]` / `- [x]` lines, each followed by indented lines of feedback.
    while i < end:
        line = lines[i]
        m = OPTION_RE.match(line)
        if m:
            q.options.append(Option(m["text"], m["mark"] in "xX", "", i + 1 + offset))
            feedback: list[str] = []
            i += 1
            while i < end and (not lines[i].strip() or lines[i][:1] in (" ", "\t")):
                feedback.append(lines[i])
                i += 1
            q.options[-1].feedback = _dedent_continuation(feedback)
            continue
        if not line.strip():
            i += 1
            continue
        break

    # Sections: `### Name` headings up to the closing `///`.
    current = None
    content: dict[str, list[str]] = {}
    fences = Fences()
    while i < end:
        line = lines[i]
        if not fences.inside(line):
            m = SECTION_RE.match(line)
            if m:
                name = m["name"].strip().lower().rstrip(":")
                if name not in SECTIONS:
                    raise err(
                        i,
                        f"unknown quiz section {m['name']!r} (known: {', '.join(SECTIONS.values())})",
                    )
                if name in content:
                    raise err(i, f"quiz section {SECTIONS[name]!r} given twice")
                current = name
                content[name] = []
                i += 1
                continue
            if current is None and line.strip():
                if OPTION_RE.match(line):
                    raise err(i, "options must be one list: remove the text between them")
                raise err(i, "expected an option (`- [ ]` or `- [x]`) or a section (`### Solution`)")
        if current is not None:
            content[current].append(line)
        i += 1
    q.sections = {name: text_of(text) for name, text in content.items()}

    if len(q.options) < 2:
        raise err(start, "a quiz needs at least two options (`- [ ] wrong`, `- [x] right`)")
    right = [o for o in q.options if o.correct]
    if not right:
        raise err(start, "no correct option: mark the right answer with `- [x]`")
    if len(right) > 1 and not q.multiple:
        lines_ = ", ".join(str(o.line) for o in right)
        raise err(
            start,
            f"two or more correct options (lines {lines_}) in a single-answer question: "
            "keep one `- [x]` or add `multiple: yes`",
        )
    for option in q.options:
        if not option.correct and not option.feedback:
            raise QuizError(
                path,
                option.line,
                f"wrong option {option.text!r} needs an indented line below it saying why it is wrong",
            )
    if not q.sections.get("solution"):
        raise err(start, "missing solution: add a `### Solution` section with the worked explanation")
    if q.verify and q.decide:
        raise err(start, "a question takes `verify:` or `decide:`, not both")
    _check_final_answer(q, lines, start, end, err)
    return q


FINAL_LETTERS_RE = re.compile(r"\(options?\s+(?P<letters>[A-Z](?:(?:,\s*|\s+and\s+)[A-Z])*)\)\.?\s*$")
CODE_RE = re.compile(r"(?<!`)(`+)(?!`)(?P<code>.+?)(?<!`)\1(?!`)")


def _plain(text: str) -> str:
    return " ".join(text.split()).rstrip(".").strip()


def names_option(final: str, option: Option) -> bool:
    """Whether a final answer quotes ``option``: its whole text (a final full stop aside), or,
    for an option whose text starts with code, that code span."""
    said = " ".join(final.split())
    if _plain(option.text) in said:
        return True
    code = CODE_RE.match(option.text)
    return bool(code) and code[0] in said


def final_answer_problem(q: Question) -> str:
    """What is wrong with ``q``'s ``### Final answer``, or '' when it names exactly the keyed
    option(s): each one's text, then "(option B)" with its letter (page order)."""
    final = q.sections.get("final answer", "")
    if not final:
        return "missing final answer: add `### Final answer` naming the keyed option, e.g. `... (option B).`"
    keyed = [LETTERS[i] for i in q.correct]
    found = FINAL_LETTERS_RE.search(final)
    if not found:
        return f"the final answer must end with the keyed option's letter: '(option {' and '.join(keyed)})'"
    letters = re.findall(r"[A-Z]", found["letters"])
    if sorted(letters) != keyed:
        said = ", ".join(letters)
        return (
            f"the final answer says option {said}, but the key (`- [x]`) is option {' and '.join(keyed)}: "
            "fix the key or the explanation"
        )
    for i in q.correct:
        if not names_option(final, q.options[i]):
            return (
                f"the final answer does not quote option {LETTERS[i]}'s text "
                f"{' '.join(q.options[i].text.split())!r}: name the keyed option as the page shows it"
            )
    return ""


def _check_final_answer(q: Question, lines: list[str], start: int, end: int, err) -> None:
    problem = final_answer_problem(q)
    if problem:
        where = next(
            (
                n
                for n in range(start, end)
                if SECTION_RE.match(lines[n]) and lines[n].lower().strip("# ").startswith("final answer")
            ),
            start,
        )
        raise err(where, problem)


def parse_file(path: str | os.PathLike, name: str | None = None) -> list[Question]:
    """Parse a Markdown file as MkDocs would see it (line numbers count the front matter)."""
    text = Path(path).read_text(encoding="utf-8")
    return parse_quizzes(text, name or str(path))
