"""/playground/ in Chromium: code typed there survives a reload; Share makes a link that restores
the code in a new browser context; a shared link never replaces saved code without asking; a
starter program loads (after asking) and runs; a damaged link changes nothing; axe-core finds
nothing, with the share link and a question on screen, in light and dark.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from content import SNIPPETS, run_like_the_browser
from runnable import axe_in_both_schemes, click_into, output, run

EDITOR = "Python code: playground.py"
MINE = 'print("my own model:", {"version": 7})\n'
SHARED = 'from retrain_lab import describe\n\nprint("shared:", describe("0 0 * * *"))\n'


def printed(code: str) -> str:
    """What the Playground's Output shows for ``code``: its run by the browser's own runner."""
    return run_like_the_browser(code, "playground.py")[1]


def playground(page: Page, url: str):
    page.goto(url)
    editor = page.get_by_role("textbox", name=EDITOR)
    expect(editor).to_be_visible()
    return editor


def widget(page: Page):
    return page.locator(".kmf-playground-widget")


def replace_code(page: Page, code: str) -> None:
    editor = page.get_by_role("textbox", name=EDITOR)
    click_into(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    expect(editor).to_have_text(code.replace("\n", ""))


def text_of(page: Page) -> str:
    """The editor's text, line by line as displayed (blank lines included)."""
    return page.evaluate(
        "[...document.querySelectorAll('.kmf-playground-widget .cm-line')].map((l) => l.textContent).join('\\n')"
    )


def share(page: Page) -> str:
    page.get_by_role("button", name="Share").click()
    link = page.get_by_role("textbox", name="Link to this code")
    expect(link).to_have_value(re.compile(r"#code=[A-Za-z0-9_-]+$"))
    return link.input_value()


# The shared code arrives while the editor is being made: the editor's module has loaded (so the
# editor's first text is already taken) when the link's code is read, and no frame is drawn (the
# editor is made in a frame) until that code is in. Without a wait on real signals to order them,
# a slow phone does this by chance.
CODE_WHILE_THE_EDITOR_IS_MADE = """
const held = [];
let released = false;
const raf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) => (released ? raf(callback) : held.push(callback), 0);
const release = () => { released = true; held.splice(0).forEach((callback) => raf(callback)); };
const read = Blob.prototype.arrayBuffer;
const editorLoaded = () => performance.getEntriesByType('resource').some((e) => /chunks\\/editor-/.test(e.name));
Blob.prototype.arrayBuffer = function () {
  return new Promise((resolve) => {
    const wait = () => (editorLoaded() ? setTimeout(resolve, 100) : setTimeout(wait, 10));
    wait();
  }).then(() => read.call(this)).finally(() => setTimeout(release, 100));
};
"""


def test_a_shared_link_read_while_the_editor_is_made_still_opens(browser, page: Page, site_url: str):
    playground(page, site_url + "playground/")
    replace_code(page, SHARED)
    link = share(page)
    fresh = browser.new_context(viewport={"width": 390, "height": 800})
    fresh.add_init_script(CODE_WHILE_THE_EDITOR_IS_MADE)
    other = fresh.new_page()
    try:
        other.goto(link)
        expect(other.locator(".kmf-playground-widget .cm-editor")).to_be_visible()
        expect(other.get_by_role("textbox", name=EDITOR)).to_have_text(SHARED.replace("\n", ""))
        assert text_of(other) == SHARED
    finally:
        fresh.close()


def test_code_survives_a_reload_and_runs(page: Page, site_url: str):
    playground(page, site_url + "playground/")
    replace_code(page, MINE)
    page.reload()
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(MINE.replace("\n", ""))
    run(widget(page))
    expect(output(widget(page))).to_have_text(printed(MINE))
    page.goto(site_url)
    card = (
        page.locator("[data-kmf-hub]")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name="Playground", exact=True))
    )
    expect(card).to_contain_text("Done · Ran 1 program")


