"""kmf_site/exercise/render.py: the markup of the guided steps, whole without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

from kmf_site.exercise import render, syntax

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "see-it-in-action.md"


def to_html(markdown_text: str) -> str:
    """Render through the site's real Markdown extensions (mkdocs.yml), includes and all."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    extension_configs = dict(config["mdx_configs"])
    extension_configs["pymdownx.snippets"] = {
        **extension_configs["pymdownx.snippets"],
        "base_path": [str(ROOT / "snippets")],
    }
    converter = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=extension_configs)
    return converter.convert(markdown_text)


def rendered_page() -> str:
    text = PAGE.read_text().split("---\n", 2)[2]
    exercises = syntax.parse_exercises(text, "docs/see-it-in-action.md")
    urls = {e.id: f"../checks/{e.id}.py" for e in exercises}
    return render.render_page(text, exercises, "exercises:see-it-in-action", "all done & dusted.", urls)


def test_the_page_renders_one_container_with_a_section_per_step():
    html = to_html(rendered_page())
    count = len(syntax.parse_file(PAGE))
    (container,) = re.findall(r'<div class="kmf-steps"[^>]*>', html)
    assert f'data-steps="{count}"' in container and 'data-store="exercises:see-it-in-action"' in container
    assert 'data-done="all done &amp; dusted."' in container
    assert 'data-mode="sequence"' in container and 'data-progress="steps"' in container
    # the progress bar as the script fills it in, in the page from the first paint: "0 / N steps"
    (bar,) = re.findall(r'<div class="kmf-steps__bar">.*?</p></div>', html, re.DOTALL)
    assert f'<span class="kmf-progress__text">0 / {count} steps</span>' in bar
    assert ">Reset progress</button>" in bar and '<p class="kmf-steps__sr"></p>' in bar
    steps = re.findall(r'<section ([^>]*class="kmf-step"[^>]*)>', html)
    assert len(steps) == count >= 5
    for n, attrs in enumerate(steps, start=1):
        assert f'data-step="{n}"' in attrs and f'data-exercise="step-{n}"' in attrs
        assert f'data-file="step{n}.py"' in attrs and f'data-check="../checks/step-{n}.py"' in attrs
        assert f'aria-labelledby="step-{n}"' in attrs  # the section is named by its heading
        assert f'<h2 id="step-{n}">Step {n}: ' in html


def test_a_page_of_standalone_exercises_says_so():
    text = PAGE.read_text().split("---\n", 2)[2]
    exercises = syntax.parse_exercises(text, "docs/see-it-in-action.md")
    urls = {e.id: "" for e in exercises}
    markup = render.render_page(
        text, exercises, "exercises:p", "", urls, mode="standalone", progress="fixed", summary="p"
    )
    (container,) = re.findall(r'<div class="kmf-steps"[^>]*>', markup)
    assert 'data-mode="standalone"' in container and 'data-progress="fixed"' in container
    assert 'data-summary="p"' in container


def test_every_part_is_readable_without_javascript():
    html = to_html(rendered_page())
    first = re.split(r'<section [^>]*class="kmf-step"', html)[1]
    assert "kmf-step-start" in first and 'class="filename">step1.py</span>' in first
    assert "Step 1: create the dictionary model_info below." in first  # steps/start.py, included
    hints = first.split('<details class="kmf-hints">')[1].split("</details>")[0]
    assert hints.count("<li>") == 3
    solution = first.split('<details class="kmf-solution">')[1].split("</details>")[0]
    assert "model_info" in solution and "0.75" in solution
    why = first.split('<div class="kmf-step__why" hidden="hidden">')[1].split("</div>")[0]
    assert why.startswith("\n<p>model_info is a dict with exactly two keys")


def test_text_around_the_exercises_stays_in_place():
    text = "# Title\n\nBefore.\n\n/// exercise" + PAGE.read_text().split("/// exercise", 1)[1]
    exercises = syntax.parse_exercises(text, "docs/p.md")
    out = render.render_page(text, exercises, "k", "", {e.id: "u" for e in exercises})
    assert out.startswith('# Title\n\nBefore.\n\n\n<div class="kmf-steps"')
    assert out.rstrip().endswith("[test yourself](test.md).")
    assert render.render_page("no exercises\n", [], "k", "", {}) == "no exercises\n"
