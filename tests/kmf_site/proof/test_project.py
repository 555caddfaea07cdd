"""kmf_site/proof/project.py: a project is what its mkdocs.yml and pyproject.toml say."""

from __future__ import annotations

import pytest

from content import ROOT
from kmf_site.proof.project import Project, ProjectError


def test_this_repository():
    found = Project.at(ROOT)
    assert (found.docs, found.snippets) == (ROOT / "docs", ROOT / "snippets")
    assert found.auto_append == (ROOT / "snippets" / "glossary.md",)
    assert found.learner == ROOT / "src" / "retrain_lab" and found.learner_name == "retrain_lab"


def test_defaults_tags_and_a_learner_given(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: !ENV [SITE, 'https://x.example/']\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "  - pymdownx.snippets\n"
    )
    found = Project.at(tmp_path)
    assert (found.docs, found.snippets, found.learner) == (tmp_path / "docs", tmp_path, None)
    assert Project.at(tmp_path, learner="lib/pkg").learner == tmp_path / "lib" / "pkg"


def test_a_folder_without_mkdocs_yml_or_pages_is_no_project(tmp_path):
    with pytest.raises(ProjectError, match="no mkdocs.yml"):
        Project.at(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: X\ndocs_dir: pages\n")
    with pytest.raises(ProjectError, match="docs_dir 'pages' is not a folder"):
        Project.at(tmp_path)


def test_the_learner_packages_and_snippets_are_the_kmf_plugins(tmp_path):
    """The proof reads the course as the build does: the kmf plugin's packages (a project folder,
    its import package found from its pyproject.toml) and its snippets option over base_path."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "lib" / "tinylab").mkdir(parents=True)
    (tmp_path / "lib" / "tinylab" / "__init__.py").write_text("")
    (tmp_path / "lib" / "pyproject.toml").write_text("[project]\nname = 'tinylab'\nversion = '0.1'\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nplugins:\n  - search\n  - kmf:\n      packages: [lib]\n      snippets: programs\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
    )
    found = Project.at(tmp_path)
    assert found.packages == (tmp_path.resolve() / "lib",)
    assert found.learner == (tmp_path / "lib" / "tinylab").resolve() and found.learner_name == "tinylab"
    assert found.snippets == tmp_path.resolve() / "programs"


def test_the_time_limit_is_the_kmf_plugins_option_else_its_default(tmp_path):
    """One source for how long a program may run: the build's config (what every page carries as
    <meta name="kmf-time-limit">), its schema's default when the option is unset."""
    from kmf_site.plugin.config import KmfConfig

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - kmf:\n      time_limit: 4\n")
    assert Project.at(tmp_path).time_limit == 4
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - kmf\n")
    assert Project.at(tmp_path).time_limit == dict(KmfConfig._schema)["time_limit"].default
