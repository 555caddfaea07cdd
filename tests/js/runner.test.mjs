// Unit tests of src/kmf_site/web/runner.js's output batching (node --test; tests/test_js_units.py
// runs them): a frame's writes reach the page as few pieces, in order, none lost or moved.
import assert from "node:assert/strict";
import { test } from "node:test";
import { batch } from "../../src/kmf_site/web/runner.js";

test("consecutive writes to one stream become one piece; a change of stream starts the next", () => {
  const writes = [["stdout", "a"], ["stdout", "b\n"], ["stderr", "Traceback\n"], ["stderr", "Error"], ["stdout", "c"]];
  assert.deepEqual(batch(writes), [
    { stream: "stdout", text: "ab\n" },
    { stream: "stderr", text: "Traceback\nError" },
    { stream: "stdout", text: "c" },
  ]);
});

test("nothing is lost, reordered or added: the pieces hold the writes' text in order", () => {
  const streams = ["stdout", "stderr"];
  const writes = Array.from({ length: 500 }, (_, i) => [streams[(i * 7) % 3 === 0 ? 1 : 0], `${i},`]);
  const pieces = batch(writes);
  assert.equal(pieces.map((p) => p.text).join(""), writes.map(([, text]) => text).join(""));
  for (const [i, piece] of pieces.entries()) if (i) assert.notEqual(piece.stream, pieces[i - 1].stream);
  assert.deepEqual(batch([]), []);
  assert.deepEqual(batch([["stdout", ""]]), [{ stream: "stdout", text: "" }]);
});
