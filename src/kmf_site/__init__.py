"""The site's machinery: the runner, the quiz, the exercise engine, the ``kmf`` MkDocs plugin, the front end.

Nothing here ships to the reader's browser as a package: the course's own packages (the plugin's
``packages``) are the only wheels. The runner (:mod:`kmf_site.runner`) is
copied into the built site as ``assets/kmf_runner.py`` for the worker, and the front end
(``kmf_site/web/``) is bundled by esbuild into ``assets/kmf/``.
"""
