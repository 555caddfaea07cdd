"""Numbers a page quotes from a run must be what the run prints.

The prose right after a runnable block often reads its output aloud ("slides from 0.94 to 0.28").
Every decimal number in that prose (up to the next heading, code block or block, indented or
not) has to be a number of the program's real output or source, and so does every whole number
from 10 up ("158 rows", "88 degrees", "1,000 rows"; thousands separators are ignored) and every
count the prose spells out ("twice", "four times"). Numbers are compared as whole tokens: "0.9"
is not "0.94". The explanations of a quiz keyed by a run (options' feedback, Solution...) are held
to the same rule, where the program's line numbers count too. So a changed seed cannot leave a
stale sentence behind.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from content import DOCS, SNIPPETS, run_like_the_browser
from kmf_site import quiz
from kmf_site.exercise.verify import all_exercises
from kmf_site.includes import runnable_blocks

pytestmark = pytest.mark.verify
# up to the next code fence, heading or /// block, at any indentation
PROSE = re.compile(r"\n(?P<prose>.*?)(?=\n[ \t]*```|\n[ \t]*~~~|\n#|\n[ \t]*///|\Z)", re.S)
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")
WHOLE = re.compile(r"(?<![\w.,#])(?:\d{1,3}(?:,\d{3})+|\d{2,})(?!\w|\.\d|,\d)")
DIGIT_GROUPS = re.compile(r"(?<=\d)[,_](?=\d{3})")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CODE_SPAN = re.compile(r"(`+)[^`].*?\1")
FACT = re.compile(r"`(?P<a>\d+\.\d+) (?P<op>[-+]) (?P<b>\d+\.\d+)` (?:evaluates )?to `(?P<value>\d+\.\d+)`")
WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
COUNT = re.compile(rf"\b(?:(?P<word>{'|'.join(WORDS)}) times|(?P<twice>twice)|(?P<thrice>thrice))\b", re.I)


def known_numbers(known: str) -> set[str]:
    """Every number ``known`` shows, as a token (thousands separators dropped)."""
    return set(NUMBER.findall(DIGIT_GROUPS.sub("", known)))


def stated_numbers(prose: str) -> list[tuple[str, str]]:
    """The numbers ``prose`` states: ``[(as written, as a number), ...]``; code spans quote code to
    type (``label_delay=2``, a threshold of ``0.9`` to try), not results, and are left out."""
    prose = CODE_SPAN.sub(" ", prose)
    found = [(n, n) for n in DECIMAL.findall(prose)]
    found += [(n, DIGIT_GROUPS.sub("", n)) for n in WHOLE.findall(prose)]
    for match in COUNT.finditer(prose):
        value = 2 if match["twice"] else 3 if match["thrice"] else WORDS.index(match["word"].lower()) + 1
        found.append((match[0], str(value)))
    return found


def stale_numbers(prose: str, known: str | set[str]) -> list[str]:
    """The numbers ``prose`` states that ``known`` (a text, or its numbers) never shows."""
    numbers = known if isinstance(known, set) else known_numbers(known)
    return [written for written, value in stated_numbers(prose) if value not in numbers]


def whole_numbers_missing(prose: str, known: str) -> list[str]:
    """Whole numbers of two or more digits in ``prose`` that ``known`` never shows as a number."""
    numbers = known_numbers(known)
    return [n for n in WHOLE.findall(prose) if DIGIT_GROUPS.sub("", n) not in numbers]


def stale_lines(where: str, text: str, start: int, prose: str, known: str | set[str]) -> list[str]:
    """``where:line: [stale numbers]`` for each line of ``prose`` (at offset ``start`` of ``text``)."""
    first = text.count("\n", 0, start) + 1
    return [
        f"{where}:{first + n}: {stale}"
        for n, line in enumerate(prose.split("\n"))
        if (stale := stale_numbers(line, known))
    ]


def claims(docs: Path = DOCS, snippets: Path = SNIPPETS) -> list[tuple[Path, str, int, Path, str]]:
    """Each runnable block's following prose: ``(page, text, offset of the prose, program, prose)``."""
    found = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text()
        for block in runnable_blocks(text):
            prose = PROSE.match(text, block.end)
            if prose:
                found.append((page, text, prose.start("prose"), snippets / block.path, prose["prose"]))
    return found


def stale_in_page_prose(docs: Path = DOCS, snippets: Path = SNIPPETS) -> list[str]:
    problems = []
    for page, text, start, program, prose in claims(docs, snippets):
        _, output, _ = run_like_the_browser(program.read_text(), program.name)
        problems += stale_lines(str(page.relative_to(docs.parent)), text, start, prose, output + program.read_text())
    return problems


def stem_facts(q: quiz.Question) -> set[str]:
    """The float results a question's stem states ("`0.94 - 0.92` evaluates to `0.0199...`"), each
    recomputed here, and rounded to two places ("about 0.04")."""
    found = set()
    for fact in FACT.finditer(q.body):
        a, b = float(fact["a"]), float(fact["b"])
        value = a - b if fact["op"] == "-" else a + b
        assert repr(value) == fact["value"], f"{q.path}:{q.line}: {fact[0]} is false: it is {value!r}"
        found |= {repr(value), f"{value:.2f}"}
    return found


