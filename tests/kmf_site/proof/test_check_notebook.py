"""kmf_site/proof/check_notebook.py: the notebooks it proves, and how it names a cell (a stored
output planted wrong stops the build at ``docs/notebook.ipynb:cell 3``:
tests/test_failures_name_file_and_line.py)."""

from __future__ import annotations

import pytest

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from content import DOCS
from kmf_site.proof.check_notebook import NOTEBOOKS, coalesced, code_cells, read, where

pytestmark = pytest.mark.content


def test_every_notebook_in_the_pages_is_proven():
    assert NOTEBOOKS == [DOCS / "notebook.ipynb"]
    assert where(NOTEBOOKS[0]) == "docs/notebook.ipynb"
    assert len(code_cells(read(NOTEBOOKS[0]))) >= 5


def test_stream_outputs_are_merged_as_nbconvert_does():
    import nbformat

    first = nbformat.v4.new_output("stream", name="stdout", text="a\n")
    second = nbformat.v4.new_output("stream", name="stdout", text="b\n")
    other = nbformat.v4.new_output("stream", name="stderr", text="c\n")
    merged = coalesced([first, second, other])
    assert [(out.name, out.text) for out in merged] == [("stdout", "a\nb\n"), ("stderr", "c\n")]
    assert first.text == "a\n"  # the stored outputs are left as they are
