"""MkDocs hook: ``/// quiz`` blocks become quiz questions (glue for :mod:`kmf_site.quiz`).

A malformed block stops the build with ``docs/page.md:LINE``. A ``verify:`` question's key is
checked against a real CPython run while rendering (unless ``KMF_VERIFY=off``); the verification
(``pytest -m verify``) checks it in Pyodide too. A page with ``quiz: test`` in its front matter
is the scored Test; any other page with quiz blocks is practice.
"""

from __future__ import annotations

import os
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


def on_page_markdown(markdown, page, config, files):
    if "/// quiz" not in markdown:
        return markdown
    src = f"{Path(config['docs_dir']).name}/{page.file.src_uri}"
    try:
        questions = parse_quizzes(markdown, src, line_offset(getattr(page.file, "abs_src_path", None), markdown))
    except QuizError as error:
        raise PluginError(f"quiz: {error}") from None
    if not questions:
        return markdown
    mode = "test" if str(page.meta.get("quiz", "")).lower() == "test" else "practice"
    snippets = Path(config["config_file_path"]).parent / "snippets"
    verified = [q for q in questions if program_of(q)]
    for q in verified:
        program = snippets / program_of(q)
        if not program.is_file():
            raise PluginError(f"quiz: {q.path}:{q.line}: {program_of(q)} not found in snippets/")
        if shown := shown_answers(program.read_text(encoding="utf-8")):
            raise PluginError(f"quiz: snippets/{program_of(q)}:{shown[0]}: shows its output (#>), and so the answer")
    if verified and os.environ.get("KMF_VERIFY", "on").lower() not in {"off", "0", "no"}:
        programs = [snippets / program_of(q) for q in verified]
        jobs = [{"code": path.read_text(encoding="utf-8"), "filename": path.name} for path in programs]
        problems = check_code_answers(verified, run_in_cpython(jobs))
        if problems:
            raise PluginError("quiz: keyed answer differs from the real run:\n" + "\n".join(problems))
    return render_page(markdown, questions, page_key(page.file.src_uri), mode)
