"""MkDocs hook: quiz questions written as readable Markdown blocks, rendered as accessible HTML.

Authoring syntax (one block per question)::

    /// quiz | Which cron line runs a job every day at midnight?
    difficulty: easy
    id: cron-midnight                    (optional: stable id for saved answers; default q1, ...)
    multiple: yes                        (optional: more than one right answer -> checkboxes)
    verify: practice/q3_get_new_data.py  (optional: the snippet whose real run decides the answer)

    Optional body: paragraphs, code fences, `--8<--` includes, shown under the question.

    - [x] `0 0 * * * python retrain.py`
        Why this option is right (optional for a right option).
    - [ ] `0 24 * * * python retrain.py`
        Why this option is wrong (required for every wrong option).

    ### Hint
    ### Solution            (required: the worked, step-by-step explanation)
    ### Final answer
    ### Quick check
    ### Common mistakes
    ///

A page whose front matter says ``quiz: test`` becomes one test ("Submit test", score per
difficulty, "Retake test"); every other page with quiz blocks is practice ("Check answer").

Malformed blocks stop the build with ``PluginError("docs/page.md:LINE: ...")``.

For a ``verify:`` question each option states an outcome in its first code span (the program's
whole printed output, or the last line of its traceback); an option without a code span claims
"prints nothing and ends without an error". :func:`verify_code_answers` runs the snippets and
reports every question whose keyed option differs from what really happens (CPython by default;
pass ``run_jobs`` to use another interpreter, for example Pyodide under Node).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

try:  # the parser and the verifier work without MkDocs (tests, other renderers)
    from mkdocs.exceptions import PluginError
except ImportError:  # pragma: no cover
    PluginError = RuntimeError

__all__ = [
    "DIFFICULTIES",
    "Option",
    "Question",
    "QuizError",
    "parse_quizzes",
    "parse_file",
    "render_question",
    "option_claim",
    "outcome_of",
    "check_code_answers",
    "verify_code_answers",
    "on_page_markdown",
]

DIFFICULTIES = ("easy", "medium", "hard")
SETTINGS = ("difficulty", "id", "multiple", "verify")
SECTIONS = {
    "hint": "Hint",
    "solution": "Solution",
    "final answer": "Final answer",
    "quick check": "Quick check",
    "common mistakes": "Common mistakes",
}
YES = {"yes", "true", "on", "1"}
NO = {"no", "false", "off", "0", ""}

OPEN_RE = re.compile(r"^///\s*quiz\b\s*(?:\|\s*(?P<title>.*?))?\s*$")
CLOSE_RE = re.compile(r"^///\s*$")
SETTING_RE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
OPTION_RE = re.compile(r"^[-*]\s+\[(?P<mark>[ xX])\]\s+(?P<text>\S.*?)\s*$")
SECTION_RE = re.compile(r"^###\s+(?P<name>.+?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
ID_RE = re.compile(r"^[A-Za-z0-9][\w-]*$")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(?P<code>.+?)(?<!`)\1(?!`)")


class QuizError(ValueError):
    """A malformed quiz block; ``str(error)`` is ``"path:line: message"``."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


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
    body: str = ""
    options: list[Option] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    number: int = 0
    start: int = 0  # 0-based index of the opening line in the parsed text
    end: int = 0  # 0-based index of the closing line

    @property
    def correct(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option.correct]


class _Fences:
    """Tracks whether a line is inside a fenced code block."""

    def __init__(self):
        self.fence = ""

    def inside(self, line: str) -> bool:
        """Feed one line; return True if it belongs to a fence (opening and closing included)."""
        match = FENCE_RE.match(line)
        if self.fence:
            if (
                match
                and match["fence"][0] == self.fence[0]
                and len(match["fence"]) >= len(self.fence)
            ):
                if not line.strip()[len(match["fence"]) :].strip():
                    self.fence = ""
            return True
        if match:
            self.fence = match["fence"]
            return True
        return False


