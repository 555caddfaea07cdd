"""The front end's JavaScript modules with logic of their own under Node's test runner (every
`tests/js/*.test.mjs`: the run loop, the worker's snapshot cache and wasm interception, the snapshot
format, namespaces and the service worker's cache names, progress's merge and migration, Share
links, output batching, expected-output parsing): `node --test`, run by `make test` through this file."""

from __future__ import annotations

import subprocess

from content import ROOT


def test_javascript_unit_tests_pass():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert len(files) >= 2
    done = subprocess.run(["node", "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout
