"""kmf_site/plugin/quiz.py: the build stops at a malformed block or a wrong verified key."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from kmf_site.plugin import quiz as hook
from project_copy import copy_practice
from quiz_examples import block

ROOT = Path(__file__).resolve().parents[3]


def fake_page(tmp_path, markdown_source: str, meta=None):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    path = docs / "page.md"
    path.write_text(markdown_source)
    file = SimpleNamespace(src_uri="page.md", abs_src_path=str(path))
    return SimpleNamespace(file=file, meta=meta or {}), str(docs)


def test_hook_fails_the_build_naming_file_and_line(tmp_path):
    from mkdocs.exceptions import PluginError

    source = "---\nquiz: test\n---\n" + block(options="- [ ] a\n    no.\n- [ ] b\n    no.")
    page, config = fake_page(tmp_path, source, {"quiz": "test"})
    markdown = source.split("---\n", 2)[2]  # what MkDocs hands to plugins: front matter removed
    with pytest.raises(PluginError, match=r"docs/page\.md:6: no correct option"):
        hook.render_quizzes(markdown, page, config, tmp_path / "snippets")


def test_hook_leaves_pages_without_quizzes_alone(tmp_path):
    page, config = fake_page(tmp_path, "# Hi\n")
    assert hook.render_quizzes("# Hi\n", page, config, tmp_path / "snippets") == "# Hi\n"


def test_the_plugin_refuses_a_wrong_key(tmp_path):
    """The plugin itself checks keys in CPython while rendering (unless verification is off)."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    site = copy_practice(tmp_path)
    program = site / "snippets" / "practice" / "q3_get_new_data.py"
    program.write_text("print('Retraining complete')\n")
    page = site / "docs" / "practice.md"
    fake = SimpleNamespace(file=SimpleNamespace(src_uri="practice.md", abs_src_path=str(page)), meta={})
    render = hook.render_quizzes
    with pytest.raises(PluginError, match=r"docs/practice\.md:\d+: option E of question 3 is keyed correct"):
        render(page.read_text(), fake, str(site / "docs"), site / "snippets")
    assert "kmf-q" in render(page.read_text(), fake, str(site / "docs"), site / "snippets", verify=False)
