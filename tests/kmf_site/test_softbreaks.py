"""kmf_site/softbreaks.py: a term wrapped across two lines still gets its abbr tooltip."""

from __future__ import annotations

import markdown

SOURCE = """*[concept drift]: the rule changes

A real concept
drift moves the rule; `concept
drift` in code stays as written.

    concept
    drift
"""


def render(*extensions: str) -> str:
    return markdown.markdown(SOURCE, extensions=["abbr", *extensions])


def test_a_wrapped_term_gets_its_tooltip():
    html = render("kmf_site.softbreaks")
    assert 'A real <abbr title="the rule changes">concept drift</abbr> moves the rule;' in html
    assert "<code>concept\ndrift</code>" in html  # code keeps its line break and gets no tooltip
    assert "<pre><code>concept\ndrift\n</code></pre>" in html


def test_without_it_abbr_misses_the_wrapped_term():
    assert "<abbr" not in render()
