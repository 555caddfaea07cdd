"""The site's machinery: the runner, the quiz, the guided steps' checks, the MkDocs hooks, the front end.

Nothing here ships to the reader's browser as a package: ``retrain_lab`` is the only wheel. The
runner (:mod:`kmf_site.runner`) is copied into the built site as ``assets/kmf_runner.py`` for the
worker, and the front end (``kmf_site/web/``) is bundled by esbuild into ``assets/kmf/``.
"""
