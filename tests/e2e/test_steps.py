"""/see-it-in-action/ in Chromium: a reader types each step's solution, presses Check and reaches
N / N steps (N counted from the page: five today), which survives a reload; a known mistake per
step gets its targeted message; progress saved before a step was added still counts; axe-core
finds no violations. Fixtures `site_url` and `page` come from the platform's tests/conftest.py.

Screenshots (light/dark, 1280/390 px) go to $KMF_SCREENSHOTS when it is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kmf_site.counts import number_word
from kmf_site.exercise.syntax import parse_file, split_mistake
from runnable import SAVED, STORE, click_into, focus_into, skip_to_step

ROOT = Path(__file__).resolve().parents[2]
STEPS_DIR = ROOT / "snippets" / "steps"
COUNT = len(parse_file(ROOT / "docs" / "see-it-in-action.md"))  # how many steps the page has

pytestmark = pytest.mark.e2e

CHECK_TIMEOUT = 60_000  # the first Check boots Python (about 1.5 s here, more on a busy machine)
# one known mistake per step, each a different kind (bool, value, syntax, ordering)
MISTAKE_PER_STEP = {
    1: "accuracy_string",
    2: "string_true",
    3: "hardcoded_version",
    4: "print_before_update",
    5: "or_instead_of_and",
}


def known_mistake(n: int) -> Path | None:
    """Step n's chosen mistake, or (a step added since) the first file in its mistakes folder."""
    if n in MISTAKE_PER_STEP:
        return STEPS_DIR / f"step{n}" / f"{MISTAKE_PER_STEP[n]}.py"
    return next(iter(sorted((STEPS_DIR / f"step{n}").glob("*.py"))), None)


def solution(n: int) -> str:
    return (STEPS_DIR / f"step{n}.py").read_text()


def step(page: Page, n: int):
    return page.locator(f'.kmf-step[data-step="{n}"]')


