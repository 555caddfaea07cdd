"""kmf_site/plugin/plugin.py: the kmf plugin, loaded by MkDocs from its entry point as a site's
mkdocs.yml names it: verification stops the build (or becomes a banner), every page carries the
settings the browser reads, the runtime's absence stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from project_copy import small_project

PAGE = '# P\n\n```python\n--8<-- "page/x.py"\n```\n'
WRONG = {"page/x.py": "print('<b>')\n#> <i>\n"}  # it prints <b>, its #> line says <i>


def site(tmp_path: Path, options: str = "", files: dict[str, str] | None = None, command: str = "build"):
    """A one-page course (tests/project_copy.py's small_project, its program ``files``) whose
    mkdocs.yml uses the plugin with ``options`` (YAML under ``- kmf:``), started by mkdocs'
    ``command``; returns (plugin, config)."""
    small_project(tmp_path, PAGE if files else "# Hi\n", files)
    plugin_line = f"  - kmf:\n{options}" if options else "  - kmf\n"
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nsite_url: http://127.0.0.1:8000/\ntheme: material\nplugins:\n{plugin_line}"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    config = config.plugins.on_config(config)
    return config.plugins["kmf"], config


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    monkeypatch.delenv("KMF_VERIFY", raising=False)
    monkeypatch.delenv("KMF_NAMESPACE", raising=False)


def test_a_failed_verification_stops_the_build(tmp_path):
    plugin, config = site(tmp_path, files=WRONG)
    with pytest.raises(PluginError, match=r"Verification failed at snippets/page/x\.py:2"):
        plugin.on_pre_build(config=config)


def test_verify_off_in_mkdocs_yml_skips_it_and_the_environment_overrides_it(tmp_path, monkeypatch):
    plugin, config = site(tmp_path, "      verify: off\n", files=WRONG)
    plugin.on_pre_build(config=config)  # not verified: no error
    monkeypatch.setenv("KMF_VERIFY", "all")
    plugin, config = site(tmp_path, "      verify: off\n", files=WRONG)
    with pytest.raises(PluginError, match=r"Verification failed at snippets/page/x\.py:2"):
        plugin.on_pre_build(config=config)


def test_under_changed_a_failed_check_becomes_a_banner_on_every_page(tmp_path):
    plugin, config = site(tmp_path, "      verify: changed\n", files=WRONG, command="serve")
    plugin.on_pre_build(config=config)  # no error: the build goes on, the proof beside it
    plugin.proven()  # what on_post_build waits for
    page = plugin.on_post_page('<html><head></head><body class="x"><p>Text</p></body></html>', page=None, config=config)
    assert '<body class="x"><div class="kmf-build-error" role="alert"' in page
    assert "Verification failed at snippets/page/x.py:2" in page and "<b>" not in page and "&lt;b&gt;" in page
    small_project(tmp_path, "# P\n\nNo program now.\n")  # fixed (no program: the proof runs in seconds)
    (tmp_path / "snippets" / "page" / "x.py").unlink()
    plugin.on_pre_build(config=config)
    plugin.proven()
    assert "kmf-build-error" not in plugin.on_post_page(
        "<head></head><body><p>Text</p></body>", page=None, config=config
    )


def test_a_build_under_changed_stops_at_a_failed_check_it_ships_no_banner(tmp_path):
    plugin, config = site(tmp_path, "      verify: changed\n", files=WRONG)  # mkdocs build
    with pytest.raises(PluginError, match=r"Verification failed at snippets/page/x\.py:2"):
        plugin.on_pre_build(config=config)


def test_every_page_carries_the_time_limit_and_a_namespace_only_when_set(tmp_path, monkeypatch):
    plugin, config = site(tmp_path, "      verify: off\n      time_limit: 7\n")
    plugin.on_pre_build(config=config)
    page = plugin.on_post_page("<html><head><title>t</title></head><body></body></html>", page=None, config=config)
    assert '<head><meta name="kmf-packages" content=""><meta name="kmf-time-limit" content="7">' in page
    assert "kmf-namespace" not in page
    plugin, config = site(tmp_path, "      verify: off\n      namespace: course-a\n")
    plugin.on_pre_build(config=config)
    assert '<meta name="kmf-namespace" content="course-a">' in plugin.meta_tags()
    monkeypatch.setenv("KMF_NAMESPACE", "course-b")  # the environment overrides the option
    plugin, config = site(tmp_path, "      verify: off\n      namespace: course-a\n")
    assert '<meta name="kmf-namespace" content="course-b">' in plugin.meta_tags()


def test_the_plugin_adds_its_stylesheet_script_and_templates(tmp_path):
    _, config = site(tmp_path, "      verify: off\n")
    assert "assets/kmf/kmf.css" in config.extra_css
    (script,) = [s for s in config.extra_javascript if str(s) == "assets/kmf/main.js"]
    assert script.type == "module"
    assert any(Path(d, "main.html").is_file() and "kmf_site" in d for d in config.theme.dirs)


def test_a_learner_package_that_is_no_project_stops_the_build(tmp_path):
    (tmp_path / "lib").mkdir()
    plugin, config = site(tmp_path, "      verify: off\n      packages: [lib]\n")
    with pytest.raises(PluginError, match=r"lib: a learner package is a project folder with a pyproject\.toml"):
        plugin.on_pre_build(config=config)


def test_a_missing_runtime_stops_the_build(tmp_path, monkeypatch):
    from kmf_site import runtime

    monkeypatch.setattr(runtime, "CHECKOUT", tmp_path)  # a checkout without `npm ci`, no wheel's assets
    monkeypatch.setattr(runtime, "ASSETS", tmp_path / "_assets")
    plugin, config = site(tmp_path, "      verify: off\n")
    config["site_dir"] = str(tmp_path / "site")
    plugin.on_pre_build(config=config)
    with pytest.raises(PluginError, match="node_modules/ is missing"):
        plugin.on_post_build(config=config)