def stale_in_quiz_explanations(docs: Path = DOCS, snippets: Path = SNIPPETS) -> list[str]:
    """Numbers in what a ``verify:`` question explains (feedback, sections) that its run and program
    (with its line numbers) never show."""
    problems = []
    for q in [q for q in quiz.code_questions(docs) if q.verify and not q.verify.startswith("quiz/")]:
        program = snippets / quiz.program_of(q)
        source = program.read_text()
        _, output, _ = run_like_the_browser(source, program.name)
        numbers = known_numbers(output + source) | {str(n) for n in range(1, source.count("\n") + 2)}
        numbers |= stem_facts(q)
        page = docs.parent / q.path
        lines = page.read_text().split("\n")
        for n in range(q.start + 1, q.end):  # the block's lines, options and sections
            line = lines[n]
            if line.lstrip().startswith(("- [", "/// quiz", "###")):
                continue  # an option's own claim is checked by tests/test_quiz_answers.py
            if stale := stale_numbers(line, numbers):
                problems.append(f"{q.path}:{n + 1}: {stale}")
    return problems


def test_numbers_in_prose_come_from_the_run():
    assert len(claims()) >= 10, "the prose after the runnable blocks was not found"
    stale = stale_in_page_prose()
    assert not stale, "numbers no run prints:\n" + "\n".join(stale)


def test_numbers_in_quiz_explanations_come_from_the_run():
    assert quiz.code_questions(DOCS), "no quiz keyed by a run was found"
    stale = stale_in_quiz_explanations()
    assert not stale, "numbers no run prints:\n" + "\n".join(stale)


def test_whole_numbers_are_checked_as_numbers():
    known = "mean 0.89, 158 rows, 1000 rows, make_rows(50_000)"
    assert whole_numbers_missing("158 rows, 1,000 rows, 50,000 rows, 88 degrees, week 9", known) == ["88"]
    assert whole_numbers_missing("0.89 and the 30th", known) == []  # decimals and ordinals are not whole numbers
    assert whole_numbers_missing("15 rows", "0.15") == ["15"]  # a digit run inside a decimal does not count
    assert whole_numbers_missing("it turned 88 degrees. Then 12.", "0.88, 1.12") == ["88", "12"]  # at a full stop
    assert stale_numbers("slides to 0.9", "accuracy 0.94") == ["0.9"]  # a decimal is a token, not a substring
    assert stale_numbers("retrained twice, then four times", "retrains: 2") == ["four times"]
    assert stale_numbers("Retrained Three times", "3 retrains") == []
    assert stale_numbers("try a threshold of `0.9` or `label_delay=20`", "") == []  # code to type


ADMONITION = """# Page

!!! example "Indented"

    ```python {.run}
    --8<-- "index/model_info.py"
    ```

    The version is now 2 after 77 runs.

    ```text
    99 is not prose
    ```
"""


def test_a_planted_stale_number_fails_naming_page_and_line(tmp_path):
    """On a copy of docs/: a number the run does not print, in prose after a block, after an
    indented block (the prose ends at the next indented fence), and in a quiz explanation, each
    named by page and line; the real pages pass."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    assert stale_in_page_prose(docs) == [] and stale_in_quiz_explanations(docs) == []

    page, text, start, _, prose = claims(docs)[0]
    first = prose.split("\n")[0]
    page.write_text(text[:start] + first + " It ends at 0.9 after 77 weeks." + text[start + len(first) :])
    line = text.count("\n", 0, start) + 1
    assert stale_in_page_prose(docs) == [f"{page.relative_to(tmp_path)}:{line}: ['0.9', '77']"]
    page.write_text(text)

    (docs / "indented.md").write_text(ADMONITION)
    assert stale_in_page_prose(docs) == ["docs/indented.md:9: ['77']"]
    (docs / "indented.md").unlink()

    (q,) = [q for q in quiz.code_questions(docs) if q.qid == "registry-float"]
    quiz_page = docs.parent / q.path
    lines = quiz_page.read_text().split("\n")
    solution = next(n for n in range(q.start, q.end) if lines[n].startswith("1. "))
    lines[solution] += " After 0.95 it is version 170."
    quiz_page.write_text("\n".join(lines))
    assert stale_in_quiz_explanations(docs) == [f"{q.path}:{solution + 1}: ['0.95', '170']"]


FRACTION = re.compile(r"(?<![\w./])\d+/\d+(?![\w/])")


def exercise_claims():
    for exercise in all_exercises(DOCS, SNIPPETS):
        yield pytest.param(exercise, id=f"{exercise.path}:{exercise.line}")


@pytest.mark.parametrize("exercise", list(exercise_claims()))
def test_numbers_in_an_exercise_instruction_come_from_its_programs(exercise):
    """An instruction that reads a run aloud ("v2 scores 874/1000", "0.94 at launch") quotes what
    its start or solution program really prints (or writes in its source)."""
    known = ""
    for path in (SNIPPETS / exercise.start, SNIPPETS / exercise.solution):
        _, output, _ = run_like_the_browser(path.read_text(), exercise.file)
        known += output + path.read_text()
    numbers = DECIMAL.findall(exercise.body) + FRACTION.findall(exercise.body)
    stale = [number for number in numbers if number not in known]
    assert not stale, f"{exercise.path}:{exercise.line}: {stale} not printed by {exercise.start} or {exercise.solution}"
