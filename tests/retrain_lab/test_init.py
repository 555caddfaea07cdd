"""retrain_lab/__init__.py: the package exports what its docstring lists."""

from __future__ import annotations

import retrain_lab


def test_package_exports():
    assert retrain_lab.__version__
    for name in retrain_lab.__all__:
        assert hasattr(retrain_lab, name), name
