"""/debug-it/ in Chromium: every exercise fails Check as given, with the message its
mistakes/as_given.py promises, gets the targeted message for a known wrong fix, and passes once the
reader fixes the broken lines in the editor; the progress ("5 / 5 fixed") and the hub's summary
survive a reload; the whole page works from the keyboard alone; axe-core finds nothing, light and
dark; without JavaScript every exercise is readable.

The exercises, their programs and their messages come from docs/debug-it.md and snippets/debug-it/
(the page decides how many there are).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from kmf_site.counts import number_word
from kmf_site.exercise.syntax import Exercise, parse_file, split_mistake
from runnable import STORE, click_into, expect_code

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"
EXERCISES = parse_file(ROOT / "docs" / "debug-it.md", "docs/debug-it.md", SNIPPETS)
CHECK_TIMEOUT = 60_000  # the first Check boots Python (about 1.5 s here, more on a busy machine)
# one known wrong fix per exercise, typed in the editor like the real fix
WRONG_FIX = {
    "cron-midnight": "hour_23",
    "promotion": "scores_reversed",
    "missing-labels": "extra_columns_refused",
    "rollback": "oldest_version",
    "drift-window": "windows_swapped",
}

pytestmark = pytest.mark.e2e


def program(path: str) -> str:
    return split_mistake((SNIPPETS / path).read_text())[0]


def wrong_fix(exercise: Exercise) -> str:
    """The exercise's wrong fix to type: WRONG_FIX's, or (an exercise added since) the first of its
    mistakes folder other than as_given."""
    if exercise.id in WRONG_FIX:
        return WRONG_FIX[exercise.id]
    names = sorted(path.stem for path in (SNIPPETS / exercise.mistakes).glob("*.py") if path.stem != "as_given")
    assert names, f"{exercise.mistakes}/ has no known wrong fix besides as_given.py"
    return names[0]


def mistake(exercise: Exercise, name: str) -> tuple[str, list[str]]:
    return split_mistake((SNIPPETS / exercise.mistakes / f"{name}.py").read_text())


def section(page: Page, exercise: Exercise) -> Locator:
    """The exercise's section, found as a reader's screen reader finds it: by its heading."""
    return page.get_by_role("region", name=exercise.title)


def editor(page: Page, exercise: Exercise) -> Locator:
    return section(page, exercise).get_by_role("textbox", name="Python code")


def feedback(page: Page, exercise: Exercise, text: str) -> Locator:
    return section(page, exercise).get_by_role("status").filter(has_text=text)


def edit(before: str, after: str) -> tuple[int, int, str]:
    """The lines to change: (first line, how many lines, the text that replaces them)."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    first = 0
    while first < min(len(old), len(new)) and old[first] == new[first]:
        first += 1
    last = 0
    while last < min(len(old), len(new)) - first and old[-1 - last] == new[-1 - last]:
        last += 1
    return first, len(old) - last - first, "".join(new[first : len(new) - last])


def retype_lines(page: Page, before: str, after: str) -> None:
    """In the focused editor, select the lines that differ with the keyboard and type the new ones."""
    first, count, text = edit(before, after)
    page.keyboard.press("ControlOrMeta+Home")
    for _ in range(first):
        page.keyboard.press("ArrowDown")
    for _ in range(count):
        page.keyboard.press("Shift+ArrowDown")
    page.keyboard.insert_text(text)  # typed as is, without the editor's auto-indent on Enter


def fix_in_editor(page: Page, exercise: Exercise, before: str, after: str) -> None:
    box = editor(page, exercise)
    click_into(box)
    retype_lines(page, before, after)
    expect(box).to_have_text(after.replace("\n", ""))


def check(page: Page, exercise: Exercise) -> None:
    section(page, exercise).get_by_role("button", name="Check", exact=True).click()


def saved(page: Page, key: str):
    raw = page.evaluate("key => localStorage.getItem(key)", STORE + key)
    return None if raw is None else json.loads(raw)


def open_page(page: Page, site_url: str) -> Locator:
    page.goto(f"{site_url}debug-it/")
    bar = page.get_by_role("progressbar", name="Exercises fixed")
    expect(bar).to_be_visible()
    return bar


