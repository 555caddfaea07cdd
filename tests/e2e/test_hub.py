"""The hub (/) in Chromium: ten cards, each a link to its mode with what you do there, how long it
takes and how far you got; finishing modes (the steps, Practice, the Test, reading the concepts
and the cheat sheet) updates the cards and the "N of 10 modes done" line; Reset progress clears
them. The cheat sheet prints on at most two A4 pages, without the site's navigation.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from playwright.sync_api import Page, expect

from kmf_site.counts import page_counts
from kmf_site.exercise.syntax import parse_file as parse_exercises
from retrain_lab.oncall import SCENARIOS
from runnable import STORE, click_into

ROOT = Path(__file__).resolve().parents[2]
CHECK_MS = 60_000
MODES = {  # card link name: URL path (design.md "Pages (URLs)")
    "Read the concepts": "concepts/",
    "See it in action": "see-it-in-action/",
    "Practice": "practice/",
    "Test yourself": "test/",
    "Trace it": "trace/",
    "Lab": "lab/",
    "Debug it": "debug-it/",
    "Playground": "playground/",
    "Notebook": "notebook/",
    "Cheat sheet": "cheat-sheet/",
}


def card(page: Page, name: str):
    """The hub's card for a mode (the navigation has a link of the same name)."""
    return (
        page.locator("[data-kmf-hub]")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=name, exact=True))
    )


def test_ten_cards_each_a_link_with_time_and_state(page: Page, site_url: str):
    page.goto(site_url)
    expect(page.get_by_role("heading", name="Choose your learning style")).to_be_visible()
    expect(page.get_by_text("0 of 10 modes done")).to_be_visible()
    for name, path in MODES.items():
        link = card(page, name).get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("href", re.compile(f"(^|/){re.escape(path)}$"))
        expect(card(page, name)).to_contain_text(re.compile(r"\d+ min"))
        expect(card(page, name)).to_contain_text("Not started")
    # The whole card is the link: a click on its description opens the mode.
    description = card(page, "Trace it").get_by_text("Watch three scripts run line by line")
    description.scroll_into_view_if_needed()
    box = description.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(site_url + "trace/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trace it")


def test_cards_fit_a_phone(browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = [card(page, name).bounding_box() for name in MODES]
    assert all(box["width"] > 300 for box in boxes), boxes  # one column, full width
    assert all(a["y"] + a["height"] <= b["y"] for a, b in pairwise(boxes))  # stacked, in order
    context.close()


STEPS = len(parse_exercises(ROOT / "docs" / "see-it-in-action.md", snippets=ROOT / "snippets"))
QUESTIONS = page_counts(ROOT / "docs" / "practice.md").questions  # the page's /// quiz blocks


def pass_every_step(page: Page, site_url: str) -> None:
    page.goto(site_url + "see-it-in-action/")
    for n in range(1, STEPS + 1):
        step = page.locator(f'.kmf-step[data-step="{n}"]')
        editor = step.get_by_role("textbox", name="Python code")
        click_into(editor)
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.press("Delete")
        page.keyboard.insert_text((ROOT / "snippets" / "steps" / f"step{n}.py").read_text())
        step.get_by_role("button", name="Check").click()
        expect(step.locator(".kmf-step__feedback[role=status]")).to_contain_text(f"Step {n} passed", timeout=CHECK_MS)
    expect(page.get_by_role("progressbar", name="Steps completed")).to_have_attribute("aria-valuenow", str(STEPS))


def answer_every_practice_question(page: Page, site_url: str) -> None:
    page.goto(site_url + "practice/")
    for question in page.locator("section.kmf-q").all():
        question.locator("input").first.check()
        question.get_by_role("button", name="Check answer").click()
        expect(question.get_by_role("status")).to_contain_text(re.compile("Correct!|Not quite."))


def submit_the_test(page: Page, site_url: str) -> None:
    page.goto(site_url + "test/")
    for question in page.locator(".kmf-test__questions > .kmf-q").all():
        question.locator("input").first.check()
    page.get_by_role("button", name="Submit test").click()
    expect(page.locator(".kmf-test__result")).to_contain_text(re.compile(r"You scored \d+ / 10\."))


def read_every_section(page: Page, url: str, slug: str) -> None:
    """Read the whole page in a window as tall as the page, every section on screen at once, until
    reading.js counts it read (each section 2 s on screen: their times run side by side). The window
    grows with the page (its widgets take their place as they come). Reading section by section,
    scrolling, is test_progress's."""
    page.goto(url)
    size = page.viewport_size
    while True:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_function(  # until the page is read, or has grown past the window
            "([key, height]) => JSON.parse(localStorage.getItem(key))?.done === true"
            " || document.documentElement.scrollHeight > height",
            arg=[STORE + f"progress:{slug}", height],
        )
        if page.evaluate("key => JSON.parse(localStorage.getItem(key))?.done === true", STORE + f"progress:{slug}"):
            break
    page.set_viewport_size(size)


def test_marks_follow_finished_modes_and_reset_clears_them(page: Page, site_url: str):
    page.goto(site_url)
    expect(card(page, "Test yourself")).to_contain_text("Not started")

    answer_every_practice_question(page, site_url)
    submit_the_test(page, site_url)
    score = re.search(r"You scored (\d+) / 10", page.locator(".kmf-test__result").inner_text())[1]
    read_every_section(page, site_url + "cheat-sheet/", "cheat-sheet")
    pass_every_step(page, site_url)
    read_every_section(page, site_url + "concepts/", "concepts")

    page.goto(site_url)
    expect(card(page, "Practice")).to_contain_text(f"Done · {QUESTIONS} of {QUESTIONS} questions answered")
    expect(card(page, "Test yourself")).to_contain_text(f"Done · Best score {score} / 10")
    expect(card(page, "Cheat sheet")).to_contain_text("Done · Read every section")
    expect(card(page, "Read the concepts")).to_contain_text("Done · Read every section")
    expect(card(page, "See it in action")).to_contain_text(f"Done · {STEPS} of {STEPS} steps")
    expect(card(page, "Trace it")).to_contain_text("Not started")
    expect(page.get_by_text("5 of 10 modes done")).to_be_visible()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.get_by_text("0 of 10 modes done")).to_be_visible()
    for name in MODES:
        expect(card(page, name)).to_contain_text("Not started")


