"""Practice and Test quizzes in Chromium: roles and names only for what a reader does.

Practice Q3 answered with the NameError option says "Correct" and explains; a wrong option says why
it is wrong; answers survive a reload. The Test is completed by keyboard alone (Tab, Space, arrow
keys, Enter), scored per difficulty, reviewed and retaken (shuffled); the best score survives a
reload; corrupted saved state is dropped silently. axe-core finds nothing in light or dark.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from content import DOCS
from kmf_site.quiz.syntax import parse_quizzes
from runnable import STORE, STORE_CHECKED, axe_in_both_schemes


def question(page: Page, title: str) -> Locator:
    """The <section> around the fieldset whose legend contains ``title``."""
    group = page.get_by_role("group", name=re.compile(re.escape(title)))
    return page.locator("section.kmf-q").filter(has=group)


def practice(page: Page, site_url: str) -> Page:
    page.goto(site_url + "practice/")
    expect(page.get_by_role("button", name="Check answer").first).to_be_visible()
    return page


def ours(page: Page) -> list[str]:
    """localStorage keys, minus Material's own (`/.__palette` and the like) and the note that the
    site looked for progress saved before namespaces (store.js)."""
    return [k for k in page.evaluate("Object.keys(localStorage)") if ".__" not in k and k != STORE_CHECKED]


Q3 = "What happens when you run this retraining script?"
Q2 = "Which cron line runs the retraining script every day at midnight?"


# --------------------------------------------------------------------------------- practice


def test_practice_q3_name_error_is_correct_and_explained(page: Page, site_url: str):
    practice(page, site_url)
    q3 = question(page, Q3)
    q3.get_by_role("radio", name="NameError: name 'get_new_data' is not defined").check()
    q3.get_by_role("button", name="Check answer").click()
    status = q3.get_by_role("status")
    expect(status).to_contain_text("Correct!")
    expect(status).to_contain_text("get_new_data was never defined")
    solution = q3.locator("details.kmf-q__solution")  # an open <details> has no name in Chromium
    expect(solution).to_have_attribute("open", "")
    expect(solution).to_contain_text("it does not run the body")
    expect(solution).to_contain_text('"Retraining complete" is never printed')
    expect(solution).to_contain_text("NameError: name 'get_new_data' is not defined")  # the golden traceback


def test_practice_wrong_option_says_why_and_answers_persist(page: Page, site_url: str):
    practice(page, site_url)
    q2 = question(page, Q2)
    q2.get_by_role("radio", name="0 24 * * * python retrain.py").check()
    q2.get_by_role("button", name="Check answer").click()
    status = q2.get_by_role("status")
    expect(status).to_contain_text("Not quite.")
    expect(status).to_contain_text("Try another answer")  # the answer comes on a second wrong pick
    expect(status).to_contain_text("there is no hour 24")

    q3 = question(page, Q3)
    q3.get_by_role("radio", name="NameError: name 'load_model' is not defined").check()
    q3.get_by_role("button", name="Check answer").click()
    expect(q3.get_by_role("status")).to_contain_text("that body only runs when the function is called")

    # Nothing chosen yet: a friendly nudge, not a verdict.
    q1 = question(page, "Why is automated retraining important")
    q1.get_by_role("button", name="Check answer").click()
    expect(q1.get_by_role("status")).to_contain_text("Choose an answer first")

    page.reload()
    q2 = question(page, Q2)
    expect(q2.get_by_role("radio", name="0 24 * * * python retrain.py")).to_be_checked()
    expect(q2.get_by_role("status")).to_contain_text("there is no hour 24")
    keys = ours(page)
    assert keys and all(key.startswith(STORE) for key in keys), keys


# --------------------------------------------------------------------------------- test


def open_test(page: Page, site_url: str) -> Page:
    page.goto(site_url + "test/")
    expect(page.get_by_role("button", name="Submit test")).to_be_visible()
    return page


def layout(page: Page) -> list[tuple[str, list[str], list[int]]]:
    """(question id, options in display order, correct option display indices) per question."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.kmf-test__questions > .kmf-q')].map(q => {
            const shown = [...q.querySelectorAll('.kmf-q__option')].map(o => o.dataset.option);
            const right = q.dataset.correct.split(',');
            return [q.dataset.kmfQ, shown, shown.flatMap((o, i) => right.includes(o) ? [i] : [])];
        })"""
    )


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
            return {tag: e.tagName, type: e.type || '', text: e.textContent.trim(),
                    q: e.closest('.kmf-q')?.dataset.kmfQ || null, checked: !!e.checked}; }"""
    )


