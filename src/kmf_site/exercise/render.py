"""The Markdown (md_in_html) a page's ``/// exercise`` blocks become.

Without JavaScript this markup is the whole exercise: heading, instruction, starting code, a list of
hints and the solution, all readable. ``kmf_site/web/exercise.js`` turns it into an editor with
Run, Check, Hint and Show solution, reading what it needs from the ``data-`` attributes below.
"""

from __future__ import annotations

import html

from kmf_site.exercise.syntax import Exercise

__all__ = ["render_exercise", "render_page"]


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def render_exercise(exercise: Exercise, check_url: str) -> str:
    """One exercise: a ``.kmf-step`` section, named by its heading, that includes its snippets
    with ``--8<--``."""
    out = [
        "",
        f'<section class="kmf-step" data-step="{exercise.number}" data-exercise="{_attr(exercise.id)}" '
        f'data-file="{_attr(exercise.file)}" data-check="{_attr(check_url)}" '
        f'aria-labelledby="{_attr(exercise.id)}" markdown>',
        "",
        f"## {exercise.title} {{#{exercise.id}}}",
        "",
        exercise.body,
        "",
        f'```python {{.kmf-step-start title="{_attr(exercise.file)}"}}',
        f'--8<-- "{exercise.start}"',
        "```",
        "",
        '<details class="kmf-hints" markdown>',
        "<summary>Hints</summary>",
        "",
        exercise.hints,
        "",
        "</details>",
        "",
        '<details class="kmf-solution" markdown>',
        "<summary>Solution</summary>",
        "",
        "```python",
        f'--8<-- "{exercise.solution}"',
        "```",
        "",
        "</details>",
        "",
    ]
    if exercise.why:
        out += ['<div class="kmf-step__why" hidden markdown>', "", exercise.why, "", "</div>", ""]
    out += ["</section>", ""]
    return "\n".join(out)


def progress_bar(count: int, word: str) -> str:
    """The progress bar as exercise.js shows it before anything is passed ("0 / 5 fixed", its
    track and Reset progress), in the page itself: the bar takes its place in the first paint, so
    nothing below it moves when the script fills it in. Without JavaScript it is not shown (the
    `<noscript>` style in overrides/main.html): it would count nothing."""
    return (
        '<div class="kmf-steps__bar"><div class="kmf-progress">'
        f'<span class="kmf-progress__text">0 / {count} {_attr(word)}</span>'
        '<span class="kmf-progress__track"><span class="kmf-progress__fill"></span></span></div>'
        '<button type="button" class="md-button kmf-button kmf-steps__reset">Reset progress</button>'
        '<p class="kmf-steps__sr"></p></div>'
    )


def render_page(
    markdown: str,
    exercises: list[Exercise],
    store: str,
    done: str,
    check_urls: dict[str, str],
    *,
    mode: str = "sequence",
    progress: str = "steps",
    summary: str = "",
    saved_before: str = "",
) -> str:
    """The page with its exercises rendered, inside one ``.kmf-steps`` container.

    The container spans from the first exercise to the last; it carries the number of steps,
    the localStorage key of the page's progress (``store``) and the sentence that ends "All N
    steps are done: ..." (``done``). ``mode`` is ``sequence`` (each exercise unlocks the next
    and starts from the code that passed the one before) or ``standalone`` (each starts from its
    own code, none is locked); ``progress`` is the word after the count ("2 / 5 steps",
    "2 / 5 fixed"); ``summary`` is the hub's mode the page reports its progress as (the page's
    key; web/progress.js); ``saved_before`` an older key of the page's progress,
    moved to ``store`` on the reader's next visit.
    """
    if not exercises:
        return markdown
    lines = markdown.splitlines()
    first, last = exercises[0].block, exercises[-1].block
    out = lines[: first.start]
    out += [
        "",
        f'<div class="kmf-steps" data-steps="{len(exercises)}" data-store="{_attr(store)}" '
        f'data-done="{_attr(done)}" data-mode="{_attr(mode)}" data-progress="{_attr(progress)}" '
        f'data-summary="{_attr(summary)}"'
        + (f' data-saved-before="{_attr(saved_before)}"' if saved_before else "")
        + " markdown>",
        "",
        progress_bar(len(exercises), progress),
    ]
    cursor = first.start
    for exercise in exercises:
        out += lines[cursor : exercise.block.start]
        out += render_exercise(exercise, check_urls[exercise.id]).splitlines()
        cursor = exercise.block.end + 1
    out += ["", "</div>", ""]
    out += lines[last.end + 1 :]
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")
