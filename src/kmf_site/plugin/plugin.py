"""The ``kmf`` MkDocs plugin: runnable Python, quizzes, exercises, the notebook page, offline reading.

``plugins: - kmf`` in mkdocs.yml (entry point ``mkdocs.plugins``; options: :mod:`.config`). It
calls the modules that do the work; what it does, by build step:

- config: adds the plugin's stylesheet and its JavaScript bundle to every page, then the course's
  own widgets (the ``widgets`` option: served under ``assets/course/``); warns when ``site_url``
  is no real address.
- pre-build: proves the pages (:func:`kmf_site.verification.verify`, ``pytest -m verify``); a
  mismatch fails the build naming ``file:line``. Under ``mkdocs serve`` the site still builds
  and every page shows the failure in a banner (a ``mkdocs build`` stops, ``verify: changed`` too).
- each page's Markdown: the hub's cards get their totals (:func:`kmf_site.counts.with_hub_totals`),
  ``python {.run}`` blocks are named after their snippet, ``/// quiz`` and ``/// exercise``
  blocks are rendered (:mod:`.quiz`, :mod:`.exercise`); the notebook page is adapted
  (:mod:`.notebook`); every page carries the settings the browser reads (``<meta name="kmf-...">``).
- post-build, last: the check programs, the browser runtime with the learner packages
  (:func:`kmf_site.runtime.install`), the downloaded notebook's install cell, then ``sw.js``
  (:mod:`.offline`), which lists every file written before it.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from kmf_site import counts, runner, runtime, verification
from kmf_site.plugin import build, exercise, notebook, offline, quiz
from kmf_site.plugin.config import KmfConfig, effective, snippets_dir

log = logging.getLogger("mkdocs.plugins.kmf")

# Written by kmf_site.runtime (esbuild: web/build.mjs) into site/, after the pages
STYLESHEET = "assets/kmf/kmf.css"
OVERRIDES = Path(__file__).resolve().parents[1] / "overrides"
# mkdocs-jupyter renders a notebook page through this template unless the site names its own: it
# drops every third-party script and stylesheet (MathJax, require.js, JupyterLab's CSS)
NOTEBOOK_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "notebook.html.j2"
BUNDLE = "assets/kmf/main.js"
COURSE = "assets/course"  # the course's own widgets (the `widgets` option), beside assets/kmf/
CARD = "data-kmf-mode="  # a hub's card (counts.with_hub_totals)


class KmfPlugin(BasePlugin[KmfConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.command = "build"
        self.settings: dict = {}
        self.root = Path(".")
        self.snippets = Path("snippets")
        self.programs: dict[str, str] = {}  # site path -> an exercise's check program
        self.failed: list[str] = []  # serve: this build's failed check, shown on every page
        self.verifying: threading.Thread | None = None  # serve: the proof, beside the pages' build
        self.unexpected: Exception | None = None  # serve: what else stopped the proof
        self.wheels_dir: Path | None = None
        self.wheels: list[Path] = []  # the learner packages' wheels, made before the pages
        self.imports: list[str] = []  # what `import` names in them

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        self.settings = effective(self.config)
        self.root = Path(config["config_file_path"]).resolve().parent
        self.snippets = snippets_dir(self.settings["snippets"], config)
        build.warn_if_no_real_site_url(config.site_url)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if BUNDLE not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(BUNDLE)
            script.type = "module"
            config.extra_javascript.append(script)
        for path in self.widget_files():  # after the plugin's own: a widget imports its bundle
            if path.suffix == ".css":
                config.extra_css.append(f"{COURSE}/{path.name}")
            else:
                script = ExtraScriptValue(f"{COURSE}/{path.name}")
                script.type = "module"
                config.extra_javascript.append(script)
        # our templates (main.html: guards Material's saved palette) under the site's own custom_dir
        if config.theme.name == "material":
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None and not jupyter.config.get("custom_template"):
            jupyter.config["custom_template"] = str(NOTEBOOK_TEMPLATE)
        return config

    def on_pre_build(self, *, config):
        if self.verifying is not None:  # serve: a proof the last (failed) build left running
            self.verifying.join()
            self.verifying = self.unexpected = None
        self.programs.clear()
        self.failed.clear()
        if self.command == "serve":  # the pages build meanwhile: on_post_build waits for the proof
            self.verifying = threading.Thread(target=self.verify, name="kmf-verify", daemon=True)
            self.verifying.start()
        # the learner packages' wheels first: every page names their imports (meta_tags)
        self.wheels_dir = Path(tempfile.mkdtemp(prefix="kmf-wheels-"))
        try:
            self.wheels = [runtime.wheel_of(self.root / p, self.wheels_dir) for p in self.settings["packages"]]
        except runtime.PackageFailed as failure:
            raise PluginError(str(failure)) from None
        self.imports = sorted({name for wheel in self.wheels for name in runtime.import_names(wheel)})
        # a quiz's `verify:` program runs in this CPython while rendering: it imports the learner
        # packages as the reader's Python does, from their wheels (pure Python: zipimport)
        sys.path[:0] = [str(wheel) for wheel in self.wheels if str(wheel) not in sys.path]
        runner.PACKAGES[:] = self.imports
        if self.command != "serve":
            self.verify()

    def proven(self) -> None:
        """Wait for the proof started beside the pages' build (serve), and raise what stopped it
        other than a failed check (that is in ``failed``)."""
        if self.verifying is not None:
            self.verifying.join()
            self.verifying = None
        if self.unexpected is not None:
            error, self.unexpected = self.unexpected, None
            raise error

    def verify(self) -> None:
        """The proof of the pages. A build (KMF_VERIFY=changed too) stops at a failure and never
        ships a banner; under serve the site still builds and every page says it (``failed``)."""
        try:
            verification.verify(self.root, self.settings["verify"])
        except verification.VerificationFailed as failure:
            if self.command != "serve":
                raise PluginError(str(failure)) from None
            self.failed.append(f"{failure}\n{failure.details}")
            sys.stderr.write(f"ERROR    -  {failure}\n")
        except Exception as error:  # noqa: BLE001 (serve: on_post_build raises it in the build)
            if self.command != "serve":
                raise
            self.unexpected = error

    def widget_files(self) -> list[Path]:
        """The course's widgets (the ``widgets`` folder's ``*.css`` and ``*.js``), by name."""
        if not self.settings["widgets"]:
            return []
        folder = self.root / self.settings["widgets"]
        if not folder.is_dir():
            raise PluginError(f"kmf: widgets: {folder} is not a folder")
        return sorted(p for p in folder.iterdir() if p.suffix in {".css", ".js"})

    def on_files(self, files, *, config):
        for path in self.widget_files():
            files.append(File.generated(config, f"{COURSE}/{path.name}", abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if CARD in markdown:  # a hub: each card's total is its page's count
            markdown = counts.with_hub_totals(markdown, Path(page.file.abs_src_path).parent)
        markdown = build.title_runnable_blocks(markdown)
        docs = config["docs_dir"]
        markdown = quiz.render_quizzes(markdown, page, docs, self.snippets, verify=self.settings["verify"] != "off")
        return exercise.render_exercises(markdown, page, docs, self.snippets, self.programs)

    def on_page_content(self, html_, *, page, config, files):
        return build.tooltips_on_demand(notebook.on_page_content(html_, page))

    def on_post_page(self, output, *, page, config):
        output = self.with_meta(output)
        return build.with_banner(output, self.failed[0]) if self.failed else output

    def on_post_template(self, output_content, *, template_name, config):
        """The theme's own pages (its 404.html) load the bundle too: they get the settings as well."""
        return self.with_meta(output_content) if template_name.endswith(".html") else output_content

    def with_meta(self, output: str) -> str:
        return re.sub(r"(<head[^>]*>)", lambda m: m[1] + self.meta_tags(), output, count=1)

    def meta_tags(self) -> str:
        """What the browser reads from every page: the learner packages' import names, the time
        limit, and the storage namespace when one is set."""
        values = {
            "kmf-packages": " ".join(self.imports),
            "kmf-time-limit": json.dumps(self.settings["time_limit"]),
        }
        if self.settings["namespace"]:
            values["kmf-namespace"] = self.settings["namespace"]
        return "".join(f'<meta name="{name}" content="{html.escape(value)}">' for name, value in values.items())

    def on_serve(self, server, *, config, builder):
        if self.settings["widgets"]:
            server.watch(str(self.root / self.settings["widgets"]))
        return build.keep_serving(server, config["site_dir"])

    @event_priority(-100)  # after every other plugin: sw.js lists the files they wrote (search index...)
    def on_post_build(self, *, config):
        site = Path(config["site_dir"])
        if self.verifying is not None:  # serve: the proof ran while the pages were built
            self.proven()
            if self.failed:  # known after the pages were written: each gets its banner now
                for page in site.rglob("*.html"):
                    text = build.with_banner(page.read_text(encoding="utf-8"), self.failed[0])
                    page.write_text(text, encoding="utf-8")
        exercise.write_programs(site, self.programs)
        try:
            runtime.install(site, self.wheels)
        except (runtime.RuntimeMissing, runtime.SnapshotFailed) as failure:
            raise PluginError(str(failure)) from None
        finally:
            if self.wheels_dir:  # the next build (mkdocs serve) imports its own wheels afresh
                sys.path[:] = [entry for entry in sys.path if not entry.startswith(str(self.wheels_dir))]
                for name in [n for n in sys.modules if n.partition(".")[0] in self.imports]:
                    del sys.modules[name]
                shutil.rmtree(self.wheels_dir, ignore_errors=True)
        notebook.add_install_cells(site, config["site_url"], [wheel.name for wheel in self.wheels], self.imports)
        if self.command == "serve" or not self.settings["offline"]:
            offline.write_retiring_worker(site)
        else:
            offline.write_service_worker(site, coi=self.settings["cross_origin_isolation"])
