"""kmf_site/proof/check_expected_output.py: the browser's parser and the build's read one rule."""

from __future__ import annotations

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site.proof.check_expected_output import split_in_the_browser
from kmf_site.proof.content import printed_lines


def test_an_indented_block_reads_the_same():
    """The case the two parsers read differently before they were one rule: a block of output
    indented like its print, inside a loop (the browser kept the indentation, and wanted a print
    on the line just before)."""
    code = "for i in range(2):\n    x = i\n    '''\n    0\n    '''\n"
    assert printed_lines(code) == [(4, "0")]
    assert split_in_the_browser([code]) == [{"program": "for i in range(2):\n    x = i", "expected": "0"}]
