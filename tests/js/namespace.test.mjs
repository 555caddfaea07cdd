// Unit tests of src/kmf_site/web/namespace.js (node --test; tests/test_js_units.py runs them): which
// namespace a page gets, names that keep two sites apart, and the rule that takes over progress
// saved before namespaces. store.js's Reset is tested here too, on the same kind of storage.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LEGACY_CHECKED, LEGACY_PREFIX, adoptLegacy, namespaceOf, scoped, storageRoot } from "../../src/kmf_site/web/namespace.js";
import { Storage } from "./storage.mjs";


const A = "/course-a/";
const B = "/course-b/";
const root = (namespace) => storageRoot(namespace);
const prefix = (namespace) => storageRoot(namespace) + "v1:";
const adopt = (storage, namespace) => adoptLegacy(storage, root(namespace), prefix(namespace));

test("the meta tag names the namespace; without it, the site's root path from Material's base", () => {
  const page = "https://user.github.io/keep-models-fresh/concepts/";
  assert.equal(namespaceOf({ meta: "my-course", base: "..", page }), "my-course");
  assert.equal(namespaceOf({ meta: "  my-course ", base: "..", page }), "my-course");
  assert.equal(namespaceOf({ meta: "   ", base: "..", page }), "/keep-models-fresh/");
  assert.equal(namespaceOf({ base: "..", page }), "/keep-models-fresh/");
  assert.equal(namespaceOf({ base: ".", page: "https://user.github.io/keep-models-fresh/" }), "/keep-models-fresh/");
  assert.equal(namespaceOf({ base: "../..", page: "https://user.github.io/keep-models-fresh/debug-it/x/" }), "/keep-models-fresh/");
  assert.equal(namespaceOf({ base: ".", page: "https://example.org/" }), "/"); // at a domain's root
  assert.equal(namespaceOf({ base: "..", page: "https://example.org/practice/" }), "/");
  assert.equal(namespaceOf({ page: "https://example.org/practice/" }), "/"); // no base known
});

test("two namespaces never share a storage prefix, nor with the keys from before namespaces", () => {
  const names = ["/", "/a/", "/a/b/", "/a/:v1:", "/a/%3Av1%3A", "v1", "kmf", ":", "%3A", "a:b", "a%3Ab"];
  for (const one of names) {
    assert.ok(!storageRoot(one).startsWith("kmf:"), `${one}: an older site's Reset (every "kmf:" key) would delete it`);
    assert.ok(!scoped(one).includes(":"), one);
    for (const other of names) {
      if (one !== other) assert.ok(!storageRoot(other).startsWith(storageRoot(one)), `${one} / ${other}`);
    }
  }
  assert.equal(storageRoot("/keep-models-fresh/"), "kmf@/keep-models-fresh/:"); // a path reads as it is
});

const OLD = { [LEGACY_PREFIX + "quiz:practice:q1"]: '{"choice":[1]}', [LEGACY_PREFIX + "steps"]: '{"passed":{"1":true}}' };

test("progress saved before namespaces moves into the first site that has none of its own", () => {
  const storage = new Storage({ ...OLD, "/course-a/.__palette": "{}" });
  assert.deepEqual(adopt(storage, A).sort(), ["quiz:practice:q1", "steps"]);
  assert.deepEqual(storage.entries(), {
    "/course-a/.__palette": "{}", // Material's own key: not ours to move
    [prefix(A) + "quiz:practice:q1"]: '{"choice":[1]}',
    [prefix(A) + "steps"]: '{"passed":{"1":true}}',
    [root(A) + LEGACY_CHECKED]: "1",
  });
  // The other course finds nothing left to take, and A does not look again.
  assert.deepEqual(adopt(storage, B), []);
  assert.deepEqual(adopt(storage, A), []);
  assert.equal(Object.keys(storage.entries()).filter((key) => key.startsWith(prefix(A))).length, 2);
});

test("a site with progress of its own leaves the old keys to the course that wrote them", () => {
  const storage = new Storage({ ...OLD, [prefix(B) + "mode:lab"]: '{"done":true}' });
  assert.deepEqual(adopt(storage, B), []);
  assert.deepEqual(adopt(storage, A).sort(), ["quiz:practice:q1", "steps"]);
  assert.equal(storage.getItem(prefix(B) + "mode:lab"), '{"done":true}');
  assert.equal(storage.getItem(prefix(B) + "steps"), null);
  assert.equal(storage.getItem(prefix(A) + "steps"), '{"passed":{"1":true}}');
});

test("a site looks once: old keys written later by a course still on the older code stay its own", () => {
  const storage = new Storage();
  assert.deepEqual(adopt(storage, A), []); // first visit: nothing from before
  Object.entries(OLD).forEach(([key, value]) => storage.setItem(key, value)); // the older course saves
  assert.deepEqual(adopt(storage, A), []);
  assert.equal(storage.getItem(LEGACY_PREFIX + "steps"), OLD[LEGACY_PREFIX + "steps"]);
});

test("storage that refuses a copy keeps the old keys, and the next page load takes them", () => {
  const storage = new Storage(OLD, 3); // room for one copy only
  assert.throws(() => adopt(storage, A), { name: "QuotaExceededError" });
  assert.deepEqual(storage.entries(), OLD); // the copy made is removed again; nothing lost
  storage.quota = Infinity;
  assert.deepEqual(adopt(storage, A).sort(), ["quiz:practice:q1", "steps"]);
});

test("store.js's Reset forgets this site's progress only, and not that it looked for old keys", async () => {
  const storage = new Storage({ ...OLD, [prefix(B) + "steps"]: "{}", "/course-b/.__palette": "{}" });
  globalThis.localStorage = storage;
  // Outside a page the namespace is "/": this site takes the old keys as it loads.
  const store = await import("../../src/kmf_site/web/store.js");
  assert.equal(store.PREFIX, prefix("/"));
  assert.deepEqual(store.keys().sort(), ["quiz:practice:q1", "steps"]);
  assert.equal(store.count(), 2);
  store.clearAll();
  assert.equal(store.count(), 0);
  assert.deepEqual(storage.entries(), {
    [prefix(B) + "steps"]: "{}",
    "/course-b/.__palette": "{}",
    [root("/") + LEGACY_CHECKED]: "1",
  });
  delete globalThis.localStorage;
});