def _block_text(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def _dedent_continuation(lines: list[str]) -> str:
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped:
            out.append(stripped)
    return " ".join(out)


def parse_quizzes(text: str, path: str = "<string>", line_offset: int = 0) -> list[Question]:
    """Find and validate every ``/// quiz`` block in ``text``.

    ``line_offset`` is added to reported line numbers (lines of front matter MkDocs removed).
    Raises :class:`QuizError` on the first malformed block.
    """
    lines = text.splitlines()
    questions: list[Question] = []
    fences = _Fences()
    i = 0
    while i < len(lines):
        line = lines[i]
        if fences.inside(line):
            i += 1
            continue
        match = OPEN_RE.match(line)
        if not match:
            i += 1
            continue
        start = i
        inner = _Fences()
        j = i + 1
        while j < len(lines):
            if not inner.inside(lines[j]) and CLOSE_RE.match(lines[j]):
                break
            j += 1
        if j >= len(lines):
            raise QuizError(
                path, start + 1 + line_offset, "quiz block is not closed: add a line `///` after it"
            )
        question = _parse_block(lines, start, j, match["title"] or "", path, line_offset)
        question.number = len(questions) + 1
        if not question.qid:
            question.qid = f"q{question.number}"
        for other in questions:
            if other.qid == question.qid:
                raise QuizError(
                    path,
                    question.line,
                    f"duplicate quiz id {question.qid!r} (also at line {other.line})",
                )
        questions.append(question)
        i = j + 1
    return questions


def _parse_block(lines, start, end, title, path, offset) -> Question:
    def err(index, message):
        return QuizError(path, index + 1 + offset, message)

    q = Question(path=path, line=start + 1 + offset, title=title.strip(), start=start, end=end)
    if not q.title:
        raise err(start, "a quiz needs its question on the opening line: `/// quiz | What ...?`")
    i = start + 1
    seen: set[str] = set()
    difficulty_line = None
    while (
        i < end
        and lines[i].strip()
        and (m := SETTING_RE.match(lines[i]))
        and not OPTION_RE.match(lines[i])
    ):
        key, value = m["key"].lower(), m["value"]
        if key not in SETTINGS:
            raise err(
                i,
                f"unknown quiz setting {key!r} (known: {', '.join(SETTINGS)}); "
                "leave a blank line before the question body",
            )
        if key in seen:
            raise err(i, f"quiz setting {key!r} given twice")
        seen.add(key)
        if key == "difficulty":
            q.difficulty, difficulty_line = value.lower(), i
        elif key == "id":
            if not ID_RE.match(value):
                raise err(i, f"quiz id {value!r} must be letters, digits, '-' or '_'")
            q.qid = value
        elif key == "multiple":
            if value.lower() not in YES | NO:
                raise err(i, f"multiple: expected yes or no, got {value!r}")
            q.multiple = value.lower() in YES
        elif key == "verify":
            q.verify = value
        i += 1
    if not q.difficulty:
        raise err(start, "missing difficulty: add `difficulty: easy`, `medium` or `hard`")
    if q.difficulty not in DIFFICULTIES:
        raise err(
            difficulty_line,
            f"unknown difficulty {q.difficulty!r} (use one of: {', '.join(DIFFICULTIES)})",
        )

    # Body: everything up to the first option, fence-aware.
    fences = _Fences()
    body: list[str] = []
    while i < end:
        line = lines[i]
        if not fences.inside(line):
            if OPTION_RE.match(line):
                break
            if SECTION_RE.match(line):
                raise err(
                    i, "options must come before the sections: add `- [ ]` / `- [x]` options first"
                )
        body.append(line)
        i += 1
    q.body = _block_text(body)

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
    fences = _Fences()
    while i < end:
        line = lines[i]
        if not fences.inside(line):
            m = SECTION_RE.match(line)
            if m:
                name = m["name"].strip().lower().rstrip(":")
                if name not in SECTIONS:
                    raise err(
                        i,
                        f"unknown quiz section {m['name']!r} "
                        f"(known: {', '.join(SECTIONS.values())})",
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
                raise err(
                    i, "expected an option (`- [ ]` or `- [x]`) or a section (`### Solution`)"
                )
        if current is not None:
            content[current].append(line)
        i += 1
    q.sections = {name: _block_text(text) for name, text in content.items()}

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
                f"wrong option {option.text!r} needs an indented line "
                "below it saying why it is wrong",
            )
    if not q.sections.get("solution"):
        raise err(
            start, "missing solution: add a `### Solution` section with the worked explanation"
        )
    return q


def parse_file(path: str | os.PathLike, name: str | None = None) -> list[Question]:
    """Parse a Markdown file as MkDocs would see it (line numbers count the front matter)."""
    text = Path(path).read_text(encoding="utf-8")
    return parse_quizzes(text, name or str(path))


# --------------------------------------------------------------------------- rendering

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _span_md(text: str) -> str:
    """Markdown that md_in_html processes inside a one-line ``markdown="span"`` element."""
    return " ".join(text.split())


def render_question(q: Question, page_key: str, mode: str) -> str:
    """Return Markdown (md_in_html) for one question; the page's Markdown pipeline renders it."""
    base = f"kmf-{page_key}-{q.qid}"
    kind = "checkbox" if q.multiple else "radio"
    out = [
        "",
        f'<section class="kmf-q" id="{_attr(base)}" data-kmf-q="{_attr(q.qid)}" '
        f'data-page="{_attr(page_key)}" data-mode="{mode}" '
        f'data-difficulty="{q.difficulty}" data-multiple="{str(q.multiple).lower()}" '
        f'data-correct="{",".join(map(str, q.correct))}" markdown="block">',
        '<fieldset class="kmf-q__fieldset" markdown="block">',
        f'<legend class="kmf-q__legend" markdown="span"><span class="kmf-q__meta">'
        f'<span class="kmf-q__num">Question {q.number}</span> '
        f'<span class="kmf-q__difficulty kmf-q__difficulty--{q.difficulty}">'
        f"{q.difficulty}</span></span> "
        f'<span class="kmf-q__text">{_span_md(q.title)}</span></legend>',
    ]
    if q.multiple:
        out.append('<p class="kmf-q__instruction">Choose every answer that is right.</p>')
    if q.body:
        out += ['<div class="kmf-q__body" markdown="block">', "", q.body, "", "</div>"]
    out.append('<div class="kmf-q__options" markdown="block">')
    for n, option in enumerate(q.options):
        oid = f"{base}-{n}"
        out.append(
            f'<div class="kmf-q__option" data-option="{n}" markdown="span">'
            f'<input type="{kind}" class="kmf-q__input" name="{_attr(base)}" '
            f'id="{_attr(oid)}" value="{n}">'
            f'<label for="{_attr(oid)}"><span class="kmf-q__letter">{LETTERS[n]}.</span> '
            f"{_span_md(option.text)}</label></div>"
        )
    out.append("</div>")
    out.append("</fieldset>")
    if mode == "practice":
        out.append(
            '<div class="kmf-q__actions" hidden>'
            '<button type="button" class="md-button kmf-q__check">'
            "Check answer</button></div>"
        )
    out.append('<div class="kmf-q__feedback" role="status"></div>')
    if q.sections.get("hint"):
        out += [
            '<details class="kmf-q__hint tip" markdown="block">',
            "<summary>Hint</summary>",
            "",
            q.sections["hint"],
            "",
            "</details>",
        ]
    summary = "Solution" if mode == "practice" else "Explanation"
    out += [
        '<details class="kmf-q__solution success" markdown="block">',
        f"<summary>{summary}</summary>",
        "",
        '<p class="kmf-q__heading">Step by step</p>',
        "",
        q.sections["solution"],
        "",
    ]
    closing = [("final answer", "kmf-q__final", "Final answer"), ("quick check", "kmf-q__quick", "Quick check")]
    for key, css, label in closing:
        if q.sections.get(key):
            out += [f'<div class="{css}" markdown="block">', "", f"**{label}:** " + q.sections[key], "", "</div>"]
    out += [
        '<p class="kmf-q__heading">Why each option is right or wrong</p>',
        '<ul class="kmf-q__why" markdown="block">',
    ]
    for n, option in enumerate(q.options):
        verdict = "right" if option.correct else "wrong"
        why = f" {_span_md(option.feedback)}" if option.feedback else ""
        out.append(
            f'<li class="kmf-q__why-item kmf-q__why-item--{verdict}" data-option="{n}" '
            'markdown="span">'
            f'<span class="kmf-q__letter">{LETTERS[n]}.</span> <span class="kmf-q__verdict">'
            f"{verdict.capitalize()}:</span> {_span_md(option.text)}"
            f'<span class="kmf-q__why-text">{why}</span></li>'
        )
    out.append("</ul>")
    if q.sections.get("common mistakes"):
        out += [
            '<div class="kmf-q__mistakes" markdown="block">',
            "",
            '<p class="kmf-q__heading">Common mistakes</p>',
            "",
            q.sections["common mistakes"],
            "",
            "</div>",
        ]
    out += ["</details>", "</section>", ""]
    return "\n".join(out)


def render_page(markdown: str, questions: list[Question], page_key: str, mode: str) -> str:
    lines = markdown.splitlines()
    out: list[str] = []
    cursor = 0
    for q in questions:
        out += lines[cursor : q.start]
        if mode == "test" and q is questions[0]:
            out += [
                "",
                f'<div class="kmf-test" data-kmf-test="{_attr(page_key)}" markdown="block">',
                '<p class="kmf-test__best" hidden></p>',
                '<div class="kmf-test__questions" markdown="block">',
            ]
        out += render_question(q, page_key, mode).splitlines()
        cursor = q.end + 1
        if mode == "test" and q is questions[-1]:
            out += [
                "</div>",
                '<div class="kmf-test__controls" hidden>'
                '<button type="button" class="md-button md-button--primary kmf-test__submit">'
                "Submit test</button> "
                '<button type="button" class="md-button kmf-test__retake" hidden>'
                "Retake test</button></div>",
                '<div class="kmf-test__result" role="status"></div>',
                "</div>",
                "",
            ]
    out += lines[cursor:]
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")


# --------------------------------------------------------------------------- verified answers


def option_claim(text: str) -> str:
    """The outcome an option of a ``verify:`` question claims: its first code span, else ''."""
    match = CODE_SPAN_RE.search(text)
    return " ".join(match["code"].split()) if match else ""


def outcome_of(output: str, status: int) -> str:
    """What a program "does", in the form options state it.

    A program that ends with an error: the last line of its traceback. Otherwise: everything it
    printed, with runs of whitespace (newlines included) collapsed to one space.
    """
    if status:
        lines = [line for line in output.splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""
    return " ".join(output.split())


def check_code_answers(questions: list[Question], results: list[dict]) -> list[str]:
    """Compare each verified question's keyed options with a real run; return the problems.

    ``results[i]`` belongs to ``questions[i]`` and has ``output`` (stdout and stderr in order)
    and ``status``. Each problem is ``"path:line: message"``.
    """
    problems = []
    for q, result in zip(questions, results, strict=True):
        real = outcome_of(result["output"], result["status"])
        for n, option in enumerate(q.options):
            claim = option_claim(option.text)
            letter = LETTERS[n]
            if option.correct and claim != real:
                problems.append(
                    f"{q.path}:{option.line}: option {letter} of question {q.number} "
                    "is keyed correct "
                    f"but claims {claim!r}; running {q.verify} gives {real!r}"
                )
            elif not option.correct and claim == real:
                problems.append(
                    f"{q.path}:{option.line}: option {letter} of question {q.number} "
                    "is keyed wrong "
                    f"but is what running {q.verify} really gives: {real!r}"
                )
    return problems


def run_in_cpython(jobs: list[dict], root: str | os.PathLike = ".") -> list[dict]:
    """Run each ``{"code", "filename"}`` job through kmf_site.runner, in this CPython."""
    from kmf_site import runner

    return [runner.capture(job["code"], job["filename"]) for job in jobs]


def code_questions(docs_dir: str | os.PathLike = "docs") -> list[Question]:
    """Every question with ``verify:`` in the Markdown pages under ``docs_dir``."""
    docs = Path(docs_dir)
    found = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs.parent) if docs.parent != Path("") else md
        found += [q for q in parse_file(md, str(rel)) if q.verify]
    return found


def verify_code_answers(
    docs_dir: str | os.PathLike = "docs",
    snippets_dir: str | os.PathLike = "snippets",
    run_jobs=None,
) -> list[str]:
    """Run every ``verify:`` snippet and check the keyed options; return problems (empty = good).

    ``run_jobs(jobs: list[dict]) -> list[dict]`` runs ``{"code", "filename"}`` jobs and returns
    ``{"output", "status", ...}`` results; the default runs them in CPython through
    ``kmf_site.runner``. Pass
    ``tests.pyodide_node.run_in_pyodide`` to check the same keys in Pyodide.
    """
    docs = Path(docs_dir)
    snippets = Path(snippets_dir)
    questions = code_questions(docs)
    problems, jobs, checked = [], [], []
    for q in questions:
        program = snippets / q.verify
        if not program.is_file():
            problems.append(f"{q.path}:{q.line}: verify: {q.verify} not found in {snippets}/")
            continue
        jobs.append({"code": program.read_text(encoding="utf-8"), "filename": program.name})
        checked.append(q)
    if jobs:
        if run_jobs is None:
            results = run_in_cpython(jobs, docs.resolve().parent)
        else:
            results = run_jobs(jobs)
        problems += check_code_answers(checked, results)
    return problems


# --------------------------------------------------------------------------- MkDocs hook


def _line_offset(page, markdown: str) -> int:
    """Lines MkDocs removed (front matter) before handing ``markdown`` to hooks."""
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError, AttributeError):
        return 0
    body = markdown.rstrip("\n")
    pos = source.find(body) if body else -1
    return source[:pos].count("\n") if pos > 0 else 0


