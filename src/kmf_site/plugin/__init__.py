"""The ``kmf`` MkDocs plugin (entry point ``mkdocs.plugins``): see :mod:`.plugin` and its options in :mod:`.config`."""

from kmf_site.plugin.config import KmfConfig
from kmf_site.plugin.plugin import KmfPlugin

__all__ = ["KmfConfig", "KmfPlugin"]
