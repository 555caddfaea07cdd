"""kmf_site/plugin/config.py: the plugin's options, validated as MkDocs validates a config, with
their defaults; an environment variable overrides an option, and a bad value is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from kmf_site.plugin.config import KmfConfig, effective, snippets_dir


def validated(**options) -> KmfConfig:
    config = KmfConfig()
    config.load_dict(options)
    failed, _ = config.validate()
    if failed:
        raise ValueError(failed)
    return config


def test_the_defaults():
    assert dict(validated().items()) == {
        "snippets": None,
        "packages": [],
        "verify": "all",
        "offline": True,
        "cross_origin_isolation": True,
        "time_limit": 10,
        "namespace": None,
        "widgets": None,
    }


@pytest.mark.parametrize(
    "options", [{"verify": "on"}, {"time_limit": 0}, {"time_limit": "ten"}, {"offline": "yes"}, {"packages": "lab"}]
)
def test_a_bad_option_is_refused(options):
    with pytest.raises(ValueError, match=next(iter(options))):
        validated(**options)


def test_the_environment_overrides_only_what_it_names():
    config = validated(verify="off", namespace="a", time_limit=5)
    assert effective(config, {}) == {**dict(config.items())}
    changed = effective(config, {"KMF_VERIFY": "changed", "KMF_NAMESPACE": "b", "KMF_TIME_LIMIT": "1"})
    assert (changed["verify"], changed["namespace"], changed["time_limit"]) == ("changed", "b", 5)
    with pytest.raises(PluginError, match=r"KMF_VERIFY='on': expected one of all, changed, off"):
        effective(config, {"KMF_VERIFY": "on"})


def test_snippets_default_to_pymdownx_snippets_base_path(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [programs]\n"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert snippets_dir(None, config) == tmp_path.resolve() / "programs"
    assert snippets_dir("other", config) == tmp_path.resolve() / "other"
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    assert snippets_dir(None, load_config(str(tmp_path / "mkdocs.yml"))) == tmp_path.resolve() / "snippets"


def test_mkdocs_names_a_bad_option_in_mkdocs_yml(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - kmf:\n      verify: sometimes\n")
    with pytest.raises(Abort):
        load_config(str(Path(tmp_path, "mkdocs.yml")))
