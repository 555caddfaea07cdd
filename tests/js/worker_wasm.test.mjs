// Unit tests of src/kmf_site/web/worker_wasm.mjs (node --test; tests/test_js_units.py runs them):
// the gzip copy of pyodide.asm.wasm is unpacked as it streams in, unless the host already did.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipped } from "../../src/kmf_site/web/worker_wasm.mjs";

const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...new Uint8Array(70_000).fill(7)]);

/** A body that arrives in chunks of `size` bytes, as a download does. */
function body(bytes, size) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

async function gzip(bytes) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
}

const read = async (stream) => new Uint8Array(await new Response(stream).arrayBuffer());

test("a gzip body is unpacked, whatever its chunks", async () => {
  const packed = await gzip(WASM);
  assert.equal(packed[0], 0x1f);
  for (const size of [1, 2, 1000, packed.length]) assert.deepEqual(await read(await gunzipped(body(packed, size))), WASM);
});

test("a body the browser already unpacked (Content-Encoding: gzip) is passed on as it is", async () => {
  for (const size of [1, 3, 4096]) assert.deepEqual(await read(await gunzipped(body(WASM, size))), WASM);
});

test("an empty body stays empty", async () => {
  assert.equal((await read(await gunzipped(body(new Uint8Array(0), 1)))).length, 0);
});