def test_partial_progress_shows_in_progress(page: Page, site_url: str):
    page.goto(site_url + "practice/")
    question = page.locator("section.kmf-q").first
    question.locator("input").first.check()
    question.get_by_role("button", name="Check answer").click()
    page.goto(site_url)
    expect(card(page, "Practice")).to_contain_text(f"In progress · 1 of {QUESTIONS} questions answered")
    expect(page.get_by_text("0 of 10 modes done")).to_be_visible()


def test_corrupted_mode_entries_are_dropped(page: Page, site_url: str):
    page.goto(site_url)
    page.evaluate(
        """prefix => {
        localStorage.setItem(prefix + 'mode:lab', '{not json');
        localStorage.setItem(prefix + 'mode:trace', JSON.stringify({done: 'yes', text: 1}));
        localStorage.setItem(prefix + 'progress:playground', '{not json');
        localStorage.setItem(prefix + 'progress:notebook', JSON.stringify({done: true, count: -1, text: 'x'}));
    }""",
        STORE,
    )
    page.reload()
    for name in ("Lab", "Trace it", "Playground", "Notebook"):
        expect(card(page, name)).to_contain_text("Not started")
    for key in ("mode:lab", "mode:trace", "progress:playground", "progress:notebook"):
        assert page.evaluate("key => localStorage.getItem(key)", STORE + key) is None, key


def test_progress_saved_in_the_older_formats_shows_and_moves_to_the_progress_api(page: Page, site_url: str):
    """A learner whose browser saved progress before the progress API (each mode its own way)
    loses nothing: the hub shows it, and it is moved to "progress:<mode>" in place."""
    page.goto(site_url + "practice/")
    question = page.locator("section.kmf-q").first.get_attribute("data-kmf-q")
    page.evaluate("() => localStorage.clear()")
    older = {
        "mode:trace": {"done": True, "text": "3 of 3 programs traced to the end"},
        "mode:lab": {"done": False, "text": "1 simulation run, 1 setting tried"},
        "oncall": {"plays": {"sudden": 1}, "best": {"sudden": 5}, "total": len(SCENARIOS)},
        "exercises:see-it-in-action": {"passed": {"1": True, "2": True}},
        f"quiz:practice:{question}": {"answer": [0], "checked": True},
        "test:test:best": {"score": 7, "total": 10, "by": {}},
    }
    page.evaluate(
        """([prefix, older]) => {
        for (const [key, value] of Object.entries(older)) localStorage.setItem(prefix + key, JSON.stringify(value));
    }""",
        [STORE, older],
    )
    for _visit in range(2):  # the first visit moves it, the second reads it where it moved to
        page.goto(site_url)
        expect(card(page, "Trace it")).to_contain_text("Done · 3 of 3 programs traced to the end")
        expect(card(page, "Lab")).to_contain_text(
            f"In progress · 1 simulation run, 1 setting tried; 1 of {len(SCENARIOS)} on-call scenarios done"
        )
        expect(card(page, "See it in action")).to_contain_text(f"In progress · 2 of {STEPS} steps")
        expect(card(page, "Practice")).to_contain_text(f"In progress · 1 of {QUESTIONS} questions answered")
        expect(card(page, "Test yourself")).to_contain_text("Done · Best score 7 / 10")
        expect(page.get_by_text("2 of 10 modes done")).to_be_visible()
    saved = page.evaluate(
        "prefix => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length))",
        STORE,
    )
    assert not [key for key in saved if key.startswith("mode:")], saved
    assert {
        "progress:trace",
        "progress:lab",
        "progress:lab:oncall",
        "progress:see-it-in-action",
        "progress:practice",
        "progress:test",
    } <= set(saved)


def count_pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium (Skia writes each page as an uncompressed /Type /Page)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_cheat_sheet_prints_on_at_most_two_a4_pages(page: Page, site_url: str, tmp_path):
    page.goto(site_url + "cheat-sheet/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cheat sheet")
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "cheat-sheet.pdf").write_bytes(pdf)
    pages = count_pdf_pages(pdf)
    assert 1 <= pages <= 2, f"{pages} pages"
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]:
        expect(page.locator(hidden).first).to_be_hidden()
    for heading in ["The five triggers", "Cron: five fields, then the command", "Stateless or stateful"]:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("0 0 * * * python retrain.py").first).to_be_visible()
