"""The plugin's exercises: ``/// exercise`` blocks become exercises (guided steps, Debug it tasks).

It only calls the exercise engine: :mod:`kmf_site.exercise.syntax` reads and validates the blocks (a malformed one stops
the build with ``docs/page.md:LINE``), :mod:`kmf_site.exercise.render` writes their markup, and
:mod:`kmf_site.exercise.program` the check program the browser runs, which the plugin saves as
``site/assets/kmf/checks/<page>/<id>.py``. Whether every solution passes and every known mistake
gets its message is proven by the verification (``tests/test_exercises.py``, ``pytest -m verify``).

Page front matter: ``steps_done:`` ends the sentence shown when the last step passes
("All five steps are done: ...", the count read from the page); ``exercises: standalone`` makes
every exercise of the page stand alone (none locked, each from its own start code; the default,
``sequence``, is a guided sequence);
``progress:`` is the word after the count ("2 / 5 fixed"; default ``steps``); ``saved_before:``
an older store key of the page's progress (moved on the reader's next visit). The page reports
its progress to the hub as the mode named after the page (``data-summary``; web/progress.js).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from kmf_site.blocks import BlockError, line_offset, page_key
from kmf_site.exercise.program import check_program
from kmf_site.exercise.render import render_page
from kmf_site.exercise.syntax import parse_exercises

CHECKS_DIR = "assets/kmf/checks"
MODES = ("sequence", "standalone")  # front matter `exercises:`


def render_exercises(markdown: str, page, docs_dir: str, snippets: Path, programs: dict[str, str]) -> str:
    """The page's ``/// exercise`` blocks rendered; each check program goes into ``programs``
    (site path -> program), which :func:`write_programs` writes after the build."""
    if "/// exercise" not in markdown:
        return markdown
    name = f"{Path(docs_dir).name}/{page.file.src_uri}"
    try:
        exercises = parse_exercises(markdown, name, line_offset(page.file.abs_src_path, markdown), snippets)
    except BlockError as error:
        raise PluginError(f"exercise: {error}") from None
    key = page_key(page.file.src_uri)
    urls = {}
    for exercise in exercises:
        target = f"{CHECKS_DIR}/{key}/{exercise.id}.py"
        programs[target] = check_program(exercise, snippets)
        urls[exercise.id] = get_relative_url(target, page.url)
    mode = str(page.meta.get("exercises", "sequence"))
    if mode not in MODES:
        raise PluginError(f"exercise: {name}: front matter exercises: {mode!r} is not one of {', '.join(MODES)}")
    return render_page(
        markdown,
        exercises,
        f"exercises:{key}",
        str(page.meta.get("steps_done", "")),
        urls,
        mode=mode,
        progress=str(page.meta.get("progress", "steps")),
        summary=key,
        saved_before=str(page.meta.get("saved_before", "")),
    )


def write_programs(site_dir: str | Path, programs: dict[str, str]) -> None:
    site = Path(site_dir)
    for target, program in programs.items():
        path = site / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(program, encoding="utf-8")
