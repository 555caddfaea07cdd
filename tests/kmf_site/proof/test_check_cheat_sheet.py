"""kmf_site/proof/check_cheat_sheet.py: a wrong cron line or worked number planted on the cheat
sheet fails naming its line."""

from __future__ import annotations

import shutil

import pytest

from content import DOCS
from kmf_site.proof.check_cheat_sheet import computed_problems, cron_pages, pages_with_worked_numbers, problems


def test_the_cheat_sheet_is_the_page_with_a_cron_section_and_every_line_is_read():
    assert cron_pages() == [DOCS / "cheat-sheet.md"]
    found, checked = problems(DOCS / "cheat-sheet.md")
    assert found == [] and checked >= 14  # 4 meanings, 5 fields, the midnight line, 4 cron lines among the mistakes


@pytest.mark.parametrize(
    ("find", "planted", "message"),
    [
        ("| `30 3 * * mon` | Mondays at 03:30 |", "| `30 3 * * mon` | Mondays at 03:00 |",
         "means 'at 03:30 on Monday'"),
        ("| `0 0 1 * *` | the 1st of every month at midnight |", "| `0 0 1 * *` | the 2nd of every month at midnight |",
         "means 'at 00:00 on day 1 of the month'"),
        ("| 2. hour | 0-23 |", "| 2. hour | 0-24 |", "cron's hour runs (0, 23)"),
        ("", "", None),
        ("- `24 0 * * *`: valid, but it runs at 00:24.", "- `24 0 * * *`: valid, but it runs at 00:42.",
         "runs 'at 00:24 every day'"),
        ("**Every day at midnight: `0 0 * * * python retrain.py`**",
         "**Every day at midnight: `0 0 * * 1 python retrain.py`**", "is not @daily"),
    ],
)  # fmt: skip
def test_a_planted_wrong_cron_line_fails_naming_its_line(tmp_path, find, planted, message):
    page = tmp_path / "cheat-sheet.md"
    shutil.copy(DOCS / "cheat-sheet.md", page)
    text = page.read_text()
    if message is None:  # a mistake whose quoted reason is not cron's
        find, planted = '("bad hour")', '("bad minute")'
        message = "cron rejects `0 24 * * *` with 'bad hour"
    assert problems(page)[0] == []
    assert text.count(find) == 1, find
    page.write_text(text.replace(find, planted))
    line = text[: text.index(find)].count("\n") + 1
    found = problems(page)[0]
    assert found and found[0].startswith(f"docs/cheat-sheet.md:{line}: ") and message in found[0], found


def test_the_cheat_sheets_worked_numbers_are_computed(tmp_path):
    found, checked = computed_problems(DOCS / "cheat-sheet.md")
    assert not found and checked == 2, found
    page = tmp_path / "cheat-sheet.md"
    page.write_text((DOCS / "cheat-sheet.md").read_text().replace("≈ 0.0095", "≈ 0.0105"))
    (problem,) = computed_problems(page)[0]
    assert "√(0.9 × 0.1 / 1000) is 0.009487, not ≈ 0.0105" in problem


def test_worked_numbers_are_checked_on_every_page_that_has_them():
    names = [page.name for page in pages_with_worked_numbers()]
    assert {"cheat-sheet.md", "concepts.md", "test.md"} <= set(names), names
