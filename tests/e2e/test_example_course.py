"""The second course (examples/minimal/), built from the kmf plugin's wheel in a fresh virtual
environment, in Chromium: its own package loads in the reader's Python (Run prints what the
snippet's #> lines say), its exercise's known mistake gets the message written under it, and its
quiz question answers. Nothing of Keep Models Fresh is on the page."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from example_course import COURSE, build_course, build_wheel, fresh_venv
from kmf_site.exercise.syntax import parse_file, split_mistake
from kmf_site.quiz.syntax import parse_file as questions_of
from runnable import output, run, runnable

_spec = importlib.util.spec_from_file_location("kmf_tests_conftest", Path(__file__).parents[1] / "conftest.py")
suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite)

SNIPPETS = COURSE / "snippets"
PAGE = COURSE / "docs" / "index.md"
CHECK_TIMEOUT = 60_000  # the first Check boots Python
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("example-course")]


@pytest.fixture(scope="module")
def course_url(tmp_path_factory):
    """The course served on 127.0.0.1, built for that very address."""
    work = tmp_path_factory.mktemp("example-course")
    (work / "site").mkdir()
    server = suite.serve(work / "site")
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    bin_dir = fresh_venv(work / "venv", build_wheel(work / "dist"))
    build_course(bin_dir, work, url, verify="off")
    yield url
    server.shutdown()


def test_the_course_runs_its_own_package_checks_its_exercise_and_answers_its_question(page, course_url):
    page.goto(course_url)
    # Run: tinylab (the course's package, not retrain_lab) is imported in the reader's Python
    widget = runnable(page, "mean.py")
    run(widget)
    printed = [
        line.removeprefix("#> ") for line in (SNIPPETS / "mean.py").read_text().splitlines() if line.startswith("#> ")
    ]
    expect(output(widget)).to_have_text("\n".join(printed))
    # the exercise as given: Check says what its known mistake's #> lines say
    (exercise,) = parse_file(PAGE, "docs/index.md", SNIPPETS)
    section = page.get_by_role("region", name=exercise.title)
    section.get_by_role("button", name="Check", exact=True).click()
    message = split_mistake((SNIPPETS / exercise.mistakes / "as_given.py").read_text())[1]
    expect(section.get_by_role("status").filter(has_text=message[0])).to_be_visible(timeout=CHECK_TIMEOUT)
    # the quiz: the keyed option is right
    (question,) = questions_of(PAGE)
    keyed = next(option for option in question.options if option.correct)
    quiz = page.locator("section.kmf-q").filter(
        has=page.get_by_role("group", name=re.compile(re.escape(question.title)))
    )
    quiz.get_by_role("radio", name=keyed.text.strip("`")).check()
    quiz.get_by_role("button", name="Check answer").click()
    expect(quiz.get_by_role("status")).to_contain_text("Correct")


def test_the_courses_own_widget_runs_its_package_through_the_plugins_api(page, course_url):
    """widgets/average.js, loaded by the plugin's `widgets` option, imports the bundle's public API
    and runs tinylab.mean in the page's one Python worker."""
    spec = importlib.util.spec_from_file_location("tinylab", COURSE / "tinylab" / "tinylab" / "__init__.py")
    tinylab = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tinylab)  # the course's package, as the reader's Python runs it

    page.goto(course_url)
    page.get_by_label("Numbers").fill("1, 2 4")
    page.get_by_role("button", name="Average").click()
    expect(page.get_by_role("status").filter(has_text="The mean of")).to_have_text(
        f"The mean of 3 numbers is {tinylab.mean([1, 2, 4])!r}.", timeout=CHECK_TIMEOUT
    )
    page.get_by_label("Numbers").fill("2, four")
    page.get_by_role("button", name="Average").click()
    expect(page.get_by_role("status").filter(has_text="numbers only")).to_be_visible()