def test_a_shared_link_restores_the_code_in_a_new_context(browser, context, page: Page, site_url: str):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    playground(page, site_url + "playground/")
    replace_code(page, SHARED)
    link = share(page)
    expect(widget(page).get_by_role("status")).to_contain_text("Link copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert link.startswith(site_url + "playground/#code=")
    assert SHARED not in link  # compressed, not the text itself

    fresh = browser.new_context(viewport={"width": 390, "height": 800})  # another browser, nothing saved
    other = fresh.new_page()
    try:
        playground(other, link)
        expect(other.get_by_role("textbox", name=EDITOR)).to_have_text(SHARED.replace("\n", ""))
        assert text_of(other) == SHARED  # byte for byte, blank line included
        expect(other).to_have_url(site_url + "playground/")  # the fragment is dropped once read
        run(widget(other))
        expect(output(widget(other))).to_have_text(printed(SHARED))
        other.reload()  # it is now this reader's own saved code
        expect(other.get_by_role("textbox", name=EDITOR)).to_have_text(SHARED.replace("\n", ""))
    finally:
        fresh.close()


def test_a_shared_link_asks_before_replacing_saved_code(page: Page, site_url: str):
    playground(page, site_url + "playground/")
    replace_code(page, SHARED)
    link = share(page)
    replace_code(page, MINE)  # the reader's own work, saved as typed

    page.goto(site_url)  # leave, then open the link as if it came from someone else
    playground(page, link)
    question = page.get_by_role("group", name=re.compile("This link holds a program of 3 lines"))
    expect(question).to_be_visible()
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(MINE.replace("\n", ""))
    question.get_by_role("button", name="Keep my code").click()
    expect(question).to_be_hidden()
    expect(widget(page).get_by_role("status")).to_have_text("Your own code is kept; the shared code was not opened.")
    page.reload()
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(MINE.replace("\n", ""))
    expect(page.get_by_role("group", name=re.compile("This link holds"))).to_have_count(0)

    page.goto(site_url)
    playground(page, link)
    page.get_by_role("button", name="Open the shared code").click()
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(SHARED.replace("\n", ""))
    page.reload()
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(SHARED.replace("\n", ""))


def test_a_damaged_link_changes_nothing(page: Page, site_url: str):
    playground(page, site_url + "playground/")
    replace_code(page, MINE)
    page.goto(site_url)
    playground(page, site_url + "playground/#code=bm90LWRlZmxhdGU")
    expect(widget(page).get_by_role("status")).to_contain_text("The shared link is damaged")
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(MINE.replace("\n", ""))


def test_a_starter_program_loads_after_asking_and_runs(page: Page, site_url: str):
    playground(page, site_url + "playground/")
    replace_code(page, MINE)
    page.get_by_role("button", name="Load cron_lines.py").click()
    question = page.get_by_role("group", name="Replace the code in the playground with cron_lines.py?")
    question.get_by_role("button", name="Keep my code").click()
    expect(page.get_by_role("textbox", name=EDITOR)).to_have_text(MINE.replace("\n", ""))
    page.get_by_role("button", name="Load cron_lines.py").click()
    question.get_by_role("button", name="Replace").click()
    expect(page.get_by_role("textbox", name=EDITOR)).to_contain_text("parse_cron")
    run(widget(page))
    expect(output(widget(page))).to_have_text(printed((SNIPPETS / "playground" / "cron_lines.py").read_text()))
    # Starter code is not the reader's own: loading another one does not ask.
    page.get_by_role("button", name="Load champion_challenger.py").click()
    expect(page.get_by_role("textbox", name=EDITOR)).to_contain_text("Registry()")


def test_no_accessibility_violations_with_link_and_question(page, site_url: str):
    page.emulate_media(color_scheme="dark")
    playground(page, site_url + "playground/")
    replace_code(page, MINE)
    share(page)
    page.get_by_role("button", name="Load cron_lines.py").click()
    expect(page.get_by_role("group", name=re.compile("Replace the code"))).to_be_visible()
    axe_in_both_schemes(page, "playground")
