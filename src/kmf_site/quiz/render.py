"""The markup of quiz questions: Markdown (md_in_html) the page's own pipeline renders.

Each question is a ``fieldset`` with a ``legend``, radio buttons (checkboxes when several answers
are right) with labels, a ``role=status`` feedback slot and the solution in a ``<details>``, so it
reads fine without JavaScript; ``kmf_site/web/quiz.js`` adds "Check answer" (practice) or "Submit
test" / "Retake test" (a page with ``quiz: test``).
"""

from __future__ import annotations

import html
import re

from kmf_site.quiz.syntax import FINAL_LETTERS_RE, LETTERS, Question

__all__ = ["LETTERS", "render_page", "render_question"]


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _span_md(text: str) -> str:
    """Markdown that md_in_html processes inside a one-line ``markdown="span"`` element."""
    return " ".join(text.split())


def _letter_refs(final: str) -> str:
    """The final answer with each option letter of its closing "(option B)" in a span that names the
    option, so that the Test page's shuffle (kmf_site/web/quiz.js) can show the letter it gets."""
    found = FINAL_LETTERS_RE.search(final)
    if not found:
        return final
    letters = re.sub(
        r"[A-Z]",
        lambda m: f'<span class="kmf-q__letter-ref" data-option="{LETTERS.index(m[0])}">{m[0]}</span>',
        found["letters"],
    )
    return final[: found.start("letters")] + letters + final[found.end("letters") :]


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
            text = _letter_refs(q.sections[key]) if key == "final answer" else q.sections[key]
            out += [f'<div class="{css}" markdown="block">', "", f"**{label}:** " + text, "", "</div>"]
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
