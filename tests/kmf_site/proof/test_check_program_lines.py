"""kmf_site/proof/check_program_lines.py: a line too long for the editor is named."""

from __future__ import annotations

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site.proof.check_program_lines import edited_programs, long_lines


def test_this_sites_exercises_have_programs_to_check():
    assert len(edited_programs()) > 20


def test_a_long_line_is_named_with_its_file_line_and_the_limit(tmp_path):
    program = tmp_path / "broken.py"
    program.write_text("x = 1\nprint('" + "a" * 80 + "')\n#> " + "a" * 80 + "\n")
    assert long_lines(program) == [
        f"{program}:2: this line is 89 characters, over the 75 an exercise's editor shows without wrapping: "
        "split it (or shorten a name)"
    ]
