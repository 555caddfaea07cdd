"""The Test's Retake keeps the order its card promises: easy, then medium, then hard;
the questions shuffle within a difficulty, and the options of each question shuffle."""

from __future__ import annotations

from playwright.sync_api import Page, expect

RANK = {"easy": 0, "medium": 1, "hard": 2}


def shown(page: Page) -> list[tuple[str, str, list[str]]]:
    """(question id, its visible difficulty label, option order) in display order."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.kmf-test__questions > .kmf-q')].map(q => [
            q.dataset.kmfQ,
            q.querySelector('.kmf-q__difficulty').textContent.trim().toLowerCase(),
            [...q.querySelectorAll('.kmf-q__option')].map(o => o.dataset.option),
        ])"""
    )


def test_retake_keeps_easy_medium_hard_and_shuffles_within(page: Page, site_url: str):
    page.goto(site_url + "test/")
    submit = page.get_by_role("button", name="Submit test")
    first = shown(page)
    assert [RANK[d] for _, d, _ in first] == sorted(RANK[d] for _, d, _ in first)
    orders, options = {tuple(q for q, _, _ in first)}, set()
    for _ in range(4):
        for question in page.locator(".kmf-test__questions > .kmf-q").all():
            question.locator("input").first.check()
        submit.click()
        page.get_by_role("button", name="Retake test").click()
        expect(submit).to_be_visible()
        layout = shown(page)
        ranks = [RANK[d] for _, d, _ in layout]
        assert ranks == sorted(ranks), f"not easy, medium, hard after Retake: {layout}"
        orders.add(tuple(q for q, _, _ in layout))
        options.add(tuple(tuple(o) for _, _, o in layout))
        page.reload()  # the order is kept across a reload too
        assert [q for q, _, _ in shown(page)] == [q for q, _, _ in layout]
    assert len(orders) > 1, "Retake did not shuffle the questions within a difficulty"
    assert len(options) > 1, "Retake did not shuffle the options"
