"""Saved progress in Chromium, as a reader with two tabs and a browser that refuses to save meets it:
an older tab never overwrites newer progress, tabs see each other's changes, storage
that throws is told to the reader once and loses nothing on the page, the hub's Done never goes
back and "read to the end" means every section was reached, and a step shows one verdict.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from kmf_site.exercise.syntax import parse_file
from runnable import STORE, click_into

ROOT = Path(__file__).resolve().parents[2]
STEPS = ROOT / "snippets" / "steps"
COUNT = len(parse_file(ROOT / "docs" / "see-it-in-action.md"))
CHECK_MS = 60_000

QUOTA = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""


def step(page: Page, n: int):
    return page.locator(f'.kmf-step[data-step="{n}"]')


def bar(page: Page):
    return page.get_by_role("progressbar", name="Steps completed")


def type_into(page: Page, n: int, code: str) -> None:
    editor = step(page, n).get_by_role("textbox", name="Python code")
    click_into(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    expect(editor).to_contain_text(code.strip().splitlines()[-1].strip())


def check(page: Page, n: int, code: str, verdict: str) -> None:
    type_into(page, n, code)
    step(page, n).get_by_role("button", name="Check").click()
    expect(step(page, n).locator(".kmf-step__feedback[role=status]")).to_contain_text(verdict, timeout=CHECK_MS)


def pass_step(page: Page, n: int) -> None:
    check(page, n, (STEPS / f"step{n}.py").read_text(), f"Step {n} passed")


def test_an_older_tab_never_overwrites_newer_progress(context, site_url: str):
    older = context.new_page()  # tab B: opened first, then left alone
    older.goto(site_url + "see-it-in-action/")
    expect(bar(older)).to_contain_text(f"0 / {COUNT} steps")
    newer = context.new_page()  # tab A: passes steps 1 and 2
    newer.goto(site_url + "see-it-in-action/")
    pass_step(newer, 1)
    pass_step(newer, 2)
    expect(bar(newer)).to_contain_text(f"2 / {COUNT} steps")
    # Tab B sees it without a reload (the storage event) ...
    expect(bar(older)).to_contain_text(f"2 / {COUNT} steps")
    # ... and an edit and a Run there keep it.
    older.bring_to_front()
    type_into(older, 1, 'print("from the older tab")\n')
    older.get_by_role("button", name="Run", exact=True).first.click()
    expect(step(older, 1).get_by_role("log", name="Output")).to_contain_text("from the older tab", timeout=CHECK_MS)
    newer.bring_to_front()
    newer.reload()
    expect(bar(newer)).to_contain_text(f"2 / {COUNT} steps")
    # the newest edit of a program wins: step 1's editor holds what tab B typed last
    expect(step(newer, 1).get_by_role("textbox", name="Python code")).to_contain_text("from the older tab")
    newer.goto(site_url)
    card = newer.locator("[data-kmf-hub] li").filter(has=newer.get_by_role("link", name="See it in action", exact=True))
    expect(card).to_contain_text(f"2 of {COUNT} steps")


def test_storage_that_throws_is_told_once_and_loses_nothing_on_the_page(context, site_url: str):
    context.add_init_script(QUOTA)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "see-it-in-action/")
    pass_step(page, 1)
    note = page.get_by_role("status").filter(has_text=re.compile("could not save", re.I))
    expect(note).to_have_count(1)
    expect(note).to_be_visible()
    expect(note).to_contain_text("until you leave or reload this page")
    pass_step(page, 2)  # more saves that fail: still one note, and the page goes on
    expect(bar(page)).to_contain_text(f"2 / {COUNT} steps")
    expect(note).to_have_count(1)
    assert not errors, errors


def test_corrupted_saved_progress_is_told_once(page: Page, site_url: str):
    page.goto(site_url + "see-it-in-action/")
    # the lesson has read its (empty) progress: the damage below is found by the next load only
    expect(page.locator(".kmf-steps.kmf-steps--live")).to_have_count(1)
    page.evaluate("key => localStorage.setItem(key, '{not json')", STORE + "exercises:see-it-in-action")
    page.reload()
    expect(bar(page)).to_contain_text(f"0 / {COUNT} steps")
    note = page.get_by_role("status").filter(has_text=re.compile("could not be read", re.I))
    expect(note).to_have_count(1)
    expect(note).to_be_visible()


def test_a_step_passed_earlier_shows_only_the_latest_verdict(page: Page, site_url: str):
    page.goto(site_url + "see-it-in-action/")
    pass_step(page, 1)
    expect(step(page, 1).locator(".kmf-step__explanation")).to_be_visible()
    check(page, 1, (STEPS / "step1" / "accuracy_string.py").read_text().split("#>")[0], "accuracy is the text")
    feedback = step(page, 1).locator(".kmf-step__feedback[role=status]")
    # the failure, and a quiet word that the step stays passed: no ✓, no "Why this works"
    expect(feedback).to_contain_text("You passed step 1 earlier and it stays passed")
    expect(step(page, 1).get_by_text("Why this works")).to_be_hidden()
    mark = step(page, 1).locator("h2").evaluate("h => getComputedStyle(h, '::before').content")
    assert "✓" not in mark, mark
    message = feedback.locator(".kmf-step__message").evaluate("m => getComputedStyle(m, '::before').content")
    assert "✓" not in message, message
    expect(bar(page)).to_contain_text(f"1 / {COUNT} steps")


def hub_card(page: Page, site_url: str, name: str):
    page.goto(site_url)
    return page.locator("[data-kmf-hub] li").filter(has=page.get_by_role("link", name=name, exact=True))


def test_notebook_done_never_goes_back(page: Page, site_url: str):
    page.goto(site_url + "notebook/")
    page.get_by_role("button", name="Run all").click()
    expect(page.get_by_role("status").filter(has_text="Ran all")).to_be_visible(timeout=120_000)
    card = hub_card(page, site_url, "Notebook")
    expect(card).to_contain_text(re.compile(r"Done · (\d+) of \1 cells run"))
    page.goto(site_url + "notebook/")
    cell = page.locator(".kmf-nb-cell").first
    cell.scroll_into_view_if_needed()
    cell.get_by_role("button", name="Run", exact=True).click()
    expect(cell).to_have_attribute("data-state", "done", timeout=CHECK_MS)
    card = hub_card(page, site_url, "Notebook")
    expect(card).to_contain_text(re.compile(r"Done · (\d+) of \1 cells run"))


READ = STORE + "read:concepts"  # reading.js: {sections: {index: true}} for each section reached


def reached(page: Page) -> set[int]:
    saved = page.evaluate("key => JSON.parse(localStorage.getItem(key))", READ)
    return {int(index) for index in (saved or {}).get("sections", {})}


def stay_until_reached(page: Page, index: int) -> None:
    """Keep the page's h2 number ``index`` on screen until reading.js has counted its section reached
    (2 s on screen), as a reader does: when the page moves under them (its widgets take their
    place as they come), they scroll back to it."""
    page.wait_for_function(
        """([key, index]) => {
          if (JSON.parse(localStorage.getItem(key))?.sections?.[index]) return true;
          const heading = document.querySelectorAll("article h2")[index];
          const box = heading.getBoundingClientRect();
          if (box.bottom < 0 || box.top > innerHeight) heading.scrollIntoView({block: "start"});
          return false;
        }""",
        arg=[READ, index],
    )


def read_every_section(page: Page, sections: int) -> None:
    """Scroll to each h2 of the page in turn and stay there until reading.js counts it reached, as a
    reader does (section ``index`` is the page's h2 number ``index``)."""
    for index, heading in enumerate(page.locator("article h2").all()[:sections]):
        heading.evaluate("h => h.scrollIntoView({block: 'start'})")
        stay_until_reached(page, index)


def test_concepts_is_read_only_when_every_section_was_reached(page: Page, site_url: str):
    page.goto(site_url + "concepts/")
    expect(page.locator("[data-kmf-mode-read][data-kmf-mounted]")).to_have_count(1)
    sections = page.locator("article h2[data-kmf-section]").count()
    last = page.locator("article h2").nth(sections - 1)
    page.keyboard.press("End")  # past every section, to the page's end
    # then back up to the last section, until it is counted (2 s on screen): by then any section
    # the jump went past has had its chance
    last.evaluate("h => h.scrollIntoView({block: 'start'})")
    stay_until_reached(page, sections - 1)
    assert len(reached(page)) < sections, reached(page)
    card = hub_card(page, site_url, "Read the concepts")
    expect(card).not_to_contain_text("Done")
    page.goto(site_url + "concepts/")
    read_every_section(page, sections)
    assert reached(page) == set(range(sections))
    card = hub_card(page, site_url, "Read the concepts")
    expect(card).to_contain_text("Done")


def test_an_answered_practice_question_stays_counted_when_another_tab_changes_it(context, site_url: str):
    older = context.new_page()
    older.goto(site_url + "practice/")
    newer = context.new_page()
    newer.goto(site_url + "practice/")
    question = newer.locator("section.kmf-q").first
    question.locator("input").first.check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.get_by_role("status")).to_contain_text(re.compile("Correct!|Not quite."))
    # the older tab changes its choice on the same question without checking it
    older.bring_to_front()
    older.locator("section.kmf-q").first.locator("input").nth(1).check()
    card = hub_card(newer, site_url, "Practice")
    expect(card).to_contain_text(re.compile(r"In progress · 1 of \d+ questions answered"))


def test_concepts_is_read_when_every_sections_quick_check_is_answered(page: Page, site_url: str):
    page.goto(site_url + "concepts/")
    questions = page.locator("section.kmf-q")
    assert questions.count() >= 1
    for question in questions.all():
        question.locator("input").first.check()
        question.get_by_role("button", name="Check answer").click()
    card = hub_card(page, site_url, "Read the concepts")
    expect(card).to_contain_text("Done · Read every section")