def on_page_markdown(markdown, page, config, files):
    if "/// quiz" not in markdown:
        return markdown
    src = f"{config['docs_dir'].rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}"
    try:
        questions = parse_quizzes(markdown, src, _line_offset(page, markdown))
    except QuizError as error:
        raise PluginError(f"quiz: {error}") from None
    if not questions:
        return markdown
    mode = "test" if str(page.meta.get("quiz", "")).lower() == "test" else "practice"
    page_key = (
        re.sub(r"[^a-z0-9]+", "-", page.file.src_uri.removesuffix(".md").lower()).strip("-")
        or "index"
    )
    root = Path(config["config_file_path"]).parent
    snippets = root / "snippets"
    verified = [q for q in questions if q.verify]
    for q in verified:
        if not (snippets / q.verify).is_file():
            raise PluginError(f"quiz: {q.path}:{q.line}: verify: {q.verify} not found in snippets/")
    if verified and os.environ.get("KMF_VERIFY", "on").lower() not in {"off", "0", "no"}:
        jobs = [
            {
                "code": (snippets / q.verify).read_text(encoding="utf-8"),
                "filename": Path(q.verify).name,
            }
            for q in verified
        ]
        problems = check_code_answers(verified, run_in_cpython(jobs, root))
        if problems:
            raise PluginError(
                "quiz: keyed answer differs from the real run:\n" + "\n".join(problems)
            )
    return render_page(markdown, questions, page_key, mode)