def test_the_page_has_at_least_five_exercises_each_starting_broken():
    assert len(EXERCISES) >= 5
    for exercise in EXERCISES:
        as_given, message = mistake(exercise, "as_given")
        assert as_given == program(exercise.start), f"{exercise.mistakes}/as_given.py is not {exercise.start}"
        assert message, exercise.id


def test_each_exercise_fails_as_given_and_passes_with_its_fix(page: Page, site_url: str):
    bar = open_page(page, site_url)
    count = len(EXERCISES)
    expect(bar).to_have_attribute("aria-valuemax", str(count))
    expect(bar).to_contain_text(f"0 / {count} fixed")
    for done, exercise in enumerate(EXERCISES, start=1):
        broken, fixed = program(exercise.start), program(exercise.solution)
        expect_code(editor(page, exercise), broken)  # none is locked
        # as given: the broken program fails Check with its message (the bug's "why" included)
        check(page, exercise)
        for line in mistake(exercise, "as_given")[1]:
            expect(feedback(page, exercise, line)).to_be_visible(timeout=CHECK_TIMEOUT)
        # a known wrong fix gets its own message
        wrong, message = mistake(exercise, wrong_fix(exercise))
        fix_in_editor(page, exercise, broken, wrong)
        check(page, exercise)
        expect(feedback(page, exercise, message[0])).to_be_visible(timeout=CHECK_TIMEOUT)
        # the fix, typed over the lines that differ
        fix_in_editor(page, exercise, wrong, fixed)
        check(page, exercise)
        expect(feedback(page, exercise, "Passed.")).to_be_visible(timeout=CHECK_TIMEOUT)
        expect(section(page, exercise)).to_have_attribute("data-state", "passed")
        expect(bar).to_contain_text(f"{done} / {count} fixed")
        expect(bar).to_have_attribute("aria-valuenow", str(done))
        assert saved(page, "progress:debug-it") == {
            "done": done == count,
            "count": done,
            "text": f"{done} of {count} fixed",
        }
    expect(feedback(page, EXERCISES[-1], f"All {number_word(count)} exercises are fixed")).to_be_visible()
    page.reload()
    bar = page.get_by_role("progressbar", name="Exercises fixed")
    expect(bar).to_contain_text(f"{count} / {count} fixed")
    for exercise in EXERCISES:
        expect(section(page, exercise)).to_have_attribute("data-state", "passed")
        expect(editor(page, exercise)).to_have_text(program(exercise.solution).replace("\n", ""))
    # Reset progress asks, then every exercise starts broken again and the hub's line is gone
    page.get_by_role("button", name="Reset progress").click()
    page.get_by_role("button", name="Yes, reset").click()
    expect(bar).to_contain_text(f"0 / {count} fixed")
    expect(editor(page, EXERCISES[0])).to_have_text(program(EXERCISES[0].start).replace("\n", ""))
    assert saved(page, "progress:debug-it") is None


