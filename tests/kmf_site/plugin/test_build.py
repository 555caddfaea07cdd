"""kmf_site/plugin/build.py: runnable blocks are named after their file; a failed build becomes a banner."""

from __future__ import annotations

from kmf_site.plugin import build as kmf


def test_a_runnable_block_gets_its_file_name_as_title():
    page = '```python {.run}\n--8<-- "index/model_info.py"\n```\n'
    assert (
        kmf.title_runnable_blocks(page) == '```python {.run title="model_info.py"}\n--8<-- "index/model_info.py"\n```\n'
    )


def test_an_own_title_and_other_fences_are_left_alone():
    page = (
        '```python {.run title="main.py"}\n--8<-- "a/b.py"\n```\n\n'
        '```python\n--8<-- "a/c.py"\n```\n\n'
        "```python {.run}\nprint(1)\n```\n"
    )
    assert kmf.title_runnable_blocks(page) == page


def test_a_banner_replaces_the_last_one():
    page = kmf.with_banner('<html><body class="x"><p>Text</p></body></html>', "first <b>\nwhat failed")
    assert page.startswith('<html><body class="x"><div class="kmf-build-error" role="alert"')
    assert "first &lt;b&gt;" in page and "<b>" not in page and "what failed</pre>" in page
    assert kmf.with_banner(page, "second").count("kmf-build-error") == 1  # one banner, the latest
