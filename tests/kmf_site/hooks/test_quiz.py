"""kmf_site/hooks/quiz.py: the build stops at a malformed block or a wrong verified key."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from kmf_site.hooks import quiz as hook
from quiz_examples import block

ROOT = Path(__file__).resolve().parents[3]


def fake_page(tmp_path, markdown_source: str, meta=None):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    path = docs / "page.md"
    path.write_text(markdown_source)
    file = SimpleNamespace(src_uri="page.md", abs_src_path=str(path))
    config = {"docs_dir": str(docs), "config_file_path": str(tmp_path / "mkdocs.yml")}
    return SimpleNamespace(file=file, meta=meta or {}), config


def test_hook_fails_the_build_naming_file_and_line(tmp_path):
    from mkdocs.exceptions import PluginError

    source = "---\nquiz: test\n---\n" + block(options="- [ ] a\n    no.\n- [ ] b\n    no.")
    page, config = fake_page(tmp_path, source, {"quiz": "test"})
    markdown = source.split("---\n", 2)[2]  # what MkDocs hands to hooks: front matter removed
    with pytest.raises(PluginError, match=r"docs/page\.md:6: no correct option"):
        hook.on_page_markdown(markdown, page, config, None)


def test_hook_leaves_pages_without_quizzes_alone(tmp_path):
    page, config = fake_page(tmp_path, "# Hi\n")
    assert hook.on_page_markdown("# Hi\n", page, config, None) == "# Hi\n"


def copy_site(tmp_path: Path) -> Path:
    """A throwaway copy of what the check reads: the pages and their snippets."""
    (tmp_path / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "practice.md", tmp_path / "docs" / "practice.md")
    shutil.copytree(ROOT / "snippets" / "practice", tmp_path / "snippets" / "practice")
    shutil.copytree(ROOT / "snippets" / "quiz", tmp_path / "snippets" / "quiz")
    return tmp_path


def test_the_build_hook_refuses_a_wrong_key(tmp_path, monkeypatch):
    """The hook itself checks keys in CPython while rendering (unless KMF_VERIFY=off)."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    site = copy_site(tmp_path)
    program = site / "snippets" / "practice" / "q3_get_new_data.py"
    program.write_text("print('Retraining complete')\n")
    page = site / "docs" / "practice.md"
    fake = SimpleNamespace(file=SimpleNamespace(src_uri="practice.md", abs_src_path=str(page)), meta={})
    config = {"docs_dir": str(site / "docs"), "config_file_path": str(site / "mkdocs.yml")}
    monkeypatch.setenv("KMF_VERIFY", "all")
    with pytest.raises(PluginError, match=r"docs/practice\.md:\d+: option E of question 3 is keyed correct"):
        hook.on_page_markdown(page.read_text(), fake, config, None)