def test_keyboard_only(page: Page, site_url: str):
    """Fix Bug 1 by typing, then take Bug 2's hint and solution: Tab, arrows, Enter, Escape only."""
    open_page(page, site_url)
    first, second = EXERCISES[0], EXERCISES[1]

    def focus_is_in(locator: Locator) -> bool:
        return locator.evaluate("node => node.contains(document.activeElement)")

    for _ in range(60):  # from the top of the page to the first exercise's editor
        page.keyboard.press("Tab")
        if focus_is_in(editor(page, first)):
            break
    else:
        pytest.fail("Tab never reached the first exercise's editor")
    # the code stood in for its editor: the editor, made as the focus came, has the focus now
    expect(editor(page, first)).to_have_class(re.compile(r"\bcm-content\b"))
    expect(editor(page, first)).to_be_focused()
    retype_lines(page, program(first.start), program(first.solution))
    page.keyboard.press("Escape")  # leaves the editor (where Tab indents) for its Run button
    one = section(page, first)
    expect(one.get_by_role("button", name="Run")).to_be_focused()
    page.keyboard.press("Tab")  # Stop: aria-disabled while nothing runs, but focusable
    expect(one.get_by_role("button", name="Stop", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(one.get_by_role("button", name="Reset", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(one.get_by_role("button", name="Check", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(feedback(page, first, "Passed.")).to_be_visible(timeout=CHECK_TIMEOUT)

    two = section(page, second)
    for _ in range(40):  # on to the next exercise's Hint button
        page.keyboard.press("Tab")
        if focus_is_in(editor(page, second)):
            page.keyboard.press("Escape")  # in an editor Tab indents; Escape leaves it, as the page says
        if focus_is_in(two.get_by_role("button", name="Hint")):
            break
    else:
        pytest.fail("Tab never reached the second exercise's Hint button")
    page.keyboard.press("Enter")
    expect(two.get_by_role("list", name=f"Hints for {second.title}").get_by_role("listitem")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(two.get_by_role("button", name="Show solution")).to_be_focused()
    page.keyboard.press("Enter")
    expect(two.get_by_role("button", name="Yes, show it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(two.locator("details.kmf-solution")).to_be_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if focus_is_in(two.get_by_role("button", name="Put the solution in the editor")):
            break
    page.keyboard.press("Enter")
    expect(two.get_by_role("button", name="Check", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(feedback(page, second, "Passed.")).to_be_visible(timeout=CHECK_TIMEOUT)
    expect(page.get_by_role("progressbar", name="Exercises fixed")).to_contain_text(f"2 / {len(EXERCISES)} fixed")


def test_without_javascript_every_exercise_is_readable(page: Page, site_url: str):
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        quiet = context.new_page()
        quiet.goto(f"{site_url}debug-it/")
        for exercise in EXERCISES:
            block = quiet.get_by_role("region", name=exercise.title)
            expect(block.get_by_role("heading", level=2)).to_contain_text(exercise.title)
            expect(block.locator(".kmf-step-start code")).to_contain_text(program(exercise.start).splitlines()[0])
            expect(block.locator("details.kmf-solution")).to_have_count(1)
    finally:
        context.close()


def test_axe_finds_no_violations_after_use(page: Page, site_url: str):
    """The page with feedback, a hint and a revealed solution showing, light and dark."""
    from axe_playwright_python.sync_playwright import Axe
    from test_steps import set_scheme

    open_page(page, site_url)
    first, second = EXERCISES[0], EXERCISES[1]
    section(page, first).get_by_role("button", name="Hint").click()
    section(page, second).get_by_role("button", name="Show solution").click()
    section(page, second).get_by_role("button", name="Yes, show it").click()
    axe = Axe()
    for scheme in ("light", "dark"):
        set_scheme(page, scheme)  # reloads: hints and solutions are saved, Check's message is not
        check(page, first)
        expect(feedback(page, first, mistake(first, "as_given")[1][0])).to_be_visible(timeout=CHECK_TIMEOUT)
        expect(section(page, first).get_by_role("list", name=f"Hints for {first.title}")).to_be_visible()
        expect(section(page, second).locator("details.kmf-solution")).to_be_visible()
        results = axe.run(page)
        assert results.violations_count == 0, f"{scheme}: {results.generate_report()}"


# Issue 19: the verdict follows what the program does (files of each exercise's corpus).
BEHAVIOUR_CASES = [
    ("missing-labels", "mistakes/label_declared_as_bool.py"),  # declared, but as bool: said so
    ("drift-window", "accepted/rounded.py"),  # drop = round(..., 2) is the drop the page shows
    ("promotion", "mistakes/tie_promotes.py"),  # >=: a tie keeps the champion
    ("promotion", "accepted/named_condition.py"),
]


@pytest.mark.parametrize("exercise_id, name", BEHAVIOUR_CASES, ids=[f"{e}/{n}" for e, n in BEHAVIOUR_CASES])
def test_the_verdict_follows_what_the_program_does(page: Page, site_url: str, exercise_id: str, name: str):
    (exercise,) = [e for e in EXERCISES if e.id == exercise_id]
    open_page(page, site_url)
    code, expected = split_mistake((SNIPPETS / "debug-it" / exercise_id / name).read_text())
    fix_in_editor(page, exercise, program(exercise.start), code)
    check(page, exercise)
    if name.startswith("accepted/"):
        expect(feedback(page, exercise, "Passed.")).to_be_visible(timeout=CHECK_TIMEOUT)
        expect(section(page, exercise)).to_have_attribute("data-state", "passed")
    else:
        expect(feedback(page, exercise, expected[0])).to_be_visible(timeout=CHECK_TIMEOUT)
        expect(section(page, exercise)).not_to_have_attribute("data-state", "passed")