def tab_until(page: Page, wanted, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the wanted element; focus is on {focused(page)}")


def choose_by_keyboard(page: Page, qid: str, index: int) -> None:
    """Tab into the question's radio group, Space selects the first option, arrows move on."""
    now = tab_until(page, lambda f: f["q"] == qid and f["type"] == "radio")
    if not now["checked"]:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def test_test_completed_by_keyboard_scored_reviewed_and_retaken(page: Page, site_url: str):
    open_test(page, site_url)
    first = layout(page)
    assert len(first) == 10
    skipped = first[6][0]  # leave one out to meet the friendly "not answered" message
    wrong = {first[1][0], first[8][0]}  # two deliberate mistakes
    page.locator("h1").click()  # start from the page body, as a reader would
    for qid, shown, right in first:
        if qid == skipped:
            continue
        target = right[0] if qid not in wrong else (right[0] + 1) % len(shown)
        choose_by_keyboard(page, qid, target)
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Submit test")
    page.keyboard.press("Enter")

    result = page.locator(".kmf-test__result")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_contain_text("question 7 has no answer yet")
    assert focused(page)["q"] == skipped  # focus moved to the unanswered question
    choose_by_keyboard_here(page, first[6][2][0])
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Submit test")
    page.keyboard.press("Enter")

    expect(result).to_contain_text("You scored 8 / 10.")
    # per difficulty, from the page's own quiz blocks: how many of each, and which were answered wrong
    questions = {q.qid: q.difficulty for q in parse_quizzes((DOCS / "test.md").read_text(), "test.md")}
    assert sorted(questions) == sorted(qid for qid, _, _ in first)
    for difficulty in sorted(set(questions.values())):
        of = [qid for qid, d in questions.items() if d == difficulty]
        right = len([qid for qid in of if qid not in wrong])
        item = result.locator(f".kmf-test__by-item--{difficulty}")
        expect(item).to_have_text(re.compile(rf"^\s*{difficulty}\s+{right} / {len(of)}\s*$"))
    assert result.evaluate("e => e === document.activeElement")
    # Review: every question has a verdict and its explanation open.
    for qid, _, _ in first:
        section = page.locator(f'section.kmf-q[data-kmf-q="{qid}"]')
        verdict = "Not quite." if qid in wrong else "Correct!"
        expect(section.get_by_role("status")).to_contain_text(verdict)
        expect(section.locator("details.kmf-q__solution")).to_have_attribute("open", "")
        expect(section.locator("details.kmf-q__solution")).to_be_visible()
    expect(page.get_by_role("button", name="Submit test")).to_be_hidden()

    retake = page.get_by_role("button", name="Retake test")
    expect(retake).to_be_visible()
    retake.focus()
    page.keyboard.press("Enter")
    second = layout(page)
    assert [q for q, _, _ in second] != [q for q, _, _ in first], "questions were not shuffled"
    assert sorted(q for q, _, _ in second) == sorted(q for q, _, _ in first)
    before = {q: shown for q, shown, _ in first}
    assert any(shown != before[q] for q, shown, _ in second), "options were not shuffled"
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.locator("details.kmf-q__solution").first).to_be_hidden()
    expect(page.get_by_role("button", name="Submit test")).to_be_visible()
    assert focused(page)["q"] == second[0][0]
    # Numbers and letters follow the new order.
    expect(page.locator(".kmf-test__questions > .kmf-q").first.locator(".kmf-q__num")).to_have_text("Question 1")
    # The final answer's "(option X)" follows too: it names the letter the keyed option now shows.
    finals = page.evaluate(
        """() => [...document.querySelectorAll('.kmf-test__questions > .kmf-q')].map(q => [
            q.querySelector('.kmf-q__final .kmf-q__letter-ref').textContent,
            [...q.querySelectorAll('.kmf-q__option')].filter(o => q.dataset.correct.split(',')
                .includes(o.dataset.option)).map(o => o.querySelector('.kmf-q__letter').textContent)[0]])"""
    )
    assert len(finals) == 10 and all(f"{ref}." == letter for ref, letter in finals), finals
    assert any(ref != "B" for ref, _ in finals)