def type_code(page: Page, n: int, code: str) -> None:
    """Click into the step's editor, select all, type the program."""
    editor = step(page, n).get_by_role("textbox", name="Python code")
    click_into(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    # insert_text types the characters without the editor's auto-indent on Enter, so the
    # program arrives exactly as written
    page.keyboard.insert_text(code)
    expect(editor).to_contain_text(code.strip().splitlines()[-1].strip())


def feedback(page: Page, n: int):
    return step(page, n).locator(".kmf-step__feedback[role=status]")


def set_scheme(page: Page, scheme: str) -> None:
    """Light or dark: the media query, and Material's own palette toggle (which it remembers)."""
    page.emulate_media(color_scheme=scheme)
    wanted = "slate" if scheme == "dark" else "default"
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != wanted:
        page.locator(f'label[title="Switch to {scheme} mode"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", wanted)
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", wanted)


def open_page(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}see-it-in-action/")
    expect(page.get_by_role("progressbar", name="Steps completed")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Steps completed")).to_have_attribute("aria-valuemax", str(COUNT))


def test_solutions_pass_and_progress_survives_reload(page: Page, site_url: str):
    open_page(page, site_url)
    bar = page.get_by_role("progressbar", name="Steps completed")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(bar).to_contain_text(f"0 / {COUNT} steps")
    # a later step is locked until the one before passes
    expect(step(page, 2).get_by_role("button", name="Skip to step 2")).to_be_visible()
    for n in range(1, COUNT + 1):
        type_code(page, n, solution(n))
        step(page, n).get_by_role("button", name="Check", exact=True).click()
        expect(feedback(page, n)).to_contain_text(f"Step {n} passed", timeout=CHECK_TIMEOUT)
        expect(step(page, n).locator(".kmf-step__explanation")).to_be_visible()
        expect(bar).to_contain_text(f"{n} / {COUNT} steps")
        expect(bar).to_have_attribute("aria-valuenow", str(n))
    expect(feedback(page, COUNT)).to_contain_text(f"All {number_word(COUNT)} steps are done")
    # the last step's Output shows what the program printed
    expect(step(page, COUNT).get_by_role("log", name="Output")).to_contain_text("{'version': 2, 'accuracy': 0.85}")
    saved = page.evaluate(SAVED, STORE + "progress:see-it-in-action")
    assert saved == {"done": True, "count": COUNT, "text": f"{COUNT} of {COUNT} steps"}  # the hub's line for this page
    page.reload()
    bar = page.get_by_role("progressbar", name="Steps completed")
    expect(bar).to_contain_text(f"{COUNT} / {COUNT} steps")
    expect(bar).to_have_attribute("aria-valuenow", str(COUNT))
    for n in range(1, COUNT + 1):
        expect(step(page, n)).to_have_attribute("data-state", "passed")
        expect(step(page, n).get_by_role("textbox", name="Python code")).to_contain_text(
            solution(n).strip().splitlines()[-1].strip()
        )
    # Reset progress asks first, then clears everything
    page.get_by_role("button", name="Reset progress").click()
    page.get_by_role("button", name="Yes, reset").click()
    expect(bar).to_contain_text(f"0 / {COUNT} steps")
    for n in range(2, COUNT + 1):
        expect(step(page, n).get_by_role("button", name=f"Skip to step {n}")).to_be_visible()
    expect(step(page, 1).get_by_role("textbox", name="Python code")).not_to_contain_text("model_info =")
    page.reload()
    expect(page.get_by_role("progressbar", name="Steps completed")).to_contain_text(f"0 / {COUNT} steps")
    expect(step(page, 2).get_by_role("button", name="Skip to step 2")).to_be_visible()


def test_known_mistake_per_step_gets_its_message(page: Page, site_url: str):
    open_page(page, site_url)
    for n in range(1, COUNT + 1):
        if n > 1:  # start the step from the reference of the one before
            skip_to_step(step(page, n), n)
        mistake = known_mistake(n)
        if mistake is None:
            continue
        code, expected = split_mistake(mistake.read_text())
        type_code(page, n, code)
        step(page, n).get_by_role("button", name="Check", exact=True).click()
        for line in expected:  # the message, then its second paragraph if it has one
            expect(feedback(page, n)).to_contain_text(line, timeout=CHECK_TIMEOUT)
        expect(step(page, n)).not_to_have_attribute("data-state", "passed")
    expect(page.get_by_role("progressbar", name="Steps completed")).to_contain_text(f"0 / {COUNT} steps")


def test_hints_then_solution_after_confirmation(page: Page, site_url: str):
    open_page(page, site_url)
    first = step(page, 1)
    hint = first.get_by_role("button", name="Hint")
    hint.click()
    hints = first.get_by_role("list", name="Hints for step 1")
    expect(hints.get_by_role("listitem")).to_have_count(1)
    expect(hints).to_contain_text("Use curly braces")  # the seed's hint comes first
    hint.click()
    hint.click()
    expect(hints.get_by_role("listitem")).to_have_count(3)
    expect(hint).to_be_disabled()
    first.get_by_role("button", name="Show solution").click()
    first.get_by_role("button", name="Not yet").click()
    expect(first.locator("details.kmf-solution")).to_be_hidden()
    first.get_by_role("button", name="Show solution").click()
    first.get_by_role("button", name="Yes, show it").click()
    expect(first.locator("details.kmf-solution")).to_be_visible()
    first.get_by_role("button", name="Put the solution in the editor").click()
    first.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(page, 1)).to_contain_text("Step 1 passed", timeout=CHECK_TIMEOUT)
    # hints used survive a reload
    page.reload()
    hints = step(page, 1).get_by_role("list", name="Hints for step 1")
    expect(hints.get_by_role("listitem")).to_have_count(3)


def test_keyboard_only(page: Page, site_url: str):
    open_page(page, site_url)
    editor = step(page, 1).get_by_role("textbox", name="Python code")
    focus_into(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(solution(1))
    page.keyboard.press("Escape")  # leaves the editor for its Run button
    expect(step(page, 1).get_by_role("button", name="Run")).to_be_focused()
    page.keyboard.press("Tab")  # Stop: unavailable while nothing runs (aria-disabled), still in the tab order
    expect(step(page, 1).get_by_role("button", name="Stop")).to_be_focused()
    page.keyboard.press("Tab")
    expect(step(page, 1).get_by_role("button", name="Reset", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(step(page, 1).get_by_role("button", name="Check", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(feedback(page, 1)).to_contain_text("Step 1 passed", timeout=CHECK_TIMEOUT)
    expect(step(page, 1).get_by_role("button", name="Check", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(step(page, 1).get_by_role("button", name="Show solution")).to_be_focused()
    page.keyboard.press("Enter")
    expect(step(page, 1).get_by_role("button", name="Yes, show it")).to_be_focused()
    page.keyboard.press("Escape")
    expect(step(page, 1).get_by_role("button", name="Show solution")).to_be_focused()
    expect(step(page, 1).locator("details.kmf-solution")).to_be_hidden()


def test_corrupted_state_is_dropped_silently(page: Page, site_url: str):
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(f"{site_url}see-it-in-action/")
    page.evaluate("key => localStorage.setItem(key, '{not json')", STORE + "steps")
    page.reload()
    expect(page.get_by_role("progressbar", name="Steps completed")).to_contain_text(f"0 / {COUNT} steps")
    expect(step(page, 2).get_by_role("button", name="Skip to step 2")).to_be_visible()
    assert page.evaluate("key => localStorage.getItem(key)", STORE + "steps") is None
    page.evaluate(
        """key => localStorage.setItem(key, JSON.stringify(
             {passed: {1: true, 2: 'yes', 9: true}, hints: {1: -3}, code: {1: 42}}))""",
        STORE + "steps",
    )
    page.reload()
    expect(page.get_by_role("progressbar", name="Steps completed")).to_contain_text(f"1 / {COUNT} steps")
    assert not errors


def test_progress_saved_by_the_first_version_is_kept(page: Page, site_url: str):
    """Progress used to live under kmf:v1:steps, before the site had a key of its own: a returning
    reader's first visit moves it into the site's namespace, then to the page's key; nothing is lost."""
    page.goto(f"{site_url}sitemap.xml")  # the origin, without the site's scripts: nothing saved yet
    page.evaluate(
        """localStorage.setItem('kmf:v1:steps', JSON.stringify(
             {passed: {1: true, 2: true}, hints: {3: 2}, code: {3: 'x = 1'}, explanation: {1: 'old'}}))"""
    )
    page.goto(f"{site_url}see-it-in-action/")
    expect(page.get_by_role("progressbar", name="Steps completed")).to_contain_text(f"2 / {COUNT} steps")
    expect(step(page, 3).get_by_role("list", name="Hints for step 3").get_by_role("listitem")).to_have_count(2)
    expect(step(page, 3).get_by_role("textbox", name="Python code")).to_contain_text("x = 1")
    assert page.evaluate("Object.keys(localStorage).filter((key) => key.endsWith(':steps'))") == []
    saved = page.evaluate(SAVED, STORE + "exercises:see-it-in-action")
    assert saved["passed"] == {"1": True, "2": True}


def test_progress_of_the_first_four_steps_counts_after_the_fifth_was_added(page: Page, site_url: str):
    """Steps 1-4 keep their slots (step-1 .. step-4, saved by number): a reader who had passed them
    sees 4 / 5, and step 5 is open, starting from the code that passed step 4."""
    passed_code = solution(4).split("#>")[0].replace("print(model_info)", "print(model_info)  # mine")
    page.goto(f"{site_url}see-it-in-action/")
    page.evaluate(
        """([key, code]) => localStorage.setItem(key, JSON.stringify({
             passed: {1: true, 2: true, 3: true, 4: true}, hints: {4: 1},
             passedCode: {4: code}, code: {4: code}}))""",
        [STORE + "exercises:see-it-in-action", passed_code],
    )
    page.reload()
    bar = page.get_by_role("progressbar", name="Steps completed")
    expect(bar).to_contain_text(f"4 / {COUNT} steps")
    for n in range(1, 5):
        expect(step(page, n)).to_have_attribute("data-state", "passed")
    expect(step(page, 4).get_by_role("list", name="Hints for step 4").get_by_role("listitem")).to_have_count(1)
    five = step(page, 5)
    expect(five).to_have_attribute("data-state", "open")
    expect(five.get_by_role("textbox", name="Python code")).to_contain_text("# mine")
    # the main path of step 5: the reader adds new_accuracy and the comparison, and passes
    type_code(page, 5, solution(5).split("#>")[0])
    five.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(page, 5)).to_contain_text("Step 5 passed", timeout=CHECK_TIMEOUT)
    expect(bar).to_contain_text(f"5 / {COUNT} steps")


def test_without_javascript_every_step_is_readable(page: Page, site_url: str):
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        quiet = context.new_page()
        quiet.goto(f"{site_url}see-it-in-action/")
        expect(quiet.locator(".kmf-step")).to_have_count(COUNT)
        for n in range(1, COUNT + 1):
            block = quiet.locator(f'.kmf-step[data-step="{n}"]')
            expect(block.get_by_role("heading", level=2)).to_contain_text(f"Step {n}")
            expect(block.locator(".kmf-step-start code")).to_be_visible()
            expect(block.locator("details.kmf-solution")).to_have_count(1)
    finally:
        context.close()


def test_axe_finds_no_violations(page: Page, site_url: str):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, site_url)
    type_code(page, 1, "model_info = 1\n")
    step(page, 1).get_by_role("button", name="Check", exact=True).click()
    expect(feedback(page, 1)).to_contain_text("model_info", timeout=CHECK_TIMEOUT)
    step(page, 1).get_by_role("button", name="Hint").click()
    skip_to_step(step(page, 2), 2)
    expect(step(page, 2).get_by_role("textbox", name="Python code")).to_be_visible()
    axe = Axe()
    for scheme in ("light", "dark"):
        set_scheme(page, scheme)
        expect(step(page, 2).get_by_role("textbox", name="Python code")).to_be_visible()
        expect(step(page, 1).get_by_role("list", name="Hints for step 1")).to_be_visible()
        results = axe.run(page)  # the whole page, theme included, after the interactions above
        assert results.violations_count == 0, f"{scheme}: {results.generate_report()}"


# Issue 19: the verdict follows what the program does. Each case is a file of the step's corpus
# (accepted/ must pass; a known mistake gets its message), typed in the step's editor.
BEHAVIOUR_CASES = [
    (1, "accepted/key_order.py"),  # another key order is the same dict...
    (4, "accepted/from_step1_key_order.py"),  # ...and step 4 reads the printed dict as a value
    (5, "accepted/helper_variable.py"),  # old_accuracy = model_info['accuracy'] above the if
    (5, "accepted/named_condition.py"),  # is_better = new_accuracy > model_info['accuracy']
    (5, "fixed_threshold.py"),  # > 0.8 used to pass: the old accuracy was always 0.80
    (3, "version_outside_if.py"),  # the message names the line and what happened without new data
    (3, "accuracy_added.py"),  # += 0.10 indented: the accuracy depends on the old one
    (1, "keys_without_quotes.py"),  # {version: 1, ...}: put the keys in quotes
]


@pytest.mark.parametrize("n, name", [pytest.param(n, name, id=f"step{n}/{name}") for n, name in BEHAVIOUR_CASES])
def test_the_verdict_follows_what_the_program_does(page: Page, site_url: str, n: int, name: str):
    open_page(page, site_url)
    if n > 1:
        skip_to_step(step(page, n), n)
    code, expected = split_mistake((STEPS_DIR / f"step{n}" / name).read_text())
    type_code(page, n, code)
    step(page, n).get_by_role("button", name="Check", exact=True).click()
    if name.startswith("accepted/"):
        expect(feedback(page, n)).to_contain_text(f"Step {n} passed", timeout=CHECK_TIMEOUT)
        expect(step(page, n)).to_have_attribute("data-state", "passed")
    else:
        for line in expected:
            expect(feedback(page, n)).to_contain_text(line, timeout=CHECK_TIMEOUT)
        expect(step(page, n)).not_to_have_attribute("data-state", "passed")


def test_a_program_stopped_by_the_time_limit_is_told_so(page: Page, site_url: str):
    """Not 'Your program stopped with KeyboardInterrupt: .'."""
    open_page(page, site_url)
    skip_to_step(step(page, 2), 2)
    code, _ = split_mistake((STEPS_DIR / "step2" / "loop_never_ends.py").read_text())
    type_code(page, 2, code)
    step(page, 2).get_by_role("button", name="Check", exact=True).click()
    status = feedback(page, 2)
    expect(status).to_contain_text("the time limit", timeout=CHECK_TIMEOUT)
    expect(status).to_contain_text("make sure every loop ends")
    expect(status).not_to_contain_text("KeyboardInterrupt")
