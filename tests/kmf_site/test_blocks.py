"""kmf_site/blocks.py: /// blocks found outside code fences, their settings and sections."""

from __future__ import annotations

import pytest

from kmf_site import blocks

PAGE = """\
# A page

```markdown
/// note | inside a fence: not a block
///
```

/// note | First
colour: red
size: big

Body text.

```python
///
```

### Tips
- one

### More
two
///

/// note | Second
///
"""


def test_finds_blocks_outside_fences_with_titles_and_lines():
    found = blocks.find_blocks(PAGE, "note", "docs/p.md", offset=3)
    assert [(b.title, b.number, b.line) for b in found] == [("First", 1, 11), ("Second", 2, 28)]
    first = found[0]
    assert first.lines[first.end] == "///"  # the `///` inside the python fence did not close it
    assert blocks.find_blocks(PAGE, "quiz") == []


def test_settings_and_sections():
    (first, _) = blocks.find_blocks(PAGE, "note", "docs/p.md")
    found, after = blocks.settings(first, ("colour", "size"))
    assert {key: value for key, (value, _) in found.items()} == {"colour": "red", "size": "big"}
    head, parts = blocks.sections(first, after, {"tips": "Tips", "more": "More"})
    assert "Body text." in "\n".join(head) and "```python\n///\n```" in "\n".join(head)
    assert parts["tips"][0] == "- one" and parts["more"][0] == "two"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/// note | T\ncolour: red\n", "docs/p.md:1: note block is not closed"),
        ("/// note | T\nshape: round\n///\n", "docs/p.md:2: unknown note setting 'shape' (known: colour)"),
        ("/// note | T\ncolour: red\ncolour: blue\n///\n", "docs/p.md:3: note setting 'colour' given twice"),
    ],
)
def test_errors_name_file_and_line(text, message):
    with pytest.raises(blocks.BlockError) as caught:
        for block in blocks.find_blocks(text, "note", "docs/p.md"):
            blocks.settings(block, ("colour",))
    assert str(caught.value).startswith(message)


def test_unknown_and_repeated_sections():
    text = "/// note | T\n\ntext\n### Tips\n- a\n### Nope\n///\n"
    (block,) = blocks.find_blocks(text, "note", "docs/p.md")
    with pytest.raises(blocks.BlockError, match=r"docs/p\.md:6: unknown note section 'Nope' \(known: Tips\)"):
        blocks.sections(block, 1, {"tips": "Tips"})
    text = "/// note | T\n### Tips\n### tips\n///\n"
    (block,) = blocks.find_blocks(text, "note", "docs/p.md")
    with pytest.raises(blocks.BlockError, match=r"docs/p\.md:3: note section 'Tips' given twice"):
        blocks.sections(block, 1, {"tips": "Tips"})


def test_page_key_and_front_matter_offset(tmp_path):
    assert blocks.page_key("see-it-in-action.md") == "see-it-in-action"
    assert blocks.page_key("Guide/Step One.md") == "guide-step-one"
    assert blocks.page_key("index.md") == "index"
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: T\n---\n\n# Body\ntext\n")
    assert blocks.line_offset(page, "# Body\ntext\n") == 4
    assert blocks.line_offset(None, "# Body\n") == 0
    assert blocks.text_of(["", "a", "", "b", " "]) == "a\n\nb"
