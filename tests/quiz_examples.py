"""Shared quiz test material: a well-formed block and a block builder."""

from __future__ import annotations

import textwrap

GOOD = textwrap.dedent(
    """\
    # A page

    /// quiz | Which cron line runs every day at midnight?
    difficulty: easy

    Some context with `code`.

    ```python
    x = 1
    ///
    ```

    - [x] `0 0 * * *`
        Minute 0, hour 0.
    - [ ] `0 24 * * *`
        There is no hour 24.

    ### Hint
    Five fields.

    ### Solution
    1. Read the fields.

    ### Final answer
    `0 0 * * *` (option A).

    ### Quick check
    Midnight = 0 0.

    ### Common mistakes
    - Hour 24.
    ///

    After the quiz.
    """
)


def block(*, header="/// quiz | Q?", settings="difficulty: easy", options=None, sections=None):
    options = options if options is not None else "- [x] right\n- [ ] wrong\n    because."
    sections = sections if sections is not None else "### Solution\nSteps.\n\n### Final answer\nright (option A)."
    return f"intro\n\n{header}\n{settings}\n\n{options}\n\n{sections}\n///\n"
