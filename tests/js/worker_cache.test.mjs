// Unit tests of src/kmf_site/web/worker_cache.mjs (node --test; tests/test_js_units.py runs them):
// each site keeps Python's snapshot in a cache named after its namespace, one entry, and touches no
// other site's; the snapshot is written once, when no run is due.
import assert from "node:assert/strict";
import { test } from "node:test";
import { scoped } from "../../src/kmf_site/web/namespace.js";
import { keeper, snapshotCache } from "../../src/kmf_site/web/worker_cache.mjs";

/** Cache Storage (what `self.caches` offers), in memory: {cache name: Map(url -> Response)}. */
class CacheStorage {
  constructor(entries = {}) {
    this.caches = new Map(Object.entries(entries).map(([name, urls]) => [name, new Map(urls.map((url) => [url, new Response("old")]))]));
  }
  async open(name) {
    if (!this.caches.has(name)) this.caches.set(name, new Map());
    const entries = this.caches.get(name);
    return {
      keys: async () => [...entries.keys()].map((url) => new Request(url)),
      match: async (url) => entries.get(String(url))?.clone(),
      put: async (url, response) => void entries.set(String(url), response),
      delete: async (request) => entries.delete(request.url ?? String(request)),
    };
  }
  async has(name) {
    return this.caches.has(name);
  }
  async delete(name) {
    return this.caches.delete(name);
  }
  urls(name) {
    return [...(this.caches.get(name)?.keys() ?? [])];
  }
}

const PYODIDE = new URL("https://user.github.io/course-a/pyodide/");
const OTHER = "https://user.github.io/course-b/pyodide/kmf-python-snapshot/old";

test("a site's snapshot is the only entry of its own cache, named after its namespace", async () => {
  const storage = new CacheStorage({
    "kmf-python-snapshot@/course-a/": [new URL("kmf-python-snapshot/older", PYODIDE).href],
    "kmf-python-snapshot@/course-b/": [OTHER],
  });
  globalThis.self = { caches: storage };
  const cache = snapshotCache("/course-a/", PYODIDE);
  await cache.keep("new", new Uint8Array([1, 2, 3]));
  assert.deepEqual(storage.urls("kmf-python-snapshot@/course-a/"), [new URL("kmf-python-snapshot/new", PYODIDE).href]);
  assert.deepEqual(storage.urls("kmf-python-snapshot@/course-b/"), [OTHER]); // another course's: untouched
  const found = await cache.find("new");
  assert.deepEqual(new Uint8Array(await found.arrayBuffer()), new Uint8Array([1, 2, 3]));
  assert.equal(await cache.find("older"), null);
  await cache.forget();
  assert.equal(await storage.has("kmf-python-snapshot@/course-a/"), false);
  assert.equal(await storage.has("kmf-python-snapshot@/course-b/"), true);
  delete globalThis.self;
});

test("the cache's name escapes the namespace as namespace.js does: no site's name starts another's", async () => {
  const names = ["/a/", "/a:b/", "/a%3Ab/", "a:", "%"];
  const storage = new CacheStorage();
  globalThis.self = { caches: storage };
  for (const namespace of names) await snapshotCache(namespace, PYODIDE).keep(namespace, new Uint8Array([1]));
  assert.deepEqual([...storage.caches.keys()], names.map((namespace) => `kmf-python-snapshot@${scoped(namespace)}`));
  delete globalThis.self;
});

test("of the cache every site shared before namespaces, a site deletes its own entries only", async () => {
  const ours = new URL("kmf-python-snapshot/old", PYODIDE).href;
  const storage = new CacheStorage({ "kmf-python-snapshot": [ours, OTHER] });
  globalThis.self = { caches: storage };
  await snapshotCache("/course-a/", PYODIDE).keep("new", new Uint8Array([1]));
  assert.deepEqual(storage.urls("kmf-python-snapshot"), [OTHER]);
  await snapshotCache("/course-b/", new URL("https://user.github.io/course-b/pyodide/")).keep("new", new Uint8Array([1]));
  assert.equal(await storage.has("kmf-python-snapshot"), false); // empty: deleted
  delete globalThis.self;
});

test("without Cache Storage nothing is found and keeping fails quietly", async () => {
  globalThis.self = {
    caches: {
      open: async () => {
        throw new DOMException("insecure", "SecurityError");
      },
      has: async () => false,
    },
  };
  const cache = snapshotCache("/", PYODIDE);
  assert.equal(await cache.find("x"), null);
  await cache.keep("x", new Uint8Array([1])); // no throw
  delete globalThis.self;
});

test("the keeper writes once, when its time comes; a run holds it and reschedules it", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const writes = [];
  const kept = [];
  const cache = { keep: async (id, bytes) => void writes.push([id, bytes.length]) };
  const keep = keeper(cache, "id1", new Uint8Array(4), (after, ms) => kept.push(after));
  keep.keepIn(1500, "ready");
  t.mock.timers.tick(1000);
  keep.hold(); // a run comes: not now
  t.mock.timers.tick(1000);
  assert.deepEqual(writes, []);
  keep.keepIn(50, "run"); // the run ended
  t.mock.timers.tick(50);
  assert.deepEqual(writes, [["id1", 4]]);
  t.mock.timers.reset();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(kept, ["run"]);
  keep.keepIn(50, "run"); // written already: never again
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(writes, [["id1", 4]]);
});
