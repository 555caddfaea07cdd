"""kmf_site/plugin/exercise.py: blocks become steps, their check programs land in the site."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from kmf_site.exercise.program import check_program
from kmf_site.exercise.syntax import parse_exercises
from kmf_site.plugin import exercise as hook

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "see-it-in-action.md"


def build(tmp_path, source: str, meta: dict | None = None):
    """What the plugin renders for a page docs/see-it-in-action.md holding `source`; its check
    programs are written to site/ as after the build."""
    source_file = tmp_path / "see-it-in-action.md"
    source_file.write_text(source)
    page = SimpleNamespace(
        file=SimpleNamespace(src_uri="see-it-in-action.md", abs_src_path=str(source_file)),
        url="see-it-in-action/",
        meta=meta or {},
    )
    programs: dict[str, str] = {}
    markdown = source.split("---\n", 2)[2] if source.startswith("---\n") else source
    out = hook.render_exercises(markdown, page, str(ROOT / "docs"), ROOT / "snippets", programs)
    hook.write_programs(tmp_path / "site", programs)
    return out


def test_the_steps_page_is_rendered_and_its_check_programs_written(tmp_path):
    out = build(tmp_path, PAGE.read_text(), {"steps_done": "it works.", "saved_before": "steps"})
    count = len(parse_exercises(PAGE.read_text(), "docs/see-it-in-action.md"))
    assert (
        f'<div class="kmf-steps" data-steps="{count}" data-store="exercises:see-it-in-action" data-done="it works." '
        'data-mode="sequence" data-progress="steps" data-summary="see-it-in-action" data-saved-before="steps"'
    ) in out
    assert 'data-check="../assets/kmf/checks/see-it-in-action/step-1.py"' in out
    exercises = parse_exercises(PAGE.read_text(), "docs/see-it-in-action.md", 0, ROOT / "snippets")
    for exercise in exercises:
        written = tmp_path / "site" / "assets" / "kmf" / "checks" / "see-it-in-action" / f"{exercise.id}.py"
        assert written.read_text() == check_program(exercise, ROOT / "snippets")  # what the tests run


def test_a_malformed_block_stops_the_build_with_file_and_line(tmp_path):
    source = PAGE.read_text().replace("checks: steps/checks.py::step2", "checks: steps/checks.py::stepTwo")
    line = source.splitlines().index("checks: steps/checks.py::stepTwo") + 1
    with pytest.raises(PluginError, match=rf"docs/see-it-in-action\.md:{line}: checks: .* defines no function stepTwo"):
        build(tmp_path, source)


def test_front_matter_makes_the_exercises_stand_alone(tmp_path):
    out = build(tmp_path, PAGE.read_text(), {"exercises": "standalone", "progress": "fixed"})
    assert 'data-mode="standalone" data-progress="fixed" data-summary="see-it-in-action" markdown>' in out
    with pytest.raises(PluginError, match=r"docs/see-it-in-action\.md: front matter exercises: 'alone' is not one of"):
        build(tmp_path, PAGE.read_text(), {"exercises": "alone"})


def test_pages_without_exercises_are_left_alone(tmp_path):
    assert build(tmp_path, "# Hi\n") == "# Hi\n"
