"""The exercise engine: an exercise is a ``/// exercise`` block in a page that names its snippets.

- :mod:`.syntax` reads the blocks; :mod:`.render` writes their markup (a guided sequence of
  steps, or exercises that stand alone, as on Debug it);
- :mod:`.checks` is the vocabulary checks are written in, and ``grade``, which runs them (in the
  browser too);
- :mod:`.program` assembles the check program the browser and the tests run after a learner's
  program;
- :mod:`.verify` proves that every solution passes and every known mistake gets its message.
"""
