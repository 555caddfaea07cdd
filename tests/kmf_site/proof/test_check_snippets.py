"""kmf_site/proof/check_snippets.py: the inline-Python finder (the snippet checks themselves are
shown failing in tests/test_failures_name_file_and_line.py and tests/test_proof.py)."""

from __future__ import annotations

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site.proof.check_snippets import inline_python


def test_this_sites_pages_have_python_fences_for_the_finder_to_find():
    fences, inline = inline_python(content.DOCS)
    assert fences >= 10 and inline == []


def test_an_inline_python_fence_is_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text('# P\n\n```python\n--8<-- "a.py"\n```\n\n```python\nprint(1)\n```\n')
    assert inline_python(tmp_path / "docs") == (2, ["docs/page.md:7"])
