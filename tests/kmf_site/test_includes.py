"""kmf_site/includes.py: the one parser of `--8<--` lines and of runnable blocks."""

from __future__ import annotations

from pathlib import Path

from kmf_site import includes

PAGE = """\
# Page

```python {.run}
--8<-- "page/first.py"
```
The run prints 0.5.

    ~~~~python { .run data-timeout="30" title="own.py" }
    --8<-- "page/second.py"
    ~~~~

```python
--8<-- "page/plain.py"
```
"""


def test_included_lists_every_include_with_its_line():
    assert includes.included(PAGE) == [("page/first.py", 4), ("page/second.py", 9), ("page/plain.py", 13)]


def test_runnable_blocks_are_python_run_fences_that_include_a_snippet():
    first, second = includes.runnable_blocks(PAGE)
    assert (first.path, first.indent, first.fence, first.attrs.strip()) == ("page/first.py", "", "```", ".run")
    assert PAGE[first.start : first.end].endswith('first.py"\n```')
    assert PAGE[first.end :].startswith("\nThe run prints 0.5.")
    assert (second.path, second.indent, second.fence) == ("page/second.py", "    ", "~~~~")
    assert 'title="own.py"' in second.attrs
    assert PAGE[second.start : second.head_end].endswith('second.py"\n')


def test_includes_maps_each_snippet_to_the_pages_that_include_it(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(PAGE)
    (tmp_path / "docs" / "b.md").write_text('\n--8<-- "page/first.py"\n')
    found = includes.includes(tmp_path / "docs", tmp_path / "snippets")
    first = tmp_path / "snippets" / "page" / "first.py"
    assert found[first] == [(tmp_path / "docs" / "a.md", 4), (tmp_path / "docs" / "b.md", 2)]
    assert set(found) == {first, *(tmp_path / "snippets" / "page" / n for n in ("second.py", "plain.py"))}
    assert all(isinstance(path, Path) for path in found)
