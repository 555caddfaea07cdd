"""kmf_site/proof/check_counts.py: the proof's count check reads the proven project's pages (a
count word planted wrong stops the build naming its line: tests/test_failures_name_file_and_line.py)."""

from __future__ import annotations

import shutil

import pytest

from content import DOCS
from kmf_site.proof import project
from kmf_site.proof.check_counts import test_every_count_word_in_the_pages_matches_their_blocks as count_check


def test_the_check_reads_the_project_it_is_given(tmp_path):
    shutil.copytree(DOCS, tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text("site_name: Copy\n")
    page = tmp_path / "docs" / "see-it-in-action.md"
    page.write_text(page.read_text().replace("In five steps", "In four steps", 1))
    try:
        project.use(tmp_path)
        with pytest.raises(AssertionError, match=r"docs/see-it-in-action\.md:\d+"):
            count_check()
    finally:
        project.use(DOCS.parent)
    count_check()  # this site's pages agree
