"""The plugin's quizzes: ``/// quiz`` blocks become quiz questions (glue for :mod:`kmf_site.quiz`).

A malformed block stops the build with ``docs/page.md:LINE``. A ``verify:`` question's key is
checked against a real CPython run while rendering (unless verification is ``off``); the verification
(``pytest -m verify``) checks it in Pyodide too. A page with ``quiz: test`` in its front matter
is the scored Test; any other page with quiz blocks is practice.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kmf_site.blocks import line_offset, page_key
from kmf_site.quiz import (
    QuizError,
    check_code_answers,
    parse_quizzes,
    program_of,
    render_page,
    run_in_cpython,
    shown_answers,
)


def render_quizzes(markdown: str, page, docs_dir: str, snippets: Path, verify: bool = True) -> str:
    """The page's ``/// quiz`` blocks rendered; ``verify``: run each ``verify:`` program in CPython
    and stop the build when its keyed option is not what it prints."""
    if "/// quiz" not in markdown:
        return markdown
    src = f"{Path(docs_dir).name}/{page.file.src_uri}"
    try:
        questions = parse_quizzes(markdown, src, line_offset(getattr(page.file, "abs_src_path", None), markdown))
    except QuizError as error:
        raise PluginError(f"quiz: {error}") from None
    if not questions:
        return markdown
    mode = "test" if str(page.meta.get("quiz", "")).lower() == "test" else "practice"
    verified = [q for q in questions if program_of(q)]
    for q in verified:
        program = snippets / program_of(q)
        if not program.is_file():
            raise PluginError(f"quiz: {q.path}:{q.line}: {program_of(q)} not found in {snippets.name}/")
        if shown := shown_answers(program.read_text(encoding="utf-8")):
            raise PluginError(
                f"quiz: {snippets.name}/{program_of(q)}:{shown[0]}: shows its output (#>), and so the answer"
            )
    if verified and verify:
        programs = [snippets / program_of(q) for q in verified]
        jobs = [{"code": path.read_text(encoding="utf-8"), "filename": path.name} for path in programs]
        problems = check_code_answers(verified, run_in_cpython(jobs))
        if problems:
            raise PluginError("quiz: keyed answer differs from the real run:\n" + "\n".join(problems))
    return render_page(markdown, questions, page_key(page.file.src_uri), mode)
