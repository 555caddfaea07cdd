// Unit tests of src/kmf_site/web/share.js (node --test; tests/test_js_units.py runs them): the
// Playground's Share link carries any program there and back, and refuses what it did not make.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_CODE, decodeCode, encodeCode } from "../../src/kmf_site/web/share.js";

test("any program comes back exactly, in URL-safe characters", async () => {
  const programs = ["", "print('hi')\n", "naïve = 'ünïcode ✓ 🐍'\n\tindented\r\n", "x = 1\n".repeat(5000), "\u0000\uffff"];
  for (const code of programs) {
    const link = await encodeCode(code);
    assert.match(link, /^[A-Za-z0-9_-]*$/);
    assert.equal(await decodeCode(link), code);
  }
});

test("a repetitive program makes a short link", async () => {
  assert.ok((await encodeCode("print(1)\n".repeat(1000))).length < 200);
});

test("a damaged, foreign or oversized fragment is refused, never half read", async () => {
  const good = await encodeCode("print('hello')\n");
  for (const bad of ["not base64!", "+/==", good.slice(0, -3), "AAAA", btoa("\xff\xfe").replace(/=+$/, "")]) {
    await assert.rejects(decodeCode(bad), bad);
  }
  await assert.rejects(decodeCode(await encodeCode("x".repeat(MAX_CODE + 1))), /too long/);
  assert.equal((await decodeCode(await encodeCode("x".repeat(MAX_CODE)))).length, MAX_CODE);
});
