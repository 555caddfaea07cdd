"""A build for no real address (mkdocs.yml's placeholder site_url) says so once, with the fix:
Material's instant navigation needs the address the site is served from. Runs the real mkdocs.yml
and its plugins' on_config, without building."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]


def configure(monkeypatch, site_url: str | None):
    if site_url is None:
        monkeypatch.delenv("KMF_SITE_URL", raising=False)
    else:
        monkeypatch.setenv("KMF_SITE_URL", site_url)
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_config(config)
    return config


def test_the_placeholder_gets_one_warning_with_the_fix(monkeypatch, capfd):
    config = configure(monkeypatch, None)
    assert config.site_url == "https://keep-models-fresh.example/"
    err = capfd.readouterr().err
    assert err.count("WARNING") == 1, err
    assert "site_url is https://keep-models-fresh.example/" in err
    assert "instant navigation stays off" in err
    assert "KMF_SITE_URL=https://USER.github.io/REPO/ make build" in err


@pytest.mark.parametrize("site_url", ["https://someone.github.io/keep-models-fresh/", "http://127.0.0.1:8000/"])
def test_a_real_address_gets_no_warning(monkeypatch, capfd, site_url):
    assert configure(monkeypatch, site_url).site_url == site_url
    assert "site_url" not in capfd.readouterr().err
