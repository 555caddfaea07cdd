"""The project a proof run proves: where its pages, snippets and learner package are.

Everything is read from the project itself, never from where this package or a test folder lies:
the pages are mkdocs.yml's ``docs_dir``; the snippets are the first ``base_path`` of its
``pymdownx.snippets`` extension (what ``--8<--`` includes resolve against), with its
``auto_append`` files; the learner packages (what a program on a page imports, built as the
browser's wheels) are the kmf plugin's ``packages`` in mkdocs.yml, and the learner package's
source folder is found in the first one's pyproject.toml, unless given (``--kmf-learner``). The
plugin sets the project of a run (:func:`use`, from ``--kmf-project``; the directory pytest was
started in otherwise); the checks read it (:func:`current`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["Project", "ProjectError", "current", "use"]


class ProjectError(RuntimeError):
    """The folder is no project the proof can read (no mkdocs.yml, a docs_dir that is missing ...)."""


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its tags (``!ENV``, ``!!python/name:``) read as None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def _extension(config: dict, name: str) -> dict | None:
    """The settings of one markdown extension in mkdocs.yml (``{}`` when listed bare, None when absent)."""
    for entry in config.get("markdown_extensions") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return None


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


@dataclass(frozen=True)
class Project:
    root: Path
    docs: Path  # mkdocs.yml's docs_dir
    snippets: Path  # pymdownx.snippets' base_path: what an --8<-- include names is relative to
    auto_append: tuple[Path, ...]  # files pymdownx.snippets appends to every page (the glossary)
    learner: Path | None  # the learner package's import folder (``<project>/<name>/``), None when it has none
    packages: tuple[Path, ...] = ()  # the kmf plugin's packages: project folders or wheels (learner/)
    time_limit: float = 0  # the kmf plugin's time_limit (seconds; its schema's default when unset)

    @classmethod
    def at(cls, root: Path, learner: Path | str | None = None) -> Project:
        """The project whose mkdocs.yml is in ``root``; ``learner`` overrides the learner package's
        folder (relative to ``root``)."""
        root = Path(root).resolve()
        config_file = root / "mkdocs.yml"
        if not config_file.is_file():
            raise ProjectError(f"{root}: no mkdocs.yml, so no project to prove here")
        config = yaml.load(config_file.read_text(), Loader=_Loader) or {}  # noqa: S506 (a safe loader)
        docs = root / config.get("docs_dir", "docs")
        if not docs.is_dir():
            raise ProjectError(f"{config_file}: docs_dir {docs.name!r} is not a folder")
        snippets_config = _extension(config, "pymdownx.snippets") or {}
        bases = _as_list(snippets_config.get("base_path")) or ["."]  # pymdownx.snippets' default
        snippets = root / (_plugin(config, "kmf").get("snippets") or bases[0])  # as the kmf plugin reads them
        appended = tuple(snippets / name for name in _as_list(snippets_config.get("auto_append")))
        packages = tuple(root / package for package in _as_list(_plugin(config, "kmf").get("packages")))
        time_limit = float(_plugin(config, "kmf").get("time_limit") or _default_option("time_limit"))
        if learner is None:
            found = _package_source(packages[0]) if packages else None
            return cls(root, docs, snippets, appended, found, packages, time_limit)
        return cls(root, docs, snippets, appended, root / learner, packages, time_limit)

    def rel(self, path: Path) -> str:
        """``path`` as the project names it (``snippets/index/model_info.py``)."""
        return Path(path).resolve().relative_to(self.root).as_posix()

    @property
    def learner_name(self) -> str | None:
        """What a program imports the learner package as (the folder's name)."""
        return self.learner.name if self.learner else None


def _plugin(config: dict, name: str) -> dict:
    """The options of one MkDocs plugin in mkdocs.yml (``{}`` when listed bare or absent)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return {}


def _default_option(name: str):
    """The kmf plugin's default for option ``name`` (its config schema: the one place it is written)."""
    from kmf_site.plugin.config import KmfConfig  # MkDocs is needed only here

    return dict(KmfConfig._schema)[name].default


def _package_source(package: Path) -> Path | None:
    """The folder of the import package a learner package's project builds (hatch: its wheel's
    ``force-include`` or ``packages``, else ``<name>/`` or ``src/<name>/``); None for a wheel."""
    pyproject = package / "pyproject.toml"
    if not pyproject.is_file():
        return None
    data = tomllib.loads(pyproject.read_text())
    wheel = data.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {})
    for source, target in (wheel.get("force-include") or {}).items():
        if "/" not in target.strip("/"):
            return (package / source).resolve()
    if wheel.get("packages"):
        return (package / wheel["packages"][0]).resolve()
    name = data.get("project", {}).get("name", "").replace("-", "_")
    for candidate in (package / name, package / "src" / name):
        if name and (candidate / "__init__.py").is_file():
            return candidate.resolve()
    return None


_current: list[Project] = []
_default: list[tuple[Path, str | None]] = []


def use(root: Path, learner: Path | str | None = None) -> None:
    """Prove the project at ``root`` from now on in this process (read when first asked for)."""
    _current.clear()
    _default[:] = [(Path(root), learner)]


def current() -> Project:
    """The project this run proves (see :func:`use`)."""
    if not _current:
        if not _default:
            raise ProjectError("no project to prove: run pytest with -p kmf_site.proof --kmf-project=ROOT")
        _current.append(Project.at(*_default[0]))
    return _current[0]
