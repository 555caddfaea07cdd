"""The front end's JavaScript modules with logic of their own (run_core.mjs, dom.js's
splitExpected, namespace.js, progress.js's merge and migration, share.js's Share links,
runner.js's output batching) under Node's test runner: `node --test tests/js/`, run by
`make test` through this file."""

from __future__ import annotations

import subprocess

from content import ROOT


def test_javascript_unit_tests_pass():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert len(files) >= 2
    done = subprocess.run(["node", "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout
