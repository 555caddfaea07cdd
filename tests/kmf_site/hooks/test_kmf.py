"""kmf_site/hooks/kmf.py: runnable blocks are named after their file; the build stops on a failed check."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from kmf_site.hooks import kmf
from project_copy import small_project


def test_a_runnable_block_gets_its_file_name_as_title():
    page = '```python {.run}\n--8<-- "index/model_info.py"\n```\n'
    assert (
        kmf.title_runnable_blocks(page) == '```python {.run title="model_info.py"}\n--8<-- "index/model_info.py"\n```\n'
    )


def test_an_own_title_and_other_fences_are_left_alone():
    page = (
        '```python {.run title="main.py"}\n--8<-- "a/b.py"\n```\n\n'
        '```python\n--8<-- "a/c.py"\n```\n\n'
        "```python {.run}\nprint(1)\n```\n"
    )
    assert kmf.title_runnable_blocks(page) == page


WRONG = "print(1)\n#> 1\nprint(2)\n#> 3\n"  # its second output line (3) is not what it prints


def test_a_failed_verification_stops_the_build(tmp_path, monkeypatch):
    small_project(tmp_path, '# P\n\n```python\n--8<-- "page/x.py"\n```\n', {"page/x.py": WRONG})
    monkeypatch.setenv("KMF_VERIFY", "all")
    with pytest.raises(PluginError, match=r"Verification failed at snippets/page/x\.py:4"):
        kmf.on_pre_build({"config_file_path": str(tmp_path / "mkdocs.yml")})
    monkeypatch.setenv("KMF_VERIFY", "off")
    kmf.on_pre_build({"config_file_path": str(tmp_path / "mkdocs.yml")})  # not verified: no error


def test_a_missing_runtime_stops_the_build(tmp_path):
    config = {"config_file_path": str(tmp_path / "mkdocs.yml"), "site_dir": str(tmp_path / "site")}
    with pytest.raises(PluginError, match="node_modules/ is missing"):
        kmf.on_post_build(config)


def test_under_serve_a_failed_check_becomes_a_banner_on_every_page(tmp_path, monkeypatch):
    small_project(tmp_path, '# P\n\n```python\n--8<-- "page/x.py"\n```\n', {"page/x.py": "print('<b>')\n#> <i>\n"})
    monkeypatch.setenv("KMF_VERIFY", "changed")
    kmf.on_pre_build({"config_file_path": str(tmp_path / "mkdocs.yml")})  # no error: the build goes on
    page = kmf.on_post_page('<html><body class="x"><p>Text</p></body></html>', None, {})
    assert page.startswith('<html><body class="x"><div class="kmf-build-error" role="alert"')
    assert "Verification failed at snippets/page/x.py:2" in page and "<b>" not in page and "&lt;b&gt;" in page
    assert kmf.with_banner(page, "second").count("kmf-build-error") == 1  # one banner, the latest
    small_project(tmp_path, "# P\n\nNo program now.\n")  # fixed (no program: the proof runs in seconds)
    (tmp_path / "snippets" / "page" / "x.py").unlink()
    kmf.on_pre_build({"config_file_path": str(tmp_path / "mkdocs.yml")})
    assert kmf.on_post_page("<body><p>Text</p></body>", None, {}) == "<body><p>Text</p></body>"