def choose_by_keyboard_here(page: Page, index: int) -> None:
    """Focus is already on the question's first radio: Space, then arrows."""
    page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def answer_all(page: Page, right: int) -> None:
    """Answer every question with the mouse: the first ``right`` correctly, the rest wrongly."""
    for n, (qid, shown, correct) in enumerate(layout(page)):
        index = correct[0] if n < right else (correct[0] + 1) % len(shown)
        page.locator(f'section.kmf-q[data-kmf-q="{qid}"] .kmf-q__input').nth(index).check()


def test_best_score_survives_a_reload(page: Page, site_url: str):
    open_test(page, site_url)
    answer_all(page, right=6)
    page.get_by_role("button", name="Submit test").click()
    best = page.locator(".kmf-test__best")
    expect(best).to_contain_text("Your best score so far: 6 / 10")

    page.reload()
    expect(best).to_contain_text("Your best score so far: 6 / 10")
    expect(page.locator(".kmf-test__result")).to_contain_text("You scored 6 / 10.")  # the review too

    page.get_by_role("button", name="Retake test").click()
    answer_all(page, right=3)
    page.get_by_role("button", name="Submit test").click()
    expect(page.locator(".kmf-test__result")).to_contain_text("You scored 3 / 10.")
    expect(best).to_contain_text("Your best score so far: 6 / 10")  # a worse try keeps the best
    page.reload()
    expect(best).to_contain_text("Your best score so far: 6 / 10")
    keys = ours(page)
    assert keys and all(key.startswith(STORE) for key in keys), keys


@pytest.mark.parametrize("junk", ["{not json", json.dumps({"order": ["nope"], "submitted": 3}), "[]"])
def test_corrupted_saved_state_is_dropped_silently(page: Page, site_url: str, junk: str):
    open_test(page, site_url)
    page.evaluate(
        """([prefix, junk]) => { for (const k of ['test:test:attempt', 'test:test:best',
                                   'quiz:practice:cron-midnight']) localStorage.setItem(prefix + k, junk); }""",
        [STORE, junk],
    )
    page.reload()
    expect(page.get_by_role("button", name="Submit test")).to_be_visible()
    expect(page.locator(".kmf-test__best")).to_be_hidden()
    practice(page, site_url)
    left = ours(page)
    assert left == [], left  # the page error guard in conftest catches any exception too


# --------------------------------------------------------------------------------- axe-core


@pytest.mark.parametrize("path", ["practice/", "test/"])
def test_axe_finds_no_violations(page: Page, site_url: str, path: str):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    # Put the widgets in their richest state: a verdict, open details, the test review.
    if path == "practice/":
        q2 = question(page, Q2)
        q2.get_by_role("radio", name="0 24 * * * python retrain.py").check()
        q2.get_by_role("button", name="Check answer").click()
        q1 = question(page, "Why is automated retraining important")
        q1.get_by_role("radio").nth(1).check()
        q1.get_by_role("button", name="Check answer").click()
        question(page, Q3).locator("details.kmf-q__hint > summary").click()
    else:
        answer_all(page, right=7)
        page.get_by_role("button", name="Submit test").click()
        expect(page.locator(".kmf-test__result")).to_contain_text("You scored 7 / 10.")
    axe_in_both_schemes(page, path)  # the whole page, theme included, after answering


def test_pages_read_without_javascript(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "practice/")
        q3 = question(page, Q3)
        expect(q3.get_by_role("radio")).to_have_count(5)
        expect(q3.get_by_role("button", name="Check answer")).to_be_hidden()  # needs the script
        q3.locator("details.kmf-q__solution > summary").click()  # <details> works without it
        expect(q3.locator("details.kmf-q__solution")).to_contain_text("it does not run the body")
        page.goto(site_url + "test/")
        expect(page.locator("fieldset.kmf-q__fieldset")).to_have_count(10)
        expect(page.locator("details.kmf-q__solution")).to_have_count(10)
    finally:
        context.close()
